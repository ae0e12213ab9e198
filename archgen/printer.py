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
import os
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


@contextlib.contextmanager
def stopped_after(printer: Printer | None) -> Iterator[Printer | None]:
    """`printer` for the block, stopped when the block ends: a failure anywhere in it leaves no
    child behind (a printer whose PDF came back has nothing left to stop)."""
    try:
        yield printer
    finally:
        if printer is not None:
            printer.cancel()


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


GROWTH_BEFORE_COLLECTING = 64 * 2**20  # bytes a process may grow by before a full collection
_resident_after_collecting: list[int] = []  # the resident size after the last one, once known


@contextlib.contextmanager
def _settled_objects_frozen() -> Iterator[None]:
    """WeasyPrint makes millions of short-lived objects; while it works, the garbage collector
    need not scan again and again what is already loaded (modules, model, templates): a tenth
    to a fifth of the PDF's time. Unfrozen after, so that later collections can free it.

    Freezing would also keep the garbage of an earlier render in the same process (a batch
    worker's) from ever being collected: about 16 MiB a model. So a process that has grown
    by 64 MiB since its last full collection collects before it freezes.
    """
    _collect_if_grown()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _collect_if_grown() -> None:
    resident = _resident_bytes()
    if resident is None:  # no way to tell: collect every time
        gc.collect()
    elif not _resident_after_collecting:  # a process's first PDF: nothing to collect yet
        _resident_after_collecting.append(resident)
    elif resident - _resident_after_collecting[0] > GROWTH_BEFORE_COLLECTING:
        gc.collect()
        _resident_after_collecting[0] = _resident_bytes() or resident


def _resident_bytes() -> int | None:
    """This process's resident memory, from Linux's /proc; None elsewhere."""
    try:
        with open("/proc/self/statm", "rb") as stream:
            return int(stream.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None
