"""diagram.mmd through the real Mermaid CLI: every chart renders, nothing in it became markup, and
every name and label reads back from the SVG as typed.

`mmdc` is @mermaid-js/mermaid-cli, which `./scripts/test` installs with npm into .tools/mermaid/
and names in ARCHGEN_MMDC; it drives Chromium (ARCHGEN_CHROMIUM, else /usr/bin/chromium), never
a browser of its own. Without either the tests skip and say why. All the charts render in one
run of mmdc (a Markdown file of Mermaid blocks), so Chromium starts once.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest

from archgen.commands.render import RenderOptions, render_model
from archgen.outputs import by_name
from archgen.render.diagram.mermaid import build_mermaid, group_id, service_id, unmarked
from archgen.resolve.view import RenderView
from tests.conftest import EXAMPLE_MODEL, ROOT
from tests.models import view_from_data, view_from_yaml
from tests.render.diagram.test_mermaid import HOSTILE_MODELS, nasty_model

pytestmark = pytest.mark.slow  # the Mermaid CLI drives Chromium

MMDC = os.environ.get("ARCHGEN_MMDC") or str(ROOT / ".tools/mermaid/node_modules/.bin/mmdc")
CHROMIUM = os.environ.get("ARCHGEN_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
XHTML_P = "{http://www.w3.org/1999/xhtml}p"
SVG_TEXT = "{http://www.w3.org/2000/svg}text"
FINGERPRINT = "archgen-" + "0" * 32


@dataclass(frozen=True)
class Chart:
    name: str
    view: RenderView
    source: bytes  # diagram.mmd as archgen writes it, stamp included


def rendered_file(model: Path, out_dir: Path) -> bytes:
    """diagram.mmd as `archgen render --only mmd` writes it."""
    render_model(model, out_dir, RenderOptions(formats=("mmd",)))
    return (out_dir / "diagram.mmd").read_bytes()


def charts(tmp: Path) -> list[Chart]:
    found = [
        Chart("example", view_from_yaml(EXAMPLE_MODEL), rendered_file(EXAMPLE_MODEL, tmp / "ex"))
    ]
    for model in HOSTILE_MODELS:
        view = view_from_yaml(model)
        found.append(Chart(model.name, view, rendered_file(model, tmp / model.stem)))
    nasty = view_from_data(nasty_model())
    sealed = by_name("mmd").stamping.seal(build_mermaid(nasty).encode(), FINGERPRINT)
    return [*found, Chart("nasty strings", nasty, sealed)]


def mmdc_version() -> str:
    if not os.access(MMDC, os.X_OK):
        pytest.skip(
            f"the Mermaid CLI is not installed at {MMDC}: ./scripts/test installs it with npm "
            "(needs node and npm), or set ARCHGEN_MMDC to an mmdc"
        )
    if not Path(CHROMIUM).is_file():
        pytest.skip(f"no Chromium at {CHROMIUM} for mmdc to drive; set ARCHGEN_CHROMIUM")
    run = subprocess.run([MMDC, "--version"], capture_output=True, text=True, timeout=60)
    return run.stdout.strip()


@pytest.fixture(scope="module")
def svgs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Chart, ET.Element]]:
    """Every chart drawn by mmdc, by name, with its SVG parsed."""
    version = mmdc_version()
    tmp = tmp_path_factory.mktemp("mermaid")
    found = charts(tmp)
    blocks = [f"```mermaid\n{chart.source.decode()}```\n" for chart in found]
    (tmp / "charts.md").write_text("\n".join(blocks), encoding="utf-8")
    config = {"executablePath": CHROMIUM, "args": ["--no-sandbox", "--disable-gpu"]}
    (tmp / "puppeteer.json").write_text(json.dumps(config), encoding="utf-8")
    command = [MMDC, "-q", "-p", "puppeteer.json", "-i", "charts.md", "-o", "out.md", "-e", "svg"]
    run = subprocess.run(command, cwd=tmp, capture_output=True, text=True, timeout=240)
    assert run.returncode == 0, f"mmdc {version} failed:\n{run.stdout}\n{run.stderr}"
    return {
        chart.name: (chart, ET.parse(tmp / f"out-{index}.svg").getroot())
        for index, chart in enumerate(found, start=1)
    }


def shown_texts(svg: ET.Element) -> list[str]:
    """The text of every label Mermaid drew (HTML labels in <p>, SVG labels in <text>)."""
    return ["".join(e.itertext()) for e in svg.iter() if e.tag in (XHTML_P, SVG_TEXT)]


def as_shown(text: str) -> str:
    """What a label shows when drawn as typed: HTML reads a CR or CRLF as one line feed."""
    return unmarked(text).replace("\r\n", "\n").replace("\r", "\n")


def expected_texts(view: RenderView) -> list[str]:
    texts = [s.name for s in view.services] + [g.label for g in view.groups]
    texts += [f"{s.number}. {s.label}" for s in view.steps]
    texts += [link.label for link in view.links if link.label]
    return [as_shown(text) for text in texts]


NAMES = ["example", *(path.name for path in HOSTILE_MODELS), "nasty strings"]


@pytest.mark.parametrize("name", NAMES)
def test_every_name_and_label_reads_back_as_typed(
    svgs: dict[str, tuple[Chart, ET.Element]], name: str
) -> None:
    chart, svg = svgs[name]
    shown = shown_texts(svg)
    missing = [text for text in expected_texts(chart.view) if text not in shown]
    assert not missing, f"not shown as typed: {missing}\nshown: {shown}"


@pytest.mark.parametrize("name", NAMES)
def test_no_model_text_became_markup(svgs: dict[str, tuple[Chart, ET.Element]], name: str) -> None:
    chart, svg = svgs[name]
    tags = {element.tag.rsplit("}", 1)[-1] for element in svg.iter()}
    assert not tags & {"script", "img", "iframe", "object", "a", "b", "image"}, tags
    handlers = [
        (element.tag, key)
        for element in svg.iter()
        for key in element.attrib
        if key.lower().startswith("on") or "javascript" in element.attrib[key].lower()
    ]
    assert not handlers
    assert not any(
        "error" in text.lower() and "syntax" in text.lower() for text in shown_texts(svg)
    )
    drawn = {element.get("id", "") for element in svg.iter()}
    services = {m[1] for i in drawn if (m := re.search(r"-flowchart-(s_[a-z0-9_]+)-\d+$", i))}
    groups = {m[1] for i in drawn if (m := re.search(r"-(g_[a-z0-9_]+)$", i))}
    assert services == {service_id(s.id) for s in chart.view.services}
    assert groups == {group_id(g.id) for g in chart.view.groups}  # an empty one drawn as a node
