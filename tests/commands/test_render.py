"""`archgen render` of one model: what an unchanged model's render costs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from archgen.cli import main

ROOT = Path(__file__).resolve().parents[2]


def test_an_unchanged_model_renders_nothing_and_loads_no_renderer(tmp_path: Path) -> None:
    model = tmp_path / "arch.yaml"
    shutil.copy(ROOT / "arch.yaml", model)
    only = ["--only", "svg", "--only", "md"]
    first = CliRunner().invoke(main, ["render", str(model), *only])
    assert first.exit_code == 0, first.output
    probe = (
        "import sys\n"
        "from archgen.cli import main\n"
        "try:\n"
        f"    main(['render', {str(model)!r}, *{only!r}])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = ['weasyprint', 'diagrams', 'jinja2', 'archgen.render.brief.environment',"
        " 'archgen.render.diagram.graphviz']\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr
    assert "up to date: nothing rendered" in done.stdout
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_a_render_of_the_diagram_alone_compiles_no_template(tmp_path: Path) -> None:
    model = tmp_path / "arch.yaml"
    shutil.copy(ROOT / "arch.yaml", model)
    probe = (
        "import sys\n"
        "from archgen.cli import main\n"
        "try:\n"
        f"    main(['render', {str(model)!r}, '--only', 'svg', '--only', 'png', '--force'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = ['weasyprint', 'jinja2', 'markdown_it', 'archgen.render.brief.environment',"
        " 'archgen.render.brief.html']\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr
    assert "wrote" in done.stdout and "diagram.svg" in done.stdout
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_a_render_leaves_the_files_it_would_not_change(tmp_path: Path) -> None:
    """A render that a stale output starts leaves an output that comes out byte for byte as it
    is as it is (its date too) and reports it unchanged, while an output that differs is
    written; `--force` writes them all again."""
    model = tmp_path / "arch.yaml"
    shutil.copy(ROOT / "arch.yaml", model)
    only = ["--only", "svg", "--only", "md"]
    assert CliRunner().invoke(main, ["render", str(model), *only]).exit_code == 0
    out = tmp_path / "output"
    (out / "brief.md").write_text("edited by hand\n", encoding="utf-8")
    old = 1_000_000_000
    os.utime(out / "diagram.svg", (old, old))
    again = CliRunner().invoke(main, ["render", str(model), *only])
    assert again.exit_code == 0, again.output
    assert f"unchanged {out / 'diagram.svg'}" in again.output.splitlines()
    assert f"wrote {out / 'brief.md'}" in again.output.splitlines()
    assert (out / "diagram.svg").stat().st_mtime == old
    assert (out / "brief.md").read_text(encoding="utf-8").startswith("<!-- archgen-")
    forced = CliRunner().invoke(main, ["render", str(model), *only, "--force"])
    assert f"wrote {out / 'diagram.svg'}" in forced.output.splitlines(), forced.output
    assert (out / "diagram.svg").stat().st_mtime > old
