"""Exports of hostile text: a model whose every name, label and title is quotes, brackets,
arrows, braces, line breaks, `%%`, `<script>`, semicolons, backticks, `${}` substitutions,
backslashes, DSL directives or XML is exported to draw.io, Mermaid, D2 and Structurizr by
`archgen export` (touching nothing outside output/), and each file is read back by the real tool
where it installs here (D2, the Mermaid CLI), as XML for draw.io, and by the DSL reader for
Structurizr: every one parses, and every text comes back as text, not markup.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.adversarial.harness import Project, assert_clean, copy_project
from tests.models import view_from_data
from tests.render.export.hostile import EXPORT_NASTY, hostile_model
from tests.render.export.structurizr_grammar import read_workspace
from tests.render.export.test_drawio import assert_draws, read_cells
from tests.render.export.test_structurizr import as_written, assert_holds
from tests.render.export.tools import local_icons, run_d2, run_mmdc

pytestmark = pytest.mark.slow  # Graphviz, d2 and Chromium run for real

FILES = {"drawio": "diagram.drawio", "mermaid": "diagram.architecture.mmd",
         "d2": "diagram.d2", "structurizr": "workspace.dsl"}  # fmt: skip


@pytest.fixture(scope="module")
def exported(good_render: Path, tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The hostile model exported to every format, each export checked to touch only output/."""
    project = copy_project(good_render, tmp_path_factory.mktemp("exports"))
    project.write_model(hostile_model())
    for export_format, file in FILES.items():
        run = project.run("export", export_format)
        assert_clean(run)
        assert run.code == 0, run
        assert (project.output / file).is_file()
    return project


def read(project: Project, export_format: str) -> str:
    return (project.output / FILES[export_format]).read_text(encoding="utf-8")


def test_draw_io_is_well_formed_xml_with_the_text_as_values(exported: Project) -> None:
    view = view_from_data(hostile_model())
    xml = read(exported, "drawio")
    cells = read_cells(xml.split("\n", 1)[1])  # after the stamp's comment line
    assert_draws(view, cells)
    assert ET.fromstring(xml.split("\n", 1)[1]).tag == "mxfile"
    assert not [c for c in cells.values() if c.id.startswith("9") or c.id == "x"]
    values = {cell.value for cell in cells.values()}
    assert set(EXPORT_NASTY) <= values  # every name is a cell's value, character for character
    assert all("html=0;" in c.style for c in cells.values() if c.vertex and c.id != "0")


def test_d2_compiles_it_and_draws_each_text(exported: Project, tmp_path: Path) -> None:
    source = read(exported, "d2").replace(
        'icons: "https://raw.githubusercontent.com/mingrammer/diagrams/master/resources"',
        f'icons: "{local_icons()}"',
    )
    run = run_d2(source, tmp_path)
    assert run.returncode == 0, run.stderr
    root = ET.parse(tmp_path / "chart.svg").getroot()
    texts = ["".join(e.itertext()) for e in root.iter() if e.tag.endswith("}text")]
    for text in EXPORT_NASTY:
        assert text.replace("\n", "") in texts, text
    tags = {e.tag.rsplit("}", 1)[-1] for e in root.iter()}
    assert not tags & {"script", "foreignObject", "iframe", "a"}


def test_mermaid_falls_back_to_the_flowchart_and_draws_it(
    exported: Project, tmp_path: Path
) -> None:
    chart = read(exported, "mermaid")
    lines = chart.splitlines()
    assert lines[1].startswith("%% flowchart, not architecture-beta")
    assert lines[2].startswith("flowchart ")
    (svg,) = run_mmdc([chart], tmp_path)
    root = ET.parse(svg).getroot()
    tags = {e.tag.rsplit("}", 1)[-1] for e in root.iter()}
    assert not tags & {"script", "iframe", "object", "b", "img"}
    texts = " ".join("".join(e.itertext()) for e in root.iter())
    assert "Syntax error" not in texts
    for text in EXPORT_NASTY:
        assert text.split("\n")[0] in texts, text


def test_structurizr_reads_it_with_every_text_on_its_line(exported: Project) -> None:
    dsl = read(exported, "structurizr")
    assert_holds(view_from_data(hostile_model()), dsl)
    ws = read_workspace(dsl)
    names = {container[0] for container in ws.containers.values()}
    names |= {person[0] for person in ws.people.values()}  # a hostile service with a person's icon
    assert names == {as_written(text) for text in EXPORT_NASTY}
    starts = {line.split()[0] for line in dsl.splitlines() if line.strip()}
    assert not starts & {"!include", "!script", "!docs", "!adrs", "!constant", "!var"}
