"""The rendered SVG read back: every service, group, step and link where the model puts it."""

from __future__ import annotations

import base64
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from archgen.icons.catalog import icon_file, load_catalog
from archgen.render.diagram import DiagramResult, build_dot, render_diagram
from archgen.resolve.view import RenderView
from tests.render.diagram.conftest import ViewFactory, small_model
from tests.render.diagram.svgtools import (
    SVG,
    XLINK_HREF,
    Drawing,
    classes,
    references,
    texts,
    title_of,
)


def assert_matches_view(svg: bytes, view: RenderView) -> None:
    """Each service, group, step and link of the view exactly once, in the right place."""
    drawing = Drawing(svg)
    for service in view.services:
        node = drawing.one(f"svc-{service.id}")
        assert {"node", "service"} <= classes(node)
        assert title_of(node) == service.id
    for group in view.groups:
        cluster = drawing.one(f"grp-{group.id}")
        assert {"cluster", "group", f"group-{group.kind.value}"} <= classes(cluster)
    for step in view.steps:
        edge = drawing.one(f"step-{step.number}")
        assert_between(edge, step.source, step.target)
        assert str(step.number) in texts(edge), f"step {step.number} has no number on its edge"
    for index, link in enumerate(view.links, start=1):
        assert_between(drawing.one(f"link-{index}"), link.source, link.target)
    assert len(drawing.ids("svc-")) == len(view.services)
    assert len(drawing.ids("grp-")) == len(view.groups)
    assert len(drawing.ids("step-")) == len(view.steps)
    assert len(drawing.ids("link-")) == len(view.links)


def assert_between(edge: ET.Element, source: str, target: str) -> None:
    """Graphviz titles an edge `tail->head:icon`, with `:icon` on the tail too when it carries
    an arrowhead (edges end on the icon's cell); a reversed edge is drawn head first, dir=back."""
    title = re.sub(r":icon\b", "", title_of(edge))
    assert ":icon" in title_of(edge).partition("->")[2]
    if "reversed" in classes(edge):
        assert title == f"{target}->{source}"
    else:
        assert title == f"{source}->{target}"


def assert_self_contained(svg: bytes) -> None:
    drawing = Drawing(svg)
    for reference in references(drawing.root):
        assert reference.startswith(("data:", "#")), reference
    values = [value for element in drawing.root.iter() for value in element.attrib.values()]
    assert not [v for v in values if v.startswith(("http:", "https:", "file:", "/"))]
    assert b"<!--" not in svg and b"<!DOCTYPE" not in svg


def test_example_has_every_service_group_step_and_link(
    example_view: RenderView, example_diagram: DiagramResult
) -> None:
    assert set(example_diagram.files) == {"svg", "png"}
    assert example_diagram.files["png"].startswith(b"\x89PNG\r\n\x1a\n")
    assert_matches_view(example_diagram.files["svg"], example_view)


def test_example_svg_is_self_contained(example_diagram: DiagramResult) -> None:
    assert_self_contained(example_diagram.files["svg"])
    images = list(Drawing(example_diagram.files["svg"]).root.iter(f"{SVG}image"))
    assert images and all(
        i.get(XLINK_HREF, "").startswith("data:image/png;base64,") for i in images
    )


def test_example_svg_has_title_description_and_legend(
    example_view: RenderView, example_diagram: DiagramResult
) -> None:
    root = Drawing(example_diagram.files["svg"]).root
    title, desc = root[0], root[1]
    assert (title.tag, title.text) == (f"{SVG}title", example_view.project.title)
    assert desc.tag == f"{SVG}desc"
    assert desc.text and f"{len(example_view.services)} services" in desc.text
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "diagram-title diagram-desc"
    assert root.get("viewBox") and root.get("width") and root.get("height")
    legend = Drawing(example_diagram.files["svg"]).one("legend")
    shown = " ".join(texts(legend))
    for flow in example_view.flows:
        assert flow.name in shown
        assert f"{flow.steps[0].number}–{flow.steps[-1].number}" in shown


def test_the_same_view_renders_the_same_bytes(example_view: RenderView) -> None:
    first, second = render_diagram(example_view), render_diagram(example_view)
    assert first.dot == second.dot
    assert first.files["svg"] == second.files["svg"]
    assert first.files["png"] == second.files["png"]


def test_small_model_with_opposite_steps(make_view: ViewFactory) -> None:
    flows = [
        {
            "id": "sync",
            "name": "Sync",
            "steps": [
                {"from": "api", "to": "db", "label": "write"},
                {"from": "db", "to": "api", "label": "ack"},
                {"from": "users", "to": "api", "label": "done", "mode": "async"},
            ],
        }
    ]
    view = make_view(small_model(flows=flows))
    result = render_diagram(view)
    assert_matches_view(result.files["svg"], view)
    assert "reversed" in classes(Drawing(result.files["svg"]).one("step-2"))


def test_groups_with_the_same_label_stay_two_clusters(make_view: ViewFactory) -> None:
    groups = [
        {"id": "east", "label": "Backend", "kind": "private-subnet"},
        {"id": "west", "label": "Backend", "kind": "private-subnet"},
    ]
    data = small_model(groups=groups)
    data["services"][1]["group"] = "east"
    data["services"][2]["group"] = "west"
    view = make_view(data)
    result = render_diagram(view, formats=["svg"])
    drawing = Drawing(result.files["svg"])
    assert texts(drawing.one("grp-east")) == ["Backend"] == texts(drawing.one("grp-west"))
    assert 'subgraph "cluster_east"' in result.dot and 'subgraph "cluster_west"' in result.dot


def test_custom_png_icon_is_inlined(make_view: ViewFactory, tmp_path: Path) -> None:
    kind = load_catalog().resolve("aws.compute.Lambda")
    assert kind is not None
    custom = tmp_path / "icons" / "my viewer (v2).png"
    custom.parent.mkdir()
    shutil.copyfile(icon_file(kind), custom)
    data = small_model()
    data["services"][0]["icon"] = "icons/my viewer (v2).png"
    view = make_view(data)
    assert view.services[0].icon_file == custom
    result = render_diagram(view, formats=["svg"])
    image = Drawing(result.files["svg"]).one("svc-users").find(f".//{SVG}image")
    assert image is not None
    expected = "data:image/png;base64," + base64.b64encode(custom.read_bytes()).decode()
    assert image.get(XLINK_HREF) == expected
    assert str(tmp_path) not in result.dot


@pytest.mark.parametrize("formats", [["svg"], ["png"], ("png", "svg")])
def test_only_the_formats_asked_for(make_view: ViewFactory, formats: list[str]) -> None:
    result = render_diagram(make_view(small_model()), formats=formats)
    assert set(result.files) == set(formats)


def test_unknown_format_is_refused(make_view: ViewFactory) -> None:
    with pytest.raises(ValueError, match="pdf"):
        render_diagram(make_view(small_model()), formats=["svg", "pdf"])


def test_top_to_bottom_direction(make_view: ViewFactory) -> None:
    view = make_view(small_model(diagram={"direction": "TB"}))
    assert 'rankdir="TB"' in build_dot(view)
    assert_matches_view(render_diagram(view, formats=["svg"]).files["svg"], view)
