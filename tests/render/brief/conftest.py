"""Views, a stand-in diagram and an HTML reader for the brief's tests."""

from __future__ import annotations

import copy
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from archgen.render.brief.pdf import PdfJob
from archgen.resolve.view import RenderView
from tests.conftest import EXAMPLE_MODEL
from tests.models import read_data, view_from_data

FINGERPRINT = "archgen-0123456789abcdef0123456789abcdef"
PIXEL = (  # a 1×1 PNG: the stand-in diagram's icons
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
ViewFactory = Callable[[dict[str, Any]], RenderView]


def example_data() -> dict[str, Any]:
    if not EXAMPLE_MODEL.exists():
        pytest.skip(f"the example model {EXAMPLE_MODEL.name} is not written yet")
    return read_data(EXAMPLE_MODEL)


@pytest.fixture
def example_view() -> RenderView:
    return view_from_data(example_data())


@pytest.fixture
def make_view() -> ViewFactory:
    return view_from_data


def stub_svg(view: RenderView) -> bytes:
    """A small fixed diagram in the shape the diagram renderer produces: an XML declaration,
    a doctype and one `<g id="svc-<id>" class="node service">` per service, in a grid. Fixed
    text, so golden files do not depend on the Graphviz version or the diagram renderer."""
    nodes = []
    for index, service in enumerate(view.services):
        x, y = 20 + (index % 6) * 150, 20 + (index // 6) * 90
        nodes.append(
            f'<g id="svc-{service.id}" class="node service"><title>{service.id}</title>'
            f'<rect x="{x}" y="{y}" width="130" height="60" fill="#eef" stroke="#335"/>'
            f'<image xlink:href="{PIXEL}" x="{x + 5}" y="{y + 5}" width="24px" height="24px"/>'
            f'<text x="{x + 65}" y="{y + 35}" text-anchor="middle" font-size="12">'
            f"{_xml(service.name)}</text></g>"
        )
    height = 40 + ((len(view.services) + 5) // 6) * 90
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
        '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
        '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'width="940pt" height="{height}pt" '
        f'viewBox="0 0 940 {height}"><title>{_xml(view.project.title)}</title>'
        f'<g id="diagram" class="graph">{"".join(nodes)}</g></svg>\n'
    ).encode()


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def real_svg(view: RenderView) -> bytes | None:
    """The diagram renderer's SVG, or None while it is not available."""
    try:
        from archgen.render.diagram import render_diagram
    except ImportError:
        return None
    return render_diagram(view, formats=["svg"]).files["svg"]


@dataclass
class ParsedHtml:
    """What the structure tests look at: every tag with its attributes, and the text."""

    tags: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    text: list[str] = field(default_factory=list)

    @property
    def ids(self) -> list[str]:
        return [attrs["id"] for _, attrs in self.tags if "id" in attrs]

    def attribute_values(self, name: str) -> list[str]:
        return [attrs[name] for _, attrs in self.tags if name in attrs]

    @property
    def fragment_links(self) -> list[str]:
        return [href[1:] for href in self.attribute_values("href") if href.startswith("#")]


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.result = ParsedHtml()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.result.tags.append((tag, {name: value or "" for name, value in attrs}))

    def handle_data(self, data: str) -> None:
        self.result.text.append(data)


def parse_html(html: str) -> ParsedHtml:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.result


PAYLOAD = (
    "{{7*7}} {% raw %} <script>alert(1)</script> <img src=x onerror=alert(2)> "
    "[x](javascript:alert(3)) [y](file:///etc/passwd) ![](http://169.254.169.254/) "
    "![](file:///etc/passwd)"
)


def hostile_data() -> dict[str, Any]:
    """A model with the injection payload in every text field the brief prints."""
    p = PAYLOAD
    service = {"does": p, "why": p, "analogy": p, "icon": "aws.compute.Lambda"}
    return {
        "project": {
            "title": p, "subtitle": p, "authors": [p, "Bo"], "course": p, "organisation": p,
            "version": p, "summary": p, "keywords": [p], "date": "2026-11-24",
        },
        "requirements": [
            {"id": "safe", "title": p, "description": p},
            {"id": "gap", "title": p, "description": p},
        ],
        "groups": [
            {"id": "outer", "label": p, "description": p, "kind": "vpc"},
            {"id": "inner", "label": p, "description": p, "parent": "outer"},
        ],
        "services": [
            {**service, "id": "api", "name": p, "group": "inner", "serves": {"safe": p},
             "cost": {"monthly": 1234.5, "assumptions": p}},
            {**service, "id": "db", "name": p, "group": "outer", "cost": {"monthly": 1}},
            {**service, "id": "client", "name": p},
        ],
        "flows": [
            {"id": "f", "name": p, "description": p, "steps": [
                {"from": "client", "to": "api", "label": p, "detail": p},
                {"from": "api", "to": "db", "label": p, "detail": p, "mode": "async"},
            ]},
        ],
        "links": [{"from": "db", "to": "api", "label": p}],
        "tradeoffs": [
            {"id": "t", "title": p, "decision": p, "alternatives": [p], "benefits": [p],
             "costs": [p], "risks": [p], "services": ["api"], "requirements": ["safe"]},
        ],
        "challenges": [{"title": p, "text": p, "resolution": p}, {"title": p, "text": p}],
        "reflection": {"text": p, "team": [{"name": p, "role": p, "contribution": p},
                                           {"name": p, "role": p}]},
    }  # fmt: skip


@pytest.fixture
def hostile_view() -> RenderView:
    return view_from_data(copy.deepcopy(hostile_data()))


@pytest.fixture
def user_templates(tmp_path: Path) -> Callable[[dict[str, str]], Path]:
    """A user's templates/ folder holding the given files."""

    def write(files: dict[str, str]) -> Path:
        folder = tmp_path / "templates"
        for name, text in files.items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return folder

    return write


def pdf_job_of(model: Path, variant: str | None = None, page_size: str = "A4") -> PdfJob:
    """The PDF job `archgen render` would hand its printer for `model`, its diagram drawn."""
    from archgen.commands.model import check_model_file, require_valid
    from archgen.commands.render import RenderOptions, brief_settings, fingerprints_for
    from archgen.render.brief.files import pdf_job
    from archgen.render.diagram import render_diagram
    from archgen.render.rendering import Rendering
    from archgen.resolve.collapse import overview
    from archgen.resolve.view import resolve_view

    valid = require_valid(check_model_file(model))
    view = resolve_view(valid.model, valid.icon_files)
    options = RenderOptions(pdf_variant=variant, page_size=page_size)
    rendering = Rendering(view, fingerprints_for(valid, options), brief_settings(valid, options))
    rendering.drawing = Drawn(render_diagram(overview(view), formats=["svg"]))
    return pdf_job(rendering)


class Drawn:
    """A finished drawing in the shape of the render's pending one."""

    def __init__(self, drawn: object) -> None:
        self.drawn = drawn

    def svg(self) -> bytes:
        return self.drawn.files["svg"]  # type: ignore[attr-defined, no-any-return]

    def result(self) -> object:
        return self.drawn

    def cancel(self) -> None:
        """Nothing runs."""


def text_runs(pdf: bytes) -> list[list[tuple[float, str]]]:
    """Each page's pieces of text with the size they print at, in points: the font size
    times the scale of the text and drawing matrices (pypdf's text visitor). Word boxes from
    `pdftotext -bbox` are taller than the type: they span the font's ascent and descent."""
    import pypdf

    pages = []
    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        runs: list[tuple[float, str]] = []

        def visit(text: str, cm: Any, tm: Any, font: Any, size: float, runs: Any = runs) -> None:
            a, b, c, d = (
                tm[0] * cm[0] + tm[1] * cm[2],
                tm[0] * cm[1] + tm[1] * cm[3],
                tm[2] * cm[0] + tm[3] * cm[2],
                tm[2] * cm[1] + tm[3] * cm[3],
            )
            if text.strip():
                runs.append((size * abs(a * d - b * c) ** 0.5, text.strip()))

        page.extract_text(visitor_text=visit)
        pages.append(runs)
    return pages
