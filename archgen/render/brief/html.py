"""The brief as one HTML document: self-contained for screens, or ready for WeasyPrint.

`medium="html"` inlines the diagram as <svg>, each service node a link to its section, with
screen.css; `medium="pdf"` embeds the diagram as data: URL images (WeasyPrint keeps them
vector) with print.css, and leaves out everything interactive: once when it fits a page at a
readable size, else one cropped copy a page (`archgen.render.brief.paper` plans which).
"""

from __future__ import annotations

import base64
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from markupsafe import Markup

from archgen.problems import ArchgenError
from archgen.render.brief.environment import brief_context, make_environment, render_template
from archgen.render.brief.groups import group_diagrams
from archgen.render.brief.paper import (
    MIN_TEXT_PT,
    OVERLAP_PT,
    Drawing,
    PaperPlan,
    Tile,
    plan_paper,
    read_drawing,
    tile_svg,
)
from archgen.resolve.view import RenderView
from archgen.resolve.views import FLOW_VIEW_PREFIX

Medium = Literal["html", "pdf"]
SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XLINK_HREF = f"{{{XLINK_NS}}}href"
SERVICE_NODE_PREFIX = "svc-"
LENGTH = re.compile(r"^\s*(-?[0-9.]+)\s*(?:px)?\s*$")


@dataclass(frozen=True)
class InlineDiagram:
    """The diagram ready to paste into the page, and where each service's icon sits in it
    (`icon_boxes[id]` is the viewBox that shows `<image id="icon-<id>">` alone), so service
    headings can show the icon with `<use>` without embedding it twice."""

    svg: Markup
    icon_boxes: dict[str, str] = field(default_factory=dict)


def render_html(
    view: RenderView,
    *,
    diagram_svg: bytes,
    view_svgs: Mapping[str, bytes] | None = None,
    medium: Medium = "html",
    template_dirs: Sequence[Path] = (),
    fingerprint: str = "",
    extra_head: Mapping[str, str] | None = None,
    model_file: str = "arch.yaml",
    page_size: str = "A4",
) -> str:
    """The brief as HTML text; `extra_head` adds <meta name=key content=value> tags;
    `page_size` is the paper the PDF medium lays the diagram out for; `view_svgs` holds each
    view's drawing by its id (`archgen.resolve.views`): the flows' own and a big model's
    groups, each drawn on its own."""
    view_svgs = view_svgs or {}
    context = brief_context(view, fingerprint=fingerprint, model_file=model_file)
    context["medium"] = medium
    context["extra_head"] = dict(extra_head or {})
    groups = group_diagrams(view, lambda view_id: _data_uri(view_svgs.get(view_id)))
    diagram = InlineDiagram(Markup(""))
    if medium == "html":
        figures = frozenset(group.id for group in groups)
        diagram = inline_diagram(diagram_svg, view, context["diagram_alt"], figures)
    context["diagram_svg"] = diagram.svg
    context["diagram_icons"] = diagram.icon_boxes
    printed = printed_diagram(diagram_svg, page_size) if medium == "pdf" else PrintedDiagram()
    context["diagram_print"] = printed
    context["diagram_uri"] = printed.parts[0].uri if printed.parts else ""
    context["diagram_scale"] = printed.scale
    printed_views = flows_printed(view, view_svgs, page_size) if medium == "pdf" else {}
    context["flow_views"] = flow_views(view, view_svgs, medium, diagram.icon_boxes, printed_views)
    context["flow_views_landscape"] = frozenset(
        flow_id for flow_id, how in printed_views.items() if how == "landscape"
    )
    context["group_diagrams"] = groups
    return render_template(make_environment(template_dirs), "brief.html.j2", context)


def _data_uri(svg: bytes | None) -> str | None:
    return svg_data_uri(svg) if svg is not None else None


@dataclass(frozen=True)
class PrintedPart:
    """One page's part of the printed diagram: its SVG and its size on paper."""

    uri: str
    width: str  # a CSS length in points
    height: str
    place: str = ""  # where it sits in the whole: "band 1 of 2 from the top"


