"""`archgen diff` of the example against edited copies, with the exact expected output."""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from archgen.cli import main
from archgen.diff.sides import revision_side
from archgen.problems import ArchgenError
from tests.conftest import ARCHGEN
from tests.diff.edits import EDITS, example_text, write_pair

FORMATS = {"text": "txt", "markdown": "md", "json": "json", "github": "github"}


def run_diff(folder: Path, *args: str) -> tuple[int, str, str]:
    runner = CliRunner()
    old = os.getcwd()
    os.chdir(folder)
    try:
        result = runner.invoke(main, ["diff", *args], catch_exceptions=False)
    finally:
        os.chdir(old)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("edit", sorted(EDITS))
@pytest.mark.parametrize("output_format", sorted(FORMATS))
def test_edited_example(
    tmp_path: Path, edit: str, output_format: str, diff_golden: Callable[[str, str], None]
) -> None:
    write_pair(tmp_path, edit)
    status, out, _ = run_diff(tmp_path, "old/arch.yaml", "new/arch.yaml", "--format", output_format)
    assert status == 1
    diff_golden(f"{edit}.{FORMATS[output_format]}", out)


def test_rename_is_one_change_not_many(tmp_path: Path) -> None:
    write_pair(tmp_path, "rename")
    _, out, _ = run_diff(tmp_path, "old/arch.yaml", "new/arch.yaml", "--format", "json")
    data = json.loads(out)
    assert data["renames"] == {"services": {"cloudfront": "edge-cdn"}}
    assert [c["kind"] for c in data["changes"]] == ["renamed"]
    assert data["renumbered"] == [] and data["coverage"] == []


def test_removed_step_shifts_the_later_flows(tmp_path: Path) -> None:
    write_pair(tmp_path, "removed-step")
    _, out, _ = run_diff(tmp_path, "old/arch.yaml", "new/arch.yaml", "--format", "json")
    data = json.loads(out)
    shifted = {r["flow"]: (r["old"], r["new"]) for r in data["renumbered"]}
    assert shifted["browse-catalog"] == ([4, 5, 6], [3, 4, 5])
    for old, new in shifted.values():
        assert [n - 1 for n in old] == new


