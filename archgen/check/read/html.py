"""The HTML brief as its reader sees it: each section's heading, each step of a flow with its
number, its two services and its label, the diagram drawn in it, and where every link goes.

A section's id (`service-kms`, `req-security`) says which model entry it stands for; what is
compared is its heading as shown (without the section number). A step is read from its list
item: the number on its badge, the services its route links to, the text of its label.
Every in-page link must reach an element with that id; each service of the inline diagram
must link to its own section and each arrow to its own step.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from html.parser import HTMLParser

from archgen.check.read import Flaw, Kind, ReadContext, Reading, Shown, Unreadable, words
from archgen.check.read.svg import SVG_NS, read_drawing
from archgen.resolve.collapse import NODE_SUFFIX

SECTION_KINDS: dict[str, Kind] = {
    "service-": "service",
    "group-": "group",
    "flow-": "flow",
    "req-": "requirement",
    "tradeoff-": "tradeoff",
}
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
    | {"track", "wbr", "param"}
)
KINDS: frozenset[Kind] = frozenset({"service", "group", "flow", "step", "requirement", "tradeoff"})
DIAGRAM = re.compile(r"<svg\b[^>]*\bdiagram-svg\b.*?</svg>", re.S)


@dataclass
class _Open:
    """An element still open, and what reading it collects."""

    tag: str
    role: str = ""  # "section", "heading", "step", "number", "label", "route", "skip"
    kind: Kind | None = None
    key: str = ""
    line: int = 0
    text: list[str] = field(default_factory=list)
    done: bool = False  # a section whose heading was read
    hrefs: list[str] = field(default_factory=list)
    number: str = ""  # a step's badge
    label: str = ""  # a step's label


class _BriefReader(HTMLParser):
    def __init__(self, reading: Reading) -> None:
        super().__init__(convert_charrefs=True)
        self.reading = reading
        self.stack: list[_Open] = []
        self.ids: set[str] = set()
        self.links: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {key: value or "" for key, value in attrs}
        line = self.getpos()[0]
        if "id" in values:
            self.ids.add(values["id"])
        href = values.get("href", "")
        if tag == "a" and href.startswith("#"):
            self.links.append((line, href[1:]))
            step = self._innermost("route")
            if step is not None:
                step.hrefs.append(href[1:])
        if tag not in VOID:
            self.stack.append(self._open(tag, values, line))

    def _open(self, tag: str, values: dict[str, str], line: int) -> _Open:
        classes = values.get("class", "").split()
        element_id = values.get("id", "")
        if tag == "svg" or (tag == "span" and "num" in classes):
            return _Open(tag, "skip")
        if tag == "section":
            for prefix, kind in SECTION_KINDS.items():
                if element_id.startswith(prefix):
                    return _Open(tag, "section", kind, element_id.removeprefix(prefix), line)
        if tag in HEADINGS:
            section = self._innermost("section")
            if section is not None and not section.done:
                section.done = True
                return _Open(tag, "heading", section.kind, section.key, line)
        if tag == "li" and "data-step" in values:
            return _Open(tag, "step", "step", values["data-step"], line)
        if self._innermost("step") is not None:
            for name, role in (("step-number", "number"), ("step-label", "label")):
                if name in classes:
                    return _Open(tag, role)
            if "step-route" in classes:
                return _Open(tag, "route")
        return _Open(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID or all(item.tag != tag for item in self.stack):
            return
        while self.stack:
            item = self.stack.pop()
            self._close(item)
            if item.tag == tag:
                return

    def _close(self, item: _Open) -> None:
        if item.role == "heading" and item.kind is not None:
            text = words("".join(item.text))
            self.reading.add(Shown(item.kind, item.key, text, f"line {item.line}"))
        elif item.role in ("number", "label", "route"):
            step = self._innermost("step")
            if step is not None and item.role == "route":
                step.hrefs = item.hrefs
            elif step is not None:
                setattr(step, item.role, words("".join(item.text)))
        elif item.role == "step":
            self._close_step(item)

    def _close_step(self, item: _Open) -> None:
        number = item.number
        services = [h.removeprefix("service-") for h in item.hrefs if h.startswith("service-")]
        ends = (services[0], services[1]) if len(services) == 2 else None
        place = f"line {item.line}"
        if not number.isdigit():
            self.reading.flaws.append(Flaw(place, "a step of a flow shows no step number"))
            return
        self.reading.add(Shown("step", number, item.label, place, ends=ends))

    def handle_data(self, data: str) -> None:
        if self._inside("skip"):
            return
        for item in self.stack:
            if item.role in ("heading", "number", "label"):
                item.text.append(data)

    def _inside(self, role: str) -> bool:
        return any(item.role == role for item in self.stack)

    def _innermost(self, role: str) -> _Open | None:
        return next((item for item in reversed(self.stack) if item.role == role), None)


def read_html(data: bytes, context: ReadContext) -> Reading:
    """brief.html, as `archgen.outputs` names the reader: the brief and its diagram."""
    text = _decoded(data)
    reading = read_brief_html(text)
    _read_diagram(text, reading)
    return reading


def read_brief_html(text: str) -> Reading:
    """The brief's sections and steps, and every in-page link that reaches nothing."""
    reading = Reading(KINDS, brief=True)
    parser = _BriefReader(reading)
    parser.feed(text)
    parser.close()
    for line, target in parser.links:
        if target not in parser.ids:
            reading.flaws.append(Flaw(f"line {line}", f"a link to #{target} reaches nothing"))
    return reading


