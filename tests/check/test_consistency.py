"""The verifier reads the outputs back: it passes on real renders and catches doctored ones."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from archgen.check.consistency import verify_outputs
from archgen.commands.model import check_model_file, require_valid
from bench.synthetic import write_synthetic
from tests.conftest import render_project


def verify(project: Path) -> dict[str, tuple[str, str]]:
    """Each output's status and what reading it back found, one line each."""
    valid = require_valid(check_model_file(project / "arch.yaml"))
    findings = verify_outputs(valid, project / "output")
    return {f.output: (f.status, "\n".join(d.format() for d in f.details)) for f in findings}


def test_rendered_example_is_consistent(project: Path) -> None:
    found = verify(project)
    assert found["diagram.svg"] == ("fresh", "")
    assert found["brief.html"] == ("fresh", "")


def test_a_changed_step_number_in_the_svg_is_caught(project: Path) -> None:
    svg = project / "output" / "diagram.svg"
    text = svg.read_text(encoding="utf-8")
    edge = re.search(r'<g id="step-5".*?(?=<g id="(?:step|link|svc|grp)-)', text, re.S)
    assert edge is not None
    doctored = re.sub(r">5<", ">7<", edge.group(), count=1)
    assert doctored != edge.group()
    svg.write_text(text.replace(edge.group(), doctored), encoding="utf-8")
    status, reason = verify(project)["diagram.svg"]
    assert status == "inconsistent"
    assert "diagram.svg: step 5 is missing" in reason
    assert 'element step-5: step 7 is labelled "read cache"' in reason


def test_a_service_removed_from_the_html_is_caught(project: Path) -> None:
    html = project / "output" / "brief.html"
    text = html.read_text(encoding="utf-8")
    section = re.search(r'<section class="service" id="service-kms">.*?</section>', text, re.S)
    assert section is not None
    html.write_text(text.replace(section.group(), ""), encoding="utf-8")
    status, reason = verify(project)["brief.html"]
    assert status == "inconsistent"
    assert "service 'kms' is missing" in reason


def test_a_missing_output_is_reported(project: Path) -> None:
    (project / "output" / "diagram.svg").unlink()
    assert verify(project)["diagram.svg"][0] == "missing"


def test_a_link_removed_from_the_svg_is_caught(project: Path) -> None:
    svg = project / "output" / "diagram.svg"
    text = svg.read_text(encoding="utf-8")
    link = re.search(r'<g id="link-1".*?(?=<g id="(?:step|link|svc|grp)-)', text, re.S)
    assert link is not None
    svg.write_text(text.replace(link.group(), ""), encoding="utf-8")
    status, reason = verify(project)["diagram.svg"]
    assert status == "inconsistent"
    assert "diagram.svg: link 1 is missing" in reason and "links waf → cloudfront" in reason


@pytest.mark.slow  # renders a 96-service model, its groups collapsed on the overview
def test_a_collapsed_overview_is_read_against_the_model_it_draws(tmp_path: Path) -> None:
    project = render_project(tmp_path, write_synthetic(tmp_path / "model" / "arch.yaml", 96))
    found = verify(project)
    assert {status for status, _ in found.values()} == {"fresh"}, found
    svg = project / "output" / "diagram.svg"
    text = svg.read_text(encoding="utf-8")
    assert ">8 services<" in text
    svg.write_text(text.replace(">8 services<", ">9 services<", 1), encoding="utf-8")
    status, reason = verify(project)["diagram.svg"]
    assert status == "inconsistent"
    assert "service 'g0--group' is titled \"Group 0 9 services\"" in reason
    assert 'collapses it into "Group 0 8 services"' in reason
    html = project / "output" / "brief.html"
    page = html.read_text(encoding="utf-8")
    assert 'href="#fig-group-g0"' in page
    html.write_text(page.replace('href="#fig-group-g0"', 'href="#sec-costs"', 1), "utf-8")
    status, reason = verify(project)["brief.html"]
    assert status == "inconsistent"
    assert "svc-g0--group: links to #sec-costs, not to a group" in reason
