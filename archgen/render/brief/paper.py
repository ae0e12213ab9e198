"""The diagram on paper, printed large enough to read: its smallest text at 8 pt or more.

The scale comes from the SVG itself (Graphviz writes every label's font-size), so it holds for
any model. The diagram is printed, in this order of preference:

- **inline**: after the overview's summary, upright, when it fits the page there at that scale;
- **pages**: on pages of its own (landscape, or upright when that takes fewer pages), cut into
  page-sized tiles in a grid when one page is not enough. Neighbouring tiles overlap by
  `OVERLAP_PT` on paper, so a label cut by one edge is whole on the next tile; the scale is
  then raised as far as that grid allows. Each tile is the same SVG with its viewBox narrowed
  to the tile and the labels and nodes wholly outside it left out, so a page's text is the
  text it shows;
- **shrunk**: when more than `MAX_PAGES` pages would be needed, on one page of its own, as
  large as it fits, with a note of its text size (diagram.svg and brief.html show it whole);
- **omitted**: when even that would print it under a tenth of its size (`MIN_SCALE`).

Paper sizes are print.css's pages: the margins below must be its `@page` margins.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

MIN_TEXT_PT = 8.0
OVERLAP_PT = 24.0  # how much neighbouring tiles share, on paper
MAX_PAGES = 12  # more pages than this for one picture is no longer a picture
MIN_SCALE = 0.1  # below this its 12 pt labels are under 1.2 pt: not printed at all
MM = 72 / 25.4
PAPER = {"A4": (595.28, 841.89), "Letter": (612.0, 792.0)}  # upright width, height in pt
UPRIGHT_MARGINS = (22 * MM, 18 * MM, 20 * MM, 24 * MM)  # print.css `@page`: top right bottom left
LANDSCAPE_MARGINS = (18 * MM, 12 * MM, 17 * MM, 12 * MM)  # print.css `@page diagram-landscape`
INLINE_FRAME = 6 * MM + 1.0  # .diagram-frame's padding and border, both sides
INLINE_HEIGHT = 205 * MM  # the most the diagram may take under the overview's summary
TILE_FRAME = 1.0  # .diagram-tile's border, both sides
CAPTION_ROOM = 40.0  # under a tile: its label, or the figure's caption (two lines)
SAFETY = 2.0  # rounding in the layout must never push a caption onto the next page

Layout = Literal["inline", "pages", "shrunk", "omitted"]

SVG_NS = "http://www.w3.org/2000/svg"
NUMBER = re.compile(rb"-?\d+(?:\.\d+)?")
FONT_SIZE = re.compile(rb'font-size="([0-9.]+)"')
ROOT_TAG = re.compile(rb"<svg\b[^>]*>")
ATTRIBUTE = re.compile(rb'\s(width|height|viewBox)="([^"]*)"')
TRANSLATE = re.compile(
    r"^\s*scale\(1(?:\s+1)?\)\s*rotate\(0\)\s*translate\(\s*(-?[0-9.]+)[\s,]+(-?[0-9.]+)\)\s*$"
)
FLOAT = re.compile(r"-?\d+(?:\.\d+)?(?:e-?\d+)?")


@dataclass(frozen=True)
class Tile:
    """A part of the drawing, in the SVG's user units (Graphviz: points) from its top left."""

    x: float
    y: float
    width: float
    height: float
    row: int = 1
    column: int = 1


@dataclass(frozen=True)
class PaperPlan:
    """How the diagram is printed: `scale` paper points for each of its points."""

    layout: Layout
    scale: float
    landscape: bool = False
    tiles: tuple[Tile, ...] = ()
    rows: int = 1
    columns: int = 1
    smallest_pt: float = 0.0  # its smallest text, on paper
    pages_needed: int = 1  # at a readable scale (more than MAX_PAGES when shrunk)


@dataclass(frozen=True)
class Drawing:
    """What the plan needs of the SVG: its size in user units and its smallest font."""

    width: float
    height: float
    smallest_font: float | None


def read_drawing(svg: bytes) -> Drawing | None:
    """The drawing's size (its viewBox, else width and height) and smallest font-size."""
    root = ROOT_TAG.search(svg[:8192])
    if root is None:
        return None
    attributes = {name.decode(): value.decode() for name, value in ATTRIBUTE.findall(root[0])}
    box = [float(n) for n in FLOAT.findall(attributes.get("viewBox", ""))]
    if len(box) == 4:
        width, height = box[2], box[3]
    else:
        sizes = [FLOAT.match(attributes.get(name, "")) for name in ("width", "height")]
        if not all(sizes):
            return None
        width, height = (float(match[0]) for match in sizes if match)
    if width <= 0 or height <= 0:
        return None
    fonts = [float(size) for size in FONT_SIZE.findall(svg) if float(size) > 0]
    return Drawing(width, height, min(fonts) if fonts else None)


