"""diagram.d2: its structure, its quoting, and the real d2 compiling it with every text intact."""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from archgen.render.export.d2 import build_d2, icon_url, key, quoted, service_paths
from archgen.resolve.view import RenderView
from tests.conftest import EXAMPLE_MODEL
from tests.models import view_from_yaml
from tests.render.export.hostile import EXPORT_NASTY
from tests.render.export.tools import local_icons, need_d2, run_d2

SVG_TEXT = "{http://www.w3.org/2000/svg}text"


def unquoted(literal: str) -> str:
    """What D2 reads from a double-quoted string archgen wrote."""
    assert literal.startswith('"') and literal.endswith('"'), literal
    escapes = {"\\\\": "\\", '\\"': '"', "\\$": "$", "\\n": "\n"}
    return re.sub(r"\\[\\\"$n]", lambda m: escapes[m.group()], literal[1:-1])


@pytest.mark.parametrize("value", EXPORT_NASTY)
def test_quoted_text_reads_back_and_holds_no_live_quote_or_substitution(value: str) -> None:
    literal = quoted(value)
    assert unquoted(literal) == value
    inner = literal[1:-1]
    assert not re.search(r'(?<!\\)(?:\\\\)*"', inner), "an unescaped quote"
    assert not re.search(r"(?<!\\)(?:\\\\)*\$", inner), "a live substitution"
    assert "\n" not in literal


def test_services_sit_in_their_groups_and_edges_name_full_paths() -> None:
    view = view_from_yaml(EXAMPLE_MODEL)
    source = build_d2(view)
    paths = service_paths(view)
    assert paths["cloudfront"] == '"aws-cloud"."frontend"."cloudfront"'
    assert paths["users"] == '"users"'
    for step in view.steps:
        label = quoted(f"{step.number}. {step.label}")
        assert f"{paths[step.source]} -> {paths[step.target]}: {label} {{" in source
    assert source.count(" -> ") + source.count(" <- ") + source.count(" <-> ") + source.count(
        " -- "
    ) == len(view.steps) + len(view.links)
    assert source.startswith("vars: {\n  icons: ")


def test_icons_are_urls_under_a_variable_users_can_swap() -> None:
    view = view_from_yaml(EXAMPLE_MODEL)
    assert icon_url(view.service("cloudfront")) == '"${icons}/aws/network/cloudfront.png"'
    swapped = build_d2(view, icons="https://icons.example/aws")
    assert 'icons: "https://icons.example/aws"' in swapped


def test_a_keyword_as_an_id_is_only_a_key() -> None:
    assert key("style") == '"style"'
    with pytest.raises(ValueError):
        key('x"; y')


def svg_texts(svg: Path) -> list[str]:
    root = ET.parse(svg).getroot()
    return ["".join(e.itertext()) for e in root.iter() if e.tag == SVG_TEXT]


def expected_texts(view: RenderView) -> list[str]:
    """Each text as d2 draws it: a line break splits a label into lines, read back joined."""
    texts = [s.name for s in view.services] + [g.label for g in view.groups]
    texts += [f"{s.number}. {s.label}" for s in view.steps]
    texts += [link.label for link in view.links if link.label]
    return [text.replace("\n", "") for text in texts]


@pytest.mark.slow  # hostile text through d2: tests/adversarial/test_exports.py
def test_d2_compiles_the_example_and_draws_every_text(tmp_path: Path) -> None:
    view = view_from_yaml(EXAMPLE_MODEL)
    run = run_d2(build_d2(view, icons=local_icons()), tmp_path)
    assert run.returncode == 0, run.stderr
    shown = svg_texts(tmp_path / "chart.svg")
    missing = [text for text in expected_texts(view) if text not in shown]
    assert not missing, f"not drawn as typed: {missing}"
    root = ET.parse(tmp_path / "chart.svg").getroot()
    tags = {element.tag.rsplit("}", 1)[-1] for element in root.iter()}
    assert not tags & {"script", "iframe", "object", "foreignObject", "a"}
    images = [e for e in root.iter() if e.tag.endswith("}image")]
    assert len(images) == len(view.services)  # every icon found and drawn


@pytest.mark.slow
def test_the_shipped_urls_compile_without_fetching(tmp_path: Path) -> None:
    """d2 compiles the file as written (icons stay URLs when not bundled)."""
    (tmp_path / "chart.d2").write_text(build_d2(view_from_yaml(EXAMPLE_MODEL)), encoding="utf-8")
    run = subprocess.run(
        [need_d2(), "--bundle=false", "chart.d2", "chart.svg"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert run.returncode == 0, run.stderr
    assert "raw.githubusercontent.com/mingrammer/diagrams" in (tmp_path / "chart.svg").read_text()
