"""Text that must stay text: Graphviz label syntax shows literally in the diagram, HTML and
template syntax in every prose field of the schema prints literally in every brief, Markdown
links and images fetch and embed nothing, icon paths stay in the project, and no value can carry
CSS into a colour or style.

Accepted models are rendered once per module through the harness (so each render also proves
that nothing outside the output folder changed); each case then reads its own part back.
"""

from __future__ import annotations

import http.server
import shutil
import threading
import types
import typing
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from archgen.model import schema
from tests.adversarial.harness import Project, copy_project, minimal_with
from tests.e2e.support import (
    ARCHGEN_IMAGE,
    OWN_VIEW,
    RecordingHandler,
    collapse,
    markdown_as_html,
    pdf_everything,
    pdf_text,
    read_html,
    squash,
    unsafe_markup,
    visible_text,
)

pytestmark = pytest.mark.slow  # renders of hostile text, read back

if shutil.which("pdftotext") is None:
    pytest.skip("poppler-utils (pdftotext) is not installed", allow_module_level=True)

SVG = "{http://www.w3.org/2000/svg}"

# ---- Graphviz label syntax in names and labels --------------------------------------------------

GRAPHVIZ = {
    "double-quote": 'say "hi" \\" there',
    "angle-brackets": "List<generic> <b>",
    "html-like-label": "<<B>x</B>>",
    "escape-N": "node \\N name",
    "escape-l": "left \\l justified \\r \\n",
    "escapes-G-E-T-H": "\\G \\E \\T \\H \\L",
    "trailing-backslash": "ends in\\",
    "entities": "&amp; &#60;i&#62; &lt;",
}


def graphviz_model() -> dict[str, Any]:
    """One service per text (named by it), a flow through them with the texts as step labels,
    and the texts as group label, link label and flow name."""
    data = read_data_of(minimal_with())
    texts = list(GRAPHVIZ.values())
    template = data["services"][1]
    data["services"] = [
        {**template, "id": f"s{index}", "name": text} for index, text in enumerate(texts)
    ]
    for service in data["services"]:
        service["serves"] = {"availability": "Helps."}
    steps = [
        {"from": f"s{index}", "to": f"s{index + 1}", "label": text}
        for index, text in enumerate(texts[:-1])
    ]
    data["flows"] = [{"id": "path", "name": texts[0], "steps": steps}]
    data["groups"][0]["label"] = texts[2]
    data["links"] = [{"from": "s0", "to": f"s{len(texts) - 1}", "label": texts[-1]}]
    return data


def read_data_of(text: str) -> dict[str, Any]:
    from ruamel.yaml import YAML

    data: dict[str, Any] = YAML(typ="safe", pure=True).load(text)
    return data


@pytest.fixture(scope="module")
def graphviz_svg(good_render: Path, tmp_path_factory: pytest.TempPathFactory) -> ET.Element:
    project = copy_project(good_render, tmp_path_factory.mktemp("graphviz"))
    project.write_model(graphviz_model())
    project.rendered()
    return ET.parse(project.output / "diagram.svg").getroot()


def element_words(svg: ET.Element, element_id: str) -> list[str]:
    """The words of every text node of the element, in order (labels wrap at spaces)."""
    element = next(e for e in svg.iter() if e.get("id") == element_id)
    return " ".join(node.text or "" for node in element.iter(f"{SVG}text")).split()


@pytest.mark.parametrize("index", range(len(GRAPHVIZ)), ids=GRAPHVIZ.keys())
def test_graphviz_syntax_in_a_service_name_shows_literally(
    graphviz_svg: ET.Element, index: int
) -> None:
    text = list(GRAPHVIZ.values())[index]
    assert element_words(graphviz_svg, f"svc-s{index}") == text.split()


@pytest.mark.parametrize("index", range(len(GRAPHVIZ) - 1), ids=list(GRAPHVIZ)[:-1])
def test_graphviz_syntax_in_a_step_label_shows_literally(
    graphviz_svg: ET.Element, index: int
) -> None:
    text = list(GRAPHVIZ.values())[index]
    assert element_words(graphviz_svg, f"step-{index + 1}") == [str(index + 1), *text.split()]


