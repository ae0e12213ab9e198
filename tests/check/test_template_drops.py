"""A template override that leaves a service, a step or a requirement out of the brief is
reported at render time, naming the templates and what they dropped; `--strict` refuses."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from archgen.commands.render import RenderOptions, render_model
from archgen.problems import ArchgenError
from tests.conftest import ROOT

SERVICES = ROOT / "templates" / "partials" / "services.html.j2"


def override(project: Path, condition: str = 'service.id != "kms"') -> Path:
    """A services partial that leaves KMS out (unless `condition` holds), beside the model."""
    partial = project / "templates" / "partials" / "services.html.j2"
    partial.parent.mkdir(parents=True)
    text = SERVICES.read_text(encoding="utf-8")
    old = "{% macro service_section(service, level) -%}\n"
    assert old in text
    partial.write_text(text.replace(old, old + "{% if " + condition + " %}", 1).replace(
        "</section>\n{%- endmacro %}\n\n{#- \"Takes part", "</section>{% endif %}\n{%- endmacro %}"
        "\n\n{#- \"Takes part", 1), encoding="utf-8")  # fmt: skip
    return partial


@pytest.fixture
def example(tmp_path: Path) -> Path:
    shutil.copy(ROOT / "arch.yaml", tmp_path / "arch.yaml")
    return tmp_path


def test_the_dropped_service_is_a_warning(example: Path) -> None:
    override(example)
    report = render_model(example / "arch.yaml", None, RenderOptions(formats=("html",)))
    assert report.warnings == [
        f"brief.html: the templates partials/services.html.j2 from {example}/templates/ leave "
        "out service 'kms' (\"KMS\")"
    ]
    assert (example / "output" / "brief.html").is_file()


def test_strict_refuses_to_write_it(example: Path) -> None:
    override(example)
    with pytest.raises(ArchgenError) as raised:
        render_model(example / "arch.yaml", None, RenderOptions(formats=("html",)), strict=True)
    assert "leave out service 'kms'" in raised.value.message
    assert not (example / "output" / "brief.html").exists()


def test_the_built_in_templates_drop_nothing(example: Path) -> None:
    report = render_model(example / "arch.yaml", None, RenderOptions(formats=("html", "md")))
    assert report.warnings == []


@pytest.mark.slow
def test_a_service_left_out_of_the_printed_brief_only(example: Path) -> None:
    """The PDF is printed from the same templates with `medium="pdf"`: its HTML is read too."""
    override(example, 'medium != "pdf" or service.id != "kms"')
    report = render_model(example / "arch.yaml", None, RenderOptions(formats=("html", "pdf")))
    assert report.warnings == [
        f"brief.pdf: the templates partials/services.html.j2 from {example}/templates/ leave "
        "out service 'kms' (\"KMS\")"
    ]
