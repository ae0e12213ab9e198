"""Work done aside: a forked copy of this process gets ready now and does one job later.

A render's slowest step is WeasyPrint laying out the PDF, and WeasyPrint's import alone takes
half a second. A child forked when the render starts imports it on the other core while this
process loads and validates the model, draws the diagram and writes the PDF's HTML; it then
takes that HTML as its job and lays the PDF out while this process renders the HTML and
Markdown briefs. The child only computes and hands back a picklable result: it writes no
file and dies with its parent. Where `fork` is missing, unsafe (not Linux) or fails, the
work runs in this process when the job is handed over.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import pickle
import signal
import sys
import traceback
from collections.abc import Callable
from typing import Generic, TypeVar, cast

from archgen.problems import ArchgenError

A = TypeVar("A")
T = TypeVar("T")
PR_SET_PDEATHSIG = 1  # prctl(2): the signal a child gets when its parent dies
NO_FD = -1


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
        self.pid = 0  # the child's, once forked
        self.alive = False  # forked and not reaped yet
        self.done: tuple[bool, object] | None = None
        self.job_file = self.go = self.reader = NO_FD
        if aside and sys.platform == "linux":
            with contextlib.suppress(OSError):  # no memory file, pipe or process: work here
                self._fork(ready)
        if not self.pid:
            self.prepared = _outcome(ready)

    def _fork(self, ready: Callable[[], object]) -> None:
        opened: list[int] = []
        try:
            opened.append(os.memfd_create("archgen-job", os.MFD_CLOEXEC))
            opened.extend(os.pipe())  # the go signal: child reads, parent writes
            opened.extend(os.pipe())  # the answer: parent reads, child writes
            job_file, go_reader, go_writer, answer_reader, answer_writer = opened
            parent = os.getpid()
            pid = os.fork()
        except OSError:
            for fd in opened:
                os.close(fd)
            raise
        if pid == 0:  # the child: get ready, wait for the job, do it, leave at once
            try:
                os.close(go_writer)
                os.close(answer_reader)
                _die_with(parent)
                _serve(ready, self.work, go_reader, job_file, answer_writer)
            finally:
                os._exit(0)
        os.close(go_reader)
        os.close(answer_writer)
        self.pid, self.alive = pid, True
        self.job_file, self.go, self.reader = job_file, go_writer, answer_reader

    def submit(self, job: A) -> None:
        """Hand the child its job (or, without a child, do it here and now)."""
        if not self.pid:
            self.done = self.prepared if not self.prepared[0] else _outcome(lambda: self.work(job))
            return
        job_file, self.job_file = self.job_file, NO_FD
        with os.fdopen(job_file, "wb") as stream:
            pickle.dump(job, stream)
        with contextlib.suppress(OSError):  # a dead child's result says why
            os.write(self.go, b"!")
        self._close("go")

    def result(self) -> T:
        """The value `work(job)` returned; raises what it raised."""
        if self.done is None:
            self._close("go")  # asked before any job was handed over: the child just leaves
            self.done = self._receive()
        ok, value = self.done
        if ok:
            return value  # type: ignore[return-value]
        raise value  # type: ignore[misc]

    def cancel(self) -> None:
        """Stop the child: the render failed elsewhere. What it sent is not read."""
        if self.done is not None:
            return
        try:
            if self.alive:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(self.pid, signal.SIGKILL)
                for name in ("reader", "go", "job_file"):
                    self._close(name)
                self._reap()
        finally:
            self.done = False, ArchgenError(f"{self.what} was stopped")

    def _receive(self) -> tuple[bool, object]:
        reader, self.reader = self.reader, NO_FD
        with os.fdopen(reader, "rb") as stream:
            data = stream.read()
        code = self._reap()
        if code != 0 or not data:  # killed half-way through sending, or before
            reason = f"signal {-code}" if code < 0 else f"exit status {code}"
            return False, ArchgenError(f"{self.what} stopped ({reason})")
        try:
            return pickle.loads(data)  # type: ignore[no-any-return]  # our own child's answer
        except Exception as error:  # an error that travelled but cannot be rebuilt here
            return False, ArchgenError(f"{self.what} failed: {type(error).__name__}: {error}")

    def _reap(self) -> int:
        """Wait for the child once; its exit code (negative: the signal that ended it)."""
        self.alive = False
        _, status = os.waitpid(self.pid, 0)
        return os.waitstatus_to_exitcode(status)

    def _close(self, name: str) -> None:
        fd = getattr(self, name)
        setattr(self, name, NO_FD)
        if fd != NO_FD:
            os.close(fd)


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
    _send(answer, _outcome(lambda: work(cast(A, _read_job(job_file)))))


def _read_job(job_file: int) -> object:
    with os.fdopen(job_file, "rb") as stream:
        stream.seek(0)
        return pickle.load(stream)  # written by our own parent


def _outcome(work: Callable[[], object]) -> tuple[bool, object]:
    try:
        return True, work()
    except Exception as error:  # handed to the caller, which raises it
        return False, error


def _send(writer: int, outcome: tuple[bool, object]) -> None:
    ok, value = outcome
    if not ok and isinstance(value, Exception) and not isinstance(value, ArchgenError):
        # a bug, not a user's problem: say where it happened in the child
        value.add_note("In the child:\n" + "".join(traceback.format_exception(value)))
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
