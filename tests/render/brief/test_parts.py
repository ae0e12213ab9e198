"""The PDF brief laid out in parts and joined reads exactly as the one laid out whole: the same
pages drawn the same, the same text, outline, links, attachment and metadata; and the pieces
that cut and join it keep model text as text."""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest

from archgen.render.brief.parts import (
    PageFacts,
    balanced_runs,
    chapter_runs,
    contents_css,
    css_string,
    cut_brief,
    footers_html,
    literal_identifier,
    title_css,
)
from archgen.render.brief.pdf import PdfJob
from archgen.render.brief.printer import Printer, print_pdf
from archgen.render.stamp import read_pdf_stamp
from tests.render.brief.conftest import pdf_job_of

ROOT = Path(__file__).resolve().parents[3]


def example_job(variant: str | None = None) -> PdfJob:
    return pdf_job_of(ROOT / "arch.yaml", variant)


@pytest.fixture(scope="module", params=[None, "pdf/a-3b"], ids=["plain", "pdf-a"])
def laid_out(request: pytest.FixtureRequest) -> tuple[PdfJob, bytes, bytes]:
    """The example's brief job, laid out in parts on two workers, and whole in this process."""
    job = example_job(request.param)
    assert job.may_cut
    parted = Printer(workers=2).submit(job)()
    whole = print_pdf(dataclasses.replace(job, may_cut=False))
    return job, parted, whole


@pytest.fixture
def both(laid_out: tuple[PdfJob, bytes, bytes]) -> tuple[bytes, bytes]:
    return laid_out[1], laid_out[2]


def words(page: pypdf.PageObject) -> str:
    """The page's text without its spaces: pypdf guesses those from each font subset's widths,
    which differ between a part's subset and the whole document's."""
    return "".join(page.extract_text().split())


def outline(reader: pypdf.PdfReader) -> list[tuple[int, str, int]]:
    found: list[tuple[int, str, int]] = []

    def walk(items: list[object], depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, item.title, reader.get_destination_page_number(item)))  # type: ignore[attr-defined]

    walk(reader.outline, 0)
    return found


def link_targets(reader: pypdf.PdfReader) -> list[list[int]]:
    """For each page, the page each of its internal links leads to."""
    named = {
        name: reader.get_destination_page_number(dest)
        for name, dest in reader.named_destinations.items()
    }
    pages = []
    for page in reader.pages:
        targets = []
        for annotation in page.get("/Annots") or []:
            link = annotation.get_object()
            if link.get("/Subtype") != "/Link" or "/Dest" not in link:
                continue
            dest = link["/Dest"]
            targets.append(named[str(dest)] if isinstance(dest, str) else -1)
        pages.append(sorted(targets))
    return pages


@pytest.mark.slow
def test_the_joined_brief_reads_as_the_whole_one(both: tuple[bytes, bytes]) -> None:
    parted, whole = (pypdf.PdfReader(io.BytesIO(data)) for data in both)
    assert len(parted.pages) == len(whole.pages) > 20
    for number, (a, b) in enumerate(zip(parted.pages, whole.pages, strict=True), start=1):
        assert words(a) == words(b), f"page {number}"
        assert a.mediabox == b.mediabox, f"page {number}"
    assert outline(parted) == outline(whole)
    assert link_targets(parted) == link_targets(whole)
    assert sum(map(len, link_targets(parted))) > 100
    assert parted.attachments["arch.yaml"] == whole.attachments["arch.yaml"]
    assert parted.metadata == whole.metadata
    assert re.search(r"Page 12 of \d+", parted.pages[11].extract_text())


