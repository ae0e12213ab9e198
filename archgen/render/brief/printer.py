"""The PDF brief's printer: a worker process with WeasyPrint loaded, started with the render.

Importing WeasyPrint takes half a second and laying the PDF out is most of a render, so
`archgen render` starts the printer first thing: a `ProcessPoolExecutor` of one worker, forked
before archgen loads anything else, whose initializer imports WeasyPrint while this process
loads and checks the model and Graphviz draws; the worker then lays the PDF out while this
process renders the HTML and Markdown briefs. The worker only computes: it writes no file,
and dies with this process (`archgen.lifetime`). A batch worker, whose cores all render models
already, prints in its own process (`aside=False`).

This module stays light, so that the fork comes before the model's and templates' imports.
"""

from __future__ import annotations

import contextlib
import gc
import sys
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from archgen.lifetime import resident_bytes
from archgen.problems import ArchgenError

if TYPE_CHECKING:
    import multiprocessing.context
    from concurrent.futures import Future, ProcessPoolExecutor

    from archgen.render.brief.pdf import PdfJob

WHAT = "laying out the PDF brief"


class Printer:
    """Prints PDF jobs: in a worker started now (`aside`), else in this process."""

    def __init__(self, *, aside: bool = True) -> None:
        self.pool: ProcessPoolExecutor | None = None
        self.started: Future[None] | None = None
        if aside:
            from concurrent.futures import ProcessPoolExecutor  # only a printer started pays

            with contextlib.suppress(OSError, RuntimeError):  # no process: print here
                self.pool = ProcessPoolExecutor(1, _context(), initializer=start_printing)
                self.started = self.pool.submit(_ready)  # forks now

    @property
    def aside(self) -> bool:
        return self.pool is not None

    def submit(self, job: PdfJob) -> Callable[[], bytes]:
        """Start printing `job`; the returned function waits for the PDF (or raises why not)."""
        if self.pool is None:
            printed = print_pdf(job)
            return lambda: printed
        from concurrent.futures.process import BrokenProcessPool

        try:
            future = self.pool.submit(print_pdf, job)
        except (BrokenProcessPool, RuntimeError):
            self.stop()
            raise ArchgenError(f"{WHAT} stopped: its process ended before the job") from None
        return lambda: self._result(future)

    def _result(self, future: Future[bytes]) -> bytes:
        from concurrent.futures.process import BrokenProcessPool

        try:
            return future.result()
        except BrokenProcessPool:
            raise ArchgenError(
                f"{WHAT} stopped: its process ended (out of memory, or killed); render again"
            ) from None
        finally:
            self.stop()

    def stop(self) -> None:
        """End the worker now, whatever it is doing: the render is done, or failed elsewhere."""
        pool, self.pool = self.pool, None
        if pool is not None:
            end_pool(pool)


def end_pool(pool: ProcessPoolExecutor) -> None:
    """Kill a pool's workers and wait for them: nothing of it is left running."""
    # Python 3.14 has pool.terminate_workers(); before it, the pool keeps its processes here.
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        with contextlib.suppress(OSError, AttributeError):
            process.kill()
    pool.shutdown(wait=True, cancel_futures=True)


@contextlib.contextmanager
def stopped_after(printer: Printer | None) -> Iterator[Printer | None]:
    """`printer` for the block, stopped when the block ends, however it ends."""
    try:
        yield printer
    finally:
        if printer is not None:
            printer.stop()


def _context() -> multiprocessing.context.BaseContext:
    """fork on Linux: at the render's start this process holds nothing but the command line
    and no thread yet, so the copy is cheap and safe; spawn elsewhere."""
    import multiprocessing

    return multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")


def start_printing() -> None:
    """The worker's initializer: die with the render, then load WeasyPrint."""
    from archgen.lifetime import die_with_parent
    from archgen.render.brief.weasy import load_weasyprint

    die_with_parent()
    load_weasyprint()


def _ready() -> None:
    """The first job: it only makes the pool start its worker."""


def print_pdf(job: PdfJob) -> bytes:
    """The PDF brief of `job`, as bytes."""
    from archgen.render.brief.pdf import render_pdf

    with _settled_objects_frozen():
        return render_pdf(job)


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
    resident = resident_bytes()
    if resident is None:  # no way to tell: collect every time
        gc.collect()
    elif not _resident_after_collecting:  # a process's first PDF: nothing to collect yet
        _resident_after_collecting.append(resident)
    elif resident - _resident_after_collecting[0] > GROWTH_BEFORE_COLLECTING:
        gc.collect()
        _resident_after_collecting[0] = resident_bytes() or resident
