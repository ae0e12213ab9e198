"""Work done aside: a forked child gets ready at once, takes its job later, and its value or
error comes back; a dead child is an error, never a hang."""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Callable

import pytest

from archgen.aside import Standby
from archgen.problems import ArchgenError, Problem

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="work runs aside on Linux only")


def nothing() -> None:
    """A child with nothing to get ready."""


def run_aside(work: Callable[[bytes], object], job: bytes = b"") -> Standby[bytes, object]:
    standby: Standby[bytes, object] = Standby(nothing, work, "the work")
    standby.submit(job)
    return standby


def test_the_job_goes_to_another_process_and_its_value_comes_back() -> None:
    job = b"j" * 3_000_000  # more than a pipe holds: submit must not wait for the child
    started = time.monotonic()
    standby = run_aside(lambda data: (os.getpid(), data[::-1]), job)
    assert time.monotonic() - started < 30  # not a timing check: a blocked submit would hang
    pid, data = standby.result()  # type: ignore[misc]
    assert pid != os.getpid() and data == job[::-1]
    assert standby.result()[0] == pid  # type: ignore[index]  # asking again: the same answer


def test_the_child_gets_ready_before_the_job_arrives() -> None:
    reader, writer = os.pipe()

    def ready() -> None:  # tells the parent, before any job exists, that it ran
        os.write(writer, str(os.getpid()).encode())

    standby: Standby[int, int] = Standby(ready, lambda n: n * 2, "the work")
    os.close(writer)
    assert int(os.read(reader, 32)) == standby.pid  # ready() ran in the child, job not sent yet
    os.close(reader)
    standby.submit(21)
    assert standby.result() == 42


def test_without_aside_the_work_runs_in_this_process() -> None:
    ran_ready: list[int] = []
    standby: Standby[int, int] = Standby(
        lambda: ran_ready.append(os.getpid()), lambda n: os.getpid() + n, "the work", aside=False
    )
    assert ran_ready == [os.getpid()] and standby.pid == 0
    standby.submit(0)
    assert standby.result() == os.getpid()


def test_an_error_comes_back_with_its_problems() -> None:
    problem = Problem(file="arch.yaml", line=3, column=5, code="AG101", path="a", message="m")

    def fail(_: bytes) -> None:
        raise ArchgenError("broken template", [problem])

    with pytest.raises(ArchgenError) as caught:
        run_aside(fail).result()
    assert caught.value.message == "broken template"
    assert caught.value.problems == [problem]


def test_an_error_while_getting_ready_comes_back_with_the_job() -> None:
    def ready() -> None:
        raise ArchgenError("WeasyPrint is missing")

    for aside in (True, False):
        standby: Standby[int, int] = Standby(ready, lambda n: n, "the work", aside=aside)
        standby.submit(1)
        with pytest.raises(ArchgenError, match="WeasyPrint is missing"):
            standby.result()


def test_an_error_that_cannot_travel_still_says_what_it_was() -> None:
    class Local(Exception):  # defined in a function: pickle cannot name it
        pass

    def fail(_: bytes) -> None:
        raise Local("the detail")

    with pytest.raises(ArchgenError, match="Local: the detail"):
        run_aside(fail).result()


def test_a_child_that_dies_is_an_error_not_a_hang() -> None:
    standby = run_aside(lambda _: os.kill(os.getpid(), signal.SIGKILL))
    with pytest.raises(ArchgenError, match=r"the work stopped \(signal 9\)"):
        standby.result()


@pytest.mark.parametrize("submitted", [False, True], ids=["waiting for its job", "working"])
def test_cancel_stops_the_child(submitted: bool) -> None:
    standby: Standby[bytes, None] = Standby(nothing, lambda _: time.sleep(600), "the work")
    if submitted:
        standby.submit(b"")
    standby.cancel()
    with pytest.raises(ProcessLookupError):  # killed and reaped, not left sleeping
        os.kill(standby.pid, 0)
    with pytest.raises(ArchgenError, match="the work was stopped"):
        standby.result()
    standby.cancel()  # a second cancel finds nothing left to stop


def test_cancel_while_the_child_sends_discards_what_it_sent() -> None:
    standby = run_aside(lambda _: b"x" * 50_000_000)  # still being written when the parent gives up
    standby.cancel()
    with pytest.raises(ArchgenError, match="was stopped"):
        standby.result()


def test_cancel_after_the_result_changes_nothing() -> None:
    standby = run_aside(lambda data: data + b"!", b"done")
    assert standby.result() == b"done!"
    standby.cancel()
    assert standby.result() == b"done!"


def test_asking_for_the_result_before_any_job_is_an_error_not_a_hang() -> None:
    standby: Standby[bytes, bytes] = Standby(nothing, lambda data: data, "the work")
    with pytest.raises(ArchgenError, match=r"the work stopped \(exit status 0\)"):
        standby.result()


def test_when_no_child_can_be_forked_the_work_runs_here(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_fork() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    opened = set(os.listdir("/proc/self/fd"))
    standby: Standby[int, int] = Standby(nothing, lambda n: os.getpid() + n, "the work")
    assert standby.pid == 0 and set(os.listdir("/proc/self/fd")) == opened  # nothing leaked
    standby.submit(1)
    assert standby.result() == os.getpid() + 1


def test_a_bug_in_the_child_says_where_it_happened() -> None:
    def broken(_: bytes) -> None:
        {}["missing"]  # a KeyError, as a bug would raise it

    with pytest.raises(KeyError) as caught:
        run_aside(broken).result()
    notes = "".join(getattr(caught.value, "__notes__", []))
    assert "In the child:" in notes and "in broken" in notes
