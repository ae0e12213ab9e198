"""The PDF brief, read back: text, contents page, bookmarks, metadata, attachment, fonts,
determinism, PDF/A-3b and PDF/UA-1, and a URL fetcher that reads nothing archgen did not write.

The example brief is rendered once per module (a few seconds); checks that only need the PDF
machinery use a one-page document.
"""

from __future__ import annotations

import base64
import datetime
import logging
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from archgen.commands.model import check_model_file, require_valid
from archgen.problems import ArchgenError
from archgen.render.brief import Section, build_outline
from archgen.render.brief.html import render_html
from archgen.render.brief.pdf import FINGERPRINT_KEY, GENERATOR, PdfJob, render_pdf, w3c_date
from archgen.render.diagram import render_diagram
from archgen.render.stamp import Stamp, read_pdf_stamp
from archgen.resolve.view import RenderView, resolve_view
from tests.render.brief.conftest import text_runs

pypdf = pytest.importorskip("pypdf")
if shutil.which("pdftotext") is None or shutil.which("pdffonts") is None:
    pytest.skip("poppler-utils (pdftotext, pdffonts) are not installed", allow_module_level=True)

ROOT = Path(__file__).resolve().parents[3]
MODEL = ROOT / "arch.yaml"
PRINT_CSS = ROOT / "templates" / "print.css"
COMMON_CSS = ROOT / "templates" / "common.css"
FINGERPRINT = "archgen-" + "5e" * 16
CREATED = datetime.datetime(2026, 11, 24, tzinfo=datetime.UTC)
MM = 72 / 25.4  # PDF points per millimetre


@dataclass(frozen=True)
class Example:
    view: RenderView
    model_text: str
    html: str
    pdf: bytes
    pages: list[str]  # `pdftotext -layout` text of each page, whitespace runs collapsed


def brief_pdf(html: str, **options: Any) -> bytes:
    """render_pdf with the example's metadata, overridable per test."""
    arguments: dict[str, Any] = {
        "title": "3D Commerce on AWS",
        "authors": ["Cloud Architecture Team"],
        "keywords": ["AWS", "e-commerce"],
        "description": "An online store",
        "created": CREATED,
        "fingerprint": FINGERPRINT,
    }
    arguments.update(options)
    for name in ("authors", "keywords"):
        arguments[name] = tuple(arguments[name])
    return render_pdf(PdfJob(html, **arguments))


def page_texts(pdf: bytes, tmp: Path) -> list[str]:
    path = tmp / "brief.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    pages = text.split("\f")[: len(pypdf.PdfReader(BytesIO(pdf)).pages)]
    return ["\n".join(" ".join(line.split()) for line in page.splitlines()) for page in pages]


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Example:
    valid = require_valid(check_model_file(MODEL, "arch.yaml"))
    view = resolve_view(valid.model, valid.icon_files)
    svg = render_diagram(view, formats=["svg"]).files["svg"]
    html = render_html(view, diagram_svg=svg, medium="pdf", fingerprint=FINGERPRINT)
    text = valid.document.text
    project = view.project
    pdf = brief_pdf(
        html,
        title=project.title,
        authors=project.authors,
        keywords=project.keywords,
        description=project.subtitle or "",
        attachment=("arch.yaml", text.encode("utf-8")),
    )
    return Example(view, text, html, pdf, page_texts(pdf, tmp_path_factory.mktemp("brief")))


def small_html(body: str = "", *, head: str = "") -> str:
    """A one-page brief-like document styled by print.css."""
    css = COMMON_CSS.read_text(encoding="utf-8") + PRINT_CSS.read_text(encoding="utf-8")
    dot = base64.b64encode(
        b"<svg xmlns='http://www.w3.org/2000/svg' width='40' height='20'>"
        b"<rect width='40' height='20' fill='#0072B2'/></svg>"
    ).decode()
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Small</title>'
        f"<style>{css}</style>{head}</head><body>"
        '<header class="cover"><h1>Small brief</h1></header>'
        '<main><section class="chapter" id="sec-overview">'
        '<h2><span class="num">1</span> Overview</h2><p>Text with a <a href="#sec-overview">'
        f'link</a>.</p><img src="data:image/svg+xml;base64,{dot}" alt="A swatch">{body}'
        "</section></main></body></html>"
    )


def toc_entries(example: Example) -> Iterator[tuple[str, str, int]]:
    """(number, title, page) of every line of the contents page(s)."""
    entry = re.compile(r"^((?:\d+|A)(?:\.\d+)*) (.+?) ?\.{3,} ?(\d+)$")
    for page in example.pages[1:3]:
        for line in page.splitlines():
            if match := entry.match(line):
                yield match[1], match[2], int(match[3])


