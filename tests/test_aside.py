"""Work done aside: a forked child's value or error comes back; a dead child is an error."""

from __future__ import annotations

import os
import signal
import sys
import time

import pytest

from archgen.aside import Aside
from archgen.problems import ArchgenError, Problem

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="work runs aside on Linux only")


def test_the_value_comes_back_from_another_process() -> None:
    aside = Aside(lambda: (os.getpid(), b"x" * 1_000_000))  # more than a pipe holds at once
    pid, data = aside.result()
    assert pid != os.getpid() and data == b"x" * 1_000_000
    assert aside.result()[0] == pid  # asking again gives the same answer


def test_an_error_comes_back_with_its_problems() -> None:
    problem = Problem(file="arch.yaml", line=3, column=5, code="AG101", path="a", message="m")

    def fail() -> None:
        raise ArchgenError("broken template", [problem])

    with pytest.raises(ArchgenError) as caught:
        Aside(fail).result()
    assert caught.value.message == "broken template"
    assert caught.value.problems == [problem]


def test_an_error_that_cannot_travel_still_says_what_it_was() -> None:
    class Local(Exception):  # defined in a function: pickle cannot name it
        pass

    def fail() -> None:
        raise Local("the detail")

    with pytest.raises(ArchgenError, match="Local: the detail"):
        Aside(fail).result()


def test_a_child_that_dies_is_an_error_not_a_hang() -> None:
    aside = Aside(lambda: os.kill(os.getpid(), signal.SIGKILL))
    with pytest.raises(ArchgenError, match=r"stopped \(signal 9\)"):
        aside.result()


def test_cancel_stops_the_child() -> None:
    aside = Aside(lambda: time.sleep(600))
    aside.cancel()
    with pytest.raises(ProcessLookupError):  # killed and reaped, not left sleeping
        os.kill(aside.pid, 0)
    with pytest.raises(ArchgenError, match="stopped"):
        aside.result()


def test_cancel_while_the_child_sends_discards_what_it_sent() -> None:
    aside = Aside(lambda: b"x" * 50_000_000)  # still being written when the parent gives up
    aside.cancel()
    with pytest.raises(ArchgenError, match="was stopped"):
        aside.result()