def plan_paper(svg: bytes, page_size: str = "A4") -> PaperPlan:
    """Where and how large the diagram goes in the PDF brief printed on `page_size` paper."""
    drawing = read_drawing(svg)
    if drawing is None:
        return PaperPlan("inline", 1.0)
    inline = inline_scale(drawing, page_size)
    whole = (Tile(0.0, 0.0, drawing.width, drawing.height),)
    if drawing.smallest_font is None:  # nothing to read: as large as one page allows
        if inline >= MIN_SCALE:
            return PaperPlan("inline", inline, tiles=whole)
        return shrunk(drawing, page_size, 1)
    readable = max(MIN_TEXT_PT / drawing.smallest_font, MIN_SCALE)
    if inline >= readable:
        return PaperPlan("inline", inline, tiles=whole, smallest_pt=text_pt(drawing, inline))
    grids = [tiled(drawing, page_size, landscape, readable) for landscape in (True, False)]
    best = min(grids, key=lambda plan: (plan.pages_needed, -plan.scale, not plan.landscape))
    if best.pages_needed <= MAX_PAGES:
        return best
    return shrunk(drawing, page_size, best.pages_needed)


def text_pt(drawing: Drawing, scale: float) -> float:
    return round((drawing.smallest_font or 0.0) * scale, 2)


def inline_scale(drawing: Drawing, page_size: str) -> float:
    """The scale that fits the diagram under the overview's summary, at most 1."""
    width = PAPER[page_size][0] - UPRIGHT_MARGINS[1] - UPRIGHT_MARGINS[3] - INLINE_FRAME
    return min(1.0, width / drawing.width, INLINE_HEIGHT / drawing.height)


def tile_box(page_size: str, landscape: bool) -> tuple[float, float]:
    """The room for one tile on a page of its own, in paper points."""
    short, long = PAPER[page_size]
    top, right, bottom, left = LANDSCAPE_MARGINS if landscape else UPRIGHT_MARGINS
    width, height = (long, short) if landscape else (short, long)
    room = width - left - right - TILE_FRAME - SAFETY
    return room, height - top - bottom - TILE_FRAME - CAPTION_ROOM - SAFETY


def cells(length: float, room: float) -> int:
    """How many overlapping tiles of `room` cover `length` (all in paper points)."""
    if length <= room:
        return 1
    return math.ceil((length - OVERLAP_PT) / (room - OVERLAP_PT))


def largest_scale(length: float, room: float, count: int) -> float:
    """The largest scale at which `count` overlapping tiles of `room` cover `length` units."""
    return (count * room - (count - 1) * OVERLAP_PT) / length


def tiled(drawing: Drawing, page_size: str, landscape: bool, readable: float) -> PaperPlan:
    """The diagram on pages of its own in this orientation: the fewest tiles at a readable
    scale, then the scale raised as far as those tiles allow (never past full size, unless
    its text is so small that full size is not readable)."""
    room_x, room_y = tile_box(page_size, landscape)
    scale = readable
    columns = cells(drawing.width * scale, room_x)
    rows = cells(drawing.height * scale, room_y)
    widest = largest_scale(drawing.width, room_x, columns)
    tallest = largest_scale(drawing.height, room_y, rows)
    scale = max(min(widest, tallest, max(1.0, readable)), scale)
    tiles = tuple(grid(drawing, scale, rows, columns))
    return PaperPlan(
        "pages", scale, landscape, tiles, rows, columns, text_pt(drawing, scale), rows * columns
    )


def grid(drawing: Drawing, scale: float, rows: int, columns: int) -> Iterator[Tile]:
    """Tiles of one size covering the drawing, row by row, each overlapping the next."""
    overlap = OVERLAP_PT / scale
    width = (drawing.width + (columns - 1) * overlap) / columns
    height = (drawing.height + (rows - 1) * overlap) / rows
    for row in range(rows):
        for column in range(columns):
            x, y = column * (width - overlap), row * (height - overlap)
            yield Tile(x, y, width, height, row + 1, column + 1)


def shrunk(drawing: Drawing, page_size: str, pages_needed: int) -> PaperPlan:
    """One page of its own, the orientation that shows it larger; left out below MIN_SCALE."""
    fits = []
    for landscape in (True, False):
        room_x, room_y = tile_box(page_size, landscape)
        fits.append((min(1.0, room_x / drawing.width, room_y / drawing.height), landscape))
    scale, landscape = max(fits)
    layout: Layout = "shrunk" if scale >= MIN_SCALE else "omitted"
    whole = Tile(0.0, 0.0, drawing.width, drawing.height)
    smallest = text_pt(drawing, scale)
    return PaperPlan(layout, scale, landscape, (whole,), 1, 1, smallest, pages_needed)