def heading_page(example: Example, label: str) -> int:
    """The first page (1-based, after the contents) with a line, or two, reading `label`."""
    for number, page in enumerate(example.pages, start=1):
        lines = page.splitlines()
        wrapped = [f"{first} {second}" for first, second in pairwise(lines)]
        if number > 2 and (label in lines or label in wrapped):
            return number
    raise AssertionError(f"heading {label!r} is on no page")


def bookmarks(reader: Any, items: list[Any] | None = None) -> list[tuple[str, int, list[Any]]]:
    """The outline as (title, 1-based page, children), nested like the bookmarks panel."""
    tree: list[tuple[str, int, list[Any]]] = []
    for item in reader.outline if items is None else items:
        if isinstance(item, list):
            title, page, _ = tree[-1]
            tree[-1] = (title, page, bookmarks(reader, item))
        else:
            tree.append((item.title, reader.get_destination_page_number(item) + 1, []))
    return tree


# ─── The example brief ─────────────────────────────────────────────────────────────────────


def test_every_service_requirement_and_tradeoff_is_in_the_text(example: Example) -> None:
    text = "\n".join(example.pages)
    names = [s.name for s in example.view.services]
    titles = [r.title for r in example.view.requirements] + [
        t.title for t in example.view.tradeoffs
    ]
    missing = [name for name in names + titles if name not in text]
    assert not missing


def test_flow_steps_carry_their_diagram_numbers(example: Example) -> None:
    text = " ".join(example.pages)
    view = example.view
    for step in view.steps:
        route = f"{view.service(step.source).name} → {view.service(step.target).name}"
        assert f"{step.number} {route}: {step.label}" in text, step


def test_contents_page_numbers_are_the_pages_sections_start_on(example: Example) -> None:
    entries = list(toc_entries(example))
    expected = [s.number for top in build_outline(example.view) for s in top.walk()]
    assert [number for number, _, _ in entries] == expected
    for number, title, page in entries:
        assert heading_page(example, f"{number} {title}") == page, (number, title)


def test_bookmarks_follow_the_outline_and_point_at_the_contents_pages(example: Example) -> None:
    tree = bookmarks(pypdf.PdfReader(BytesIO(example.pdf)))
    outline = build_outline(example.view)
    assert [title for title, _, _ in tree] == ["Contents", *(s.label for s in outline)]
    pages = {f"{number} {title}": page for number, title, page in toc_entries(example)}

    def check(nodes: list[tuple[str, int, list[Any]]], sections: tuple[Section, ...]) -> None:
        numbered = [node for node in nodes if node[0] in pages]
        assert [title for title, _, _ in numbered] == [s.label for s in sections]
        for (title, page, children), section in zip(numbered, sections, strict=True):
            assert page == pages[title]
            check(children, section.children)

    check(tree[1:], outline.sections)
    assert example.view.project.title not in [title for title, _, _ in tree]  # not the cover


def test_services_are_bookmarked_under_their_groups(example: Example) -> None:
    titles: list[str] = []

    def collect(nodes: list[tuple[str, int, list[Any]]]) -> None:
        for title, _, children in nodes:
            titles.append(title)
            collect(children)

    collect(bookmarks(pypdf.PdfReader(BytesIO(example.pdf))))
    assert {s.name for s in example.view.services} <= set(titles)


def test_the_reflection_has_its_own_page_with_the_team_table(example: Example) -> None:
    reflection = example.view.reflection
    assert reflection is not None
    label = build_outline(example.view)["sec-reflection"].label
    page = example.pages[heading_page(example, label) - 1]
    unspaced = "".join(page.split())
    for paragraph in reflection.text.split("\n\n"):
        assert "".join(paragraph.split()) in unspaced
    lines = page.splitlines()
    assert "THE TEAM" in lines and "Name Role Contribution" in lines
    (member,) = reflection.team
    assert any(line.startswith(f"{member.name} {member.role} ") for line in lines)
    assert heading_page(example, label) < heading_page(example, "A About this document")


def test_the_model_is_attached_as_yaml(example: Example) -> None:
    reader = pypdf.PdfReader(BytesIO(example.pdf))
    assert reader.attachments["arch.yaml"] == [example.model_text.encode("utf-8")]
    names = reader.trailer["/Root"]["/Names"]["/EmbeddedFiles"]["/Names"]
    stream = names[1].get_object()["/EF"]["/F"].get_object()
    assert stream["/Subtype"] == "/text/yaml"
    assert stream["/Params"]["/ModDate"] == "D:20261124000000Z"