def test_graphviz_syntax_in_group_link_and_legend_shows_literally(
    graphviz_svg: ET.Element,
) -> None:
    texts = list(GRAPHVIZ.values())
    assert element_words(graphviz_svg, "grp-backend") == texts[2].split()
    assert element_words(graphviz_svg, "link-1") == texts[-1].split()
    words, flow_name = element_words(graphviz_svg, "legend"), texts[0].split()
    starts = range(len(words) - len(flow_name) + 1)
    assert any(words[start : start + len(flow_name)] == flow_name for start in starts), words


def test_graphviz_syntax_adds_no_element_or_link(graphviz_svg: ET.Element) -> None:
    tags = {element.tag.removeprefix(SVG) for element in graphviz_svg.iter()}
    drawn = {"path", "polygon", "polyline", "ellipse", "image", "text"}
    assert tags <= {"svg", "g", "a", "title", "desc", "metadata", "defs", "use", *drawn}, tags
    hrefs = [
        value
        for element in graphviz_svg.iter()
        for name, value in element.attrib.items()
        if name.endswith("href")
    ]
    assert all(not href or href.startswith(("data:", "#")) for href in hrefs), hrefs


# ---- HTML and template syntax in every prose field ----------------------------------------------

PAYLOADS = {
    "script": "<script>alert(1)</script>",
    "img-onerror": "<img src=x onerror=alert(1)>",
    "jinja-expression": "{{7*7}}",
    "jinja-raw": "{% raw %}",
}
PROSE_TEXT = " ".join(PAYLOADS.values())
PROSE_CONSTRAINTS = typing.get_args(schema.Prose)[1]
ID_CONSTRAINTS = typing.get_args(schema.Identifier)[1]

Path_ = tuple[str, ...]  # a path in the model, "*" for every list item or mapping value


def prose_paths(model: type[BaseModel], prefix: Path_ = ()) -> Iterator[Path_]:
    """Every field of the schema typed as prose, found from the pydantic models themselves."""
    for name, field in model.model_fields.items():
        key = field.alias or name
        yield from _prose_in(field.annotation, list(field.metadata), (*prefix, key))


def _prose_in(annotation: Any, metadata: list[Any], path: Path_) -> Iterator[Path_]:
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        yield from _prose_in(args[0], [*metadata, *annotation.__metadata__], path)
    elif origin in (typing.Union, types.UnionType):
        for arg in args:
            yield from _prose_in(arg, metadata, path)
    elif origin is list:
        yield from _prose_in(args[0], [], (*path, "*"))
    elif origin is dict:
        yield from _prose_in(args[1], [], (*path, "*"))
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield from prose_paths(annotation, path)
    elif annotation is str and PROSE_CONSTRAINTS in metadata:
        yield path


# A model holding every kind of entry, so that every prose path has somewhere to go.
FULL_EXTRA = """
links:
  - from: web
    to: photos
    label: reads
tradeoffs:
  - id: managed
    title: Managed services
    decision: Use them.
    services: [web]
    requirements: [availability]
challenges:
  - title: Cold starts
    text: The first request is slow.
reflection:
  text: It went well.
  team:
    - name: Ana
      role: Diagram
"""


def fill_prose(data: Any, path: Path_, values: Iterator[str]) -> int:
    """Put the next value at every place `path` names in `data`; how many places it filled."""
    head, rest = path[0], path[1:]
    if head == "*":
        keys: list[Any] = list(data) if isinstance(data, dict) else list(range(len(data)))
        if not rest:
            for key in keys:
                data[key] = next(values)
            return len(keys)
        return sum(fill_prose(data[key], rest, values) for key in keys)
    if not rest:
        data[head] = next(values)
        return 1
    if rest == ("*",) and head not in data:
        data[head] = [next(values)]
        return 1
    return fill_prose(data[head], rest, values) if head in data else 0


@dataclass(frozen=True)
class ProseRender:
    values: list[str]  # every prose value written, each tagged `zqNN`
    html: str
    markdown: str
    pdf: Path


