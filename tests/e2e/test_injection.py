"""Text from a model is data, never code: not a template, not HTML, not Graphviz markup.

tests/fixtures/hostile/injection.yaml puts Jinja syntax, HTML/JS and DOT syntax in every field a
person writes; it is rendered once for the module through the real CLI, and every output is
read back the way a reader would meet it.
"""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from tests.e2e.support import (
    ARCHGEN_IMAGE,
    DEFAULT_OUTPUTS,
    EVALUATED,
    HOSTILE,
    OWN_VIEW,
    Field,
    cli,
    collapse,
    evaluated,
    markdown_as_html,
    output_names,
    pdf_text,
    read_html,
    squash,
    text_fields,
    unsafe_markup,
    visible_text,
)

if shutil.which("pdftotext") is None:
    pytest.skip("poppler-utils (pdftotext) is not installed", allow_module_level=True)

MODEL = HOSTILE / "injection.yaml"
SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"
# The diagram element that must show each one-line text of the fixture, by the text's tag.
DIAGRAM_ELEMENTS = {
    "zt01": "diagram",
    "zt02": "diagram",
    "zt11": "grp-edge",
    "zt12": "grp-core",
    "zt13": "svc-web",
    "zt14": "svc-store",
    "zt15": "svc-queue",
    "zt16": "legend",
    "zt17": "step-1",
    "zt18": "step-2",
    "zt19": "link-1",
}
# Quotes in names and titles print as `&#34;`/`&#39;` in brief.md (see the xfail test below);
# the other Markdown checks undo that one known bug so that they keep testing the rest.
TITLE = 'zt01 README {{7*7}} <script>alert(1)</script> "];\\" -> evil } { subgraph'
AUTHOR_2 = 'zt04 "><svg onload=alert(1)>'
HTML_PAYLOADS = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
)


@dataclass(frozen=True)
class Rendered:
    fields: list[Field]
    html: str
    markdown_html: str  # brief.md as a permissive Markdown viewer shows it
    pdf_text: str
    pdf: bytes
    svg: bytes


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    out = tmp_path_factory.mktemp("injection") / "output"
    run = cli("render", MODEL, "-o", out)
    assert run.code == 0, run
    assert output_names(out) == DEFAULT_OUTPUTS
    model = YAML(typ="safe").load(MODEL.read_text(encoding="utf-8"))
    return Rendered(
        fields=text_fields(model),
        html=(out / "brief.html").read_text(encoding="utf-8"),
        markdown_html=markdown_as_html((out / "brief.md").read_text(encoding="utf-8")),
        pdf_text=pdf_text(out / "brief.pdf"),
        pdf=(out / "brief.pdf").read_bytes(),
        svg=(out / "diagram.svg").read_bytes(),
    )


# ---- 1. never a template -----------------------------------------------------------------------


def test_fixture_carries_every_payload_in_every_kind_of_field(rendered: Rendered) -> None:
    paths = {field.path.split("[")[0] for field in rendered.fields}
    assert {"project.title", "services", "flows", "tradeoffs", "challenges"} <= paths
    assert {"reflection.text", "reflection.team"} <= paths
    assert len(rendered.fields) >= 40
    assert all(field.tag.startswith(("zt", "zp")) for field in rendered.fields)
    every_value = " ".join(field.shown for field in rendered.fields)
    for payload in [*EVALUATED, "{{ config }}", "{{ ''.__class__ }}", "<script>alert(1)</script>"]:
        assert payload in every_value


def not_shown(fields: list[Field], text: str, normal: Callable[[str], str] = collapse) -> list[str]:
    """Fields whose text is missing from `text`, both put through `normal`."""
    return [f.path for f in fields if normal(f.shown) not in normal(text)]


def run_as_templates(
    fields: list[Field], text: str, normal: Callable[[str], str] = collapse
) -> list[str]:
    """Fields whose text shows in `text` the way it would print if run as a template."""
    return [
        f.path
        for f in fields
        if evaluated(f.shown) != f.shown and normal(evaluated(f.shown)) in normal(text)
    ]


