"""The render cache: a prose edit reuses the drawn diagram, byte for byte, without Graphviz."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from archgen.commands.model import check_model_file, require_valid
from archgen.render.diagram.cache import FOLDER, KEPT_ENTRIES, MARKERS, prune
from archgen.resolve.record import RECORD_FILE
from archgen.resolve.views import view_ids
from tests.conftest import ROOT

ARCHGEN = Path(sys.executable).parent / "archgen"
REAL_DOT = shutil.which("dot")
FAST = ("--only", "svg", "--only", "png", "--only", "md")
pytestmark = [
    pytest.mark.slow,  # real renders of the example
    pytest.mark.skipif(REAL_DOT is None, reason="Graphviz is not installed"),
]


def logging_dot(folder: Path) -> dict[str, str]:
    """An environment whose `dot` records each call's arguments, then runs the real one."""
    bin_dir = folder / "bin"
    bin_dir.mkdir()
    script = bin_dir / "dot"
    script.write_text(
        f'#!/bin/sh\necho "$*" >> "{folder / "dot.log"}"\nexec "{REAL_DOT}" "$@"\n',
        encoding="utf-8",
    )
    script.chmod(0o755)
    return {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}


def layouts_run(folder: Path) -> int:
    """How many Graphviz runs drew something (every call but `dot -V`) since the last look."""
    log = folder / "dot.log"
    calls = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    log.unlink(missing_ok=True)
    return sum(1 for call in calls if call.strip() != "-V")


def render(
    project: Path, env: dict[str, str], *args: str, out: str = "output", only: Sequence[str] = FAST
) -> None:
    done = subprocess.run(
        [str(ARCHGEN), "render", "arch.yaml", "-o", out, *only, *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


# The example draws the overview and each of its views: a layout and a PNG each.
VIEWS = len(view_ids(require_valid(check_model_file(ROOT / "arch.yaml")).model))
ALL_LAYOUTS = 2 * (1 + VIEWS)


def outputs(folder: Path) -> dict[str, bytes]:
    """The output folder's files and its views', by path inside it."""
    files = [path for path in folder.rglob("*") if path.is_file() and FOLDER not in path.parts]
    return {str(path.relative_to(folder)): path.read_bytes() for path in files}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    folder = tmp_path / "project"
    folder.mkdir()
    shutil.copy(ROOT / "arch.yaml", folder / "arch.yaml")
    return folder


def edit_model(project: Path, old: str, new: str) -> None:
    model = project / "arch.yaml"
    text = model.read_text(encoding="utf-8")
    assert text.count(old) >= 1, old
    model.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_prose_edit_reuses_the_diagram_with_the_bytes_of_a_fresh_render(
    project: Path, tmp_path: Path
) -> None:
    env = logging_dot(tmp_path)
    render(project, env)
    assert layouts_run(tmp_path) == 2  # the layout, then the PNG drawn from it
    edit_model(
        project,
        "      The store is a web app",
        "      Reworded for the cache test. The store is a web app",
    )
    render(project, env)
    assert layouts_run(tmp_path) == 0
    render(project, env, "--no-cache", out="fresh")
    assert layouts_run(tmp_path) == 2
    reused, fresh = outputs(project / "output"), outputs(project / "fresh")
    assert reused == fresh
    assert not (project / "fresh" / FOLDER).exists()


def test_a_does_edit_reuses_the_layout_and_writes_the_new_tooltip(
    project: Path, tmp_path: Path
) -> None:
    """A service's `does:` text is its tooltip in the diagram: shaping nothing Graphviz lays
    out, it is written into the kept drawing; every output (the PDF too, joined from kept
    parts) is byte for byte a fresh render's."""
    env = logging_dot(tmp_path)
    render(project, env, only=())
    assert layouts_run(tmp_path) == ALL_LAYOUTS
    edit_model(project, "to browse the catalogue,", 'to browse <the> catalogue & \\N "more",')
    render(project, env, only=())
    assert layouts_run(tmp_path) == 0
    render(project, env, "--no-cache", out="fresh", only=())
    assert layouts_run(tmp_path) == ALL_LAYOUTS
    reused, fresh = outputs(project / "output"), outputs(project / "fresh")
    assert sorted(reused) == sorted(fresh) and "brief.pdf" in reused
    assert "views/flow-place-order.png" in reused
    assert {name: data for name, data in reused.items() if data != fresh[name]} == {}
    assert "browse &lt;the&gt; catalogue &amp; \\N &quot;more&quot;," in reused[
        "diagram.svg"
    ].decode("utf-8")


def test_a_drawn_change_misses_and_old_entries_are_pruned(project: Path, tmp_path: Path) -> None:
    env = logging_dot(tmp_path)
    render(project, env)
    edit_model(project, "name: Route 53", "name: Route 53 DNS")
    render(project, env)
    assert layouts_run(tmp_path) == 4
    cache = project / "output" / FOLDER
    assert len(list(cache.glob("diagram-*.json"))) == 2
    for name, content in MARKERS.items():
        assert (cache / name).read_bytes() == content
    prune(cache, keep=1)
    assert len(list(cache.glob("diagram-*"))) == 3  # one entry: its json, svg and png
    assert KEPT_ENTRIES >= 2


def test_an_unchanged_model_renders_nothing_and_says_so(project: Path, tmp_path: Path) -> None:
    env = logging_dot(tmp_path)
    render(project, env)
    first = outputs(project / "output")
    layouts_run(tmp_path)
    done = subprocess.run(
        [str(ARCHGEN), "render", "arch.yaml", *FAST], cwd=project, env=env, capture_output=True,
        text=True, check=True, timeout=300,
    )  # fmt: skip
    assert "is up to date: nothing rendered" in done.stdout
    assert layouts_run(tmp_path) == 0
    assert outputs(project / "output") == first


def test_a_damaged_entry_is_drawn_again(project: Path, tmp_path: Path) -> None:
    env = logging_dot(tmp_path)
    render(project, env)
    first = outputs(project / "output")
    (svg,) = (project / "output" / FOLDER).glob("diagram-*.svg")
    svg.write_bytes(svg.read_bytes().replace(b"Route 53", b"Route 99"))
    layouts_run(tmp_path)
    render(project, env, "--force")  # the outputs are fresh: only asked for, it renders
    assert layouts_run(tmp_path) == 2
    assert outputs(project / "output") == first


def test_a_cache_folder_that_is_a_link_is_never_written_through(
    project: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (project / "output").mkdir()
    (project / "output" / FOLDER).symlink_to(elsewhere)
    render(project, logging_dot(tmp_path))
    assert list(elsewhere.iterdir()) == []
    assert (project / "output" / "diagram.svg").is_file()


def test_markdown_alone_draws_nothing_and_keeps_no_cache(project: Path, tmp_path: Path) -> None:
    env = logging_dot(tmp_path)
    render(project, env, only=("--only", "md"))
    assert layouts_run(tmp_path) == 0
    assert {path.name for path in (project / "output").iterdir()} == {"brief.md", RECORD_FILE}
