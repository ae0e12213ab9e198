"""`archgen check` treats diagram.mmd as it treats the DOT: expected once a project keeps one,
fresh or stale with the diagram's fingerprint, and an edit by hand is seen."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from archgen.commands.check import run_check
from archgen.commands.render import RenderOptions, render_model
from archgen.render.stamp import STAMP_TOKEN, seal_text
from tests.check.test_freshness import edit_model, statuses

MMD = "diagram.mmd"


def keep_mermaid(project: Path) -> Path:
    render_model(project / "arch.yaml", None, RenderOptions(formats=("mmd",)))
    return project / "output" / MMD


def test_a_project_without_one_is_not_asked_for_one(project: Path) -> None:
    assert MMD not in statuses(project)


@pytest.mark.slow
def test_a_kept_one_is_fresh_and_stale_with_the_diagram(project: Path) -> None:
    keep_mermaid(project)
    assert statuses(project)[MMD] == "fresh"
    edit_model(project, "why: >-", "why: >-\n      Newly argued.")
    assert statuses(project)[MMD] == statuses(project)["diagram.svg"] == "fresh"
    edit_model(project, "label: resolve domain", "label: look up the domain")
    result = run_check(project / "arch.yaml", None)
    finding = next(f for f in result.findings if f.output == MMD)
    assert finding.status == "stale" and "run `archgen render`" in finding.reason
    render_model(project / "arch.yaml", None, RenderOptions.from_cli(
        formats=(), with_dot=False, templates_dir=None, page_size="A4", pdf_variant=None,
        dot_timeout=120.0,
    ))  # fmt: skip
    assert statuses(project)[MMD] == "fresh"  # a plain render refreshed the kept chart


def test_a_hand_edit_is_seen(project: Path) -> None:
    mmd = keep_mermaid(project)
    mmd.write_bytes(mmd.read_bytes().replace(b"Route 53", b"Route 66", 1))
    assert statuses(project)[MMD] == "edited"


def test_a_deleted_one_is_no_longer_expected(project: Path) -> None:
    keep_mermaid(project).unlink()
    assert MMD not in statuses(project)


def test_the_deep_check_renders_it_again(project: Path) -> None:
    """A chart changed and sealed again passes the fingerprints; only a fresh render tells."""
    mmd = keep_mermaid(project)
    assert run_check(project / "arch.yaml", None, deep=True).ok
    unsealed = mmd.read_bytes().replace(b"flowchart LR", b"flowchart TB")
    at_top = re.compile(rb"\A%% " + STAMP_TOKEN)
    mmd.write_bytes(seal_text(re.sub(rb"\+[0-9a-f]{16}", b"", unsealed, count=1), at_top))
    assert statuses(project)[MMD] == "fresh"
    deep = run_check(project / "arch.yaml", None, deep=True)
    assert {f.output: f.status for f in deep.findings}[MMD] == "differs"
