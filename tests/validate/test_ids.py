"""Ids of either case, digits and single '-', '_' or '.': valid, case-sensitive, and kept apart
wherever they become names (HTML anchors, SVG ids, Mermaid ids)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from archgen.render.diagram.mermaid import service_id
from archgen.validate import Validation
from archgen.validate.suggest import slugify_id
from tests.e2e.support import cli
from tests.validate.conftest import HEAD

Validate = Callable[[str], Validation]

TWO = (
    HEAD
    + """\
  - id: Web
    name: Web again
    icon: aws.compute.EC2
    does: Serves pages.
    why: Simple.
"""
)


def test_mixed_case_and_dotted_ids_are_valid(validate_text: Validate) -> None:
    for new_id in ("PublicSubnet1", "aws_instance.web", "module.vpc.aws_subnet.a-b"):
        result = validate_text(HEAD.replace("id: web", f"id: {new_id}"))
        assert result.errors == [], new_id


def test_ids_differing_only_in_case_warn(validate_text: Validate) -> None:
    result = validate_text(TWO)
    assert result.errors == []
    clash = [p for p in result.warnings if p.code == "AG310"]
    assert [(p.path, p.message) for p in clash] == [
        ("services[1].id", "id 'Web' differs from 'web' only in case")
    ]


def test_did_you_mean_suggests_only_valid_ids() -> None:
    pattern = r"^[A-Za-z][A-Za-z0-9]*(?:[-_.][A-Za-z0-9]+)*$"
    for typed in ("App Runner", "photos/v2", "web-", "a..b", "Ünïcode name", "x__y", "9lives"):
        slug = slugify_id(typed)
        assert slug == "" or re.fullmatch(pattern, slug), (typed, slug)


def test_mermaid_ids_stay_distinct() -> None:
    ids = ["a-b", "a_b", "a.b", "A-b", "ab", "a-b.c", "a.b-c"]
    assert len({service_id(i) for i in ids}) == len(ids)


@pytest.mark.slow
def test_case_twins_keep_their_own_anchors_and_svg_ids(tmp_path: Path) -> None:
    model = tmp_path / "arch.yaml"
    model.write_text(
        TWO + "links:\n  - {from: web, to: Web}\n  - {from: Web, to: web, label: back}\n",
        encoding="utf-8",
    )
    run = cli("render", model, "--only", "html", "--only", "svg", "--only", "mmd")
    assert run.code == 0, run
    html = (tmp_path / "output" / "brief.html").read_text(encoding="utf-8")
    anchors = re.findall(r'\sid="([^"]+)"', html)
    assert len(anchors) == len(set(anchors)), "duplicate HTML ids"
    assert {"service-web", "service-Web"} <= set(anchors)
    assert 'href="#service-Web"' in html or "href='#service-Web'" in html
    svg = (tmp_path / "output" / "diagram.svg").read_text(encoding="utf-8")
    svg_ids = re.findall(r'\sid="([^"]+)"', svg)
    assert len(svg_ids) == len(set(svg_ids)), "duplicate SVG ids"
    assert {"svc-web", "svc-Web"} <= set(svg_ids)
    mermaid = (tmp_path / "output" / "diagram.mmd").read_text(encoding="utf-8")
    assert re.search(r"^\s*s_web\[", mermaid, re.M) and re.search(r"^\s*s_Web\[", mermaid, re.M)