def test_metadata_comes_from_the_model(example: Example) -> None:
    info = pypdf.PdfReader(BytesIO(example.pdf)).metadata
    project = example.view.project
    assert info.title == project.title
    assert info.author == ", ".join(project.authors)
    assert info.subject == project.subtitle
    assert info["/Keywords"] == ", ".join(project.keywords)
    assert info.creator == GENERATOR
    assert GENERATOR.startswith("archgen ")
    assert info["/CreationDate"] == info["/ModDate"] == "D:20261124000000Z"
    assert info[f"/{FINGERPRINT_KEY}"] == FINGERPRINT
    # Only archgen's own custom key: not the HTML's other <meta> names (viewport, ...).
    standard = {"/Title", "/Author", "/Subject", "/Keywords", "/Creator", "/Producer"}
    assert set(info) - standard - {"/CreationDate", "/ModDate"} == {f"/{FINGERPRINT_KEY}"}


def test_fingerprint_is_readable_from_the_raw_bytes(example: Example) -> None:
    stamp = read_pdf_stamp(example.pdf)
    assert stamp is not None
    assert stamp.fingerprint == FINGERPRINT
    assert stamp.intact is True


@pytest.mark.parametrize("variant", [None, "pdf/a-3b", "pdf/ua-1"])
def test_the_pdf_is_sealed_in_its_one_identifier(variant: Any) -> None:
    """The stamp (fingerprint + digest of the whole file) is the first /ID string, written
    once; the XMP of PDF/A and PDF/UA names no document id that could disagree with it."""
    pdf = brief_pdf(small_html(), variant=variant, attachment=("arch.yaml", b"a: 1\n"))
    reader = pypdf.PdfReader(BytesIO(pdf))
    first, second = reader.trailer["/ID"]
    assert re.fullmatch(rf"{FINGERPRINT}\+[0-9a-f]{{16}}", first) and first[-16:] != "0" * 16
    assert re.fullmatch(r"[0-9a-f]{32}", second)
    assert pdf.count(b"/ID [") == 1 and pdf.count(FINGERPRINT.encode()) == 1
    metadata = reader.trailer["/Root"].get("/Metadata")
    if metadata is not None:
        xmp = metadata.get_object().get_data()
        assert b"DocumentID" not in xmp and b"InstanceID" not in xmp
        assert FINGERPRINT.encode() not in xmp
    assert read_pdf_stamp(pdf) == Stamp(FINGERPRINT, True)


def test_a_pdf_without_a_fingerprint_is_left_unsealed() -> None:
    pdf = brief_pdf(small_html(), fingerprint="")
    assert read_pdf_stamp(pdf) is None
    assert re.fullmatch(r"[0-9a-f]{32}", pypdf.PdfReader(BytesIO(pdf)).trailer["/ID"][0])


def test_every_font_is_embedded_and_the_families_are_fixed(
    example: Example, tmp_path: Path
) -> None:
    path = tmp_path / "brief.pdf"
    path.write_bytes(example.pdf)
    listing = subprocess.run(
        ["pdffonts", str(path)], check=True, capture_output=True, text=True
    ).stdout.splitlines()[2:]
    assert listing
    assert all(line.split()[-5] == "yes" for line in listing), listing  # the "emb" column
    names = " ".join(line.split()[0] for line in listing)
    assert "Noto-Serif" in names and "Noto-Sans" in names


def test_cover_has_no_running_header_or_footer(example: Example) -> None:
    total = len(example.pages)
    cover, contents = example.pages[0], example.pages[1]
    assert "Page 1 of" not in cover
    assert "Contents" not in cover
    assert f"Page 2 of {total}" in contents
    for number, page in enumerate(example.pages[2:], start=3):
        lines = [line for line in page.splitlines() if line]
        assert lines[0].startswith(example.view.project.title), number
        assert lines[-1] == f"Page {number} of {total}"


def test_each_chapter_starts_a_page_and_names_it_in_the_header(example: Example) -> None:
    for section in build_outline(example.view):
        page = example.pages[heading_page(example, section.label) - 1]
        header = page.splitlines()[0]
        assert header == f"{example.view.project.title} {section.label}"


