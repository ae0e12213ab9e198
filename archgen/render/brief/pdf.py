"""Print the brief's HTML to PDF with WeasyPrint: deterministic, sealed off, with its metadata.

The same inputs give the same bytes: every date comes from `created` (the model's project date or
SOURCE_DATE_EPOCH, chosen by the caller), the attachment carries that date too, and the file
identifier (/ID) is the stamp, else a hash of the content. Nothing but data: URLs can be read
(see `fetcher`).

The fingerprint is written twice: as /ArchgenFingerprint in the document information dictionary
(what pdfinfo and pypdf show; WeasyPrint compresses that dictionary into an object stream) and
in the first /ID string, `<fingerprint>+<content digest>`, which sits in the uncompressed trailer
where a byte search finds it. WeasyPrint writes a placeholder digest there; `render_pdf` seals
the bytes (`archgen.render.stamp.seal_pdf`), so a PDF edited, cut short or damaged after that
is `edited` to `archgen check`. The identifier is written nowhere else: the XMP of PDF/A and
PDF/UA holds no DocumentID, so sealing keeps it one and the same.

WeasyPrint (>= 68, for its URLFetcher class) is imported inside `render_pdf`: importing it costs
~0.36 s, which `archgen validate` must never pay.
"""

from __future__ import annotations

import base64
import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any, Literal

from archgen import __version__
from archgen.render.brief.fetcher import (
    REFUSING_BASE_URL,
    RestrictedFetcher,
    fatal_fetch_error,
    raise_if_refused,
    refusal_error,
    restricted_fetcher,
)
from archgen.render.brief.weasy import load_weasyprint
from archgen.render.stamp import seal_pdf, unsealed_pdf_identifier

PdfVariant = Literal["pdf/a-3b", "pdf/ua-1"]
PageSize = Literal["A4", "Letter"]

GENERATOR = f"archgen {__version__}"
FINGERPRINT_KEY = "ArchgenFingerprint"  # custom key in the PDF's document information dictionary
DEFAULT_LANG = "en"  # PDF/UA needs a document language; used when the HTML names none
ATTACHMENT_TYPES = {".yaml": "text/yaml", ".yml": "text/yaml", ".json": "application/json"}
ATTACHMENT_DESCRIPTION = "The architecture model this brief was generated from"

# print.css's named page for a wide diagram: landscape, whatever the paper size.
LANDSCAPE_PAGE = "diagram-landscape"


@dataclass(frozen=True)
class PdfJob:
    """What the PDF brief is printed from: its HTML (rendered with medium="pdf") and the
    model's metadata. Picklable: it travels to the printer's process whole."""

    html: str
    title: str
    authors: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    description: str = ""
    created: datetime.datetime = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
    page_size: PageSize = "A4"
    variant: PdfVariant | None = None
    attachment: tuple[str, bytes] | None = None  # (file name, content): the model file
    fingerprint: str = ""
    may_cut: bool = False  # laid out in parts when the printer has workers to spare (`parts`)
    keep_parts: bool = False  # parts laid out before are taken from the user's cache (`part_cache`)


def render_pdf(job: PdfJob) -> bytes:
    """The PDF of `job.html`, as bytes.

    The attachment (normally the model file) is attached as the PDF's source; the fingerprint
    becomes /ArchgenFingerprint and the first /ID string. A URL other than data: anywhere in
    the HTML or its stylesheets raises ArchgenError naming it.
    """
    fetcher = restricted_fetcher()
    try:
        document = _lay_out(job.html, fetcher, job.page_size, job.variant)
        set_metadata(
            document.metadata,
            title=job.title,
            authors=job.authors,
            keywords=job.keywords,
            description=job.description,
            created=job.created,
            fingerprint=job.fingerprint,
        )
        attached = job.attachment
        attachments = [model_attachment(*attached, job.created, fetcher)] if attached else []
        pdf: bytes = document.write_pdf(
            pdf_variant=job.variant,
            attachments=attachments,
            custom_metadata=True,
            pdf_identifier=pdf_identifier(job.fingerprint),
        )
    except fatal_fetch_error() as error:
        raise refusal_error(getattr(error, "url", str(error))) from None
    raise_if_refused(fetcher.refused)
    return seal_pdf(pdf) if job.fingerprint else pdf


def _lay_out(html: str, fetcher: Any, page_size: PageSize, variant: PdfVariant | None) -> Any:
    """WeasyPrint's laid-out document; imported here so only PDF renders pay for it."""
    load_weasyprint()
    from weasyprint import CSS, HTML

    return HTML(string=html, base_url=REFUSING_BASE_URL, url_fetcher=fetcher).render(
        stylesheets=[CSS(string=page_size_css(page_size), url_fetcher=fetcher)],
        pdf_variant=variant,
    )


def pdf_identifier(fingerprint: str) -> bytes | bool:
    """The file identifier: the stamp with its placeholder digest, else (True) an MD5 of the
    content. Never random.

    The trailer holding /ID is never compressed, so the stamp stays findable in the raw bytes
    (`archgen.render.stamp.read_pdf_stamp`); PDF/A requires an identifier anyway.
    """
    return unsealed_pdf_identifier(fingerprint) if fingerprint else True


def page_size_css(page_size: PageSize) -> str:
    """The user stylesheet that sets the paper size over print.css's default (A4)."""
    return (
        f"@page {{ size: {page_size} portrait !important }}\n"
        f"@page {LANDSCAPE_PAGE} {{ size: {page_size} landscape !important }}\n"
    )


def set_metadata(
    metadata: Any,
    *,
    title: str,
    authors: Sequence[str],
    keywords: Sequence[str],
    description: str,
    created: datetime.datetime,
    fingerprint: str,
) -> None:
    """Fill WeasyPrint's DocumentMetadata from the model, replacing what the HTML declared."""
    stamp = w3c_date(created)
    metadata.title = title
    metadata.authors = list(authors)
    metadata.keywords = list(keywords)
    metadata.description = description or None
    metadata.generator = GENERATOR
    metadata.created = metadata.modified = stamp
    metadata.lang = metadata.lang or DEFAULT_LANG
    # Only our key: custom_metadata would otherwise copy every <meta name> (viewport, …).
    metadata.custom = {FINGERPRINT_KEY: fingerprint} if fingerprint else {}
    for linked in metadata.attachments:  # <link rel=attachment> would carry the clock's time
        linked.created = linked.modified = utc_naive(created)


def model_attachment(
    name: str, content: bytes, created: datetime.datetime, fetcher: RestrictedFetcher
) -> Any:
    """The model file as a PDF attachment, dated `created`, typed by its extension."""
    from weasyprint import Attachment

    media_type = ATTACHMENT_TYPES.get(
        PurePosixPath(name).suffix.lower(), "application/octet-stream"
    )
    data_url = f"data:{media_type};base64,{base64.b64encode(content).decode('ascii')}"
    date = utc_naive(created)
    return Attachment(
        url=data_url,
        url_fetcher=fetcher,
        name=name,
        description=ATTACHMENT_DESCRIPTION,
        created=date,
        modified=date,
        relationship="Source",
    )


def utc_naive(moment: datetime.datetime) -> datetime.datetime:
    """`moment` in UTC without tzinfo (a naive `moment` is taken as UTC already).

    WeasyPrint writes attachment dates with a literal `Z`, whatever their zone.
    """
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(datetime.UTC).replace(tzinfo=None)


def w3c_date(moment: datetime.datetime) -> str:
    """`moment` as the W3C date-time WeasyPrint expects for /CreationDate and XMP."""
    return utc_naive(moment).strftime("%Y-%m-%dT%H:%M:%SZ")
