"""The preview's renders in this process: the same bytes as `archgen render`, Graphviz only
when the drawing changes, the PDF only when stale, and memory that stays put."""

from __future__ import annotations

import gc
import shutil
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from archgen.commands import render
from archgen.serve.pdf import PdfOnDemand
from archgen.serve.preview import SERVED, Preview

pytestmark = pytest.mark.slow  # Graphviz and the PDF's worker run for real

ROOT = Path(__file__).resolve().parents[2]
WHY = "any modern browser can render 3D"


@pytest.fixture
def model(tmp_path: Path) -> Path:
    path = tmp_path / "arch.yaml"
    shutil.copyfile(ROOT / "arch.yaml", path)
    return path


@pytest.fixture
def layouts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every Graphviz layout started, by its DOT source."""
    import archgen.render.diagram as diagram

    started: list[str] = []
    real = diagram.start_layout

    def counted(source: str, *args: Any, **kwargs: Any) -> Any:
        started.append(source)
        return real(source, *args, **kwargs)

    monkeypatch.setattr(diagram, "start_layout", counted)
    return started


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_preview_renders_the_html_and_svg_outputs_as_render_does(model: Path) -> None:
    outcome = Preview(model).render()
    assert outcome.ok, outcome.failure
    assert set(SERVED) >= {"html", "svg"} and "pdf" not in SERVED
    options = render.RenderOptions(formats=SERVED, use_cache=False, pdf_aside=False)
    valid = render.load_and_validate(model, strict=False)
    assert outcome.files == render.render_in_memory(valid, options).files


def test_a_prose_edit_runs_no_graphviz_and_a_diagram_edit_does(
    model: Path, layouts: list[str]
) -> None:
    preview = Preview(model)
    assert preview.render().drew and len(layouts) == 1
    edit(model, WHY, "any current browser can render 3D")
    prose = preview.render()
    assert prose.ok and not prose.drew and len(layouts) == 1
    assert b"any current browser" in prose.files["brief.html"]
    edit(model, "    name: Shoppers\n", "    name: Customers\n")
    drawn = preview.render()
    assert drawn.drew and len(layouts) == 2 and b"Customers" in drawn.files["diagram.svg"]


def test_a_mistake_keeps_the_last_good_render_and_the_inputs_watched(model: Path) -> None:
    preview = Preview(model)
    assert preview.render().ok
    good, inputs = preview.good, preview.inputs
    edit(model, "to: cloudfront", "to: cloudfrnt")
    failed = preview.render()
    assert not failed.ok and failed.failure == f"{model}: 1 error"
    assert [p.code for p in failed.problems] == ["AG201"]
    assert preview.good is good and preview.inputs == inputs
    assert inputs.covers(model.resolve())
    assert inputs.covers(model.parent.resolve() / "templates" / "brief.html.j2")
    assert not inputs.covers(model.parent.resolve() / "output" / "brief.html")


def test_the_pdf_is_laid_out_once_per_change(model: Path) -> None:
    preview = Preview(model)
    pdf = PdfOnDemand(preview)
    try:
        assert pdf.pdf() is None  # nothing rendered yet
        preview.render()
        first = pdf.pdf()
        assert first is not None and first.data.startswith(b"%PDF")
        assert pdf.pdf() is first and pdf.layouts == 1  # fresh: not laid out again
        edit(model, WHY, "any current browser can render 3D")
        preview.render()
        second = pdf.pdf()
        assert second is not None and second.fingerprint != first.fingerprint
        assert pdf.layouts == 2
    finally:
        pdf.stop()
    assert pdf.pool is None


def test_memory_stays_bounded_over_many_edits(model: Path) -> None:
    """Each render replaces the last: twenty edits leave no more behind than five did."""
    preview = Preview(model)

    def edits(count: int, start: int) -> None:
        for number in range(start, start + count):
            text = model.read_text(encoding="utf-8")
            title = text.split("  title: ", 1)[1].split("\n", 1)[0]
            model.write_text(text.replace(f"  title: {title}\n", f"  title: Shop {number}\n", 1))
            assert preview.render().ok

    edits(2, 0)
    gc.collect()
    tracemalloc.start()
    try:
        edits(3, 2)
        gc.collect()
        after_few = tracemalloc.get_traced_memory()[0]
        edits(15, 5)
        gc.collect()
        after_many = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert after_many - after_few < 4 * 2**20, (after_few, after_many)