@pytest.fixture(scope="module")
def prose_render(good_render: Path, tmp_path_factory: pytest.TempPathFactory) -> ProseRender:
    data = read_data_of(minimal_with() + FULL_EXTRA)
    data["services"][0]["cost"] = {"monthly": 5}
    values = [f"zq{number:02d} {PROSE_TEXT}" for number in range(100)]
    feed = iter(values)
    filled = {path: fill_prose(data, path, feed) for path in prose_paths(schema.Architecture)}
    assert all(filled.values()), f"add an entry holding these to FULL_EXTRA: {filled}"
    project = copy_project(good_render, tmp_path_factory.mktemp("prose"))
    project.write_model(data)
    project.rendered()
    used = values[: sum(filled.values())]
    return ProseRender(
        values=used,
        html=(project.output / "brief.html").read_text(encoding="utf-8"),
        markdown=(project.output / "brief.md").read_text(encoding="utf-8"),
        pdf=project.output / "brief.pdf",
    )


def test_every_prose_field_of_the_schema_is_covered() -> None:
    """The walk finds the prose fields the schema has today (a new one is filled by itself)."""
    found = {".".join(path) for path in prose_paths(schema.Architecture)}
    assert {
        "project.summary",
        "services.*.serves.*",
        "services.*.cost.assumptions",
        "flows.*.steps.*.detail",
        "tradeoffs.*.risks.*",
        "challenges.*.resolution",
        "reflection.text",
        "reflection.team.*.contribution",
    } <= found
    assert len(found) >= 19, found


def archgen_url(url: str) -> bool:
    """The URLs archgen itself writes: in-page links, embedded icons, the diagram beside the
    Markdown brief."""
    own = url in OWN_FILES or bool(OWN_VIEW.match(url))
    return url.startswith("#") or bool(ARCHGEN_IMAGE.match(url)) or own


OWN_FILES = {"diagram.svg", "diagram.png"}


def shown_in(text: str, values: list[str], normal: Any = collapse) -> list[str]:
    """The values missing from `text` (both normalised): each must print literally."""
    return [value[:4] for value in values if normal(value) not in normal(text)]


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_html_brief_prints_prose_payload_literally(prose_render: ProseRender, payload: str) -> None:
    assert unsafe_markup(prose_render.html, archgen_url) == []
    elements = read_html(prose_render.html).elements
    assert not [a for tag, a in elements if tag == "img" and not ARCHGEN_IMAGE.match(a["src"])]
    text = visible_text(prose_render.html)
    assert shown_in(text, prose_render.values) == []
    assert text.count(payload) >= len(prose_render.values)


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_markdown_brief_prints_prose_payload_literally(
    prose_render: ProseRender, payload: str
) -> None:
    as_html = markdown_as_html(prose_render.markdown)
    assert unsafe_markup(as_html, archgen_url) == []
    elements = read_html(as_html).elements
    assert not [
        a for tag, a in elements
        if tag == "img" and a.get("src") not in OWN_FILES and not OWN_VIEW.match(a.get("src", ""))
    ]  # fmt: skip
    assert "script" not in [tag for tag, _ in elements]
    text = visible_text(as_html)
    assert shown_in(text, prose_render.values) == []
    assert text.count(payload) >= len(prose_render.values)


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_pdf_brief_prints_prose_payload_literally(prose_render: ProseRender, payload: str) -> None:
    text = pdf_text(prose_render.pdf)
    assert shown_in(text, prose_render.values, squash) == []
    assert squash(text).count(squash(payload)) >= len(prose_render.values)


# ---- Markdown links, images and raw HTML: nothing fetched, nothing embedded ---------------------


@dataclass(frozen=True)
class LinkRender:
    html: str
    markdown_html: str
    pdf: Path
    requests: list[str]


LINK_PROSE = {
    "raw-html-link-attachment": "<link rel=attachment href=file:///etc/passwd>",
    "javascript-link": "[x](javascript:alert(1))",
    "file-image": "![](file:///etc/hostname)",
    "metadata-service-image": "![](http://169.254.169.254/latest/meta-data/)",
    "local-server-image": "![](http://127.0.0.1:{port}/image.png)",
    "raw-img-to-local-server": "<img src=http://127.0.0.1:{port}/raw.png>",
    "raw-link-to-local-server": "<link rel=stylesheet href=http://127.0.0.1:{port}/style.css>",
}
KEPT_URL = "https://example.com/ok"
KEPT_LINK = f"[a web link]({KEPT_URL})"  # proves the readers below see links at all
REFUSED_URL = ("javascript:", "file:", "169.254.169.254", "127.0.0.1")


