"""Make Graphviz's SVG self-contained, accessible and free of local paths.

Icons become `data:` URIs (Chromium shows no linked images in an SVG used through `<img>`, and a
brief must not depend on site-packages paths); comments go (they name the generator and the
graph); `<title>` and `<desc>` describe the diagram for screen readers.
"""

from __future__ import annotations

import base64
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from pathlib import Path

from archgen.render.diagram.dot import service_tooltip, shown_tooltip, tooltip_mark
from archgen.resolve.view import RenderView

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XLINK_HREF = "xlink:href"  # names are plain once the namespaces are taken off (`local_names`)
HREF_ATTRS = (XLINK_HREF, "href")
MIME_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}
TITLE_ID = "diagram-title"
ICON_ID_PREFIX = "diagram-icon-"
DESC_ID = "diagram-desc"
_PREFIXES = {SVG_NS: "", XLINK_NS: "xlink:", "http://www.w3.org/XML/1998/namespace": "xml:"}


def finish_svg(svg: bytes, *, icons: Mapping[str, Path], title: str, description: str) -> bytes:
    """Graphviz's SVG with icons inlined, outside references removed and a title added.

    `icons` maps each image reference in the SVG (as written in the DOT) to its file.
    """
    root = local_names(parse_svg(svg))
    inline_images(root, icons)
    drop_outside_references(root)
    add_title(root, title, description)
    text = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n' + text + "\n").encode()


def fill_tooltips(svg: bytes, view: RenderView) -> bytes:
    """The SVG of a marked DOT (`build_dot(marked=True)`) with each service's tooltip written
    in place of its mark, escaped as the rest of the SVG is: the same bytes as if Graphviz had
    been given the texts."""
    for service in view.services:
        mark = f'xlink:title="{tooltip_mark(service)}"'.encode()
        text = shown_tooltip(service_tooltip(service))
        shown = xml_attribute(text).encode("utf-8")
        svg = svg.replace(mark, b'xlink:title="' + shown + b'"')
    return svg


def xml_attribute(text: str) -> str:
    """`text` in a double-quoted attribute, escaped as ElementTree writes it."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return escaped.replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#09;")


class NotSvg(ValueError):
    """Bytes that are no well-formed SVG document; the message says what they are instead."""


def parse_svg(svg: bytes) -> ET.Element:
    """The root of an SVG document, or NotSvg saying why there is none: Graphviz can exit 0
    having written nothing, or half a file."""
    if not svg.strip():
        raise NotSvg("is empty")
    try:
        root = ET.fromstring(svg)
    except ET.ParseError as error:
        raise NotSvg(f"is not well-formed XML ({error})") from None
    if root.tag != f"{{{SVG_NS}}}svg":
        raise NotSvg(f"is a <{_local(root.tag)}> document, not an SVG")
    return root


def local_names(root: ET.Element) -> ET.Element:
    """Write names as Graphviz did (`svg`, `xlink:href`) and declare both namespaces on the
    root, so serialising needs no process-wide `ET.register_namespace`."""
    for element in root.iter():
        element.tag = _local(element.tag)
        element.attrib = {_local(name): value for name, value in element.attrib.items()}
    root.attrib = {"xmlns": SVG_NS, "xmlns:xlink": XLINK_NS, **root.attrib}
    return root


def _local(name: str) -> str:
    if not name.startswith("{"):
        return name
    namespace, _, local = name[1:].partition("}")
    return _PREFIXES.get(namespace, "") + local


def inline_images(root: ET.Element, icons: Mapping[str, Path]) -> None:
    """Point every `<image>` at a data: URI of its file; images of unknown files are removed.

    An icon drawn more than once at one size is stored once, in `<defs>`, and each drawing
    becomes a `<use>` of it: a thousand services with a dozen icon kinds would otherwise repeat
    the same kilobytes a thousand times.
    """
    drawn: list[tuple[ET.Element, ET.Element, str]] = []
    for parent in list(root.iter()):
        for image in parent.findall("image"):
            reference = image.get(XLINK_HREF) or image.get("href") or ""
            if reference in icons:
                drawn.append((parent, image, reference))
            else:
                parent.remove(image)
    uris = {reference: data_uri(icons[reference]) for reference in {r for _, _, r in drawn}}
    shared = _shared_icons(drawn)
    defs: dict[tuple[str, ...], str] = {}
    for parent, image, reference in drawn:
        image.attrib.pop("href", None)
        key = _icon_key(image, reference)
        if key not in shared:
            image.set(XLINK_HREF, uris[reference])
            continue
        if key not in defs:
            defs[key] = _define_icon(root, image, uris[reference], len(defs) + 1)
        _replace_with_use(parent, image, defs[key])


def _icon_key(image: ET.Element, reference: str) -> tuple[str, ...]:
    sizing = ("width", "height", "preserveAspectRatio")
    return (reference, *(image.get(name, "") for name in sizing))


def _shared_icons(drawn: list[tuple[ET.Element, ET.Element, str]]) -> set[tuple[str, ...]]:
    seen: set[tuple[str, ...]] = set()
    shared: set[tuple[str, ...]] = set()
    for _, image, reference in drawn:
        key = _icon_key(image, reference)
        (shared if key in seen else seen).add(key)
    return shared


def _define_icon(root: ET.Element, image: ET.Element, uri: str, number: int) -> str:
    """A copy of `image` at the origin, inside the root's `<defs>`; returns its id."""
    defs = root.find("defs")
    if defs is None:
        defs = ET.Element("defs")
        root.insert(0, defs)
    icon_id = f"{ICON_ID_PREFIX}{number}"
    kept = {k: v for k, v in image.attrib.items() if k not in ("x", "y", XLINK_HREF)}
    ET.SubElement(defs, "image", {"id": icon_id, **kept, XLINK_HREF: uri})
    return icon_id