@pytest.mark.slow
def test_the_joined_brief_is_drawn_as_the_whole_one(
    both: tuple[bytes, bytes], tmp_path: Path
) -> None:
    if shutil.which("pdftoppm") is None:
        pytest.skip("poppler-utils not installed")
    for name, data in zip(("parted", "whole"), both, strict=True):
        (tmp_path / f"{name}.pdf").write_bytes(data)
        subprocess.run(
            ["pdftoppm", "-r", "40", "-gray", "-png", f"{name}.pdf", name],
            cwd=tmp_path,
            check=True,
        )
    parted = sorted(tmp_path.glob("parted-*.png"))
    whole = sorted(tmp_path.glob("whole-*.png"))
    assert len(parted) == len(whole)
    for a, b in zip(parted, whole, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


@pytest.mark.slow
def test_the_joined_brief_is_sealed_and_repeatable(both: tuple[bytes, bytes]) -> None:
    parted, _ = both
    stamp = read_pdf_stamp(parted)
    assert stamp is not None and stamp.intact


@pytest.mark.slow
def test_the_same_brief_joins_to_the_same_bytes(laid_out: tuple[PdfJob, bytes, bytes]) -> None:
    job, parted, _ = laid_out
    if job.variant is not None:
        pytest.skip("once is enough")
    assert Printer(workers=2).submit(job)() == parted


@pytest.mark.slow
def test_pdf_a_keeps_its_intent_and_metadata(both: tuple[bytes, bytes]) -> None:
    parted, whole = (pypdf.PdfReader(io.BytesIO(data)) for data in both)
    if "/OutputIntents" not in whole.trailer["/Root"]:
        pytest.skip("the plain variant")
    root = parted.trailer["/Root"]
    assert "/OutputIntents" in root and "/Metadata" in root
    assert (
        root["/Metadata"].get_object().get_data()
        == whole.trailer["/Root"]["/Metadata"].get_object().get_data()
    )


# ---- the pieces --------------------------------------------------------------------------------


BRIEF = (
    "<!DOCTYPE html><html><head><style>p{}</style></head><body class='b'>"
    '<header class="cover">T</header><nav class="toc"><a href="#sec-a">A</a></nav>'
    '<main>\n<section class="chapter" id="sec-a">A</section>\n'
    '<section class="chapter" id="sec-b">B</section>\n'
    '<section class="chapter appendix" id="sec-c">C</section>\n</main></body></html>'
)


def test_the_brief_is_cut_at_its_chapters() -> None:
    cut = cut_brief(BRIEF, parts=2)
    assert cut is not None
    assert "<main>" not in cut.front and 'class="toc"' in cut.front
    assert cut.head.endswith("<body class='b'>")
    assert len(cut.parts) == 2
    joined = "".join(part.split("<main>", 1)[1].split("</main>")[0] for part in cut.parts)
    assert joined == BRIEF.split("<main>", 1)[1].split("</main>")[0].lstrip()
    assert all(part.startswith(cut.head + "<main>") for part in cut.parts)
    assert all(part.endswith("</main></body></html>") for part in cut.parts)


@pytest.mark.parametrize(
    "html",
    [
        BRIEF.replace("<main>", "<div>").replace("</main>", "</div>"),
        BRIEF.split('<section class="chapter" id="sec-b">')[0] + "</main></body></html>",
    ],
    ids=["no-main", "one-chapter"],
)
def test_a_brief_that_cannot_be_cut_is_laid_out_whole(html: str) -> None:
    assert cut_brief(html, parts=2) is None


def test_the_appendices_are_a_part_of_their_own() -> None:
    chapters = ["a" * 100, "b" * 100, "c" * 100, '<section class="chapter appendix">z']
    assert chapter_runs(chapters, 3) == [chapters[:2], chapters[2:3], chapters[3:]]
    assert chapter_runs(chapters[:3], 2) == balanced_runs(chapters[:3], 2)
    assert chapter_runs(chapters[3:] * 2, 2) == [chapters[3:], chapters[3:]]


def test_runs_of_chapters_share_out_the_weight_and_an_image_counts_as_text() -> None:
    chapters = ["a" * 100, "b" * 100, "c" * 100, "d" * 100]
    assert balanced_runs(chapters, 2) == [chapters[:2], chapters[2:]]
    image = '<img src="data:image/png;base64,' + "A" * 10**6 + '">'
    runs = balanced_runs([image, "x" * 15_000, "y" * 15_000], 2)
    assert runs == [[image], ["x" * 15_000, "y" * 15_000]]


@pytest.mark.parametrize(
    "title", ['a"b', "}</style><script>x</script>", "back\\slash", "new\nline", "é 🧊"]
)
def test_model_text_stays_inside_its_css_string(title: str) -> None:
    quoted = css_string(title)
    inner = quoted[1:-1]
    assert quoted[0] == quoted[-1] == '"'
    assert not set(inner) & set("\"'<>{};\\\n") - {"\\"}
    assert re.fullmatch(r"(?:[A-Za-z0-9 ]|\\[0-9a-f]+ )*", inner)
    assert title_css(title).count("{") == title_css(title).count("}") == 2


def test_contents_numbers_name_their_anchor_in_a_string() -> None:
    css = contents_css({'x"]{}': 7, "sec-a": 12})
    assert '.toc a[href="\\23 sec\\2d a"]::after { content: leader(".") "12" !important }' in css
    assert "\\22 \\5d \\7b \\7d " in css  # the hostile id, escaped inside its string


def test_footer_pages_take_only_page_names_that_are_names() -> None:
    pages = [PageFacts(1, 1, "cover"), PageFacts(1, 1, "x;y:z"), PageFacts(1, 1, "")]
    html = footers_html("<body>", pages)
    assert html.count('class="archgen-page"') == 3
    assert 'style="page: cover"' in html and "x;y" not in html


def test_the_identifier_is_written_as_weasyprint_writes_it() -> None:
    identifier = b"archgen-" + b"a" * 32 + b"+" + b"0" * 16
    pdf = b"%PDF-1.7\n...<< /Size 3 /ID [<" + identifier.hex().encode() + b"><00ff>] >>\n%%EOF\n"
    assert b"/ID [(" + identifier + b")<00ff>]" in literal_identifier(pdf, identifier)
    with pytest.raises(ValueError):
        literal_identifier(b"%PDF-1.7 no identifier", identifier)
