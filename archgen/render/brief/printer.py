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
import os
import sys
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from archgen.lifetime import resident_bytes
from archgen.problems import ArchgenError

if TYPE_CHECKING:
    import multiprocessing.context
    from concurrent.futures import Future, ProcessPoolExecutor

    from archgen.render.brief.part_cache import PartCache
    from archgen.render.brief.parts import Cut, LaidOutPart, PartJob, Plan
    from archgen.render.brief.pdf import PdfJob

WHAT = "laying out the PDF brief"
MAX_WORKERS = 2  # each worker costs an import of WeasyPrint at the start of every render
PARTS_PER_WORKER = 2  # more parts than workers even out their lengths; each costs ~0.1 s
T = TypeVar("T")


class Printer:
    """Prints PDF jobs: in workers started now (`aside`), else in this process.

    With two workers or more, a brief that may be cut (`PdfJob.may_cut`) is laid out in parts
    at once and joined (`archgen.render.brief.parts`); any other job goes to one worker whole.
    The workers load WeasyPrint at once, or with `warm=False` only once `warm_up` says the
    render will print: a render that finds its outputs fresh never pays for the import.
    """

    def __init__(
        self, *, aside: bool = True, workers: int | None = None, warm: bool = True
    ) -> None:
        self.pool: ProcessPoolExecutor | None = None
        self.started: Future[None] | None = None
        self.workers = 0
        self.kept: PartCache | None = None  # the parts laid out before (`part_cache`)
        self.warm = False
        if aside:
            from concurrent.futures import ProcessPoolExecutor  # only a printer started pays

            count = workers or min(MAX_WORKERS, usable_cores())
            with contextlib.suppress(OSError, RuntimeError):  # no process: print here
                self.pool = ProcessPoolExecutor(count, _context(), initializer=start_worker)
                self.started = self.pool.submit(_ready)  # forks every worker now
                self.workers = count
        if warm:
            self.warm_up()

    def warm_up(self) -> None:
        """Have every worker load WeasyPrint now, before the first PDF comes (once)."""
        if self.pool is None or self.warm:
            return
        self.warm = True
        with contextlib.suppress(RuntimeError):  # a pool already broken says so at submit
            for _ in range(self.workers):
                self.pool.submit(_load_weasyprint)

    @property
    def aside(self) -> bool:
        return self.pool is not None

    def submit(self, job: PdfJob) -> Callable[[], bytes]:
        """Start printing `job`; the returned function waits for the PDF (or raises why not)."""
        if self.pool is None:
            printed = print_pdf(job)
            return lambda: printed
        if job.may_cut and self.workers > 1:
            from archgen.render.brief.parts import cut_brief

            cut = cut_brief(job.html, parts=PARTS_PER_WORKER * self.workers)
            if cut is not None:
                return self._submit_in_parts(job, cut)
        future = self._submit(print_pdf, job)
        return lambda: self._result(future)

    def _submit(self, function: Callable[[Any], Any], job: Any) -> Future[Any]:
        from concurrent.futures.process import BrokenProcessPool

        assert self.pool is not None
        try:
            return self.pool.submit(function, job)
        except (BrokenProcessPool, RuntimeError):
            self.stop()
            raise ArchgenError(f"{WHAT} stopped: its process ended before the job") from None

    def _submit_in_parts(self, job: PdfJob, cut: Cut) -> Callable[[], bytes]:
        """Every body part laid out at once; the returned function lays out the front and the
        footers and joins them all (see `parts`)."""
        from archgen.render.brief import parts

        plan = parts.Plan(job, cut)
        self.kept = kept_parts(job)
        body = plan.body()
        waits = {index: self._lay_out(body[index]) for index in plan.heaviest_first()}
        carrier = self._lay_out(plan.carrier())
        return lambda: self._result_of_parts(
            plan, carrier, [waits[index] for index in range(len(body))]
        )

    def _lay_out(self, part: PartJob) -> Callable[[], LaidOutPart]:
        """The part as kept from an earlier render, else started on a worker now; the
        returned function waits for it (and keeps a new one)."""
        from archgen.render.brief import parts

        kept = self.kept.load(part) if self.kept is not None else None
        if kept is not None:
            return lambda: kept
        future = self._submit(parts.lay_out_part, part)

        def wait() -> LaidOutPart:
            laid: LaidOutPart = _waited(future)
            if self.kept is not None:
                self.kept.store(part, laid)
            return laid

        return wait

    def _result_of_parts(
        self,
        plan: Plan,
        carrier: Callable[[], LaidOutPart],
        waits: list[Callable[[], LaidOutPart]],
    ) -> bytes:
        """The parts joined, once the front's page count (and so every page number) settled."""
        from archgen.render.brief import parts

        try:
            body = [wait() for wait in waits]
            guess = plan.front_guess(body)
            for _ in range(parts.ROUNDS):
                front_laid = self._lay_out(plan.front(len(guess), body))
                footers = self._lay_out(plan.footers(guess, body))
                front = front_laid()
                if len(front.pages) == len(guess):
                    if front.pages != guess:  # same count, other page names: footers again
                        footers = self._lay_out(plan.footers(front.pages, body))
                    return plan.joined(carrier(), [front, *body], footers())
                guess = front.pages
            whole: bytes = _waited(self._submit(print_pdf, plan.job))  # never settled
            return whole
        finally:
            self.stop()

    def _result(self, future: Future[bytes]) -> bytes:
        try:
            return _waited(future)
        finally:
            self.stop()

    def stop(self) -> None:
        """End the worker now, whatever it is doing: the render is done, or failed elsewhere."""
        pool, self.pool = self.pool, None
        if pool is not None:
            end_pool(pool)


def kept_parts(job: PdfJob) -> PartCache | None:
    """The user's kept parts, when the job may use them and the folder is the user's own."""
    if not job.keep_parts:
        return None
    from archgen.render.brief.part_cache import PartCache, parts_folder

    folder = parts_folder()
    return PartCache(folder) if folder is not None else None


def end_pool(pool: ProcessPoolExecutor) -> None:
    """Kill a pool's workers and wait for them: nothing of it is left running."""
    # Python 3.14 has pool.terminate_workers(); before it, the pool keeps its processes here.
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        with contextlib.suppress(OSError, AttributeError):
            process.kill()
    pool.shutdown(wait=True, cancel_futures=True)


def _waited(future: Future[T]) -> T:
    from concurrent.futures.process import BrokenProcessPool

    try:
        return future.result()
    except BrokenProcessPool:
        raise ArchgenError(
            f"{WHAT} stopped: its process ended (out of memory, or killed); render again"
        ) from None


def usable_cores() -> int:
    """The cores this process may run on (its affinity), else the machine's."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


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


def start_worker() -> None:
    """The worker's initializer: die with the render (WeasyPrint loads on `warm_up`)."""
    from archgen.lifetime import die_with_parent

    die_with_parent()


def _load_weasyprint() -> None:
    from archgen.render.brief.weasy import load_weasyprint

    load_weasyprint()


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
