"""The PDF brief's printer: WeasyPrint, loaded in a child from the moment a render starts.

Importing WeasyPrint takes half a second and laying the PDF out is most of a render, so
`archgen render` starts the printer first thing (`archgen.aside.Standby`): the child imports
WeasyPrint while this process loads and checks the model and draws the diagram, then takes the
PDF's HTML as its job. This module stays light, so that the fork comes before the model's and
the templates' imports.
"""

from __future__ import annotations

import contextlib
import datetime
import gc
from collections.abc import Iterator
from dataclasses import dataclass

from archgen.aside import Standby


@dataclass(frozen=True)
class PdfJob:
    """What the PDF brief is printed from: its HTML and the model's metadata (picklable)."""

    html: str
    title: str
    authors: tuple[str, ...]
    keywords: tuple[str, ...]
    description: str
    created: datetime.datetime
    page_size: str
    variant: str | None
    attachment: tuple[str, bytes]
    fingerprint: str


Printer = Standby[PdfJob, bytes]


def start_printer(*, aside: bool = True) -> Printer:
    """A printer that loads WeasyPrint from now on: in a child, or here and now with
    `aside=False` (a batch worker, whose cores all render models already)."""
    return Standby(load_weasyprint, print_pdf, "laying out the PDF brief", aside=aside)


def load_weasyprint() -> None:
    from archgen.render.brief.weasy import load_weasyprint as load

    load()


def print_pdf(job: PdfJob) -> bytes:
    """The PDF brief of `job`, as bytes."""
    from archgen.render.brief.pdf import render_pdf

    with _settled_objects_frozen():
        return render_pdf(
            job.html,
            title=job.title,
            authors=job.authors,
            keywords=job.keywords,
            description=job.description,
            created=job.created,
            page_size=job.page_size,  # type: ignore[arg-type]
            variant=job.variant,  # type: ignore[arg-type]
            attachment=job.attachment,
            fingerprint=job.fingerprint,
        )


@contextlib.contextmanager
def _settled_objects_frozen() -> Iterator[None]:
    """WeasyPrint makes millions of short-lived objects; while it works, the garbage collector
    need not scan again and again what is already loaded (modules, model, templates): about a
    twentieth of the PDF's time. Unfrozen after, so a batch worker's old renders still go."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
