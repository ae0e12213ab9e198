"""The diagram as its reader sees it: the names under the icons, the boxes around them, the
number and label on each arrow, the flows in the legend.

Element ids (`svc-kms`, `grp-security`, `step-5`) only say which model entry an element
stands for; everything compared is what is drawn: the `<text>` of each node, edge and box,
whether a node lies inside its group's box (by geometry), and each edge's two services as
Graphviz wrote them in its `<title>`. A legend row is tied to its flow by its colour, the
colour that flow's arrows are drawn in.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass

from archgen.check.read import Flaw, Kind, ReadContext, Reading, Shown, Unreadable, words

SVG_NS = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
# `tail->head`, each end with the port the edge is drawn to (`api:icon`); ids hold no `:`.
EDGE_TITLE = re.compile(r"^(?P<source>[^:]+?)(?::\w+)?->(?P<target>[^:]+?)(?::\w+)?$")
NUMBER_PAIR = re.compile(r"(-?\d+(?:\.\d+)?)[ ,](-?\d+(?:\.\d+)?)")
KINDS: frozenset[Kind] = frozenset({"service", "group", "flow", "step", "link"})
SLACK = 0.5  # points: Graphviz rounds coordinates to two decimals
# How far a line's end may stop from a service's icon and name and still reach it: Graphviz
# stops lines within 6 pt of them, and 22 pt was the least from any other service (measured
# on the example and on 1,024 services).
REACH = 12.0
TEXT_WIDTH = 0.6  # an average glyph's width, in font sizes, to guess a name's extent


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    @classmethod
    def around(cls, points: Iterable[tuple[float, float]]) -> Box | None:
        listed = list(points)
        if not listed:
            return None
        xs, ys = [x for x, _ in listed], [y for _, y in listed]
        return cls(min(xs), min(ys), max(xs), max(ys))

    def holds(self, other: Box) -> bool:
        return (
            self.left - SLACK <= other.left
            and self.top - SLACK <= other.top
            and other.right <= self.right + SLACK
            and other.bottom <= self.bottom + SLACK
        )

    def distance(self, point: tuple[float, float]) -> float:
        dx = max(self.left - point[0], 0.0, point[0] - self.right)
        dy = max(self.top - point[1], 0.0, point[1] - self.bottom)
        return float((dx * dx + dy * dy) ** 0.5)

    @property
    def area(self) -> float:
        return (self.right - self.left) * (self.bottom - self.top)


def read_svg(data: bytes, context: ReadContext) -> Reading:
    """diagram.svg (and each view's SVG), as `archgen.outputs` names the reader."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError as error:
        raise Unreadable(f"is not well-formed XML ({error})") from None
    return read_drawing(root)


def read_drawing(root: ET.Element, where: str = "element ") -> Reading:
    """What the drawing under `root` shows; places are `where` + an element id."""
    reading = Reading(KINDS, overview=True)
    icons = _icon_sizes(root)
    reach = {
        g.get("id", "").removeprefix("svc-"): _extent(g, icons)
        for g in root.iter(f"{SVG_NS}g")
        if g.get("id", "").startswith("svc-")
    }
    nodes: list[tuple[str, Box | None, str]] = []  # service id, its box, its place
    boxes: dict[str, Box] = {}
    colours: dict[str, dict[str, int]] = {}  # an arrow colour → its flows' first step numbers
    for group in root.iter(f"{SVG_NS}g"):
        element_id = group.get("id", "")
        place = where + element_id
        if element_id.startswith("svc-"):
            service = element_id.removeprefix("svc-")
            reading.add(Shown("service", service, _text(group), place))
            nodes.append((service, _node_box(group, icons), place))
        elif element_id.startswith("grp-"):
            _read_group(group, element_id.removeprefix("grp-"), place, reading, boxes)
        elif element_id.startswith("step-"):
            _read_step(group, place, reading, colours, reach)
        elif element_id.startswith("link-"):
            ends = _edge_ends(group, place, reading, reach)
            reading.add(Shown("link", element_id.removeprefix("link-"), _text(group), place,
                              ends=ends))  # fmt: skip
        elif element_id == "legend":
            _read_legend(group, place, reading, colours)
    _place_in_groups(reading, nodes, boxes)
    return reading


def _text(element: ET.Element) -> str:
    return words(" ".join("".join(t.itertext()) for t in element.iter(f"{SVG_NS}text")))


def _read_group(
    group: ET.Element, group_id: str, place: str, reading: Reading, boxes: dict[str, Box]
) -> None:
    reading.add(Shown("group", group_id, _text(group), place))
    outline = next(
        (e for e in group.iter() if e.tag in (f"{SVG_NS}polygon", f"{SVG_NS}path")), None
    )
    if outline is None:
        return
    box = Box.around(_points(outline.get("points") or outline.get("d") or ""))
    if box is not None:
        boxes[group_id] = box


def _points(text: str) -> list[tuple[float, float]]:
    return [(float(x), float(y)) for x, y in NUMBER_PAIR.findall(text)]


def _icon_sizes(root: ET.Element) -> dict[str, tuple[float, float]]:
    """The size of each icon kept once in `<defs>` and drawn by `<use>`."""
    sizes = {}
    for image in root.iter(f"{SVG_NS}image"):
        if image.get("id"):
            sizes[image.get("id", "")] = (_length(image.get("width")), _length(image.get("height")))
    return sizes


def _length(value: str | None) -> float:
    try:
        return float((value or "0").removesuffix("px").removesuffix("pt"))
    except ValueError:
        return 0.0


def _node_box(node: ET.Element, icons: dict[str, tuple[float, float]]) -> Box | None:
    """Where a node is drawn: its icon's square and the start of each line of its name."""
    points = []
    for element in node.iter():
        x, y = _length(element.get("x")), _length(element.get("y"))
        if element.tag == f"{SVG_NS}image":
            width, height = _length(element.get("width")), _length(element.get("height"))
        elif element.tag == f"{SVG_NS}use":
            width, height = icons.get((element.get(XLINK_HREF) or "").removeprefix("#"), (0, 0))
        elif element.tag == f"{SVG_NS}text":
            width = height = 0.0
        else:
            continue
        points += [(x, y), (x + width, y + height)]
    return Box.around(points)


def _extent(node: ET.Element, icons: dict[str, tuple[float, float]]) -> Box | None:
    """How far a node's drawing reaches: its icon and its name, each line of it as wide as
    its characters are likely to be."""
    box = _node_box(node, icons)
    points = [(box.left, box.top), (box.right, box.bottom)] if box is not None else []
    for text in node.iter(f"{SVG_NS}text"):
        x, y = _length(text.get("x")), _length(text.get("y"))
        size = _length(text.get("font-size")) or 14.0
        width = len("".join(text.itertext())) * size * TEXT_WIDTH
        anchor = text.get("text-anchor", "start")
        left = x - width / 2 if anchor == "middle" else x - width if anchor == "end" else x
        points += [(left, y - size), (left + width, y)]
    return Box.around(points)


def _read_step(
    edge: ET.Element,
    place: str,
    reading: Reading,
    colours: dict[str, dict[str, int]],
    reach: dict[str, Box | None],
) -> None:
    """The number on the arrow (its first text) and the label after it."""
    texts = [words("".join(t.itertext())) for t in edge.iter(f"{SVG_NS}text")]
    texts = [text for text in texts if text]
    ends = _edge_ends(edge, place, reading, reach)
    if not texts or not texts[0].isdigit():
        reading.flaws.append(_flaw(place, "the arrow shows no step number"))
        return
    reading.add(Shown("step", texts[0], words(" ".join(texts[1:])), place, ends=ends))
    flow = next((c.removeprefix("flow-") for c in _classes(edge) if c.startswith("flow-")), None)
    colour = _stroke(edge)
    if flow and colour:
        first = colours.setdefault(colour, {}).get(flow, int(texts[0]))
        colours[colour][flow] = min(first, int(texts[0]))


def _flaw(place: str, message: str) -> Flaw:
    return Flaw(place, message)


def _classes(element: ET.Element) -> list[str]:
    return element.get("class", "").split()


def _stroke(edge: ET.Element) -> str:
    path = next(edge.iter(f"{SVG_NS}path"), None)
    return (path.get("stroke") or "").lower() if path is not None else ""


def _edge_ends(
    edge: ET.Element, place: str, reading: Reading, reach: dict[str, Box | None]
) -> tuple[str, str] | None:
    """The services an edge's line touches at its two ends. Graphviz's `<title>a->b</title>`
    says which end is which (the line runs from a to b) and which services to look at first;
    an end that is not at that service is at the service it reaches instead ("(nothing)"
    when it reaches none)."""
    title = edge.find(f"{SVG_NS}title")
    match = EDGE_TITLE.match(title.text or "") if title is not None else None
    if match is None:
        reading.flaws.append(_flaw(place, "the edge does not name the services it joins"))
        return None
    tail, head = _touched(edge, match["source"], match["target"], reach)
    # an edge drawn against the layout's direction is written b -> a with its arrow at the tail
    if "reversed" in _classes(edge):
        return head, tail
    return tail, head


def _touched(
    edge: ET.Element, tail: str, head: str, reach: dict[str, Box | None]
) -> tuple[str, str]:
    line = next(edge.iter(f"{SVG_NS}path"), None)
    points = _points(line.get("d") or "") if line is not None else []
    if not points:
        return tail, head  # nothing drawn to measure: as the title says
    arrows = [
        point
        for link in edge.iter(f"{SVG_NS}a")
        for polygon in link.iter(f"{SVG_NS}polygon")
        for point in _points(polygon.get("points") or "")
    ]
    forward = (
        _service_at([points[0], *arrows], tail, reach),
        _service_at([points[-1], *arrows], head, reach),
    )
    if forward == (tail, head):
        return forward
    # Graphviz may draw an edge's spline from its head to its tail (an edge against the ranks)
    backward = (
        _service_at([points[-1], *arrows], tail, reach),
        _service_at([points[0], *arrows], head, reach),
    )
    return backward if backward == (tail, head) else forward


def _service_at(points: list[tuple[float, float]], named: str, reach: dict[str, Box | None]) -> str:
    """`named` when the line ends at it, else the service it ends at, or "(nothing)"."""
    box = reach.get(named)
    if box is not None and min(box.distance(point) for point in points) <= REACH:
        return named
    end = points[0]
    near = [(b.distance(end), service) for service, b in reach.items() if b is not None]
    closest = min(near, default=(REACH + 1, ""))
    return closest[1] if closest[0] <= REACH else "(nothing)"


def _read_legend(
    legend: ET.Element, place: str, reading: Reading, colours: dict[str, dict[str, int]]
) -> None:
    """Each row: a line sample, the flow's step numbers in bold in its colour, its name. The
    legend lists the flows in step order, so the n-th row in a colour is the n-th flow (by
    first step) whose arrows are drawn in that colour: colours repeat after seven flows."""
    used: dict[str, int] = {}
    for number, (span, name, colour) in enumerate(_legend_rows(legend), start=1):
        if not span:
            continue  # "asynchronous step", "dashed link": no flow
        flows = sorted(colours.get(colour, {}), key=colours.get(colour, {}).__getitem__)
        index = used.get(colour, 0)
        used[colour] = index + 1
        row = f"{place} row {number}"
        if index >= len(flows):
            reading.flaws.append(_flaw(row, f'flow "{name}" is in a colour no step is drawn in'))
            continue
        reading.add(Shown("flow", flows[index], name, row, extra=span))


def _legend_rows(legend: ET.Element) -> list[tuple[str, str, str]]:
    rows: list[tuple[list[str], list[str], str]] = []
    for element in legend:
        if element.tag == f"{SVG_NS}polyline":
            rows.append(([], [], ""))
        elif element.tag == f"{SVG_NS}text" and rows:
            text = words("".join(element.itertext()))
            if element.get("font-weight") == "bold":
                rows[-1][0].append(text)
                rows[-1] = (rows[-1][0], rows[-1][1], (element.get("fill") or "").lower())
            else:
                rows[-1][1].append(text)
    return [(words(" ".join(span)), words(" ".join(name)), c) for span, name, c in rows]


def _place_in_groups(
    reading: Reading, nodes: list[tuple[str, Box | None, str]], boxes: dict[str, Box]
) -> None:
    """Each service in the smallest group box that holds it ("" for none)."""
    inside = {}
    for service, box, _place in nodes:
        holding = [(b.area, g) for g, b in boxes.items() if box is not None and b.holds(box)]
        inside[service] = min(holding)[1] if holding else ""
    reading.shown = [
        Shown(s.kind, s.key, s.text, s.place, inside=inside[s.key])
        if s.kind == "service" and s.key in inside
        else s
        for s in reading.shown
    ]
