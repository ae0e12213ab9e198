"""Work done aside: a function run in a forked copy of this process while this one goes on.

A render's Python work is on one core while WeasyPrint lays out the PDF; the HTML and Markdown
briefs need nothing the PDF makes, so a child renders them on the other core. The child only
computes and hands back a picklable result through a pipe: it writes no file and dies with its
parent. Where `fork` is missing or unsafe (not Linux), the work runs in this process.
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

T = TypeVar("T")
PR_SET_PDEATHSIG = 1  # prctl(2): the signal a child gets when its parent dies


class Aside(Generic[T]):
    """`work()` running in a child process; `result()` waits for its value or its error."""

    def __init__(self, work: Callable[[], T]) -> None:
        self.pid = 0
        self.done: tuple[bool, object] | None = None
        if sys.platform != "linux":
            self.done = _outcome(work)
            return
        reader, writer = os.pipe()
        parent = os.getpid()
        self.pid = os.fork()
        if self.pid == 0:  # the child: compute, send, leave without running any cleanup
            try:
                os.close(reader)
                _die_with(parent)
                _send(writer, _outcome(work))
            finally:
                os._exit(0)
        os.close(writer)
        self.reader = reader

    def result(self) -> T:
        """The value `work()` returned; raises what it raised."""
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
            os.close(self.reader)
            os.waitpid(self.pid, 0)
            self.done = False, ArchgenError("rendering the HTML and Markdown brief was stopped")

    def _receive(self) -> tuple[bool, object]:
        with os.fdopen(self.reader, "rb") as stream:
            data = stream.read()
        _, status = os.waitpid(self.pid, 0)
        code = os.waitstatus_to_exitcode(status)
        if code != 0 or not data:  # killed half-way through sending, or before
            reason = f"signal {-code}" if code < 0 else f"exit status {code}"
            return False, ArchgenError(f"rendering the HTML and Markdown brief stopped ({reason})")
        return pickle.loads(data)  # type: ignore[no-any-return]  # our own child's whole answer


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
