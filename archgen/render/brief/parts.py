"""The PDF brief laid out in parts on every core, then joined into one document.

WeasyPrint lays a document out on one core, and laying out is most of a render. The brief's
chapters each start on a fresh page (print.css: `main > section { break-before: page }`), so
the pages of one chapter do not depend on another's: the built-in brief is cut there into
parts (the cover and contents first, then runs of whole chapters), the parts are laid out at
the same time by the printer's workers, and their pages are joined. What crosses parts is
put back from what each layout reports (`LaidOutPart`):

- **page numbers**: the parts are laid out without their "Page N of M" footer; once every
  page is known, one more document of blank pages carrying only those footers (same page
  names, so the cover stays bare and a landscape page keeps its margins) is laid out and
  drawn over the joined pages;
- **the contents' page numbers**: the front part is laid out again with each entry's number
  written in (`target-counter` cannot see another part), until its own page count settles;
- **links and bookmarks**: every anchor becomes a named destination of the joined file, the
  links WeasyPrint could not resolve inside their part are added, and the outline is built
  again from every part's headings in order;
- **the running title** of the header, set on the cover, is written into the other parts.

Only the built-in templates are cut (a user's layout may carry state from one chapter to the
next), and never for PDF/UA, whose structure tree belongs to one document. `archgen.render.
brief.printer` decides; this module cuts, lays out a part (in a worker) and joins (pikepdf).
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from archgen.render.brief.fetcher import (
    REFUSING_BASE_URL,
    fatal_fetch_error,
    raise_if_refused,
    refusal_error,
    restricted_fetcher,
)
from archgen.render.brief.pdf import PdfJob, model_attachment, page_size_css, set_metadata
from archgen.render.brief.weasy import load_weasyprint
from archgen.render.stamp import seal_pdf, unsealed_pdf_identifier

CHAPTER = re.compile(r'<section class="chapter[ "]')
APPENDIX = '<section class="chapter appendix"'
FINGERPRINT_META = re.compile(r'<meta name="archgen-fingerprint" content="[^"<>]*">\n?')
MAIN_OPEN, MAIN_CLOSE = "<main>", "</main>"
PAGE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")
DATA_URL = re.compile(r"data:[^\"')\s]*")
IMAGE_WEIGHT = 20_000  # the example's diagram takes as long to lay out as 20,000 characters
CONTENTS_ENTRIES_PER_PAGE = 45  # the built-in contents page holds about this many lines
ROUNDS = 3  # layouts of the front part before its page count must have settled
CONTENTS_LINK = re.compile(r'href="#([^"]+)"')
FOOTER_FORM = "/ArchgenFooter"  # the footer's form on page N is drawn under this name + N
PX_TO_PT = 0.75  # WeasyPrint lays out in CSS px; PDF user space is in points
NO_FOOTER = "@page { @bottom-right { content: none !important } }\n"
ONLY_FOOTER = (
    "@page { @top-left { content: none !important; border: none !important }"
    " @top-right { content: none !important; border: none !important } }\n"
    ".archgen-page { height: 1px } .archgen-page + .archgen-page { break-before: page }\n"
)


@dataclass(frozen=True)
class Cut:
    """The brief's HTML cut at its chapters: the front (head, cover, contents) and the body
    parts, each a whole HTML document of its own."""

    front: str
    parts: tuple[str, ...]
    head: str  # everything up to and including <body …>: the styles, for the footers


@dataclass(frozen=True)
class PartJob:
    """One part to lay out in a worker; picklable."""

    html: str
    css: str  # archgen's own stylesheet for this part: page size, footers, title, numbers
    variant: str | None = None
    document: PdfJob | None = None  # the carrier of the brief's metadata and attachment


@dataclass(frozen=True)
class PageFacts:
    width: float  # CSS px
    height: float
    name: str  # the page's named page (`cover`, `diagram-landscape`, or "")


@dataclass(frozen=True)
class LaidOutPart:
    """A part's PDF and what the join needs to know of it; page indexes are the part's own."""

    pdf: bytes
    pages: tuple[PageFacts, ...]
    anchors: dict[str, tuple[int, float, float]] = field(default_factory=dict)
    links: tuple[tuple[int, str, tuple[float, float, float, float]], ...] = ()  # unresolved
    bookmarks: tuple[tuple[int, str, int, float, float, bool], ...] = ()  # level, label, page…


def cut_brief(html: str, *, parts: int) -> Cut | None:
    """The brief cut into its front and at most `parts` runs of whole chapters of about the
    same size; None when it has fewer than two chapters to share out. No part carries the
    fingerprint's <meta>: it is the document's (see `Plan.carrier`), and a part that does not
    change keeps its layout (`archgen.render.brief.part_cache`)."""
    html = FINGERPRINT_META.sub("", html, count=1)  # changes with every edit, shows nowhere
    main_open, main_close = html.find(MAIN_OPEN), html.rfind(MAIN_CLOSE)
    body_open = html.find("<body")
    if min(main_open, main_close, body_open) < 0 or not body_open < main_open < main_close:
        return None
    head = html[: html.index(">", body_open) + 1]
    inside = main_open + len(MAIN_OPEN)
    starts = [match.start() for match in CHAPTER.finditer(html, inside, main_close)]
    if len(starts) < 2 or parts < 2:
        return None
    front = html[:main_open] + html[main_close + len(MAIN_CLOSE) :]
    chapters = [html[a:b] for a, b in zip(starts, [*starts[1:], main_close], strict=True)]
    tail = html[main_close:]
    runs = chapter_runs(chapters, parts)
    documents = tuple(head + MAIN_OPEN + "".join(run) + tail for run in runs)
    return Cut(front=front, parts=documents, head=head)


def chapter_runs(chapters: Sequence[str], parts: int) -> list[list[str]]:
    """The chapters in runs: the appendices at the end in one of their own (they name the
    fingerprint, which every edit changes: the other runs keep their layout), the rest in
    balanced runs."""
    main = len(chapters)
    while main > 1 and chapters[main - 1].startswith(APPENDIX):
        main -= 1
    if main == len(chapters):
        return balanced_runs(chapters, parts)
    return [*balanced_runs(chapters[:main], max(1, parts - 1)), list(chapters[main:])]


def layout_weight(html: str) -> int:
    """About how long a piece of the brief takes to lay out, in characters of text: an
    embedded image (the diagram) counts as a page of text, whatever the length of its data."""
    images = DATA_URL.findall(html)
    return len(DATA_URL.sub("", html)) + IMAGE_WEIGHT * len(images)


def balanced_runs(chapters: Sequence[str], parts: int) -> list[list[str]]:
    """Consecutive chapters in at most `parts` runs of about the same layout weight."""
    weights = [layout_weight(chapter) for chapter in chapters]
    total = sum(weights)
    runs: list[list[str]] = [[]]
    done = 0
    for chapter, weight in zip(chapters, weights, strict=True):
        share = total * len(runs) / parts
        if runs[-1] and done + weight / 2 > share and len(runs) < parts:
            runs.append([])
        runs[-1].append(chapter)
        done += weight
    return runs


def css_string(text: str) -> str:
    """`text` as a CSS string: every character but letters, digits and spaces escaped, so
    nothing in it can end the string, the rule or the style sheet."""
    escaped = "".join(
        ch if (ch.isascii() and ch.isalnum()) or ch == " " else f"\\{ord(ch):x} " for ch in text
    )
    return f'"{escaped}"'


def title_css(title: str) -> str:
    """The running title for the parts after the cover, which is where print.css sets it."""
    return f"@page {{ @top-left {{ content: {css_string(title)} !important }} }}\n"


def contents_css(numbers: dict[str, int]) -> str:
    """The contents' page numbers, written in: `target-counter` sees only its own part."""
    rules = [
        f".toc a[href={css_string('#' + anchor)}]::after "
        f'{{ content: leader(".") "{number or "00"}" !important }}'
        for anchor, number in sorted(numbers.items())
    ]
    return "\n".join(rules) + "\n"


