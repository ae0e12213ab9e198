"""diagram.mmd: the Mermaid flowchart draws the model, and no model text becomes Mermaid markup.

Every line archgen writes has one of a few shapes (`MermaidChart.read` refuses any other), each
label is a quoted run of safe characters and entity codes, and decoding the codes gives back
the model's text exactly: so nothing a person types can close a label, start a comment,
a directive, a class, a click handler or HTML. tests/render/diagram/test_mermaid_cli.py renders
the same charts with the real Mermaid CLI.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from archgen.render.diagram.mermaid import (
    build_mermaid,
    group_id,
    label_text,
    service_id,
    unmarked,
)
from archgen.resolve.view import RenderView
from tests.conftest import ROOT
from tests.models import view_from_data, view_from_yaml
from tests.render.diagram.conftest import ViewFactory, small_model

HOSTILE = ROOT / "tests" / "fixtures" / "hostile"
HOSTILE_MODELS = [HOSTILE / name for name in ("injection.yaml", "links.yaml", "refdefs.yaml")]

# Text that would be markup, a comment, a directive or an entity if it were written as it is.
NASTY = (
    'a "quoted" name',
    'web"]; click s_web call alert(1) %% x',
    "arrows --> -.-> ==> --- <--> --o --x",
    '%%{init: {"securityLevel": "loose", "htmlLabels": true}}%%',
    "%% a comment",
    "x:::danger",
    "click s_web call alert(1)",
    'click s_web href "javascript:alert(1)"',
    "<script>alert(1)</script> <img src=x onerror=alert(1)>",
    "<b>bold</b> <br/> second line",
    "`**markdown** _x_`",
    "line one\nline two\r\nline three",
    "end",
    "subgraph s_x [evil]",
    "style s_web fill:#f00;",
    "classDef red fill:#f00; class s_web red",
    "linkStyle 0 stroke:red",
    "#quot; #35; #60;b#62; &amp; &lt;b&gt; &#60;i&#62;",
    "ﬂ°°60¶ß ﬂ°lt¶ß ¶ß ﬂ° °",
    "[brackets] (parens) {braces} ((circle)) >asym] {{hex}} [(db)] [/slant/]",
    "|pipe| a-- text -->b",
    "a@{ shape: circle }",
    "Café – Zürich 東京 Ωμέγα 😀",
    "rtl \u202eevil\u202c zero\u200bwidth\u00a0nbsp",
    "back\\slash \\n \ttab",
    "   spaced   out   ",
    "\n\tleading and trailing whitespace\t\n",
    "---\ntitle: front matter\n---",
)


def decoded(label: str) -> str:
    """A label body as Mermaid shows it: entity codes back to their characters, and Mermaid's
    own entity markers `ﬂ°` and `¶ß` without the invisible word joiner archgen puts in them."""
    shown = re.sub(r"#(\d+);", lambda m: chr(int(m.group(1))), label)
    return shown.replace("ﬂ\N{WORD JOINER}°", "ﬂ°").replace("¶\N{WORD JOINER}ß", "¶ß")


LABEL = r'"(?P<{name}>(?:[A-Za-z0-9 .,_/()+=?!@\'-]|[^\x00-\x7f"#]|#\d+;)*)"'
MERMAID_ID = r"[sg]_[A-Za-z0-9_]+"
LINE_SHAPES = {
    "node": re.compile(rf"\s*(?P<id>s_[a-z0-9_]+)\[{LABEL.format(name='label')}\]"),
    "subgraph": re.compile(rf"\s*subgraph (?P<id>g_[a-z0-9_]+) \[{LABEL.format(name='label')}\]"),
    "end": re.compile(r"\s*end"),
    "edge": re.compile(
        rf"\s*(?P<source>s_[a-z0-9_]+) (?P<arrow>-->|-\.->|<-\.->|-\.-)"
        rf"(?:\|{LABEL.format(name='label')}\|)? (?P<target>s_[a-z0-9_]+)"
    ),
    "style": re.compile(
        r"\s*linkStyle [0-9]+(?:,[0-9]+)* [a-z-]+:[#0-9A-Fa-f ]+(?:,[a-z-]+:[#0-9A-Fa-f ]+)*"
    ),
}


@dataclass
class MermaidChart:
    """What a chart archgen wrote holds, read strictly: any line of another shape fails."""

    direction: str
    nodes: dict[str, str] = field(default_factory=dict)  # id → label as shown
    subgraphs: dict[str, str] = field(default_factory=dict)
    parents: dict[str, str | None] = field(default_factory=dict)  # node or subgraph → subgraph
    edges: list[tuple[str, str, str, str]] = field(default_factory=list)  # arrow, from, to, label

    @classmethod
    def read(cls, text: str) -> MermaidChart:
        first, *lines = text.removesuffix("\n").split("\n")
        assert first in ("flowchart LR", "flowchart TB"), first
        chart = cls(first.split()[1])
        open_groups: list[str | None] = [None]
        for line in lines:
            kind, match = next(
                ((k, m) for k, shape in LINE_SHAPES.items() if (m := shape.fullmatch(line))),
                (None, None),
            )
            assert kind is not None and match is not None, f"a line of no known shape: {line!r}"
            chart.take(kind, match, open_groups)
        assert open_groups == [None], "a subgraph is never closed"
        return chart

    def take(self, kind: str, match: re.Match[str], open_groups: list[str | None]) -> None:
        if kind == "node":
            self.nodes[match["id"]] = decoded(match["label"])
            self.parents[match["id"]] = open_groups[-1]
        elif kind == "subgraph":
            self.subgraphs[match["id"]] = decoded(match["label"])
            self.parents[match["id"]] = open_groups[-1]
            open_groups.append(match["id"])
        elif kind == "end":
            assert len(open_groups) > 1, "an `end` closes nothing"
            open_groups.pop()
        elif kind == "edge":
            label = decoded(match["label"]) if match["label"] is not None else ""
            self.edges.append((match["arrow"], match["source"], match["target"], label))


DIRECTIONS = ("forward", "back", "both", "none")


def nasty_model() -> dict[str, Any]:
    """A model whose every name and label is a string of `NASTY`."""
    ids = [f"svc-{index}" for index in range(len(NASTY))]
    services = [
        {"id": ids[i], "name": text, "icon": "aws.compute.Lambda", "does": "x", "why": "y"}
        for i, text in enumerate(NASTY)
    ]
    for i, service in enumerate(services):
        service["group"] = f"grp_{i % 3}"
    groups = [{"id": f"grp_{i}", "label": NASTY[-1 - i]} for i in range(3)]
    groups[2]["parent"] = "grp_1"
    groups.append({"id": "grp-empty", "label": NASTY[2], "parent": "grp_0"})
    steps = [
        {
            "from": ids[i],
            "to": ids[(i + 1) % len(ids)],
            "label": text,
            "mode": ("sync", "async")[i % 2],
        }
        for i, text in enumerate(NASTY)
    ]
    links = [
        {"from": ids[i], "to": ids[-1 - i], "label": text, "direction": direction}
        for i, (text, direction) in enumerate(zip(NASTY[:8], DIRECTIONS * 2, strict=True))
    ]
    return {
        "project": {"title": NASTY[0], "summary": "x"},
        "groups": groups,
        "services": services,
        "flows": [{"id": "nasty", "name": NASTY[1], "steps": steps}],
        "links": links,
    }


def assert_draws(view: RenderView, chart: MermaidChart) -> None:
    """The chart holds every group, service, numbered step and link of the view, as typed."""
    assert chart.direction == view.direction.value
    assert chart.subgraphs == {group_id(g.id): g.label for g in view.groups}
    assert chart.nodes == {service_id(s.id): s.name for s in view.services}
    for group in view.groups:
        parent = group_id(group.parent_id) if group.parent_id else None
        assert chart.parents[group_id(group.id)] == parent
    for service in view.services:
        parent = group_id(service.group_id) if service.group_id else None
        assert chart.parents[service_id(service.id)] == parent
    steps = [
        ("-->", service_id(s.source), service_id(s.target), f"{s.number}. {s.label}")
        for s in view.steps
    ]
    assert chart.edges[: len(steps)] == steps
    links = chart.edges[len(steps) :]
    assert len(links) == len(view.links)
    for link, (arrow, source, target, label) in zip(view.links, links, strict=True):
        assert arrow.startswith(("-.", "<-.")) and label == (link.label or "")
        ends = (source, target)[:: -1 if link.direction.value == "back" else 1]
        assert ends == (service_id(link.source), service_id(link.target))


def test_the_example_is_drawn_whole(example_view: RenderView) -> None:
    text = build_mermaid(example_view)
    assert_draws(example_view, MermaidChart.read(text))
    assert text == build_mermaid(example_view), "not deterministic"


def test_the_model_direction_is_the_charts(make_view: ViewFactory) -> None:
    view = make_view(small_model(diagram={"direction": "TB"}))
    assert build_mermaid(view).startswith("flowchart TB\n")
    assert_draws(view, MermaidChart.read(build_mermaid(view)))


def test_async_steps_are_dashed_and_coloured_by_flow(make_view: ViewFactory) -> None:
    view = make_view(small_model())
    lines = build_mermaid(view).splitlines()
    colour = view.flows[0].colour
    assert f"  linkStyle 0 stroke:{colour},color:{colour}" in lines
    assert f"  linkStyle 1 stroke:{colour},color:{colour},stroke-dasharray:6 4" in lines
    assert '  s_db <-.->|"streams"| s_api' in lines


def test_a_model_without_flows_or_links_has_no_edges(make_view: ViewFactory) -> None:
    view = make_view(small_model(flows=[], links=[]))
    chart = MermaidChart.read(build_mermaid(view))
    assert_draws(view, chart)
    assert not chart.edges and "linkStyle" not in build_mermaid(view)


@pytest.mark.parametrize("model", HOSTILE_MODELS, ids=lambda path: path.name)
def test_hostile_fixtures_stay_text(model: Path) -> None:
    view = view_from_yaml(model)
    assert_draws(view, MermaidChart.read(build_mermaid(view)))


def test_nasty_strings_stay_text_everywhere() -> None:
    view = view_from_data(nasty_model())
    assert_draws(view, MermaidChart.read(build_mermaid(view)))


@pytest.mark.parametrize("text", NASTY)
def test_a_label_is_safe_characters_and_codes_that_decode_to_the_text(text: str) -> None:
    body = label_text(text)
    assert re.fullmatch(LABEL.format(name="body"), f'"{body}"')
    assert decoded(body) == text
    for forbidden in ('"', "%%", ":::", "<", ">", "`", "\n", "\r", "|", "[", "{", ":", "°", "¶"):
        assert forbidden not in body
    assert body == body.strip(), "Mermaid trims a label's spaces"
    assert "ﬂ°" not in unmarked(text) and "¶ß" not in unmarked(text)


def test_every_character_survives_the_round_trip() -> None:
    everything = "".join(chr(code) for code in range(1, 0x3000))
    assert decoded(label_text(everything)) == everything


def test_ids_are_prefixed_distinct_and_checked() -> None:
    ids = ["end", "a-b", "a_b", "a-b-c", "a_b-c", "a-b_c", "x1", "o", "click", "A", "a.b", "a.b-c"]
    mermaid = [service_id(i) for i in ids]
    assert len(set(mermaid)) == len(ids)
    assert all(re.fullmatch(MERMAID_ID, m) for m in mermaid + [group_id(i) for i in ids])
    for bad in ("a b", 'a"', "a]", "a--b", "a\n", "", "-a", "a..b", "a."):
        with pytest.raises(ValueError):
            service_id(bad)