def tile_svg(svg: bytes, tile: Tile, drawing: Drawing) -> bytes:
    """The SVG showing only `tile`: its viewBox narrowed to it, and the texts, nodes and edges
    wholly outside it left out (a clipped-away label would still be the page's text)."""
    if (tile.x, tile.y, tile.width, tile.height) == (0, 0, drawing.width, drawing.height):
        return svg
    root = ET.fromstring(svg)
    origin = [float(n) for n in FLOAT.findall(root.get("viewBox", ""))][:2] or [0.0, 0.0]
    left, top = origin[0] + tile.x, origin[1] + tile.y
    root.set("viewBox", f"{left:.2f} {top:.2f} {tile.width:.2f} {tile.height:.2f}")
    root.set("width", f"{tile.width:.2f}pt")
    root.set("height", f"{tile.height:.2f}pt")
    prune(root, (left, top, left + tile.width, top + tile.height))
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")
    cropped: bytes = ET.tostring(root, encoding="utf-8")
    return cropped


Box = tuple[float, float, float, float]  # left, top, right, bottom


def prune(root: ET.Element, window: Box) -> None:
    """Take out of Graphviz's drawing group every node, edge and text wholly outside
    `window` (viewBox units); a drawing whose group is not simply translated is left whole."""
    drawing = next((g for g in root.iter(f"{{{SVG_NS}}}g") if g.get("transform")), None)
    shift = TRANSLATE.match(drawing.get("transform", "")) if drawing is not None else None
    if drawing is None or shift is None:
        return
    dx, dy = float(shift[1]), float(shift[2])
    left, top, right, bottom = window
    local = (left - dx, top - dy, right - dx, bottom - dy)
    parents = {child: parent for parent in drawing.iter() for child in parent}
    for element in list(drawing.iter()):
        if not prunable(element):
            continue
        extent = extent_of(element)
        if extent is not None and not overlaps(extent, local) and element in parents:
            parents[element].remove(element)


def prunable(element: ET.Element) -> bool:
    if element.tag == f"{{{SVG_NS}}}text":
        return True
    classes = (element.get("class") or "").split()
    return element.tag == f"{{{SVG_NS}}}g" and ("node" in classes or "edge" in classes)


def overlaps(a: Box, b: Box) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def extent_of(element: ET.Element) -> Box | None:
    """The box an element and its children draw in, in their own units; None when some part
    of it cannot be measured (it is then kept)."""
    xs: list[float] = []
    ys: list[float] = []
    for part in element.iter():
        points = part_points(part)
        if points is None:
            return None
        xs += points[0]
        ys += points[1]
    if not xs:
        return None
    return min(xs), min(ys), max(xs), max(ys)


def part_points(part: ET.Element) -> tuple[list[float], list[float]] | None:
    """The x and y coordinates one element draws at; None for one that cannot be measured."""
    tag = part.tag.rpartition("}")[2]
    if tag == "text":
        return text_points(part)
    if tag in ("polygon", "polyline", "path"):
        numbers = [float(n) for n in FLOAT.findall(part.get("points") or part.get("d") or "")]
        return numbers[0::2], numbers[1::2]
    if tag in ("image", "rect", "use"):
        x, y, width, height = (number(part.get(name)) for name in ("x", "y", "width", "height"))
        return [x, x + width], [y, y + height]
    if tag == "ellipse":
        cx, cy, rx, ry = (number(part.get(name)) for name in ("cx", "cy", "rx", "ry"))
        return [cx - rx, cx + rx], [cy - ry, cy + ry]
    return [], []  # a group, a link or a title draws nothing of its own


def number(value: str | None) -> float:
    """A length's number ("12.5pt" is 12.5); 0 when there is none."""
    match = FLOAT.match(value or "")
    return float(match[0]) if match else 0.0


def text_points(text: ET.Element) -> tuple[list[float], list[float]] | None:
    """A label's box, its width guessed generously (0.7 em a character)."""
    try:
        x, y = float(text.get("x") or ""), float(text.get("y") or "")
        size = float(text.get("font-size") or 14)
    except ValueError:
        return None
    width = 0.7 * size * len("".join(text.itertext()))
    anchor = text.get("text-anchor") or "start"
    start = x - width / 2 if anchor == "middle" else x - width if anchor == "end" else x
    return [start, start + width], [y - size, y + 0.3 * size]
