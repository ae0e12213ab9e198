"""Reading where Graphviz put things from the SVG archgen draws."""

from __future__ import annotations

import pytest

from archgen.render.export.layout import Box, _inner_points, read_layout

SVG = """<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
 viewBox="0.00 0.00 300.00 200.00">
<defs><image id="diagram-icon-1" width="48px" height="48px" xlink:href="data:,"/></defs>
<g id="diagram" class="graph" transform="scale(1 1) rotate(0) translate(4 196)">
<g id="grp-edge" class="cluster"><polygon points="10,-10 10,-150 200,-150 200,-10 10,-10"/></g>
<g id="grp-tier" class="cluster"><path d="M20,-20C20,-20 90,-20 90,-20 96,-20 100,-26 100,-30
 100,-30 100,-140 100,-140 Z"/></g>
<g id="svc-web" class="node"><image width="48px" height="48px" x="30" y="-120"/></g>
<g id="svc-api" class="node"><use xlink:href="#diagram-icon-1" x="130" y="-100"/></g>
<g id="step-1" class="edge"><path d="M78,-96C90,-96 100,-90 110,-80 120,-70 125,-76 130,-76"/></g>
</g></svg>"""


def test_boxes_are_in_page_points_from_the_top_left() -> None:
    layout = read_layout(SVG.encode())
    assert (layout.width, layout.height) == (300, 200)
    assert layout.icons["web"] == Box(34, 76, 48, 48)
    assert layout.icons["api"] == Box(134, 96, 48, 48)  # a shared icon, placed by <use>
    assert layout.groups["edge"] == Box(14, 46, 190, 140)
    assert layout.groups["tier"] == Box(24, 56, 80, 120)
    assert layout.bends["step-1"] == [(114, 116)]


def test_a_svg_that_is_not_archgens_is_refused() -> None:
    with pytest.raises(ValueError, match="not archgen"):
        read_layout(b'<svg xmlns="http://www.w3.org/2000/svg"><g id="x"/></svg>')


def test_a_straight_line_has_no_inner_points() -> None:
    assert _inner_points("M0,0C1,1 2,2 3,3", 0, 0) == []