def _replace_with_use(parent: ET.Element, image: ET.Element, icon_id: str) -> None:
    position = {name: image.get(name, "0") for name in ("x", "y")}
    use = ET.Element("use", {XLINK_HREF: f"#{icon_id}", **position})
    use.tail = image.tail
    index = list(parent).index(image)
    parent.remove(image)
    parent.insert(index, use)


def data_uri(path: Path) -> str:
    mime = MIME_TYPES.get(path.suffix.lower(), "image/png")
    return f"data:{mime};base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def drop_outside_references(root: ET.Element) -> None:
    """Remove every link that is neither a data: URI nor a fragment of this document."""
    for element in root.iter():
        for name in HREF_ATTRS:
            value = element.get(name)
            if value is not None and not value.startswith(("data:", "#")):
                del element.attrib[name]


def add_title(root: ET.Element, title: str, description: str) -> None:
    """`<title>` and `<desc>` as the first children of the root, named by aria-labelledby."""
    title_element = ET.Element("title", {"id": TITLE_ID})
    title_element.text = title
    desc_element = ET.Element("desc", {"id": DESC_ID})
    desc_element.text = description
    title_element.tail = desc_element.tail = "\n"
    root.insert(0, title_element)
    root.insert(1, desc_element)
    root.set("role", "img")
    root.set("aria-labelledby", f"{TITLE_ID} {DESC_ID}")
    root.text = "\n"


def describe(view: RenderView) -> str:
    """One paragraph saying what the diagram shows, for `<desc>` and screen readers."""
    services, groups = len(view.services), len(view.groups)
    text = f"Architecture diagram of {view.project.title}: {_count(services, 'service')}"
    if groups:
        text += f" in {_count(groups, 'group')}"
    flows = [
        f"{flow.name} ({_steps(flow.steps[0].number, flow.steps[-1].number)})"
        for flow in view.flows
    ]
    if flows:
        text += "; flows: " + ", ".join(flows)
    if view.links:
        text += f"; {_count(len(view.links), 'relationship')}"
    return text + "."


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _steps(first: int, last: int) -> str:
    return f"step {first}" if first == last else f"steps {first}–{last}"


DRAWING_ELEMENTS = frozenset(
    {"svg", "g", "title", "desc", "a", "path", "polygon", "polyline", "ellipse", "text", "image"}
    | {"defs", "use"}
)


def is_plain_drawing(svg: bytes) -> bool:
    """Whether `svg` holds nothing but what `finish_svg` makes of Graphviz's drawing: shapes,
    text and inlined images; no scripts, styles, event handlers or outside references."""
    try:
        root = ET.fromstring(svg)
    except ET.ParseError:
        return False
    for element in root.iter():
        if _local(element.tag) not in DRAWING_ELEMENTS:
            return False
        for name, value in element.attrib.items():
            name = _local(name)
            if name.startswith("on") or name == "style":
                return False
            allowed = ("data:image/png;", "data:image/jpeg;", f"#{ICON_ID_PREFIX}")
            if name in HREF_ATTRS and not value.startswith(allowed):
                return False
    return True