def _decoded(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise Unreadable(f"is not UTF-8 ({error})") from None


def _read_diagram(text: str, reading: Reading) -> None:
    """The diagram drawn inline: what it shows, and that its links go to the right place."""
    match = DIAGRAM.search(text)
    if match is None:
        reading.flaws.append(Flaw("", "shows no diagram"))
        return
    line = text.count("\n", 0, match.start()) + 1
    try:
        root = ET.fromstring(match.group())
    except ET.ParseError as error:
        reading.flaws.append(Flaw(f"line {line}", f"its diagram cannot be read ({error})"))
        return
    drawing = read_drawing(root, "diagram element ")
    drawing.flaws += _diagram_links(root)
    reading.parts.append(drawing)


def _group_node_link(node: ET.Element, element_id: str) -> list[Flaw]:
    """A group drawn as one node (a big model's overview) links to a group's own figure."""
    hrefs = [a.get("href", "") for a in node.iter(f"{SVG_NS}a") if a.get("href")]
    if hrefs and not hrefs[0].startswith("#fig-group-"):
        return [Flaw(f"diagram element {element_id}", f"links to {hrefs[0]}, not to a group")]
    return []


def _diagram_links(root: ET.Element) -> list[Flaw]:
    """Each service of the diagram links to its section, each arrow to its step."""
    flaws = []
    for group in root.iter(f"{SVG_NS}g"):
        element_id = group.get("id", "")
        if element_id.startswith("svc-") and element_id.endswith(NODE_SUFFIX):
            flaws += _group_node_link(group, element_id)
            continue
        if element_id.startswith("svc-"):
            wanted = "#service-" + element_id.removeprefix("svc-")
        elif element_id.startswith("step-"):
            texts = [words("".join(t.itertext())) for t in group.iter(f"{SVG_NS}text")]
            wanted = "#step-detail-" + next((t for t in texts if t), "")
        else:
            continue
        hrefs = [a.get("href", "") for a in group.iter(f"{SVG_NS}a") if a.get("href")]
        if hrefs and hrefs[0] != wanted:
            message = f"links to {hrefs[0]}, not to {wanted}"
            flaws.append(Flaw(f"diagram element {element_id}", message))
    return flaws
