"""Work done aside: a forked copy of this process gets ready now and does one job later.

A render's slowest step is WeasyPrint laying out the PDF, and WeasyPrint's import alone takes
half a second. A child forked when the render starts imports it on the other core while this
process loads and validates the model, draws the diagram and writes the PDF's HTML; it then
takes that HTML as its job and lays the PDF out while this process renders the HTML and
Markdown briefs. The child only computes and hands back a picklable result: it writes no
file and dies with its parent. Where `fork` is missing or unsafe (not Linux), the work runs
in this process when the job is handed over.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import pickle
import signal
import sys
from collections.abc import Callable
from typing import Generic, TypeVar

from archgen.problems import ArchgenError

A = TypeVar("A")
T = TypeVar("T")
PR_SET_PDEATHSIG = 1  # prctl(2): the signal a child gets when its parent dies


class Standby(Generic[A, T]):
    """A child that runs `ready()` at once, then `work(job)` on the job `submit` hands it.

    `result()` waits for work's value or raises its error; `cancel()` stops the child. The
    job travels through an anonymous memory file, so `submit` never waits for the child.
    With `aside=False` (a batch worker, whose cores are all busy already) there is no child:
    `ready()` runs at once and `work(job)` inside `submit`.
    """

    def __init__(
        self, ready: Callable[[], object], work: Callable[[A], T], what: str, *, aside: bool = True
    ) -> None:
        self.work = work
        self.what = what
        self.pid = 0
        self.done: tuple[bool, object] | None = None
        if not aside or sys.platform != "linux":  # ready here and now, work when handed the job
            self.prepared = _outcome(ready)
            return
        self.job_file = os.memfd_create("archgen-job", os.MFD_CLOEXEC)
        go_reader, self.go = os.pipe()
        self.reader, answer_writer = os.pipe()
        parent = os.getpid()
        self.pid = os.fork()
        if self.pid == 0:  # the child: get ready, wait for the job, do it, leave at once
            try:
                os.close(self.go)
                os.close(self.reader)
                _die_with(parent)
                _serve(ready, work, go_reader, self.job_file, answer_writer)
            finally:
                os._exit(0)
        os.close(go_reader)
        os.close(answer_writer)

    def submit(self, job: A) -> None:
        """Hand the child its job (or, without a child, do it here and now)."""
        if not self.pid:
            self.done = self.prepared if not self.prepared[0] else _outcome(lambda: self.work(job))
            return
        with os.fdopen(self.job_file, "wb") as stream:
            self.job_file = -1
            pickle.dump(job, stream)
        with contextlib.suppress(OSError):  # a dead child's result says why
            os.write(self.go, b"!")
        os.close(self.go)
        self.go = -1

    def result(self) -> T:
        """The value `work(job)` returned; raises what it raised."""
        if self.done is None:
            self.done = self._receive()
        ok, value = self.done
        if ok:
            return value  # type: ignore[return-value]
        raise value  # type: ignore[misc]

    def cancel(self) -> None:
        """Stop the child: the render failed elsewhere. What it sent is not read."""
        if self.pid and self.done is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            for fd in (self.reader, self.go, self.job_file):
                if fd >= 0:
                    os.close(fd)
            os.waitpid(self.pid, 0)
        if self.done is None:
            self.done = False, ArchgenError(f"{self.what} was stopped")

    def _receive(self) -> tuple[bool, object]:
        with os.fdopen(self.reader, "rb") as stream:
            self.reader = -1
            data = stream.read()
        _, status = os.waitpid(self.pid, 0)
        code = os.waitstatus_to_exitcode(status)
        if code != 0 or not data:  # killed half-way through sending, or before
            reason = f"signal {-code}" if code < 0 else f"exit status {code}"
            return False, ArchgenError(f"{self.what} stopped ({reason})")
        return pickle.loads(data)  # type: ignore[no-any-return]  # our own child's whole answer


def _serve(
    ready: Callable[[], object], work: Callable[[A], T], go: int, job_file: int, answer: int
) -> None:
    """The child's life: get ready, wait for the go, read the job, send back the outcome."""
    prepared = _outcome(ready)
    if os.read(go, 1) != b"!":
        return  # the parent went away or gave up before handing over a job
    if not prepared[0]:
        _send(answer, prepared)
        return
    with os.fdopen(job_file, "rb") as stream:
        stream.seek(0)
        job = pickle.load(stream)  # written by our own parent
    _send(answer, _outcome(lambda: work(job)))


def _outcome(work: Callable[[], object]) -> tuple[bool, object]:
    try:
        return True, work()
    except Exception as error:  # handed to the parent, which raises it
        return False, error


def _send(writer: int, outcome: tuple[bool, object]) -> None:
    try:
        data = pickle.dumps(outcome)
    except Exception:  # a value or error that cannot travel still says what it was
        value = outcome[1]
        data = pickle.dumps((False, ArchgenError(f"{type(value).__name__}: {value}")))
    with contextlib.suppress(OSError), os.fdopen(writer, "wb") as stream:
        stream.write(data)


def _die_with(parent: int) -> None:
    """Ask the kernel to kill this child when the parent dies (a killed render)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(1)
