"""Where Graphviz put each service and group: read from the diagram's own SVG.

The SVG archgen draws names its elements by model id (`svc-<id>` for a service, `grp-<id>` for
a group, see `archgen.render.diagram.dot`), so an export can place each thing where the diagram
shows it. Coordinates are points from the drawing's top-left corner, y downwards.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"
NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
TRANSLATE = re.compile(r"translate\((?P<x>-?[\d.]+)[ ,]+(?P<y>-?[\d.]+)\)")


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    height: float

    def contains(self, other: Box) -> bool:
        return (
            self.x <= other.x
            and self.y <= other.y
            and other.x + other.width <= self.x + self.width
            and other.y + other.height <= self.y + self.height
        )


@dataclass(frozen=True)
class Layout:
    """The drawing's size, each service's icon and each group's border, by model id."""

    width: float
    height: float
    icons: dict[str, Box]
    groups: dict[str, Box]
    bends: dict[str, list[tuple[float, float]]]  # `step-<n>` / `link-<n>`: the line's inner points


def read_layout(svg: bytes) -> Layout:
    """The boxes of the SVG archgen drew (`Rendering.svg()`)."""
    root = ET.fromstring(svg)
    graph = root.find(f"{SVG}g[@id='diagram']")
    if graph is None:
        raise ValueError("not archgen's diagram: no <g id='diagram'>")
    shift = TRANSLATE.search(graph.get("transform", ""))
    dx, dy = (float(shift["x"]), float(shift["y"])) if shift else (0.0, 0.0)
    icons: dict[str, Box] = {}
    groups: dict[str, Box] = {}
    bends: dict[str, list[tuple[float, float]]] = {}
    shared = _shared_icons(root)
    for element in graph.iter(f"{SVG}g"):
        element_id = element.get("id", "")
        if element_id.startswith("svc-"):
            image = element.find(f".//{SVG}image")
            use = element.find(f".//{SVG}use")
            if image is not None:
                icons[element_id[4:]] = _image_box(image, dx, dy)
            elif use is not None and _href(use).lstrip("#") in shared:
                icons[element_id[4:]] = _use_box(use, shared[_href(use).lstrip("#")], dx, dy)
        elif element_id.startswith("grp-"):
            border = element.find(f".//{SVG}polygon")
            border = border if border is not None else element.find(f".//{SVG}path")
            if border is not None:
                groups[element_id[4:]] = _outline_box(border, dx, dy)
        elif element_id.startswith(("step-", "link-")):
            line = element.find(f".//{SVG}path")
            if line is not None:
                bends[element_id] = _inner_points(line.get("d", ""), dx, dy)
    width, height = _size(root)
    return Layout(width, height, icons, groups, bends)


def _inner_points(path: str, dx: float, dy: float) -> list[tuple[float, float]]:
    """The points a Graphviz edge passes through between its ends: its path is `M p0 C c1 c2 p1
    C ...`, cubic Béziers joined end to end, so every third point after the first is on it."""
    numbers = [float(n) for n in NUMBER.findall(path)]
    points = list(zip(numbers[0::2], numbers[1::2], strict=False))
    return [(x + dx, y + dy) for x, y in points[3:-1:3]]


def _shared_icons(root: ET.Element) -> dict[str, ET.Element]:
    """The icons drawn more than once, kept once in <defs> and placed with <use>, by id."""
    return {image.get("id", ""): image for image in root.iterfind(f"{SVG}defs/{SVG}image")}


def _href(element: ET.Element) -> str:
    return element.get(f"{XLINK}href") or element.get("href") or ""


def _use_box(use: ET.Element, image: ET.Element, dx: float, dy: float) -> Box:
    size = _image_box(image, 0.0, 0.0)
    x, y = (float(use.get(name, "0")) for name in ("x", "y"))
    return Box(x + dx, y + dy, size.width, size.height)


def _image_box(image: ET.Element, dx: float, dy: float) -> Box:
    def number(name: str) -> float:
        return float(image.get(name, "0").removesuffix("px"))

    return Box(number("x") + dx, number("y") + dy, number("width"), number("height"))


def _outline_box(shape: ET.Element, dx: float, dy: float) -> Box:
    """The bounding box of a polygon's points or a path's coordinates (pairs of numbers)."""
    numbers = [float(n) for n in NUMBER.findall(shape.get("points") or shape.get("d") or "")]
    xs, ys = numbers[0::2], numbers[1::2]
    if not xs or not ys:
        return Box(dx, dy, 0.0, 0.0)
    return Box(min(xs) + dx, min(ys) + dy, max(xs) - min(xs), max(ys) - min(ys))


def _size(root: ET.Element) -> tuple[float, float]:
    box = [float(n) for n in NUMBER.findall(root.get("viewBox", ""))]
    return (box[2], box[3]) if len(box) == 4 else (0.0, 0.0)
