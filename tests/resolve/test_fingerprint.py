"""Fingerprints change exactly when what an output shows changes."""

from __future__ import annotations

from pathlib import Path

from archgen.model.schema import Architecture
from archgen.outputs import OUTPUTS
from archgen.resolve.fingerprint import Fingerprints, compute_fingerprints
from tests.resolve.conftest import catalog_icons


def fingerprints(model: Architecture, templates: dict[str, Path] | None = None) -> Fingerprints:
    return compute_fingerprints(
        model,
        icon_files=catalog_icons(model),
        template_files=templates or {},
        model_name="arch.yaml",
    )


def test_same_model_same_fingerprints(example: Architecture) -> None:
    assert fingerprints(example) == fingerprints(example)


def test_a_rationale_changes_the_brief_only(example: Architecture) -> None:
    services = list(example.services)
    services[1] = services[1].model_copy(update={"why": "Something else entirely."})
    edited = example.model_copy(update={"services": services})
    before, after = fingerprints(example), fingerprints(edited)
    assert before.diagram == after.diagram
    assert before.brief != after.brief


def test_a_flow_changes_diagram_and_brief(example: Architecture) -> None:
    flow = example.flows[0]
    steps = list(flow.steps)
    steps[0] = steps[0].model_copy(update={"label": "a new label"})
    flows = [flow.model_copy(update={"steps": steps}), *example.flows[1:]]
    edited = example.model_copy(update={"flows": flows})
    before, after = fingerprints(example), fingerprints(edited)
    assert before.diagram != after.diagram
    assert before.brief != after.brief


def test_a_template_changes_the_brief_only(example: Architecture, tmp_path: Path) -> None:
    template = tmp_path / "brief.html.j2"
    template.write_text("one")
    before = fingerprints(example, {"brief.html.j2": template})
    template.write_text("two")
    after = fingerprints(example, {"brief.html.j2": template})
    assert before.diagram == after.diagram
    assert before.brief != after.brief


def test_outputs_pick_their_fingerprint() -> None:
    prints = Fingerprints(diagram="archgen-d", brief="archgen-b", pdf="archgen-p")
    carried = {o.file: getattr(prints, o.covers) for o in OUTPUTS}
    assert carried["diagram.png"] == carried["diagram.svg"] == "archgen-d"
    assert carried["brief.md"] == carried["brief.html"] == "archgen-b"
    assert carried["brief.pdf"] == "archgen-p"


def test_a_subtitle_changes_the_diagram(example: Architecture) -> None:
    project = example.project.model_copy(update={"subtitle": "Another subtitle"})
    edited = example.model_copy(update={"project": project})
    assert fingerprints(example).diagram != fingerprints(edited).diagram


def test_a_comment_in_the_model_file_changes_only_the_pdf(example: Architecture) -> None:
    def with_text(text: str) -> Fingerprints:
        return compute_fingerprints(
            example,
            icon_files=catalog_icons(example),
            template_files={},
            model_name="arch.yaml",
            model_text=text,
        )

    before, after = with_text("project: …\n"), with_text("project: …\n# a comment\n")
    assert (before.diagram, before.brief) == (after.diagram, after.brief)
    assert before.pdf != after.pdf
