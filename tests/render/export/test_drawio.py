"""diagram.drawio: an mxfile whose every service is a vertex inside its container, every group a
container inside its parent, every step and link an edge between the right services."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

import pytest

from archgen.render.diagram import render_diagram
from archgen.render.export.drawio import build_drawio, group_cell_id, service_cell_id
from archgen.render.export.layout import Box, Layout, read_layout
from archgen.resolve.view import RenderView
from tests.conftest import EXAMPLE_MODEL
from tests.models import view_from_data, view_from_yaml
from tests.render.export.hostile import hostile_model


@dataclass(frozen=True)
class Cell:
    id: str
    value: str
    style: str
    parent: str
    vertex: bool
    edge: bool
    source: str | None
    target: str | None
    box: Box | None
    points: list[tuple[float, float]]


def read_cells(xml: str) -> dict[str, Cell]:
    """Every mxCell of an mxfile, checked to sit in one diagram's mxGraphModel root."""
    mxfile = ET.fromstring(xml)
    assert mxfile.tag == "mxfile"
    (diagram,) = mxfile.findall("diagram")
    (model,) = diagram.findall("mxGraphModel")
    (root,) = model.findall("root")
    cells = {}
    for element in root:
        assert element.tag == "mxCell"
        geometry = element.find("mxGeometry")
        box = None
        if geometry is not None and geometry.get("relative") != "1":
            box = Box(*(float(geometry.get(k, "0")) for k in ("x", "y", "width", "height")))
        points = [
            (float(p.get("x", "0")), float(p.get("y", "0")))
            for p in element.iterfind("mxGeometry/Array/mxPoint")
        ]
        cell = Cell(
            element.get("id", ""),
            element.get("value", ""),
            element.get("style", ""),
            element.get("parent", ""),
            element.get("vertex") == "1",
            element.get("edge") == "1",
            element.get("source"),
            element.get("target"),
            box,
            points,
        )
        assert cell.id not in cells, f"two cells {cell.id}"
        cells[cell.id] = cell
    return cells


def assert_draws(view: RenderView, cells: dict[str, Cell]) -> None:
    assert {"0", "1"} <= set(cells) and cells["1"].parent == "0"
    for group in view.groups:
        cell = cells[group_cell_id(group.id)]
        assert cell.vertex and cell.value == group.label and "container=1;" in cell.style
        parent = group_cell_id(group.parent_id) if group.parent_id else "1"
        assert cell.parent == parent
        assert_inside(cell, cells)
    for service in view.services:
        cell = cells[service_cell_id(service.id)]
        assert cell.vertex and cell.value == service.name
        assert cell.parent == (group_cell_id(service.group_id) if service.group_id else "1")
        assert cell.box is not None and cell.box.width > 0 and cell.box.height > 0
        assert_inside(cell, cells)
    edges = {c.id: c for c in cells.values() if c.edge}
    assert len(edges) == len(view.steps) + len(view.links)
    for step in view.steps:
        edge = edges[f"step-{step.number}"]
        assert (edge.source, edge.target) == (
            service_cell_id(step.source),
            service_cell_id(step.target),
        )
        assert edge.value == f"{step.number}. {step.label}"
        assert f"strokeColor={step.colour};" in edge.style
        assert ("dashed=1;" in edge.style) == (step.mode == "async")
    for index, link in enumerate(view.links, start=1):
        edge = edges[f"link-{index}"]
        assert (edge.source, edge.target) == (
            service_cell_id(link.source),
            service_cell_id(link.target),
        )
        assert edge.value == (link.label or "")


def assert_inside(cell: Cell, cells: dict[str, Cell]) -> None:
    """A child's geometry is relative to its container and lies within it."""
    assert cell.box is not None
    if cell.parent == "1":
        assert cell.box.x >= 0 and cell.box.y >= 0
        return
    parent = cells[cell.parent].box
    assert parent is not None
    inside = Box(0, 0, parent.width, parent.height)
    assert inside.contains(cell.box), f"{cell.id} {cell.box} leaves {cell.parent} {parent}"


def grid_layout(view: RenderView) -> Layout:
    """A made-up layout: each group a box around its children, nested, services in a row."""
    icons: dict[str, Box] = {}
    groups: dict[str, Box] = {}

    def place(group_id: str, x: float, y: float) -> Box:
        group = view.group(group_id)
        inner_x, height = x + 10, 90.0
        for child in group.child_ids:
            box = place(child, inner_x, y + 30)
            inner_x, height = box.x + box.width + 10, max(height, box.height + 40)
        for service_id in group.service_ids:
            icons[service_id] = Box(inner_x, y + 30, 48, 48)
            inner_x += 60
        groups[group_id] = Box(x, y, max(inner_x - x, 60), height)
        return groups[group_id]

    x = 0.0
    for service in view.ungrouped_services:
        icons[service.id] = Box(x + 5, 70, 48, 48)
        x += 60
    for root in view.root_groups:
        x = place(root.id, x, 60).x + groups[root.id].width + 20
    return Layout(x, 400, icons, groups, {})


@pytest.mark.parametrize("model", ["example", "hostile"])
def test_every_cell_and_geometry_on_a_made_up_layout(model: str) -> None:
    view = view_from_yaml(EXAMPLE_MODEL) if model == "example" else view_from_data(hostile_model())
    assert_draws(view, read_cells(build_drawio(view, grid_layout(view))))


def test_aws_icons_and_boundaries_use_the_aws4_library() -> None:
    view = view_from_yaml(EXAMPLE_MODEL)
    cells = read_cells(build_drawio(view, grid_layout(view)))
    assert "resIcon=mxgraph.aws4.cloudfront;" in cells["svc-cloudfront"].style
    assert "grIcon=mxgraph.aws4.group_aws_cloud_alt;" in cells["grp-aws-cloud"].style


def test_a_service_missing_from_the_drawing_is_an_error_not_a_guess() -> None:
    view = view_from_yaml(EXAMPLE_MODEL)
    layout = grid_layout(view)
    del layout.icons["cloudfront"]
    with pytest.raises(ValueError, match="cloudfront"):
        build_drawio(view, layout)


@pytest.mark.slow
@pytest.mark.parametrize("model", ["example", "hostile"])
def test_positions_come_from_archgens_own_graphviz_layout(model: str) -> None:
    view = view_from_yaml(EXAMPLE_MODEL) if model == "example" else view_from_data(hostile_model())
    layout = read_layout(render_diagram(view, formats=["svg"]).files["svg"])
    assert set(layout.icons) == {s.id for s in view.services}
    assert set(layout.groups) == {g.id for g in view.groups}
    for service in view.services:
        if service.group_id:
            assert layout.groups[service.group_id].contains(layout.icons[service.id])
    cells = read_cells(build_drawio(view, layout))
    assert_draws(view, cells)
    first = view.services[0]
    icon = layout.icons[first.id]
    box = cells[service_cell_id(first.id)].box
    parent = layout.groups[first.group_id] if first.group_id else Box(0, 0, 0, 0)
    assert box == Box(
        round(icon.x - parent.x, 2), round(icon.y - parent.y, 2), icon.width, icon.height
    )
    bent = [c for c in cells.values() if c.edge and c.points]
    assert bent, "the edges follow the drawn lines"
