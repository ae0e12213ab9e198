"""Sentences that depend on a count read right for one and for many (HTML and Markdown)."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest
from ruamel.yaml import YAML

from archgen.commands.init import STARTER_MODEL
from archgen.render.brief.html import render_html
from archgen.render.brief.markdown import render_markdown
from archgen.resolve.view import RenderView
from tests.models import view_from_data
from tests.render.brief.conftest import FINGERPRINT, example_data, stub_svg

TRADEOFF = {
    "id": "serverless",
    "title": "Serverless or containers",
    "decision": "Run the API on Lambda.",
    "alternatives": ["Containers on a cluster"],
    "benefits": ["No servers to manage."],
    "costs": ["Cold starts."],
}


def starter(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = YAML(typ="safe").load(STARTER_MODEL)
    data.update(changes)
    return data


def texts(view: RenderView) -> list[str]:
    html = render_html(view, diagram_svg=stub_svg(view), fingerprint=FINGERPRINT)
    plain = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))
    markdown = re.sub(r"\s+", " ", render_markdown(view, fingerprint=FINGERPRINT))
    return [plain, markdown]


def test_one_flow_one_requirement_one_decision() -> None:
    data = starter(tradeoffs=[TRADEOFF])
    data["requirements"] = data["requirements"][:1]
    for service in data["services"]:
        service["serves"] = {"availability": service["serves"]["availability"]}
    for text in texts(view_from_data(data)):
        assert "One flow carries information through the system." in text
        assert "runs on from one flow to the next" not in text
        assert "One flow carry" not in text
        assert "has to meet one requirement. This section restates" in text
        assert "For each" not in text
        assert "This is the decision that shaped" in text
        assert "These are the one" not in text
        assert "Each one says" in text  # three services


def test_many_flows_requirements_decisions() -> None:
    data = copy.deepcopy(example_data())
    for text in texts(view_from_data(data)):
        flows = len(data["flows"])
        assert re.search(r"[A-Z][a-z]+ flows carry information through the system\.", text)
        assert "the numbering runs on from one flow to the next" in text, flows
        assert "For each, this section restates" in text
        assert re.search(r"These are the [a-z]+ decisions that shaped", text)


@pytest.mark.parametrize("kind", ["html", "markdown"])
def test_one_service(kind: str) -> None:
    data = starter(groups=[], flows=[])
    data["services"] = [dict(data["services"][0])]
    data["services"][0].pop("group", None)
    text = texts(view_from_data(data))[0 if kind == "html" else 1]
    assert "built from one service. It says what it does" in text
