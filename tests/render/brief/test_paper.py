"""The diagram on paper: a scale from the SVG's own font sizes that prints its smallest text
at 8 pt or more, on pages of its own in overlapping tiles when one page is not enough, and
measured back from the PDF (the example here; a bigger synthetic model in the slow tier)."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from itertools import pairwise
from pathlib import Path

import pytest

from archgen.render.brief.files import paper_warnings
from archgen.render.brief.html import render_html
from archgen.render.brief.paper import (
    MAX_PAGES,
    MIN_TEXT_PT,
    OVERLAP_PT,
    Tile,
    plan_paper,
    read_drawing,
    tile_box,
    tile_svg,
)
from archgen.render.brief.parts import Plan, cut_brief, lay_out_part
from archgen.render.brief.printer import Printer
from archgen.resolve.view import RenderView
from bench.synthetic import write_synthetic
from tests.render.brief.conftest import FINGERPRINT, pdf_job_of, text_runs

pypdf = pytest.importorskip("pypdf")

SVG_NS = "{http://www.w3.org/2000/svg}"


def drawing_svg(width: float, height: float, *, font: float = 12.0, labels: int = 20) -> bytes:
    """A Graphviz-shaped SVG: one translated group of nodes, each a box and a label."""
    nodes = []
    for index in range(labels):
        x, y = (index % 4) * width / 4 + 10, -height + (index // 4 + 1) * height / (labels / 4 + 1)
        nodes.append(
            f'<g id="node{index}" class="node"><title>n{index}</title>'
            f'<polygon points="{x},{y} {x + 80},{y} {x + 80},{y - 30} {x},{y - 30}"/>'
            f'<text text-anchor="start" x="{x + 4}" y="{y - 10}" font-size="{font:.2f}">'
            f"label {index}</text></g>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'width="{width:g}pt" height="{height:g}pt" viewBox="0.00 0.00 {width:.2f} {height:.2f}">'
        f'<g id="diagram" class="graph" transform="scale(1 1) rotate(0) translate(4 {height - 4})">'
        f'<text x="10" y="{-height + 20}" font-size="22.00">Title</text>{"".join(nodes)}</g></svg>'
    ).encode()


@pytest.mark.parametrize("page_size", ["A4", "Letter"])
@pytest.mark.parametrize(("width", "height"), [(1069, 1098), (550, 2993), (972, 5328)])
def test_every_plan_prints_the_smallest_text_at_8_pt_or_more(
    page_size: str, width: float, height: float
) -> None:
    plan = plan_paper(drawing_svg(width, height), page_size)
    assert plan.layout == "pages"
    assert plan.smallest_pt >= MIN_TEXT_PT and 12 * plan.scale >= MIN_TEXT_PT
    room_x, room_y = tile_box(page_size, plan.landscape)
    for tile in plan.tiles:
        assert tile.width * plan.scale <= room_x + 0.01
        assert tile.height * plan.scale <= room_y + 0.01
    assert len(plan.tiles) == plan.rows * plan.columns <= MAX_PAGES


def test_the_scale_follows_the_svgs_smallest_font() -> None:
    big = plan_paper(drawing_svg(1069, 1098, font=12.0))
    small = plan_paper(drawing_svg(1069, 1098, font=6.0))
    assert big.smallest_pt >= MIN_TEXT_PT and small.smallest_pt >= MIN_TEXT_PT
    assert small.scale > big.scale and len(small.tiles) > len(big.tiles)


def test_a_diagram_that_fits_under_the_summary_stays_there_at_full_size() -> None:
    plan = plan_paper(drawing_svg(400, 300))
    assert (plan.layout, plan.scale, plan.smallest_pt) == ("inline", 1.0, 12.0)


def test_tiles_overlap_and_cover_the_whole_drawing() -> None:
    plan = plan_paper(drawing_svg(1600, 1400))
    assert plan.rows > 1 and plan.columns > 1
    overlap = OVERLAP_PT / plan.scale
    xs = sorted({(tile.x, tile.x + tile.width) for tile in plan.tiles})
    ys = sorted({(tile.y, tile.y + tile.height) for tile in plan.tiles})
    for spans, length in ((xs, 1600), (ys, 1400)):
        assert spans[0][0] == 0 and spans[-1][1] == pytest.approx(length)
        for (_, end), (start, _) in pairwise(spans):
            assert end - start == pytest.approx(overlap)


def test_a_tile_keeps_only_the_text_it_shows() -> None:
    svg = drawing_svg(1069, 1098)
    drawing = read_drawing(svg)
    assert drawing is not None
    top = ET.fromstring(tile_svg(svg, Tile(0, 0, 1069, 300), drawing))
    assert top.get("viewBox") == "0.00 0.00 1069.00 300.00" and top.get("width") == "1069.00pt"
    shown = [text.text for text in top.iter(f"{SVG_NS}text")]
    assert "Title" in shown and "label 0" in shown and "label 19" not in shown
    assert all(g.get("id") != "node19" for g in top.iter(f"{SVG_NS}g"))
    bottom = ET.fromstring(tile_svg(svg, Tile(0, 800, 1069, 298), drawing))
    kept = [text.text for text in bottom.iter(f"{SVG_NS}text")]
    assert "label 19" in kept and "Title" not in kept


def test_more_pages_than_the_cap_shrink_onto_one_page_and_say_so(
    example_view: RenderView,
) -> None:
    tall = drawing_svg(1600, 5000)
    plan = plan_paper(tall)
    assert plan.layout == "shrunk" and plan.pages_needed > MAX_PAGES and len(plan.tiles) == 1
    assert plan.smallest_pt < MIN_TEXT_PT
    html = render_html(example_view, diagram_svg=tall, medium="pdf", fingerprint=FINGERPRINT)
    assert f"it would take {plan.pages_needed} pages" in html
    assert any(
        f"{plan.pages_needed} pages (more than {MAX_PAGES})" in w for w in paper_warnings(tall)
    )


def test_the_pdf_html_puts_each_tile_on_a_page_of_its_own(example_view: RenderView) -> None:
    svg = drawing_svg(1069, 1098)
    html = render_html(example_view, diagram_svg=svg, medium="pdf", fingerprint=FINGERPRINT)
    assert '<figure class="diagram own-pages landscape" id="fig-diagram">' in html
    assert html.count('<div class="diagram-part">') == 2
    assert "Figure 1, part 1 of 2: band 1 of 2 from the top. Continued on the next page." in html
    assert html.index('class="at-a-glance"') < html.index('id="fig-diagram"')
    small = render_html(example_view, diagram_svg=drawing_svg(400, 300), medium="pdf")
    assert (
        'class="diagram own-pages' not in small and small.count('<div class="diagram-part">') == 1
    )


# ─── Measured from the PDF ────────────────────────────────────────────────────────────────


def figure_pages(pdf: bytes) -> list[int]:
    """The 0-based pages that show a part of Figure 1 (each names it under its tile)."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    named = re.compile(r"Figure 1(?:\.|, part)")
    return [n for n, page in enumerate(reader.pages) if named.search(page.extract_text() or "")]


