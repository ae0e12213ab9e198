"""What real diagrams need drawn: blank placeholders, kept line breaks, colours and weights,
a legend of only what is drawn, layout hints, overlay groups, and a DOT that lays out alone."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from archgen.render.diagram import build_dot, render_diagram
from tests.render.diagram.conftest import ViewFactory, small_model
from tests.render.diagram.svgtools import SVG, Drawing, classes, texts


def model(**changes: Any) -> dict[str, Any]:
    data = small_model()
    for path, value in changes.items():
        section, index, key = path.split("__")
        data[section][int(index)][key] = value
    return data


def legend_rows(dot: str) -> list[tuple[str, str]]:
    """(line style, colour) of each line sample in the legend."""
    legend = next(line for line in dot.splitlines() if line.startswith('  "legend"'))
    return re.findall(r'STYLE="(\w+)" COLOR="(#[0-9A-Fa-f]{6})"', legend)


def legend_texts(dot: str) -> list[str]:
    """The text of each legend row without step numbers: what a line style stands for."""
    legend = next(line for line in dot.splitlines() if line.startswith('  "legend"'))
    return [
        " ".join(re.sub(r"<[^>]+>", " ", text).split())
        for number, text in re.findall(r'SIDES="B"[^>]*>(.*?)</TD><TD[^>]*>(.*?)</TD>', legend)
        if not number
    ]


def test_the_legend_tells_asynchronous_steps_from_dashed_links(make_view: ViewFactory) -> None:
    data = model(links__0__style="dashed")
    data["flows"][0]["steps"][1]["mode"] = "async"
    dot = build_dot(make_view(data))
    assert legend_texts(dot) == ["asynchronous step", "dashed link"]
    samples = re.findall(r'BORDER="(\d)" SIDES="B" STYLE="(\w+)" COLOR="(#\w+)"', dot)
    flow_colour = re.search(r'id="step-2".*? color="(#\w+)"', dot)
    assert flow_colour is not None
    # the step's dashes in its flow's colour and width, the link's in grey and thinner
    assert samples[-2:] == [("2", "dashed", flow_colour.group(1)), ("1", "dashed", "#7B8894")]
    assert flow_colour.group(1) != "#7B8894"


def test_a_blank_placeholder_draws_nothing_under_its_icon(make_view: ViewFactory) -> None:
    data = model(services__1__name="", services__1__icon="generic.blank.Blank")
    drawing = Drawing(render_diagram(make_view(data), formats=["svg"]).files["svg"])
    assert texts(drawing.one("svc-api")) == []


def test_the_legend_lists_only_the_link_styles_drawn(make_view: ViewFactory) -> None:
    solid = model(links__0__style="solid")
    assert legend_rows(build_dot(make_view(solid)))[-1:] == [("solid", "#7B8894")]
    assert legend_texts(build_dot(make_view(solid)))[-1:] == ["link"]
    dotted = legend_rows(build_dot(make_view(small_model())))
    assert [row for row in dotted if row[0] == "dotted"] == [("dotted", "#7B8894")]
    coloured = model(links__0__colour="firebrick", links__0__style="dashed")
    assert ("dashed", "#B22222") in legend_rows(build_dot(make_view(coloured)))
    assert ("dotted", "#7B8894") not in legend_rows(build_dot(make_view(coloured)))


def test_colours_reach_graphviz_as_hex_only(make_view: ViewFactory) -> None:
    data = small_model()
    data["flows"][0]["colour"] = "SteelBlue"
    data["flows"][0]["steps"][1]["colour"] = "#aa0000"
    data["links"][0]["colour"] = "firebrick"
    data["services"][1]["colour"] = "navy"
    data["groups"][0]["colour"] = "darkgreen"
    dot = build_dot(make_view(data))
    assert not re.search(r"(?i)steelblue|firebrick|navy|darkgreen", dot)
    assert 'id="step-1", class="step flow-read sync", ' in dot and 'color="#4682B4"' in dot
    assert 'color="#AA0000"' in dot and 'color="#B22222"' in dot
    assert '<FONT COLOR="#000080">API</FONT>' in dot
    assert 'color="#006400"' in dot


def test_weights_scale_the_pen_and_embolden_names(make_view: ViewFactory) -> None:
    data = model(links__0__weight="bold", services__1__weight="bold", groups__0__weight="light")
    data["flows"][0]["steps"][0]["weight"] = "light"
    dot = build_dot(make_view(data))
    assert re.search(r'id="link-1".*penwidth="1.98"', dot)
    assert re.search(r'id="step-1".*penwidth="1.08"', dot)
    assert "<B>API</B>" in dot
    assert re.search(r'id="grp-backend".*penwidth="0.9"', dot)


def test_edges_that_do_not_constrain_the_ranks(make_view: ViewFactory) -> None:
    data = model(links__0__constrain=False)
    data["flows"][0]["steps"][1]["constrain"] = False
    dot = build_dot(make_view(data))
    assert re.search(r'id="link-1".*constraint="false"', dot)
    assert re.search(r'id="step-2".*constraint="false"', dot)
    assert not re.search(r'id="step-1".*constraint', dot)


def nested_model(direction: str, arrange: str) -> dict[str, Any]:
    data = small_model()
    data["diagram"] = {"direction": direction}
    data["groups"] = [
        {"id": "cloud", "label": "Cloud", "kind": "aws-cloud", "arrange": arrange},
        {"id": "east", "label": "East", "kind": "region", "parent": "cloud"},
        {"id": "west", "label": "West", "kind": "region", "parent": "cloud"},
    ]
    data["services"][1]["group"] = "east"
    data["services"][2]["group"] = "west"
    return data


def test_children_in_a_row_along_the_direction_are_chained(make_view: ViewFactory) -> None:
    dot = build_dot(make_view(nested_model("LR", "row")))
    assert '"api" -> "db" [style=invis, class="arrange"];' in dot
    assert "arrange" not in build_dot(make_view(nested_model("LR", "column")))


def test_stacked_children_in_a_top_bottom_diagram(make_view: ViewFactory) -> None:
    data = nested_model("TB", "column")
    drawing = Drawing(render_diagram(make_view(data), formats=["svg"]).files["svg"])
    east, west = (box_of(drawing.one(f"grp-{g}")) for g in ("east", "west"))
    assert east[3] <= west[1]  # east's bottom above west's top: stacked


def test_a_border_service_comes_first_in_its_box(make_view: ViewFactory) -> None:
    data = model(services__2__border=True)
    dot = build_dot(make_view(data))
    assert '{rank=min; "db"}' in dot


def box_of(group: ET.Element) -> tuple[float, float, float, float]:
    """The bounding box (left, top, right, bottom) of a drawn group's outline."""
    shape = next((e for e in group.iter() if e.tag in (f"{SVG}polygon", f"{SVG}path")), None)
    assert shape is not None
    numbers = [float(n) for n in re.findall(r"-?[\d.]+", shape.get("points") or shape.get("d", ""))]
    xs, ys = numbers[0::2], numbers[1::2]
    return min(xs), min(ys), max(xs), max(ys)


