"""The PDF brief on demand: laid out when `/brief.pdf` is asked for, again only once stale.

The PDF is laid out by the printer's worker (`archgen.render.brief.printer`: WeasyPrint loaded
once, in a process of its own that dies with this one), started on the first request and kept
for the session. It is spawned, not forked: the server runs threads by then. The last PDF is
kept with its fingerprint, which covers the model as written, its icons and templates.
"""

from __future__ import annotations

import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import TYPE_CHECKING

from archgen import outputs
from archgen.problems import ArchgenError
from archgen.render.brief.printer import WHAT, end_pool, print_pdf, start_printing
from archgen.serve.preview import Preview

if TYPE_CHECKING:
    from archgen.render.brief.pdf import PdfJob


@dataclass(frozen=True)
class PrintedPdf:
    fingerprint: str
    data: bytes
    warnings: tuple[str, ...] = ()


class PdfOnDemand:
    """The last good render's PDF, laid out only when the one kept is stale."""

    def __init__(self, preview: Preview) -> None:
        self.preview = preview
        self.kept: PrintedPdf | None = None
        self.pool: ProcessPoolExecutor | None = None
        self.lock = threading.Lock()  # one layout at a time; a second request waits for it
        self.layouts = 0  # how many PDFs were laid out (each request that found one stale)

    def pdf(self) -> PrintedPdf | None:
        """The PDF of the last render that worked (None before any), laid out if stale.
        Blocks: call it from a thread. Takes the render as it is when called."""
        with self.lock:
            found = self.preview.pdf_job()
            if found is None:
                return None
            job, fingerprint, warnings = found
            if self.kept is None or self.kept.fingerprint != fingerprint:
                data = outputs.by_name("pdf").stamping.seal(self.lay_out(job), fingerprint)
                self.kept = PrintedPdf(fingerprint, data, tuple(warnings))
                self.layouts += 1
            return self.kept

    def lay_out(self, job: PdfJob) -> bytes:
        if self.pool is None:
            context = multiprocessing.get_context("spawn")
            self.pool = ProcessPoolExecutor(1, context, initializer=start_printing)
        try:
            return self.pool.submit(print_pdf, job).result()
        except BrokenProcessPool:
            self.stop()
            raise ArchgenError(
                f"{WHAT} stopped: its process ended (out of memory, or killed); ask again"
            ) from None

    def stop(self) -> None:
        """End the worker, if one was started."""
        pool, self.pool = self.pool, None
        if pool is not None:
            end_pool(pool)