@pytest.fixture(scope="module")
def link_render(
    good_render: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LinkRender]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), RecordingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        prose = "\n\n".join([*LINK_PROSE.values(), KEPT_LINK])
        prose = prose.replace("{port}", str(server.server_port))
        project = copy_project(good_render, tmp_path_factory.mktemp("links"))
        data = read_data_of(minimal_with())
        data["project"]["summary"] = prose
        data["services"][0]["does"] = prose
        project.write_model(data)
        project.rendered()
        yield LinkRender(
            html=(project.output / "brief.html").read_text(encoding="utf-8"),
            markdown_html=markdown_as_html(
                (project.output / "brief.md").read_text(encoding="utf-8")
            ),
            pdf=project.output / "brief.pdf",
            requests=list(RecordingHandler.requests),
        )
    finally:
        server.shutdown()
        server.server_close()


def test_rendering_fetches_nothing(link_render: LinkRender) -> None:
    assert link_render.requests == []


@pytest.mark.parametrize("markup", LINK_PROSE.values(), ids=LINK_PROSE.keys())
def test_prose_link_is_neither_live_nor_embedded(link_render: LinkRender, markup: str) -> None:
    for html in (link_render.html, link_render.markdown_html):
        assert unsafe_markup(html, lambda url: archgen_url(url) or url == KEPT_URL) == []
        for tag, attrs in read_html(html).elements:
            assert tag not in ("link", "script", "iframe", "object"), (tag, attrs)
            urls = [attrs.get(name, "") for name in ("href", "src")]
            assert not [url for url in urls if url.startswith(REFUSED_URL)], (tag, attrs)
    assert not [uri for uri in pdf_link_targets(link_render.pdf) if uri.startswith(REFUSED_URL)]


def pdf_link_targets(path: Path) -> list[str]:
    """Every URI a PDF link annotation points at; a /JavaScript or /Launch action fails."""
    import pypdf

    targets = []
    for page in pypdf.PdfReader(path).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A") or {}
            assert action.get("/S") not in ("/JavaScript", "/Launch", "/GoToR"), action
            if "/URI" in action:
                targets.append(str(action["/URI"]))
    return targets


def test_a_web_link_is_kept_so_the_link_checks_see_links(link_render: LinkRender) -> None:
    assert KEPT_URL in pdf_link_targets(link_render.pdf)
    hrefs = [a.get("href") for tag, a in read_html(link_render.html).elements if tag == "a"]
    assert KEPT_URL in hrefs


def test_pdf_attaches_only_the_model(link_render: LinkRender) -> None:
    import pypdf

    reader = pypdf.PdfReader(link_render.pdf)
    assert set(reader.attachments) == {"arch.yaml"}
    hostname = Path("/etc/hostname").read_bytes().strip()
    if len(hostname) >= 8:  # a short name could occur by chance
        assert hostname not in pdf_everything(link_render.pdf)


# ---- icon paths out of the project ---------------------------------------------------------------

ICONS = {
    "parent-climb": "../../etc/passwd",
    "absolute": "/etc/passwd",
    "symlink-out": "icons/out.png",
}


@pytest.mark.parametrize("icon", ICONS.values(), ids=ICONS.keys())
def test_icon_outside_the_project_is_refused(project: Project, icon: str) -> None:
    outside = project.base / "outside.png"
    outside.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 32)
    (project.root / "icons").mkdir()
    (project.root / "icons" / "out.png").symlink_to("../../outside.png")
    project.write(minimal_with(("icon: aws.storage.S3", f"icon: {icon}")))
    run = project.refused("render", "arch.yaml", line=28, code="AG207")
    assert "outside" in run.output or "absolute" in run.output, run


# ---- CSS in a colour or style value -------------------------------------------------------------

CSS = "red;background:url(file:///etc/passwd)"


