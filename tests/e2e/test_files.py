"""What `archgen render` does to the file system: it writes its output folder and nothing else,
a render that fails leaves the previous outputs exactly as they were, and a model with mistakes
writes nothing at all.

Folders are compared with full snapshots (names, kinds, sizes, mtimes, content hashes), so a
stray temporary file, a rewrite with the same bytes or a touched neighbour all show up.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from archgen.render.diagram.cache import FOLDER as CACHE_FOLDER
from archgen.resolve.record import RECORD_FILE
from tests.conftest import ROOT, copy_rendered
from tests.e2e.support import (
    DEFAULT_OUTPUTS,
    LOCATED,
    MINIMAL,
    assert_user_error,
    changed,
    cli,
    output_names,
    run_archgen,
    snapshot,
)

MODELS = ROOT / "tests" / "fixtures" / "models"
# Names the diagrams library would have written and deleted in the current folder for a diagram
# titled "README" (or the example's "3D Commerce on AWS").
DECOYS = ("README", "readme", "readme.png", "README.png", "readme.svg", "3d_commerce_on_aws.png")


@pytest.fixture(scope="module")
def rendered_project(rendered_minimal: Path) -> Path:
    """The minimal model with every default output, rendered once per session; tests work on
    copies."""
    assert output_names(rendered_minimal / "output") == DEFAULT_OUTPUTS
    return rendered_minimal


@pytest.fixture
def project(rendered_project: Path, tmp_path: Path) -> Path:
    return copy_rendered(rendered_project, tmp_path)


def fake_dot(folder: Path, script: str) -> Path:
    folder.mkdir()
    dot = folder / "dot"
    dot.write_text("#!/bin/sh\n" + script + "\n", encoding="utf-8")
    dot.chmod(0o755)
    return folder


# ---- 6. nothing outside the output folder ------------------------------------------------------


@pytest.mark.slow
def test_render_writes_only_its_output_folder(tmp_path: Path) -> None:
    """A real process, run from a folder full of files named like the diagram; its temporary
    files go to a TMPDIR that must be empty again afterwards."""
    for name in DECOYS:
        (tmp_path / name).write_text(f"keep {name}\n", encoding="utf-8")
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "keep.txt").write_text("keep\n", encoding="utf-8")
    model = MINIMAL.read_text(encoding="utf-8").replace("title: Photo sharing", "title: README")
    (tmp_path / "arch.yaml").write_text(model, encoding="utf-8")
    temp = tmp_path / "tmpdir"
    temp.mkdir()
    before = snapshot(tmp_path)
    env = {**os.environ, "TMPDIR": str(temp)}
    run = run_archgen("render", cwd=tmp_path, env=env)
    assert run.code == 0, run
    assert {path.split("/")[0] for path in changed(before, snapshot(tmp_path))} == {"output"}
    assert output_names(tmp_path / "output") == DEFAULT_OUTPUTS
    assert list(temp.iterdir()) == []


def test_render_into_a_new_nested_folder_creates_only_that_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in DECOYS:
        (tmp_path / name).write_text(f"keep {name}\n", encoding="utf-8")
    shutil.copy(MINIMAL, tmp_path / "arch.yaml")
    monkeypatch.chdir(tmp_path)
    before = snapshot(tmp_path)
    run = cli("render", "arch.yaml", "-o", "deep/er/out", "--only", "svg", "--only", "md")
    assert run.code == 0, run
    made = changed(before, snapshot(tmp_path))
    assert {path for path in made if f"/{CACHE_FOLDER}" not in path} == {
        "deep",
        "deep/er",
        "deep/er/out",
        "deep/er/out/diagram.svg",
        "deep/er/out/brief.md",
        f"deep/er/out/{RECORD_FILE}",
    }


def test_an_output_that_is_a_link_is_replaced_not_written_through(project: Path) -> None:
    victim = project.parent / "victim.md"
    victim.write_text("not archgen's\n", encoding="utf-8")
    link = project / "output" / "brief.md"
    link.unlink()
    link.symlink_to(victim)
    run = cli("render", project / "arch.yaml", "--only", "md")
    assert run.code == 0, run
    assert victim.read_text(encoding="utf-8") == "not archgen's\n"
    assert not link.is_symlink()
    assert link.read_text(encoding="utf-8").startswith("<!-- archgen-")


# ---- 7. a failed render leaves the previous outputs intact -------------------------------------

TEMPLATE_BREAKERS = {
    "undefined-name": ("{{ no_such_name }}\n", "brief.html.j2:1:4: error[AG402] 'no_such_name'"),
    "syntax-error": ("{% if %}\n", "brief.html.j2:1:7: error[AG401] template syntax error"),
    "reads-a-file": (
        '{% extends "base.html.j2" %}\n'
        '{% block cover %}<img src="file:///etc/passwd">{% endblock %}\n',
        "brief: refused to read 'file:///etc/passwd'",
    ),
}


@pytest.mark.slow
@pytest.mark.parametrize("breaker", sorted(TEMPLATE_BREAKERS))
def test_a_broken_template_override_leaves_previous_outputs_intact(
    project: Path, breaker: str
) -> None:
    source, message = TEMPLATE_BREAKERS[breaker]
    templates = project / "my-templates"
    templates.mkdir()
    (templates / "brief.html.j2").write_text(source, encoding="utf-8")
    before = snapshot(project)
    run = cli("render", project / "arch.yaml", "--templates", templates)
    assert_user_error(run)
    assert message in run.output
    assert snapshot(project) == before


def test_a_graphviz_timeout_leaves_previous_outputs_intact(project: Path) -> None:
    before = snapshot(project)
    run = cli("render", project / "arch.yaml", "--dot-timeout", "0.001", "--no-cache", "--force")
    assert_user_error(run)
    assert "Graphviz took longer than" in run.output
    run = cli(
        "render", project / "arch.yaml", "--dot-timeout", "0.001", "-o", project / "new" / "out"
    )
    assert_user_error(run)
    assert snapshot(project) == before  # not even the new output folder


@pytest.mark.slow
@pytest.mark.parametrize(
    ("script", "message"),
    [
        ('echo "Error: layout exploded" >&2; exit 1', "layout exploded"),
        ("kill -SEGV $$", "Graphviz"),
        (None, "Graphviz's `dot` was not found"),
    ],
    ids=["dot-fails", "dot-crashes", "no-dot"],
)
def test_a_failing_graphviz_leaves_previous_outputs_intact(
    project: Path, tmp_path: Path, script: str | None, message: str
) -> None:
    """A real process with a `dot` on PATH that fails, crashes, or none at all."""
    if script is None:
        (tmp_path / "bin").mkdir()
        folder = tmp_path / "bin"
    else:
        folder = fake_dot(tmp_path / "bin", script)
    before = snapshot(project)
    env = {**os.environ, "PATH": str(folder)}
    run = run_archgen("render", "arch.yaml", "--force", cwd=project, env=env)
    assert_user_error(run)
    assert message in run.output
    assert snapshot(project) == before


def test_an_output_name_taken_by_a_folder_fails_cleanly_and_changes_nothing(
    project: Path,
) -> None:
    (project / "output" / "brief.md").unlink()
    (project / "output" / "brief.md").mkdir()
    before = snapshot(project)
    run = cli("render", project / "arch.yaml", "--only", "html", "--only", "md")
    assert_user_error(run)
    assert "brief.md" in run.output
    assert snapshot(project) == before


# ---- 9. mistakes: every one reported at once, nothing written ----------------------------------


def test_every_validation_error_is_reported_at_once_and_nothing_is_written(tmp_path: Path) -> None:
    model = tmp_path / "arch.yaml"
    shutil.copy(MODELS / "five-mistakes.yaml", model)
    before = snapshot(tmp_path)
    run = cli("render", model)
    assert_user_error(run)
    located = [LOCATED.match(line) for line in run.output.splitlines()]
    places = [(int(m["line"]), int(m["col"])) for m in located if m]
    assert len(places) == 5
    assert places == sorted(places)
    assert all(m["file"] == str(model) for m in located if m)
    assert f"{model}: 5 problems; nothing was written" in run.output
    assert snapshot(tmp_path) == before  # no output/ folder either


def test_a_model_with_mistakes_keeps_the_previous_outputs(project: Path) -> None:
    shutil.copy(MODELS / "five-mistakes.yaml", project / "arch.yaml")
    before = snapshot(project)
    run = cli("render", project / "arch.yaml", "--format", "json")
    assert run.code == 1, run
    assert run.escaped is None
    report = json.loads(run.output)
    assert report["errors"] == len(report["problems"]) == 5
    assert snapshot(project) == before


def test_warnings_under_strict_are_all_reported_and_nothing_is_written(tmp_path: Path) -> None:
    model = tmp_path / "arch.yaml"
    shutil.copy(MODELS / "warnings.yaml", model)
    before = snapshot(tmp_path)
    run = cli("render", "--strict", model)
    assert_user_error(run)
    assert run.output.count(": warning[AG3") == 7
    assert "nothing was written" in run.output
    assert snapshot(tmp_path) == before