def flow_views(
    view: RenderView,
    svgs: Mapping[str, bytes],
    medium: Medium,
    icon_boxes: Mapping[str, str],
    printed: Mapping[str, str | None] | None = None,
) -> dict[str, Markup | str]:
    """Each flow's own view, by flow id: inline <svg> for screens (its icons drawn from the
    overview's, not embedded again), a data: URL for print when it prints whole with its text
    at the overview's least size (`printed`, from `flows_printed`; else the brief points to
    its file)."""
    found: dict[str, Markup | str] = {}
    for flow in view.flows:
        svg = svgs.get(FLOW_VIEW_PREFIX + flow.id)
        if svg is None:
            continue
        if medium == "pdf":
            if (printed or {}).get(flow.id) is not None:
                found[flow.id] = svg_data_uri(svg)
            continue
        found[flow.id] = inline_flow_view(svg, view, flow.id, icon_boxes)
    return found


def flows_printed(
    view: RenderView, svgs: Mapping[str, bytes], page_size: str
) -> dict[str, str | None]:
    """How each drawn flow view prints (`printed_whole`), by flow id: each planned once."""
    return {
        flow.id: printed_whole(svgs[FLOW_VIEW_PREFIX + flow.id], page_size)
        for flow in view.flows
        if FLOW_VIEW_PREFIX + flow.id in svgs
    }


def printed_whole(svg: bytes, page_size: str) -> str | None:
    """How a flow's view prints whole with its text at 8 pt or more: "inline" in its section,
    "landscape" on a landscape page of its own, or None when neither holds it."""
    plan = plan_paper(svg, page_size)
    if plan.layout == "inline":
        return "inline"
    if plan.layout == "pages" and plan.pages_needed == 1:
        return "landscape" if plan.landscape else "inline"
    return None


def inline_flow_view(
    svg: bytes, view: RenderView, flow_id: str, icon_boxes: Mapping[str, str]
) -> Markup:
    """A flow's view as an <svg> element for the page, linked as the overview is; each
    icon is a `<use>` of the overview's own (`icon_boxes`), and every id is prefixed with
    `view-<flow id>-`, unique in the page."""
    try:
        root = ET.fromstring(svg)
    except ET.ParseError as error:
        raise ArchgenError(f"the view SVG of flow '{flow_id}' cannot be read: {error}") from error
    targets = diagram_link_targets(view)
    parents = {child: parent for parent in root.iter() for child in parent}
    for node in list(root.iter(f"{{{SVG_NS}}}g")):
        node_id = node.get("id", "")
        if node_id in targets:
            link_node(node, parents[node], *targets[node_id])
        service_id = node_id.removeprefix(SERVICE_NODE_PREFIX)
        if service_id != node_id and service_id in icon_boxes:
            use_overview_icon(node, service_id, icon_boxes[service_id])
    drop_unused_icons(root)
    prefix_ids(root, f"view-{flow_id}-")
    if root.get("role") == "img":
        del root.attrib["role"]
    root.set("class", " ".join(filter(None, (root.get("class"), "flow-view-svg"))))
    return Markup(serialise_svg(root))


def use_overview_icon(node: ET.Element, service_id: str, box: str) -> None:
    """Put a `<use>` of the overview's icon where the node draws its own."""
    for parent in node.iter():
        for child in list(parent):
            if child.tag not in (f"{{{SVG_NS}}}image", f"{{{SVG_NS}}}use"):
                continue
            place = {name: child.get(name, "") for name in ("x", "y", "width", "height")}
            if child.tag.endswith("use"):  # a shared icon: its size is in its <defs> image
                place.update(width=box.split()[2], height=box.split()[3])
            frame = ET.Element(f"{{{SVG_NS}}}svg", {**place, "viewBox": box})
            ET.SubElement(frame, f"{{{SVG_NS}}}use", {"href": f"#icon-{service_id}"})
            frame.tail = child.tail
            parent.insert(list(parent).index(child), frame)
            parent.remove(child)
            return


def drop_unused_icons(root: ET.Element) -> None:
    """Remove the `<defs>` icons no `<use>` points at any more."""
    used = {use.get(XLINK_HREF) or use.get("href") for use in root.iter(f"{{{SVG_NS}}}use")}
    for defs in root.iterfind(f"{{{SVG_NS}}}defs"):
        for image in list(defs):
            if f"#{image.get('id')}" not in used:
                defs.remove(image)