def test_the_diagram_fits_inside_its_pages(example: Example, tmp_path: Path) -> None:
    pages = figure_pages(example)
    assert len(pages) == 2  # the example's diagram takes two landscape bands at 8 pt
    path = tmp_path / "brief.pdf"
    path.write_bytes(example.pdf)
    for page in pages:
        boxes = subprocess.run(
            ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(path), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        size = re.search(r'<page width="([\d.]+)" height="([\d.]+)"', boxes)
        assert size is not None
        width, height = float(size[1]), float(size[2])
        assert width > height  # landscape
        words = re.findall(
            r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"', boxes
        )
        assert len(words) > 50  # the diagram's labels are text
        for x_min, y_min, x_max, y_max in (tuple(map(float, word)) for word in words):
            assert 10 * MM < x_min <= x_max < width - 10 * MM
            assert 10 * MM < y_min <= y_max < height - 10 * MM


def figure_pages(example: Example) -> list[int]:
    """The 1-based pages that show a part of Figure 1 (each names it under its part)."""
    named = re.compile(r"Figure 1(?:\.|, part)")
    return [n for n, text in enumerate(example.pages, 1) if named.search(text)]


def test_no_text_on_the_diagrams_pages_prints_under_8_pt(example: Example) -> None:
    """Measured from the PDF: the size each piece of text is drawn at (font size times the
    matrices' scale). Before, the example's diagram printed at 43 %: labels at 5.1 pt."""
    runs = text_runs(example.pdf)
    sizes: list[float] = []
    for page in figure_pages(example):
        drawn = runs[page - 1]
        small = [(size, text) for size, text in drawn if size < 8 - 0.005]
        assert not small, (page, small[:5])
        sizes += [size for size, _ in drawn]
    service_name = [
        size
        for page in figure_pages(example)
        for size, text in runs[page - 1]
        if text == "App Runner"
    ]
    assert service_name and min(service_name) >= 9.5  # 14 pt names at the example's 72 %


@pytest.mark.slow
def test_same_inputs_give_the_same_bytes(example: Example) -> None:
    project = example.view.project
    again = brief_pdf(
        example.html,
        title=project.title,
        authors=project.authors,
        keywords=project.keywords,
        description=project.subtitle or "",
        attachment=("arch.yaml", example.model_text.encode("utf-8")),
    )
    assert again == example.pdf


# ─── Variants, page sizes and dates (a one-page document) ──────────────────────────────────


@pytest.mark.parametrize("variant", [None, "pdf/a-3b", "pdf/ua-1"])
def test_each_variant_renders_the_same_bytes_twice(variant: Any) -> None:
    html = small_html(
        "<table><thead><tr><th>A</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>"
    )
    first = brief_pdf(html, variant=variant, attachment=("arch.yaml", b"a: 1\n"))
    assert brief_pdf(html, variant=variant, attachment=("arch.yaml", b"a: 1\n")) == first


def test_pdf_a_3b_declares_itself_and_links_the_model_as_its_source() -> None:
    pdf = brief_pdf(small_html(), variant="pdf/a-3b", attachment=("arch.yaml", b"a: 1\n"))
    reader = pypdf.PdfReader(BytesIO(pdf))
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b'pdfaid:part="3"' in xmp and b'pdfaid:conformance="B"' in xmp
    assert b"<dc:title>" in xmp and b"Small" not in xmp  # the model's title, not <title>
    catalog = reader.trailer["/Root"]
    assert catalog["/AF"][0].get_object()["/AFRelationship"] == "/Source"
    assert "/OutputIntents" in catalog
    assert reader.trailer["/ID"][0].startswith(f"{FINGERPRINT}+")
    assert reader.attachments["arch.yaml"] == [b"a: 1\n"]


def test_pdf_ua_1_is_tagged_titled_and_has_a_language() -> None:
    html = small_html().replace('<html lang="en">', "<html>")  # no lang: archgen supplies one
    reader = pypdf.PdfReader(BytesIO(brief_pdf(html, variant="pdf/ua-1")))
    catalog = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "en"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    xmp = catalog["/Metadata"].get_object().get_data()
    assert b'pdfuaid:part="1"' in xmp


@pytest.mark.parametrize(
    ("page_size", "portrait"), [("A4", (595.28, 841.89)), ("Letter", (612.0, 792.0))]
)
def test_page_size_is_set_from_python_and_wide_diagrams_turn_landscape(
    page_size: Any, portrait: tuple[float, float]
) -> None:
    wide = (
        '<figure class="diagram landscape"><div class="diagram-frame"><img alt="wide" '
        'src="data:image/svg+xml;base64,'
        + base64.b64encode(
            b"<svg xmlns='http://www.w3.org/2000/svg' width='900' height='300'/>"
        ).decode()
        + '"></div></figure>'
    )
    reader = pypdf.PdfReader(BytesIO(brief_pdf(small_html(wide), page_size=page_size)))
    sizes = [
        (round(float(p.mediabox.width), 2), round(float(p.mediabox.height), 2))
        for p in reader.pages
    ]
    assert sizes[0] == portrait
    assert portrait[::-1] in sizes


def test_print_css_is_understood_by_weasyprint(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        brief_pdf(small_html())
    assert [record.getMessage() for record in caplog.records] == []


def test_dates_are_written_in_utc_from_any_zone() -> None:
    plus_two = datetime.timezone(datetime.timedelta(hours=2))
    assert w3c_date(datetime.datetime(2026, 11, 24, 1, 30, tzinfo=plus_two)) == (
        "2026-11-23T23:30:00Z"
    )
    assert w3c_date(datetime.datetime(2026, 11, 24)) == "2026-11-24T00:00:00Z"


# ─── Reading nothing but what archgen wrote ───────────────────────────────────────────────


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "secret.css"
    path.write_text("body { color: red } /* SECRET-CONTENT */", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("head", "body"),
    [
        ("", '<img src="{url}" alt="x">'),
        ('<link rel="stylesheet" href="{url}">', ""),
        ("<style>@import url({url});</style>", ""),
        ("", '<div style="background: url({url})">x</div>'),
        ('<link rel="attachment" href="{url}">', ""),
        ("", '<a rel="attachment" href="{url}">model</a>'),
    ],
    ids=["img", "stylesheet", "import", "background", "link-attachment", "a-attachment"],
)
def test_a_file_url_fails_the_whole_render(secret: Path, head: str, body: str) -> None:
    url = secret.as_uri()
    html = small_html(body.format(url=url), head=head.format(url=url))
    with pytest.raises(ArchgenError) as raised:
        brief_pdf(html)
    assert url in raised.value.message
    assert "SECRET-CONTENT" not in raised.value.message


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/",
        "https://example.com/logo.png",
        "ftp://example.com/logo.png",
        "../../etc/passwd",
        "logo.png",
    ],
)
def test_web_addresses_and_relative_paths_are_refused_before_any_request(url: str) -> None:
    with pytest.raises(ArchgenError, match=re.escape(repr(url))):
        brief_pdf(small_html(f'<div style="background: url({url})">x</div>'))
    with pytest.raises(ArchgenError, match=re.escape(repr(url))):
        brief_pdf(small_html(f'<img src="{url}" alt="x">'))