def overlay_model() -> dict[str, Any]:
    data = small_model()
    data["groups"] = [
        {"id": "a", "label": "Subnet A", "kind": "private-subnet", "parent": "vpc"},
        {"id": "b", "label": "Subnet B", "kind": "private-subnet", "parent": "vpc"},
        {"id": "vpc", "label": "VPC", "kind": "vpc"},
        {
            "id": "asg",
            "label": 'ASG <b>"]; x',
            "kind": "auto-scaling-group",
            "members": ["api", "db"],
        },
    ]
    data["services"][1]["group"], data["services"][2]["group"] = "a", "b"
    return data


@pytest.mark.slow
def test_an_overlay_is_drawn_around_members_in_two_boxes(make_view: ViewFactory) -> None:
    view = make_view(overlay_model())
    result = render_diagram(view)
    drawing = Drawing(result.files["svg"])
    overlay = drawing.one("grp-asg")
    assert {"group", "group-overlay", "group-auto-scaling-group"} <= classes(overlay)
    assert texts(overlay) == ['ASG <b>"]; x']
    left, top, right, bottom = box_of(overlay)
    for member in ("api", "db"):
        m_left, m_top, m_right, m_bottom = box_of_node(drawing.one(f"svc-{member}"))
        assert left < m_left and right > m_right and top < m_top and bottom > m_bottom
    assert result.files["png"].startswith(b"\x89PNG")
    assert "// overlay asg (auto-scaling-group, default, normal) around api, db:" in result.dot


def box_of_node(node: ET.Element) -> tuple[float, float, float, float]:
    """A service's box: its icon image and its name's text positions."""
    image = next(node.iter(f"{SVG}image"))
    x, y = float(image.get("x", 0)), float(image.get("y", 0))
    width = float(image.get("width", "0").rstrip("px"))
    height = float(image.get("height", "0").rstrip("px"))
    return x, y, x + width, y + height


@pytest.mark.slow
def test_the_written_dot_lays_out_on_its_own(make_view: ViewFactory, tmp_path: Path) -> None:
    dot = render_diagram(make_view(overlay_model()), formats=["svg"]).dot
    assert "<IMG" not in dot and "// icon: aws.compute.Lambda" in dot
    (tmp_path / "diagram.dot").write_text(dot, encoding="utf-8")
    executable = shutil.which("dot")
    assert executable is not None
    done = subprocess.run(
        [executable, "-Tsvg", "diagram.dot"], cwd=tmp_path, capture_output=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert b'id="svc&#45;api"' in done.stdout and b"<image" not in done.stdout