def prefix_ids(root: ET.Element, prefix: str) -> None:
    """Every id of the SVG, and every reference to one inside it, with `prefix` added."""
    ids = {element.get("id") for element in root.iter() if element.get("id")}
    for element in root.iter():
        if element.get("id"):
            element.set("id", prefix + element.get("id", ""))
        for name in (XLINK_HREF, "href"):
            target = element.get(name, "")
            if target.startswith("#") and target[1:] in ids:
                element.set(name, f"#{prefix}{target[1:]}")
        labelled = element.get("aria-labelledby")
        if labelled:
            element.set("aria-labelledby", " ".join(prefix + part for part in labelled.split()))


@dataclass(frozen=True)
class PrintedDiagram:
    """The diagram as the PDF shows it (`archgen.render.brief.paper`), for the template:
    `layout` is inline, pages, shrunk or omitted."""

    layout: str = "inline"
    parts: tuple[PrintedPart, ...] = ()
    landscape: bool = False
    scale: float = 1.0
    smallest_pt: float = 0.0
    pages_needed: int = 1
    overlap_pt: float = OVERLAP_PT
    min_text_pt: float = MIN_TEXT_PT


def printed_diagram(svg: bytes, page_size: str) -> PrintedDiagram:
    """The diagram laid out for `page_size` paper: its parts' SVGs, sizes and places."""
    plan = plan_paper(svg, page_size)
    drawing = read_drawing(svg)
    parts: tuple[PrintedPart, ...] = ()
    if plan.layout != "omitted" and drawing is not None:
        parts = tuple(printed_part(svg, drawing, plan, tile) for tile in plan.tiles)
    elif plan.layout != "omitted":  # a size it cannot read: as it is, the page fits it
        parts = (PrintedPart(svg_data_uri(svg), "auto", "auto"),)
    return PrintedDiagram(
        plan.layout, parts, plan.landscape, plan.scale, plan.smallest_pt, plan.pages_needed
    )


def printed_part(svg: bytes, drawing: Drawing, plan: PaperPlan, tile: Tile) -> PrintedPart:
    uri = svg_data_uri(tile_svg(svg, tile, drawing))
    width, height = (f"{length * plan.scale:.2f}pt" for length in (tile.width, tile.height))
    return PrintedPart(uri, width, height, tile_place(tile, plan))


def tile_place(tile: Tile, plan: PaperPlan) -> str:
    """Where a tile sits in the whole drawing, in words."""
    if plan.rows * plan.columns == 1:
        return ""
    if plan.columns == 1:
        return f"band {tile.row} of {plan.rows} from the top"
    if plan.rows == 1:
        return f"band {tile.column} of {plan.columns} from the left"
    return f"row {tile.row} of {plan.rows}, column {tile.column} of {plan.columns}"


def svg_data_uri(svg: bytes) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def inline_diagram(
    svg: bytes, view: RenderView, alt: str = "", figures: frozenset[str] = frozenset()
) -> InlineDiagram:
    """The diagram as an <svg> element for the page: no XML declaration or doctype; every
    service node (`<g id="svc-<id>">`) links to its section and every numbered step
    (`<g id="step-<n>">`) to its place in the walk-through."""
    try:
        root = ET.fromstring(svg)
    except ET.ParseError as error:
        raise ArchgenError(f"the diagram SVG cannot be read: {error}") from error
    targets = diagram_link_targets(view, figures)
    parents = {child: parent for parent in root.iter() for child in parent}
    icon_boxes = {}
    shared = shared_icons(root)
    for node in list(root.iter(f"{{{SVG_NS}}}g")):
        node_id = node.get("id", "")
        if node_id not in targets:
            continue
        link_node(node, parents[node], *targets[node_id])
        service_id = node_id.removeprefix(SERVICE_NODE_PREFIX)
        box = mark_icon(node, service_id, shared) if service_id != node_id else None
        if box:
            icon_boxes[service_id] = box
    if root.get("role") == "img":  # an image role would hide the links inside from readers
        del root.attrib["role"]
    if alt and not root.get("aria-labelledby"):
        root.set("aria-label", alt)
    root.set("class", " ".join(filter(None, (root.get("class"), "diagram-svg"))))
    return InlineDiagram(Markup(serialise_svg(root)), icon_boxes)