def test_html_brief_shows_every_field_as_typed_and_runs_none(rendered: Rendered) -> None:
    text = visible_text(rendered.html)
    assert not_shown(rendered.fields, text) == []
    assert run_as_templates(rendered.fields, text) == []


def test_markdown_brief_shows_every_field_as_typed_and_runs_none(rendered: Rendered) -> None:
    text = visible_text(rendered.markdown_html)
    assert not_shown(rendered.fields, text) == []
    assert run_as_templates(rendered.fields, text) == []


def test_markdown_brief_shows_quotes_in_names_as_typed(rendered: Rendered) -> None:
    text = visible_text(rendered.markdown_html)
    quoted = [f for f in rendered.fields if f.kind == "text" and ('"' in f.value or "'" in f.value)]
    assert quoted
    assert not_shown(quoted, text) == []
    assert "&#34;" not in text and "&#39;" not in text


def test_pdf_brief_shows_every_field_as_typed_and_runs_none(rendered: Rendered) -> None:
    # pdftotext breaks lines where the PDF does; the cover's course line is set in capitals.
    def normal(text: str) -> str:
        return squash(text).casefold()

    assert not_shown(rendered.fields, rendered.pdf_text, normal) == []
    assert run_as_templates(rendered.fields, rendered.pdf_text, normal) == []


def test_pdf_metadata_shows_title_authors_and_keywords_as_typed(rendered: Rendered) -> None:
    import pypdf

    metadata = pypdf.PdfReader(BytesIO(rendered.pdf)).metadata
    assert metadata is not None
    by_path = {field.path: field.value for field in rendered.fields}
    assert metadata.title == by_path["project.title"]
    assert metadata.subject == by_path["project.subtitle"]
    assert metadata.author == f"{by_path['project.authors[0]']}, {by_path['project.authors[1]']}"
    assert metadata["/Keywords"] == "zt08 {{7*7}}, zt09 </title><script>"


@pytest.mark.slow
def test_pdf_a_metadata_shows_title_and_authors_as_typed(tmp_path: Path) -> None:
    """PDF/A writes the metadata again as XMP, an XML packet: escaping matters there too."""
    import pypdf

    run = cli("render", MODEL, "-o", tmp_path, "--only", "pdf", "--pdf-variant", "pdf/a-3b")
    assert run.code == 0, run
    xmp = pypdf.PdfReader(tmp_path / "brief.pdf").xmp_metadata
    assert xmp is not None
    assert xmp.dc_title == {"x-default": TITLE}
    assert xmp.dc_creator == ["zt03 {{ config }} <img src=x onerror=alert(1)>", AUTHOR_2]
    assert xmp.pdf_keywords == "zt08 {{7*7}}, zt09 </title><script>"


# ---- 2. never HTML -----------------------------------------------------------------------------


def archgen_url(url: str) -> bool:
    """The only URLs archgen's own markup uses: in-page links and its embedded icons."""
    return url.startswith("#") or bool(ARCHGEN_IMAGE.match(url))


def test_html_brief_holds_no_script_handler_or_foreign_element(rendered: Rendered) -> None:
    assert unsafe_markup(rendered.html, archgen_url) == []
    reader = read_html(rendered.html)
    tags = [tag for tag, _ in reader.elements]
    assert "script" not in tags  # archgen itself writes no script at all
    assert tags.count("style") == 1  # its own stylesheet, in the head
    policies = [a["content"] for _, a in reader.elements if "http-equiv" in a]
    assert len(policies) == 1 and policies[0].startswith("default-src 'none';")
    assert not any("alert" in css for css in reader.styles)


def test_html_brief_shows_markup_escaped(rendered: Rendered) -> None:
    for payload in HTML_PAYLOADS:
        assert payload not in rendered.html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered.html
    head_title = rendered.html.split("<title>", 1)[1].split("</title>", 1)[0]
    assert head_title.startswith("zt01 README {{7*7}} &lt;script&gt;")