def assert_readable_overview(pdf: bytes, landscape: bool | None = None) -> list[float]:
    pages = figure_pages(pdf)
    assert pages
    runs = text_runs(pdf)
    sizes = []
    for number in pages:
        assert len(runs[number]) > 20  # the diagram's labels are text
        small = [(size, text) for size, text in runs[number] if size < MIN_TEXT_PT - 0.005]
        assert not small, (number + 1, small[:5])
        sizes += [size for size, _ in runs[number]]
    if landscape is not None:
        reader = pypdf.PdfReader(io.BytesIO(pdf))
        boxes = [reader.pages[n].mediabox for n in pages]
        assert all((box.width > box.height) == landscape for box in boxes)
    return sizes


@pytest.mark.slow  # lays out a 32-service brief and its diagram in parts
@pytest.mark.parametrize("page_size", ["A4", "Letter"])
def test_a_bigger_models_overview_prints_no_text_under_8_pt(tmp_path: Path, page_size: str) -> None:
    model = write_synthetic(tmp_path / "arch.yaml", 32)
    job = pdf_job_of(model, page_size=page_size)
    printer = Printer(aside=True, workers=2)
    try:
        pdf = printer.submit(job)()
    finally:
        printer.stop()
    assert_readable_overview(pdf)
    assert len(figure_pages(pdf)) == len(re.findall(r'<div class="diagram-part">', job.html)) > 1


def test_every_flow_of_the_example_prints_its_own_view_with_no_text_under_8_pt(
    rendered_example: Path, example_view: RenderView
) -> None:
    """Each flow's picture is in the PDF, in its section or, too wide for the column at 8 pt,
    on a landscape page of its own; either way its text is 8 pt or more."""
    pdf = (rendered_example / "output" / "brief.pdf").read_bytes()
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    texts = [page.extract_text() or "" for page in reader.pages]
    runs = text_runs(pdf)
    for flow in example_view.flows:
        svg = (rendered_example / "output" / "views" / f"flow-{flow.id}.svg").read_bytes()
        labels = {(t.text or "").strip() for t in ET.fromstring(svg).iter(f"{SVG_NS}text")}
        pages = [
            n for n, text in enumerate(texts) if f"{flow.name} alone:" in " ".join(text.split())
        ]
        assert len(pages) == 1, (flow.name, pages)
        drawn = [(size, text) for size, text in runs[pages[0]] if text in labels]
        assert len(drawn) > 10  # the view's labels are text on that page
        small = [(size, text) for size, text in drawn if size < MIN_TEXT_PT - 0.005]
        assert not small, (flow.name, small[:5])
    assert len(example_view.flows) == 3


@pytest.mark.slow  # draws a 1,024-service brief and lays out its overview's chapter
def test_a_1024_service_models_pdf_prints_its_overview_of_groups(tmp_path: Path) -> None:
    """The chapter that holds Figure 1, laid out as the render lays out that part of the
    brief (the other 300 pages, laid out the same way, have no bearing on it)."""
    model = write_synthetic(tmp_path / "arch.yaml", 1024)
    job = pdf_job_of(model)
    assert 'class="diagram-omitted"' not in job.html  # the note that it is too large
    assert "Groups are drawn as one box each" in job.html
    cut = cut_brief(job.html, parts=32)
    assert cut is not None
    (part,) = [part for part in Plan(job, cut).body() if 'id="sec-overview"' in part.html]
    pdf = lay_out_part(part).pdf
    assert_readable_overview(pdf)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    shown = " ".join(reader.pages[n].extract_text() or "" for n in figure_pages(pdf))
    assert "512 services" in shown