def mark_icon(node: ET.Element, service_id: str, shared: Mapping[str, ET.Element]) -> str | None:
    """Give a service node's icon an id (`icon-<id>`) and return the viewBox framing it.

    The icon is an `<image>`, or a `<use>` of an icon the diagram draws more than once
    (`shared`: the `<defs>` images by `#id`), which takes its size from that image.
    """
    icon = node.find(f".//{{{SVG_NS}}}image")
    sized = icon
    if icon is None:
        icon = node.find(f".//{{{SVG_NS}}}use")
        sized = shared.get((icon.get(XLINK_HREF) or "") if icon is not None else "")
    if icon is None or sized is None or icon.get("id") or icon.get("transform"):
        return None
    numbers = [LENGTH.match(icon.get(name, "")) for name in ("x", "y")]
    numbers += [LENGTH.match(sized.get(name, "")) for name in ("width", "height")]
    if not all(numbers):
        return None
    icon.set("id", f"icon-{service_id}")
    return " ".join(match.group(1) for match in numbers if match)


def shared_icons(root: ET.Element) -> dict[str, ET.Element]:
    """The icons kept once in `<defs>` for every `<use>` of them, by `#id`."""
    defined = root.iterfind(f"{{{SVG_NS}}}defs/{{{SVG_NS}}}image")
    return {f"#{image.get('id')}": image for image in defined if image.get("id")}


def diagram_link_targets(
    view: RenderView, figures: frozenset[str] = frozenset()
) -> dict[str, tuple[str, str, str]]:
    """Diagram element id → (href, class, accessible label) of the link it becomes; `figures`
    are the groups the brief draws on their own."""
    targets = {
        f"{SERVICE_NODE_PREFIX}{s.id}": (f"#service-{s.id}", "service-link", f"{s.name}: details")
        for s in view.services
    }
    for step in view.steps:
        label = f"Step {step.number}: {step.label}"
        targets[f"step-{step.number}"] = (f"#step-detail-{step.number}", "step-link", label)
    return {**targets, **group_node_targets(view, figures)}


Targets = dict[str, tuple[str, str, str]]  # element id → (href, class, accessible label)


def group_node_targets(view: RenderView, figures: frozenset[str]) -> Targets:
    """A big model's overview draws groups as single nodes: each links to the group's own
    figure among `figures` (an outer group, to its first inner group's)."""
    from archgen.resolve.collapse import NODE_SUFFIX, overview

    targets: Targets = {}
    for node in overview(view).services if figures else ():
        group_id = node.id.removesuffix(NODE_SUFFIX)
        inner = [group_id, *_groups_within(view, group_id)] if group_id != node.id else []
        shown = next((g for g in inner if g in figures), None)
        if shown is not None:
            label = f"{view.group(group_id).label}: its services, drawn on their own"
            targets[SERVICE_NODE_PREFIX + node.id] = (f"#fig-group-{shown}", "group-link", label)
    return targets


def _groups_within(view: RenderView, group_id: str) -> list[str]:
    found = []
    for child in view.group(group_id).child_ids:
        found += [child, *_groups_within(view, child)]
    return found


def link_node(node: ET.Element, parent: ET.Element, href: str, kind: str, label: str) -> None:
    """Make a node a link: Graphviz's tooltip <a> inside it gets the href, else the node is
    wrapped in a new <a>; a node that already links somewhere is left alone."""
    anchors = list(node.iter(f"{{{SVG_NS}}}a"))
    if any(a.get("href") or a.get(f"{{{XLINK_NS}}}href") for a in anchors):
        return
    attributes = {"href": href, "class": kind, "aria-label": label}
    if anchors:
        anchors[0].attrib.update(attributes)
        return
    link = ET.Element(f"{{{SVG_NS}}}a", attributes)
    index = list(parent).index(node)
    parent.remove(node)
    link.tail, node.tail = node.tail, None
    link.append(node)
    parent.insert(index, link)


def serialise_svg(root: ET.Element) -> str:
    """The SVG as text with SVG as the default namespace and `xlink:` for XLink, whatever
    prefixes other code registered in ElementTree's global registry (WeasyPrint registers its
    own when imported, which would turn every tag into `ns0:svg`)."""
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", XLINK_NS)
    return ET.tostring(root, encoding="unicode")
