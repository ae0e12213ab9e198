"""The harness itself: it must see a change when there is one, or no case proves anything."""

from __future__ import annotations

import os

import pytest

from tests.adversarial.harness import Project, assert_untouched, differences, snapshot
from tests.e2e.support import MINIMAL


def test_snapshot_sees_bytes_modes_and_new_files(project: Project) -> None:
    before = snapshot(project.base)
    target = project.output / "brief.md"
    target.write_bytes(target.read_bytes())  # same bytes, new mtime
    os.chmod(project.output / "brief.html", 0o600)
    (project.base / "stray").write_text("x", encoding="utf-8")
    changes = differences(before, snapshot(project.base))
    assert sorted(change.split(":")[0] for change in changes) == [
        "added stray",
        "changed project/output/brief.html",
        "changed project/output/brief.md",
    ]
    with pytest.raises(AssertionError, match="stray"):
        assert_untouched(before, snapshot(project.base))


def test_run_fails_when_something_outside_output_changes(project: Project) -> None:
    project.write("project: [\n")
    project.model.chmod(0o600)
    run = project.refused("validate", "arch.yaml", line=2, code="AG0..")
    assert "arch.yaml" in run.output
    project.write(MINIMAL.read_bytes())
    with pytest.raises(AssertionError, match=r"added elsewhere/diagram\.dot"):
        project.run("render", "arch.yaml", "-o", "../elsewhere", "--only", "dot")
