"""Golden projects: every text output of every model in tests/golden/, compared as text.

A golden project is a folder, pelican style: the model in (`arch.yaml`; the example's model is
the repository's own, at its root) and `expected/` out, one file per text output, named as
`archgen render` names it. Adding a project is adding a folder with its `arch.yaml` and running
`make golden` (`pytest --update-golden`), which writes `expected/`; review the diff, never edit
an expected file by hand.

The DOT, the Mermaid chart, the HTML brief and the Markdown brief are compared byte for byte
because archgen alone decides every byte of them: the DOT names icons by relative names, the
briefs carry a fixed fingerprint (the real one covers archgen's version and the icon files), and
the HTML inlines a fixed stand-in diagram where a render inlines Graphviz's SVG. SVG, PNG and
PDF hold Graphviz's, Cairo's and WeasyPrint's output, which changes with their versions and the
fonts installed, so they are checked by structure instead, on any machine: ids, step numbers and
text read back (the drawing test below, tests/render/diagram/test_structure.py,
tests/render/brief/test_pdf.py).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from archgen.load import load_model_file
from archgen.model.schema import Architecture
from archgen.render.brief.html import render_html
from archgen.render.brief.markdown import render_markdown
from archgen.render.diagram import render_diagram
from archgen.render.diagram.dot import build_dot
from archgen.render.diagram.graphviz import Deadline
from archgen.render.diagram.mermaid import build_mermaid
from archgen.render.diagram.views import ViewsJob
from archgen.render.export.d2 import build_d2
from archgen.render.export.mermaid_architecture import build_architecture
from archgen.render.export.structurizr import build_workspace
from archgen.resolve.view import RenderView, resolve_view
from archgen.resolve.views import ViewSpec, all_views, view_specs
from archgen.validate import format_problems, validate_document
from tests.conftest import EXAMPLE_MODEL, GOLDEN_DIR
from tests.render.brief.conftest import FINGERPRINT, stub_svg
from tests.render.diagram.test_structure import assert_matches_view

Golden = Callable[[str, str], None]
EXPECTED = "expected"
MODELS_ELSEWHERE = {"example": EXAMPLE_MODEL}  # the example's model is the one at the root


def golden_projects() -> dict[str, Path]:
    """Each golden project's name (its folder in tests/golden/) and its model file."""
    beside = {
        folder.name: folder / "arch.yaml"
        for folder in GOLDEN_DIR.iterdir()
        if (folder / "arch.yaml").is_file()
    }
    return dict(sorted({**beside, **MODELS_ELSEWHERE}.items()))


def text_outputs(view: RenderView, specs: tuple[ViewSpec, ...]) -> dict[str, str]:
    """Every text output archgen writes for a view, by file name, as expected/ holds it, and
    the DOT of each of its views (`views/<id>.dot`, which `archgen render` draws)."""
    views = all_views(view, specs)
    drawn = {view_id: stub_svg(cut) for view_id, cut in views}
    return {
        "diagram.dot": build_dot(view),
        "diagram.mmd": build_mermaid(view),
        "diagram.d2": build_d2(view),
        "workspace.dsl": build_workspace(view),
        "diagram.architecture.mmd": build_architecture(view),  # sides along the direction
        "brief.html": render_html(
            view, diagram_svg=stub_svg(view), view_svgs=drawn, fingerprint=FINGERPRINT
        ),
        "brief.md": render_markdown(view, fingerprint=FINGERPRINT),
        **{f"views/{view_id}.dot": build_dot(cut) for view_id, cut in views},
    }


def clean_view(model_file: Path) -> RenderView:
    """The view `archgen render` resolves from the file; a golden model is clean under --strict."""
    return clean(model_file)[1]


def clean(model_file: Path) -> tuple[tuple[ViewSpec, ...], RenderView]:
    """The model's views and the view `archgen render` resolves from the file."""
    validation = validate_document(load_model_file(model_file), model_dir=model_file.parent)
    assert not validation.problems, format_problems(validation.problems, "text")
    assert validation.data is not None
    model = Architecture.model_validate(validation.data)
    return view_specs(model), resolve_view(model, validation.icon_files)


PROJECTS = golden_projects()


def test_there_are_several_golden_projects() -> None:
    assert {"example", "gke-tickets"} <= set(PROJECTS)


@pytest.mark.parametrize("project", PROJECTS)
def test_every_text_output_matches_its_golden_file(project: str, golden: Golden) -> None:
    specs, view = clean(PROJECTS[project])
    outputs = text_outputs(view, specs)
    assert outputs == text_outputs(view, specs), "a render is not deterministic"
    for file, text in outputs.items():
        golden(f"{project}/{EXPECTED}/{file}", text)
    expected = GOLDEN_DIR / project / EXPECTED
    held = (path.relative_to(expected).as_posix() for path in expected.rglob("*") if path.is_file())
    stale = sorted(name for name in held if name not in outputs)
    assert not stale, f"{expected} holds files no output writes: {stale}; delete them"


@pytest.mark.parametrize("project", PROJECTS)
def test_every_drawing_holds_its_model(project: str) -> None:
    """The SVG is not golden: it is read back, each service, group, step and link in place."""
    specs, view = clean(PROJECTS[project])
    assert_matches_view(render_diagram(view, formats=["svg"]).files["svg"], view)
    views = all_views(view, specs)
    drawn = ViewsJob(views, ["svg"], Deadline(120)).svgs()
    for view_id, cut in views:
        assert_matches_view(drawn[view_id], cut)