def test_equal_models_exit_0(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(example_text(), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(example_text().replace("# ", "#  "), encoding="utf-8")
    status, out, _ = run_diff(tmp_path, "a.yaml", "b.yaml")
    assert (status, out) == (0, "a.yaml → b.yaml: no changes\n")


def test_broken_side_exits_2_located(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(example_text(), encoding="utf-8")
    broken = example_text().replace("  - id: users\n", "  - id: users\n    flavour: red\n", 1)
    (tmp_path / "b.yaml").write_text(broken, encoding="utf-8")
    status, out, err = run_diff(tmp_path, "a.yaml", "b.yaml")
    assert status == 2 and out == ""
    line = broken.splitlines().index("    flavour: red") + 1
    assert f"b.yaml:{line}:5: error[" in err


def test_hostile_names_are_escaped_in_markdown(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(example_text(), encoding="utf-8")
    hostile = example_text().replace(
        "    title: Security\n", '    title: "<img src=x onerror=alert(1)> [x](javascript:y)"\n'
    )
    (tmp_path / "b.yaml").write_text(hostile, encoding="utf-8")
    _, out, _ = run_diff(tmp_path, "a.yaml", "b.yaml", "--format", "markdown")
    assert re.search(r"(?<!\\)[<\[\]]", out) is None
    assert r"\<img src=x onerror=alert(1)\> \[x\](javascript:y)" in out


def test_github_annotation_data_is_escaped(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(example_text(), encoding="utf-8")
    edited = example_text().replace("    title: Security\n", '    title: "100% safe"\n')
    (tmp_path / "b.yaml").write_text(edited, encoding="utf-8")
    _, out, _ = run_diff(tmp_path, "a.yaml", "b.yaml", "--format", "github")
    assert out.count("\n") == 1 and "100%25 safe" in out


@pytest.mark.parametrize("revision", ["--output=/tmp/x", "-p", "HEAD foo", "a:b"])
def test_option_like_revision_is_refused(tmp_path: Path, revision: str) -> None:
    """git never sees a revision that could be read as an option or another path."""
    model = tmp_path / "arch.yaml"
    model.write_text(example_text(), encoding="utf-8")
    with pytest.raises(ArchgenError, match="neither a model file nor a git revision"):
        revision_side(revision, model)


def git(folder: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}  # fmt: skip
    subprocess.run(["git", "-C", str(folder), *args], check=True, env=env, capture_output=True)


@pytest.mark.slow
def test_git_revisions(tmp_path: Path) -> None:
    """`archgen diff HEAD`, `archgen diff v1 HEAD -- arch.yaml` and a missing revision, with the
    real git and the real console script."""
    model = tmp_path / "arch.yaml"
    model.write_text(example_text(), encoding="utf-8")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "arch.yaml")
    git(tmp_path, "commit", "-qm", "v1")
    git(tmp_path, "tag", "v1")
    model.write_text(EDITS["removed-step"](example_text()), encoding="utf-8")

    def archgen(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(ARCHGEN), "diff", *args], cwd=tmp_path, capture_output=True,
                              text=True, check=False)  # fmt: skip

    working = archgen("HEAD")
    assert working.returncode == 1
    assert working.stdout.startswith("HEAD:arch.yaml → arch.yaml: 1 change\n")
    git(tmp_path, "commit", "-qam", "v2")
    assert archgen("v1", "HEAD", "--", "arch.yaml").stdout.startswith(
        "v1:arch.yaml → HEAD:arch.yaml: 1 change\n"
    )
    assert archgen("HEAD").returncode == 0
    since = subprocess.run([str(ARCHGEN), "render", "--since", "v1", "--only", "md"],
                           cwd=tmp_path, capture_output=True, text=True, check=False)  # fmt: skip
    assert since.returncode == 0, since.stderr
    brief = (tmp_path / "output" / "brief.md").read_text(encoding="utf-8")
    assert "\n## 10 Changes since version 1.0\n" in brief
    assert "- flow 'browse-catalog': step 3 removed" in brief
    missing = archgen("no-such-tag")
    assert (
        missing.returncode == 2
        and "no-such-tag:arch.yaml: cannot read it from git" in missing.stderr
    )


def test_styling_and_layout_options_are_compared() -> None:
    from archgen.diff.compare import compare_models

    base = {
        "project": {"title": "t"},
        "groups": [{"id": "g", "label": "G", "kind": "tier", "members": ["a"]}],
        "services": [{"id": "a", "name": "A", "icon": "x", "does": "d", "why": "w"}],
        "flows": [{"id": "f", "name": "F", "steps": [{"from": "a", "to": "a", "label": "l"}]}],
        "diagram": {"direction": "LR"},
    }
    renamed = {
        **base,
        "groups": [{"id": "g", "label": "G", "kind": "tier", "members": ["b"]}],
        "services": [{**base["services"][0], "id": "b", "colour": "#D13212"}],
        "flows": [{"id": "f", "name": "F", "steps": [{"from": "b", "to": "b", "label": "l"}]}],
        "diagram": {"direction": "TB"},
    }
    texts = [c.text for c in compare_models(base, renamed).changes]
    assert texts == [
        "service 'a' renamed to 'b'",
        "service 'b': colour set to '#D13212'",
        "diagram: direction 'LR' → 'TB'",
    ]


def test_reflection_added_removed_and_its_team_compared_by_name() -> None:
    from archgen.diff.compare import compare_models

    base: dict[str, Any] = {
        "project": {"title": "t"},
        "services": [{"id": "a", "name": "A", "icon": "x", "does": "d", "why": "w"}],
    }
    team = [{"name": "Ada", "role": "Diagram"}, {"name": "Bo", "role": "Write-up"}]
    reflected = {**base, "reflection": {"text": "It went well.", "team": team}}
    assert [c.text for c in compare_models(base, reflected).changes] == ["reflection added"]
    removed = compare_models(reflected, base).changes
    assert [(c.text, c.side) for c in removed] == [("reflection removed", "old")]
    edited = {
        **base,
        "reflection": {
            "text": "It went well.",
            "team": [{"name": "Bo", "role": "Write-up", "contribution": "Wrote it."}],
        },
    }
    changes = compare_models(reflected, edited).changes
    assert [(c.kind, c.text, c.path) for c in changes] == [
        (
            "changed",
            "team member 'Bo': contribution added",
            ("reflection", "team", 0, "contribution"),
        ),
        ("removed", "team member 'Ada' removed", ("reflection", "team", 0)),
    ]
