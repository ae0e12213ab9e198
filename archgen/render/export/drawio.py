"""diagram.drawio: the diagram as an editable draw.io (diagrams.net) file.

Every service is a vertex drawn with draw.io's AWS 2021+ shape for its icon kind (`aws4`), placed
where archgen's own Graphviz layout put its icon (read from the diagram's SVG, `layout`); every
group is a container with its boundary's look (AWS Cloud, Region, VPC, subnets, ...) holding its
child groups and services, so moving a group in draw.io moves what it holds. Each flow step is
an edge labelled with its number, in its flow's colour (dashed when asynchronous), bent through
the points of the drawn line; links are grey edges in their line style.

The XML is built with ElementTree: model text only ever becomes attribute values, escaped by the
serialiser, and labels are plain text (`html=0`), so markup in a name shows as typed.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from archgen.model.schema import Link
from archgen.render.diagram import styles
from archgen.render.export import aws4
from archgen.render.export.layout import Box, Layout, read_layout
from archgen.render.rendering import Rendering
from archgen.resolve.view import GroupView, NumberedStep, RenderView, ServiceView

ROOT_ID = "1"  # draw.io's default layer, the parent of every top-level cell
TITLE_HEIGHT = 56.0  # the title and subtitle Graphviz writes above the groups
LINE_STYLES = {"solid": "dashed=0;", "dashed": "dashed=1;", "dotted": "dashed=1;dashPattern=1 3;"}
ARROWS = {
    "forward": "startArrow=none;endArrow=block;",
    "back": "startArrow=block;endArrow=none;",
    "both": "startArrow=block;endArrow=block;",
    "none": "startArrow=none;endArrow=none;",
}


def drawio_file(rendering: Rendering) -> bytes:
    """diagram.drawio, as `archgen.outputs` names it (sealed by the caller)."""
    return build_drawio(rendering.view, read_layout(rendering.svg())).encode("utf-8")


def build_drawio(view: RenderView, layout: Layout) -> str:
    """The whole diagram as an `mxfile` document."""
    mxfile = ET.Element("mxfile", host="archgen", type="device")
    diagram = ET.SubElement(mxfile, "diagram", {"id": "architecture", "name": view.project.title})
    model = ET.SubElement(diagram, "mxGraphModel", _page_attributes(layout))
    root = ET.SubElement(model, "root")
    _cell(root, {"id": "0"})
    _cell(root, {"id": ROOT_ID, "parent": "0"})
    _title_cell(root, view, layout)
    for group in view.groups:
        _group_cell(root, view, group, layout)
    for service in view.services:
        _service_cell(root, service, layout)
    for step in view.steps:
        _step_cell(root, step, layout)
    for index, link in enumerate(view.links, start=1):
        _link_cell(root, index, link, layout)
    ET.indent(mxfile)
    return ET.tostring(mxfile, encoding="unicode") + "\n"


def service_cell_id(model_id: str) -> str:
    return f"svc-{model_id}"


def group_cell_id(model_id: str) -> str:
    return f"grp-{model_id}"


def _page_attributes(layout: Layout) -> dict[str, str]:
    return {
        "grid": "1", "gridSize": "10", "guides": "1", "tooltips": "1", "connect": "1",
        "arrows": "1", "fold": "1", "page": "1", "pageScale": "1",
        "pageWidth": _number(layout.width), "pageHeight": _number(layout.height),
        "math": "0", "shadow": "0",
    }  # fmt: skip


def _title_cell(root: ET.Element, view: RenderView, layout: Layout) -> None:
    title = view.project.title
    style = (
        "text;html=0;align=center;verticalAlign=middle;fontSize=22;fontStyle=1;"
        f"fontColor={styles.TEXT_COLOUR};whiteSpace=wrap;"
    )
    value = f"{title}\n{view.project.subtitle}" if view.project.subtitle else title
    cell = _cell(
        root, {"id": "title", "value": value, "style": style, "vertex": "1", "parent": ROOT_ID}
    )
    _geometry(cell, Box(0.0, 0.0, layout.width, TITLE_HEIGHT))


def _group_cell(root: ET.Element, view: RenderView, group: GroupView, layout: Layout) -> None:
    box = layout.groups.get(group.id)
    if box is None:
        raise ValueError(f"the drawing has no box for group {group.id!r}")
    parent = layout.groups[group.parent_id] if group.parent_id else None
    cell = _cell(
        root,
        {
            "id": group_cell_id(group.id),
            "value": group.label,
            "style": aws4.group_style(group.kind),
            "vertex": "1",
            "parent": group_cell_id(group.parent_id) if group.parent_id else ROOT_ID,
        },
    )
    _geometry(cell, _relative(box, parent))


def _service_cell(root: ET.Element, service: ServiceView, layout: Layout) -> None:
    box = layout.icons.get(service.id)
    if box is None:
        raise ValueError(f"the drawing has no icon for service {service.id!r}")
    parent = layout.groups[service.group_id] if service.group_id else None
    cell = _cell(
        root,
        {
            "id": service_cell_id(service.id),
            "value": service.name,
            "style": aws4.service_style(service.icon),
            "vertex": "1",
            "parent": group_cell_id(service.group_id) if service.group_id else ROOT_ID,
        },
    )
    _geometry(cell, _relative(box, parent))


def _step_cell(root: ET.Element, step: NumberedStep, layout: Layout) -> None:
    dashes = "dashed=1;dashPattern=6 4;" if step.mode == "async" else "dashed=0;"
    style = (
        f"curved=1;html=0;endArrow=block;endFill=1;strokeWidth=2;strokeColor={step.colour};"
        f"fontColor={step.colour};fontSize=12;labelBackgroundColor=#FFFFFF;{dashes}"
    )
    _edge(root, f"step-{step.number}", f"{step.number}. {step.label}", style, step, layout)


def _link_cell(root: ET.Element, index: int, link: Link, layout: Layout) -> None:
    style = (
        f"curved=1;html=0;strokeColor={styles.LINK_COLOUR};fontColor={styles.LINK_TEXT_COLOUR};"
        f"fontSize=11;labelBackgroundColor=#FFFFFF;{LINE_STYLES[link.style.value]}"
        f"{ARROWS[link.direction.value]}"
    )
    _edge(root, f"link-{index}", link.label or "", style, link, layout)


def _edge(
    root: ET.Element,
    cell_id: str,
    value: str,
    style: str,
    ends: NumberedStep | Link,
    layout: Layout,
) -> None:
    cell = _cell(
        root,
        {
            "id": cell_id,
            "value": value,
            "style": style,
            "edge": "1",
            "parent": ROOT_ID,
            "source": service_cell_id(ends.source),
            "target": service_cell_id(ends.target),
        },
    )
    geometry = ET.SubElement(cell, "mxGeometry", {"relative": "1", "as": "geometry"})
    bends = layout.bends.get(cell_id, [])
    if bends:
        points = ET.SubElement(geometry, "Array", {"as": "points"})
        for x, y in bends:
            ET.SubElement(points, "mxPoint", {"x": _number(x), "y": _number(y)})


def _cell(root: ET.Element, attributes: dict[str, str]) -> ET.Element:
    """An mxCell: every value an attribute, escaped by the serialiser."""
    return ET.SubElement(root, "mxCell", attributes)


def _relative(box: Box, parent: Box | None) -> Box:
    """A box in its parent's coordinates: draw.io places a child from its container's corner."""
    if parent is None:
        return box
    return Box(box.x - parent.x, box.y - parent.y, box.width, box.height)


def _geometry(cell: ET.Element, box: Box) -> None:
    size = {"x": box.x, "y": box.y, "width": box.width, "height": box.height}
    ET.SubElement(
        cell,
        "mxGeometry",
        {**{key: _number(value) for key, value in size.items()}, "as": "geometry"},
    )


def _number(value: float) -> str:
    """Coordinates to a hundredth of a point, without trailing zeros: stable text."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text