def test_markdown_brief_holds_no_html_when_shown_with_raw_html_on(rendered: Rendered) -> None:
    def allowed(url: str) -> bool:
        return url.startswith("#") or url == "diagram.svg" or bool(OWN_VIEW.match(url))

    assert unsafe_markup(rendered.markdown_html, allowed) == []
    tags = {tag for tag, _ in read_html(rendered.markdown_html).elements}
    assert tags.isdisjoint({"script", "svg", "style", "title", "iframe", "b"})
    images = [a for t, a in read_html(rendered.markdown_html).elements if t == "img"]
    sources = [image["src"] for image in images]
    assert sources[0] == "diagram.svg" and all(OWN_VIEW.match(src) for src in sources[1:])


def test_svg_holds_no_script_handler_or_foreign_object(rendered: Rendered) -> None:
    root = ET.fromstring(rendered.svg)
    for element in root.iter():
        name = element.tag.rpartition("}")[2].lower()
        assert name not in {"script", "foreignobject", "iframe", "animate", "set", "handler"}, name
        for attribute, value in element.attrib.items():
            local = attribute.rpartition("}")[2].lower()
            assert not local.startswith("on"), (name, attribute, value)
            if local == "href":
                assert archgen_url(value), (name, value[:80])


# ---- 3. never Graphviz markup ------------------------------------------------------------------


def diagram_text(root: ET.Element, element_id: str) -> str:
    """The text a node, edge or cluster shows; the graph's own label for `diagram`."""
    groups = [g for g in root.iter(f"{SVG}g") if g.get("id") == element_id]
    assert len(groups) == 1, f"{element_id}: {len(groups)} elements"
    if element_id == "diagram":
        return "".join(text.text or "" for text in groups[0].findall(f"{SVG}text"))
    return "".join(text.text or "" for text in groups[0].iter(f"{SVG}text"))


def test_diagram_shows_dot_syntax_in_names_and_labels_as_typed(rendered: Rendered) -> None:
    root = ET.fromstring(rendered.svg)
    by_tag = {field.tag: field for field in rendered.fields}
    shown = {tag: diagram_text(root, element) for tag, element in DIAGRAM_ELEMENTS.items()}
    wrong = {
        tag: text for tag, text in shown.items() if squash(by_tag[tag].shown) not in squash(text)
    }
    assert wrong == {}
    title = root.find(f"{SVG}title")
    assert title is not None and title.text == by_tag["zt01"].shown


def test_diagram_tooltips_show_names_as_typed(rendered: Rendered) -> None:
    root = ET.fromstring(rendered.svg)
    by_tag = {field.tag: field for field in rendered.fields}
    for tag, element_id in DIAGRAM_ELEMENTS.items():
        if element_id in ("diagram", "legend"):
            continue
        group = next(g for g in root.iter(f"{SVG}g") if g.get("id") == element_id)
        link = group.find(f".//{SVG}a")
        assert link is not None, element_id
        assert by_tag[tag].shown in (link.get(f"{XLINK}title") or ""), element_id


def test_diagram_has_exactly_the_model_nodes_edges_and_clusters(rendered: Rendered) -> None:
    """Injected `-> evil`, `subgraph` or `}` would add nodes, edges or clusters."""
    root = ET.fromstring(rendered.svg)
    classes = [(g.get("class") or "").split() for g in root.iter(f"{SVG}g")]
    nodes = [c for c in classes if "node" in c]
    edges = [c for c in classes if "edge" in c]
    clusters = [c for c in classes if "cluster" in c]
    assert len(nodes) == 4  # three services and the legend
    assert len(edges) == 3  # two steps and one link
    assert len(clusters) == 2
    names = {
        g.findtext(f"{SVG}title") for g in root.iter(f"{SVG}g") if "node" in g.get("class", "")
    }
    assert names == {"web", "store", "queue", "legend"}
