"""diagram.architecture.mmd: architecture-beta when the model's text is plain, else the
flowchart; read back by the real Mermaid CLI either way."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from archgen.render.diagram.mermaid import build_mermaid, service_id
from archgen.render.export.layout import Box, Layout
from archgen.render.export.mermaid_architecture import (
    FALLBACK_NOTE,
    build_architecture,
    expressible,
    is_plain,
    title,
)
from tests.conftest import EXAMPLE_MODEL
from tests.models import view_from_data, view_from_yaml
from tests.render.export.hostile import EXPORT_NASTY, hostile_model
from tests.render.export.tools import run_mmdc

SVG_TEXT = "{http://www.w3.org/2000/svg}text"


def test_the_example_is_architecture_beta_with_every_step_number() -> None:
    view = view_from_yaml(EXAMPLE_MODEL)
    chart = build_architecture(view)
    assert chart.startswith("architecture-beta\n")
    for group in view.groups:
        assert f'["{group.label}"]' in chart
    for service in view.services:
        assert re.search(rf"^  service {service_id(service.id)}\(\w+\)\[", chart, re.M)
    for step in view.steps:
        assert re.search(rf"\b{step.number}\. {re.escape(step.label)}(;|\"\])", chart)
    edges = re.findall(r"^  s_\S+:[LRTB] .*[LRTB]:s_\S+$", chart, re.M)
    pairs = {(s.source, s.target) for s in view.steps} | {(k.source, k.target) for k in view.links}
    assert len(edges) == len(pairs), "one edge per ordered pair: Mermaid refuses a second"


def test_steps_sharing_a_pair_share_an_edge_in_number_order() -> None:
    chart = build_architecture(view_from_yaml(EXAMPLE_MODEL))
    assert '-["2. HTTPS request; 9. request model; 11. submit checkout"]->' in chart


def test_sides_follow_the_drawing() -> None:
    view = view_from_yaml(EXAMPLE_MODEL)
    icons = {s.id: Box(0, 0, 48, 48) for s in view.services}
    icons["route53"] = Box(0, 300, 48, 48)  # below the shoppers
    chart = build_architecture(view, Layout(500, 500, icons, {}, {}))
    assert "s_users:B -[" in chart and "-> T:s_route53" in chart


@pytest.mark.parametrize("text", EXPORT_NASTY)
def test_text_architecture_beta_would_not_show_as_typed_is_not_plain(text: str) -> None:
    plain = is_plain(text)
    risky = set("`*_\\#<>~$&|\n") | {"  "}
    assert plain == (not any(mark in text for mark in risky) and text == text.strip())


def test_one_unplain_label_makes_the_whole_chart_the_flowchart() -> None:
    view = view_from_data(hostile_model())
    assert not expressible(view)
    assert build_architecture(view) == FALLBACK_NOTE + "\n" + build_mermaid(view)


def test_a_quote_in_a_plain_title_is_escaped() -> None:
    assert title('say "hi" [now]') == '["say \\"hi\\" [now]"]'


def shown(svg: Path) -> list[str]:
    root = ET.parse(svg).getroot()
    return [
        "".join(e.itertext())
        for e in root.iter()
        if e.tag in (SVG_TEXT, "{http://www.w3.org/1999/xhtml}p")
    ]


def unspaced(text: str) -> str:
    """Text without its spaces: architecture-beta wraps a title into rows of words."""
    return "".join(text.split())


def plain_model() -> dict[str, Any]:
    """The hostile model's shape with plain text only, quotes and brackets included."""
    model = hostile_model()
    steps = [{**step, "label": "go; on"} for step in model["flows"][0]["steps"]]
    return {
        **model,
        "project": {"title": "plain", "summary": "x"},
        "services": [
            {**s, "name": f'{s["id"]} "q" ] [ -- %% {{x}} ; done'} for s in model["services"]
        ],
        "groups": [{**g, "label": f"group {g['id'].replace('_', ' ')}"} for g in model["groups"]],
        "flows": [{"id": "f", "name": "f", "steps": steps}],
        "links": [{**link, "label": "see"} for link in model["links"]],
    }


@pytest.mark.slow
def test_mermaid_draws_architecture_beta_with_every_text(tmp_path: Path) -> None:
    example = view_from_yaml(EXAMPLE_MODEL)
    plain_quotes = view_from_data(plain_model())
    charts = [build_architecture(v) for v in (example, plain_quotes)]
    assert charts[1].startswith("architecture-beta")
    svgs = run_mmdc(charts, tmp_path)
    for view, svg in zip((example, plain_quotes), svgs, strict=True):
        drawn = [unspaced(text) for text in shown(svg)]
        for text in [s.name for s in view.services] + [g.label for g in view.groups]:
            assert unspaced(text) in drawn, text
        titles = " ".join(drawn)
        for step in view.steps:
            assert unspaced(f"{step.number}. {step.label}") in titles
    for svg in svgs:
        tags = {e.tag.rsplit("}", 1)[-1] for e in ET.parse(svg).getroot().iter()}
        assert not tags & {"script", "iframe", "object"}