def footers_html(head: str, pages: Iterable[PageFacts]) -> str:
    """Blank pages, one for each page of the brief with the same named page: laid out, they
    carry only the brief's footers, with the right numbers."""
    blocks = []
    for page in pages:
        name = page.name if PAGE_NAME.match(page.name) else ""
        style = f' style="page: {name}"' if name else ""
        blocks.append(f'<div class="archgen-page"{style}></div>')
    return head + "".join(blocks) + "</body></html>"


class Plan:
    """The parts of one brief and the jobs that lay them out.

    The body parts go first, all at once. The front (cover and contents) can only be laid out
    once their page numbers are known, which depend on how many pages the front itself takes:
    that is guessed from the contents' length, and the front is laid out again in the rare
    case the guess was wrong. The footers are laid out beside the front, on the guess.
    """

    def __init__(self, job: PdfJob, cut: Cut) -> None:
        self.job, self.cut = job, cut
        self.page_css = page_size_css(job.page_size)
        self.contents = sorted(set(contents_anchors(cut.front)))
        self.entries = cut.front.count("<li", cut.front.find('<nav class="toc"'))

    def body(self) -> list[PartJob]:
        """Every body part, in the document's order."""
        css = self.page_css + NO_FOOTER + title_css(self.job.title)
        return [PartJob(html, css, self.job.variant) for html in self.cut.parts]

    def heaviest_first(self) -> list[int]:
        """The order to hand the body parts out in, so that no worker is left with a big
        part at the end."""
        weights = [layout_weight(html) for html in self.cut.parts]
        return sorted(range(len(weights)), key=lambda index: -weights[index])

    def front_guess(self, body: Sequence[LaidOutPart]) -> tuple[PageFacts, ...]:
        """The front's pages, guessed: the cover, then the contents' pages."""
        pages = [page for part in body for page in part.pages]
        plain = next((page for page in pages if not page.name), pages[0])
        contents = max(1, -(-self.entries // CONTENTS_ENTRIES_PER_PAGE))
        cover = PageFacts(plain.width, plain.height, "cover")
        return (cover, *[PageFacts(plain.width, plain.height, "")] * contents)

    def front(self, front_pages: int, body: Sequence[LaidOutPart]) -> PartJob:
        """The front, with the contents' page numbers for a front of `front_pages` pages."""
        found = page_numbers(body, first=front_pages + 1)
        numbers = {anchor: found[anchor] for anchor in self.contents if anchor in found}
        css = self.page_css + NO_FOOTER + contents_css(numbers)
        return PartJob(self.cut.front, css, self.job.variant)

    def carrier(self) -> PartJob:
        """A blank page carrying the brief's metadata, attachment and PDF/A intent: the joined
        document is built on it, its page left out. The model is attached to it, not to the
        front, so that an edit leaves the front's layout as it was unless its text changed."""
        css = self.page_css + NO_FOOTER
        return PartJob(self.cut.head + "</body></html>", css, self.job.variant, document=self.job)

    def footers(self, front: Sequence[PageFacts], body: Sequence[LaidOutPart]) -> PartJob:
        pages = [*front, *(page for part in body for page in part.pages)]
        css = self.page_css + ONLY_FOOTER
        return PartJob(footers_html(self.cut.head, pages), css, self.job.variant)

    def joined(
        self, carrier: LaidOutPart, laid: Sequence[LaidOutPart], footers: LaidOutPart
    ) -> bytes:
        fingerprint = self.job.fingerprint
        identifier = unsealed_pdf_identifier(fingerprint) if fingerprint else b"archgen"
        pdf = join(carrier.pdf, laid, footers.pdf, identifier)
        return seal_pdf(pdf) if fingerprint else pdf


def contents_anchors(front: str) -> list[str]:
    """The anchors the contents link to (the front part holds the contents)."""
    start = front.find('<nav class="toc"')
    end = front.find("</nav>", start)
    return CONTENTS_LINK.findall(front, start, end) if start >= 0 else []


# ---- in a worker -------------------------------------------------------------------------------


def lay_out_part(job: PartJob) -> LaidOutPart:
    """Lay one part out and write its PDF; what the join needs comes back with it."""
    load_weasyprint()
    from weasyprint import CSS, HTML

    fetcher = restricted_fetcher()
    try:
        document = HTML(string=job.html, base_url=REFUSING_BASE_URL, url_fetcher=fetcher).render(
            stylesheets=[CSS(string=job.css, url_fetcher=fetcher)], pdf_variant=job.variant
        )
        attachments = []
        if job.document is not None:
            brief = job.document
            set_metadata(
                document.metadata,
                title=brief.title,
                authors=brief.authors,
                keywords=brief.keywords,
                description=brief.description,
                created=brief.created,
                fingerprint=brief.fingerprint,
            )
            if brief.attachment:
                attachments = [model_attachment(*brief.attachment, brief.created, fetcher)]
        pdf: bytes = document.write_pdf(
            pdf_variant=job.variant,
            attachments=attachments,
            custom_metadata=job.document is not None,
            pdf_identifier=False,
        )
    except fatal_fetch_error() as error:
        raise refusal_error(getattr(error, "url", str(error))) from None
    raise_if_refused(fetcher.refused)
    return facts_of(document, pdf)


def facts_of(document: Any, pdf: bytes) -> LaidOutPart:
    anchors: dict[str, tuple[int, float, float]] = {}
    for index, page in enumerate(document.pages):
        for name, (x, y, *_) in page.anchors.items():
            anchors.setdefault(name, (index, x, y))
    links = tuple(
        (index, target, tuple(rectangle))
        for index, page in enumerate(document.pages)
        for kind, target, rectangle, *_ in page.links
        if kind == "internal" and target not in anchors
    )
    bookmarks = tuple(
        (level, label, index, x, y, state == "closed")
        for index, page in enumerate(document.pages)
        for level, label, (x, y), state in page.bookmarks
    )
    pages = tuple(
        PageFacts(round(page.width, 2), round(page.height, 2), page._page_box.page_type.name or "")
        for page in document.pages
    )
    return LaidOutPart(pdf, pages, anchors, links, bookmarks)  # type: ignore[arg-type]


# ---- joining -----------------------------------------------------------------------------------


def offsets(parts: Sequence[LaidOutPart]) -> list[int]:
    """The index of each part's first page in the joined document."""
    found, at = [], 0
    for part in parts:
        found.append(at)
        at += len(part.pages)
    return found


def page_numbers(parts: Sequence[LaidOutPart], first: int = 1) -> dict[str, int]:
    """Each anchor's page number in the joined document, the first part starting at page
    `first`."""
    numbers: dict[str, int] = {}
    for start, part in zip(offsets(parts), parts, strict=True):
        for name, (index, _, _) in part.anchors.items():
            numbers.setdefault(name, first + start + index)
    return numbers


def join(carrier: bytes, parts: Sequence[LaidOutPart], footers: bytes, identifier: bytes) -> bytes:
    """One PDF: the carrier's document (its metadata, attachment, PDF/A intent) holding every
    part's pages in place of its own blank one, named destinations for every anchor, the
    missing links, the outline of every part, and the footers drawn over each page."""
    import pikepdf

    base = pikepdf.open(io.BytesIO(carrier))
    del base.pages[:]
    others = [pikepdf.open(io.BytesIO(part.pdf)) for part in parts]
    with warnings.catch_warnings():  # its named destinations are made again below
        warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
        for other in others:
            base.pages.extend(other.pages)
    starts = offsets(parts)
    heights = [page.height for part in parts for page in part.pages]
    _name_destinations(base, parts, starts, heights)
    _add_links(base, parts, starts, heights)
    _rebuild_outline(base, parts, starts, heights)
    overlay = pikepdf.open(io.BytesIO(footers))
    for number, (page, footer) in enumerate(zip(base.pages, overlay.pages, strict=True), 1):
        if _draws_text(footer):  # the cover has no footer
            _draw_over(base, page, footer, f"{FOOTER_FORM}{number}")
    base.trailer.ID = pikepdf.Array([pikepdf.String(identifier), pikepdf.String(identifier)])
    out = io.BytesIO()
    base.save(out, deterministic_id=True, fix_metadata_version=False)  # the XMP stays as written
    return literal_identifier(out.getvalue(), identifier)


def literal_identifier(pdf: bytes, identifier: bytes) -> bytes:
    """The file identifier written as WeasyPrint writes it, `/ID [(…)`, where qpdf wrote it in
    hexadecimal: the stamp is read from the raw bytes (`archgen.render.stamp`). The trailer is
    the file's last dictionary and no offset points past its start, so the length may change."""
    written = b"/ID [<" + identifier.hex().encode() + b">"
    at = pdf.rfind(written)
    if at < 0:
        raise ValueError("the joined PDF's identifier is not where qpdf writes it")
    return pdf[:at] + b"/ID [(" + identifier + b")" + pdf[at + len(written) :]


def _draw_over(base: Any, page: Any, footer: Any, name: str) -> None:
    """Draw `footer` over `page` as a form named `name`: one name a page, since pages may share
    their resources, and never a random one (pikepdf's `add_overlay`), since the same brief
    must give the same bytes."""
    import pikepdf

    form = base.copy_foreign(footer.as_form_xobject())
    page.add_resource(form, pikepdf.Name.XObject, pikepdf.Name(name))
    page.contents_add(pikepdf.Stream(base, b"q\n"), prepend=True)
    page.contents_add(pikepdf.Stream(base, f"Q q {name} Do Q\n".encode()))


def _draws_text(page: Any) -> bool:
    import pikepdf

    operators = (str(instruction.operator) for instruction in pikepdf.parse_content_stream(page))
    return any(operator in ("Tj", "TJ") for operator in operators)


def _point(x: float, y: float, height: float) -> tuple[float, float]:
    return x * PX_TO_PT, (height - y) * PX_TO_PT


def _name_destinations(
    base: Any, parts: Sequence[LaidOutPart], starts: Sequence[int], heights: Sequence[float]
) -> None:
    import pikepdf

    names = base.Root.get("/Names") or pikepdf.Dictionary()
    base.Root.Names = names
    tree = pikepdf.NameTree.new(base)
    for start, part in zip(starts, parts, strict=True):
        for name, (index, x, y) in part.anchors.items():
            at = start + index
            left, top = _point(x, y, heights[at])
            if name not in tree:
                tree[name] = pikepdf.Array([base.pages[at].obj, pikepdf.Name.XYZ, left, top, 0])
    names.Dests = tree.obj


def _add_links(
    base: Any, parts: Sequence[LaidOutPart], starts: Sequence[int], heights: Sequence[float]
) -> None:
    import pikepdf

    for start, part in zip(starts, parts, strict=True):
        for index, target, (x1, y1, x2, y2) in part.links:
            at = start + index
            left, bottom = _point(x1, y2, heights[at])
            right, top = _point(x2, y1, heights[at])
            link = pikepdf.Dictionary(
                Type=pikepdf.Name.Annot,
                Subtype=pikepdf.Name.Link,
                Rect=[left, bottom, right, top],
                Border=[0, 0, 0],
                F=4,
                Dest=pikepdf.String(target),
            )
            page = base.pages[at]
            annotations = page.obj.get("/Annots")
            if annotations is None:
                page.obj.Annots = base.make_indirect(pikepdf.Array())
                annotations = page.obj.Annots
            annotations.append(base.make_indirect(link))


def _rebuild_outline(
    base: Any, parts: Sequence[LaidOutPart], starts: Sequence[int], heights: Sequence[float]
) -> None:
    from pikepdf import OutlineItem

    with base.open_outline() as outline:
        outline.root.clear()
        stack: list[tuple[int, Any]] = []
        for start, part in zip(starts, parts, strict=True):
            for level, label, index, x, y, closed in part.bookmarks:
                at = start + index
                left, top = _point(x, y, heights[at])
                item = OutlineItem(label, at, "XYZ", left=left, top=top)
                item.is_closed = closed
                while stack and stack[-1][0] >= level:
                    stack.pop()
                (stack[-1][1].children if stack else outline.root).append(item)
                stack.append((level, item))