def test_a_base_element_cannot_point_relative_urls_at_the_disk(secret: Path) -> None:
    head = f'<base href="{secret.parent.as_uri()}/">'
    with pytest.raises(ArchgenError, match=re.escape("secret.css")):
        brief_pdf(small_html('<link rel="stylesheet" href="secret.css">', head=head))


def test_a_picture_inside_an_embedded_svg_is_refused_too(secret: Path) -> None:
    # WeasyPrint swallows even fatal errors while it draws an SVG: the fetcher's log catches it.
    svg = (
        "<svg xmlns='http://www.w3.org/2000/svg' xmlns:xlink='http://www.w3.org/1999/xlink' "
        f"width='20' height='20'><image xlink:href='{secret.as_uri()}' width='9' height='9'/>"
        "</svg>"
    )
    uri = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
    with pytest.raises(ArchgenError, match=re.escape(secret.as_uri())):
        brief_pdf(small_html(f'<img src="{uri}" alt="x">'))


def test_data_urls_are_served(tmp_path: Path) -> None:
    html = small_html(
        '<p style="background: url(data:image/svg+xml;base64,'
        + base64.b64encode(b"<svg xmlns='http://www.w3.org/2000/svg'/>").decode()
        + ')">ok</p>'
    )
    pages = page_texts(brief_pdf(html), tmp_path)
    assert "ok" in pages[1]


def test_importing_the_module_does_not_import_weasyprint() -> None:
    probe = "import sys, archgen.render.brief.pdf; sys.exit('weasyprint' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, check=False)
    assert done.returncode == 0


def test_cover_text_copies_as_written(example: Example) -> None:
    """Spaced capitals still extract as words: no first letter split off ("P ROJECT")."""
    cover = example.pages[0]
    assert "PROJECT BRIEF" in cover
    assert "P ROJECT" not in cover and "C LOUD" not in cover
    assert not re.search(r"\b[A-Z] [A-Z]{3,}", cover), cover
