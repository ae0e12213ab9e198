"""Helper processes that never outlive the render that started them, and this process's size.

A worker (a class render's, or the PDF's printer) leads a process group of its own, which the
Graphviz runs it starts join, and ends that group when it is told to stop or when its parent
is gone, however the parent ended (an error, Ctrl-C, `kill -9`). A thread looks for the parent
a few times a second: portable, and unlike the kernel's parent-death signal it follows the
process, not the thread that started the worker.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
import time

PARENT_POLL_SECONDS = 0.2  # how often a worker looks whether its parent is still there


def die_with_parent() -> None:
    """Call first thing in a worker process: see the module's docstring. Ctrl-C is left to the
    parent, which stops its workers without a traceback from each."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with contextlib.suppress(OSError):
        os.setpgid(0, 0)
    signal.signal(signal.SIGTERM, lambda _signal, _frame: end_own_group())
    started_by = multiprocessing.parent_process()  # its pid, even if it died before we looked
    parent = started_by.pid if started_by is not None else os.getppid()
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _watch_parent(parent: int | None) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_POLL_SECONDS)
    end_own_group()


def end_own_group() -> None:
    """Kill this process's group (itself and the Graphviz it started); just this process when
    it could not lead a group of its own."""
    with contextlib.suppress(OSError):
        if os.getpgid(0) == os.getpid():
            os.killpg(0, signal.SIGKILL)
    os._exit(1)


def resident_bytes() -> int | None:
    """This process's resident memory (Linux's /proc); None elsewhere."""
    return _statm(1)


def address_space_bytes() -> int | None:
    """This process's address space (Linux's /proc); None elsewhere."""
    return _statm(0)


def _statm(field: int) -> int | None:
    try:
        with open("/proc/self/statm", "rb") as stream:
            return int(stream.read().split()[field]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None
