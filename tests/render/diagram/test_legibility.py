"""The diagram stays readable when a brief prints it at the width of an A4 page."""

from __future__ import annotations

import pytest

from archgen.render.diagram import DiagramResult
from archgen.render.diagram.dot import wrap_label
from archgen.resolve.view import RenderView
from tests.render.diagram.svgtools import SVG, Drawing

A4_TEXT_WIDTH = 482.0  # points: 170 mm, the widest a brief prints the diagram
SMALLEST_PRINT = 6.0  # points: the smallest text a reader of the paper brief can still read


def printed_size(drawing: Drawing, element_id: str) -> float:
    """The size in points the first text of an element prints at, the diagram at page width."""
    text = drawing.one(element_id).find(f".//{SVG}text")
    assert text is not None, element_id
    width = float(drawing.root.get("viewBox", "").split()[2])
    return float(text.get("font-size", "0")) * min(1.0, A4_TEXT_WIDTH / width)


def test_names_and_step_numbers_print_at_six_points_or_more(
    example_view: RenderView, example_diagram: DiagramResult
) -> None:
    drawing = Drawing(example_diagram.files["svg"])
    ids = [f"svc-{s.id}" for s in example_view.services]
    ids += [f"step-{s.number}" for s in example_view.steps]
    sizes = {element_id: printed_size(drawing, element_id) for element_id in ids}
    too_small = {key: round(size, 2) for key, size in sizes.items() if size < SMALLEST_PRINT}
    assert not too_small


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        ("App Runner", 12, ["App Runner"]),
        ("deliver message", 12, ["deliver", "message"]),
        ("Lambda (3D asset processing)", 12, ["Lambda (3D", "asset", "processing)"]),
        ("GET /api/catalogue", 12, ["GET", "/api/catalogue"]),  # a long word is never split
        ("read-through-cache", 8, ["read-through-cache"]),  # nor a hyphenated one
        ("one\ntwo", 12, ["one two"]),
        ("", 12, [""]),
        ("  ", 12, [""]),
    ],
)
def test_wrap_label_makes_few_even_lines(text: str, width: int, lines: list[str]) -> None:
    assert wrap_label(text, width) == lines