def choice_fields(model: type[BaseModel], prefix: Path_ = ()) -> Iterator[tuple[Path_, str]]:
    """Every field taking a value from a fixed set or a pattern (not an id): where a colour or
    a style could be given. Found from the pydantic models, so a new one is covered."""
    for name, field in model.model_fields.items():
        path = (*prefix, field.alias or name)
        for kind in _leaf_types(field.annotation):
            if isinstance(kind, type) and issubclass(kind, BaseModel):
                yield from choice_fields(kind, path)
            elif isinstance(kind, type) and issubclass(kind, Enum):
                yield path, "AG104"
        patterns = {getattr(m, "pattern", None) for m in field.metadata}
        if patterns - {None, ID_CONSTRAINTS.pattern}:
            yield path, "AG110"


def _leaf_types(annotation: Any) -> Iterator[Any]:
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType, list):
        for arg in args:
            yield from _leaf_types(arg)
    else:
        yield annotation


CHOICES = dict(choice_fields(schema.Architecture))
# Where each choice field goes in the minimal model, and its line there.
CHOICE_PLACES: dict[str, tuple[tuple[str, str], int]] = {
    "project.currency": (("  date: 2026-11-24\n", '  date: 2026-11-24\n  currency: "%s"\n'), 7),
    "groups.kind": (("    label: Backend\n", '    label: Backend\n    kind: "%s"\n'), 16),
    "flows.steps.mode": (
        ("        label: PUT photo", '        label: PUT photo\n        mode: "%s"'),
        42,
    ),
    "links.style": (("", '\nlinks:\n  - {from: web, to: photos, style: "%s"}\n'), 44),
    "links.direction": (("", '\nlinks:\n  - {from: web, to: photos, direction: "%s"}\n'), 44),
    "diagram.direction": (("", '\ndiagram:\n  direction: "%s"\n'), 44),
    "groups.arrange": (("    label: Backend\n", '    label: Backend\n    arrange: "%s"\n'), 16),
    "groups.weight": (("    label: Backend\n", '    label: Backend\n    weight: "%s"\n'), 16),
    "services.weight": (("    name: Web app\n", '    name: Web app\n    weight: "%s"\n'), 20),
    "flows.steps.weight": (
        ("        label: PUT photo", '        label: PUT photo\n        weight: "%s"'),
        42,
    ),
    "links.weight": (("", '\nlinks:\n  - {from: web, to: photos, weight: "%s"}\n'), 44),
    "views.direction": (
        ("", '\nviews:\n  - {id: v, title: V, services: [web], direction: "%s"}\n'),
        44,
    ),
}
# Colours are patterns, not choices: CSS or Graphviz text in one is refused by the pattern.
COLOUR_PLACES: dict[str, tuple[tuple[str, str], int]] = {
    "groups.colour": (("    label: Backend\n", '    label: Backend\n    colour: "%s"\n'), 16),
    "services.colour": (("    name: Web app\n", '    name: Web app\n    colour: "%s"\n'), 20),
    "links.colour": (("", '\nlinks:\n  - {from: web, to: photos, colour: "%s"}\n'), 44),
}


def test_every_choice_field_has_a_case() -> None:
    assert {".".join(path) for path in CHOICES} == set(CHOICE_PLACES)


@pytest.mark.parametrize("place", CHOICE_PLACES, ids=CHOICE_PLACES.keys())
def test_css_in_a_choice_field_is_refused(project: Project, place: str) -> None:
    (old, new), line = CHOICE_PLACES[place]
    code = CHOICES[tuple(place.split("."))]
    model = minimal_with((old, new % CSS)) if old else minimal_with() + new % CSS
    project.write(model)
    run = project.refused("render", "arch.yaml", line=line, code=code)
    assert CSS in run.output, run


@pytest.mark.parametrize("place", COLOUR_PLACES, ids=COLOUR_PLACES.keys())
def test_css_in_a_colour_is_refused(project: Project, place: str) -> None:
    (old, new), line = COLOUR_PLACES[place]
    model = minimal_with((old, new % CSS)) if old else minimal_with() + new % CSS
    project.write(model)
    run = project.refused("render", "arch.yaml", line=line, code="AG110")
    assert CSS in run.output, run
