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
