"""The PDF's printer: a worker started with the render prints what this process would; it is
stopped however the render ends (a failure, a worker killed, the parent gone) and leaves no
process behind; errors come back whole; a process rendering model after model frees their
garbage."""

from __future__ import annotations

import dataclasses
import gc
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import archgen.render.brief.printer
from archgen.commands.render import RenderOptions, render_model
from archgen.problems import ArchgenError
from archgen.render.brief.pdf import PdfJob
from archgen.render.brief.printer import Printer
from tests.e2e.support import MINIMAL, cli
from tests.render.brief.conftest import pdf_job_of

linux_only = pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")


def minimal_job() -> PdfJob:
    return pdf_job_of(MINIMAL)


def children() -> set[int]:
    """This process's child processes, running or not yet reaped (Linux's /proc)."""
    found: set[int] = set()
    for task in Path("/proc/self/task").iterdir():
        found.update(int(pid) for pid in (task / "children").read_text().split())
    return found


def workers_of(printer: Printer) -> list[int]:
    assert printer.pool is not None and printer.started is not None
    printer.started.result(timeout=120)  # the workers run (a fork pool starts them all at once)
    processes = printer.pool._processes  # the pool's own record of its workers
    assert len(processes) == printer.workers
    return [int(pid) for pid in processes]


@pytest.mark.slow
@linux_only
def test_a_pdf_printed_aside_is_byte_for_byte_the_one_printed_here() -> None:
    job = dataclasses.replace(minimal_job(), may_cut=False)  # whole: the parts have their tests
    aside, here = Printer(), Printer(aside=False)
    assert aside.aside and not here.aside
    printed = aside.submit(job)()
    assert printed.startswith(b"%PDF-") and printed == here.submit(job)()
    assert aside.pool is None  # stopped once its PDF came back


@linux_only
@pytest.mark.parametrize(
    "problem", ["an invalid model", "a missing model"], ids=["invalid", "missing"]
)
def test_a_failed_render_leaves_no_printer_behind(tmp_path: Path, problem: str) -> None:
    model = tmp_path / "arch.yaml"
    if problem == "an invalid model":
        model.write_text(MINIMAL.read_text(encoding="utf-8") + "\nnot_a_field: 1\n")
    before = children()  # other tests' processes may linger in this one
    run = cli("render", model, "-o", tmp_path / "out")
    assert run.code == 1 and "Traceback" not in run.output
    assert children() <= before  # the printer was stopped and reaped, not left importing
    assert not (tmp_path / "out").exists()


@linux_only
def test_a_killed_worker_is_an_error_not_a_hang() -> None:
    printer = Printer()
    os.kill(workers_of(printer)[-1], signal.SIGKILL)
    with pytest.raises(ArchgenError, match="laying out the PDF brief stopped"):
        printer.submit(minimal_job())()
    assert printer.pool is None


@linux_only
def test_an_error_comes_back_whole_and_a_bug_with_its_traceback() -> None:
    job = minimal_job()
    refused = PdfJob(
        job.html.replace("</head>", '<link rel=stylesheet href="file:///etc/hostname"></head>'),
        title="t",
    )
    with pytest.raises(ArchgenError, match="refused to read 'file:///etc/hostname'"):
        Printer().submit(refused)()
    broken = PdfJob(job.html, title="t", attachment=("arch.yaml", "text"))  # type: ignore[arg-type]
    with pytest.raises(Exception) as caught:
        Printer().submit(broken)()
    assert not isinstance(caught.value, ArchgenError)
    assert "Traceback" in str(caught.value.__cause__)  # where it happened in the worker


@linux_only
def test_stop_ends_the_worker_at_once_whatever_it_does() -> None:
    before = children()
    printer = Printer()
    pids = workers_of(printer)
    printer.submit(minimal_job())  # laying out, not awaited
    printer.stop()
    assert not set(pids) & children() and children() <= before
    for pid in pids:
        assert not _alive(pid)


@linux_only
def test_the_worker_dies_with_its_parent(tmp_path: Path) -> None:
    """A parent killed with SIGKILL while its printer works: the worker ends by itself."""
    probe = (
        "import os, sys\n"
        "from archgen.render.brief.printer import Printer\n"
        "printer = Printer()\n"
        "printer.started.result()\n"
        "print(*printer.pool._processes, flush=True)\n"
        "os.kill(os.getpid(), 9)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120
    )
    workers = [int(pid) for pid in done.stdout.split()]
    assert workers
    deadline = time.monotonic() + 10  # each looks for its parent five times a second
    while any(map(_alive, workers)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(map(_alive, workers))


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.slow
def test_a_process_rendering_model_after_model_frees_the_earlier_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With collection before freezing (here after every render), the live objects stay flat;
    without it (a growth allowance no render reaches) each render's garbage is kept."""
    model = tmp_path / "arch.yaml"
    shutil.copyfile(MINIMAL, model)
    options = RenderOptions(formats=("pdf",), pdf_aside=False)
    printer_module = archgen.render.brief.printer

    def objects_after_renders(allowance: int) -> list[int]:
        monkeypatch.setattr(printer_module, "GROWTH_BEFORE_COLLECTING", allowance)
        monkeypatch.setattr(printer_module, "_resident_after_collecting", [])
        gc.collect()
        counts = []
        for run in range(4):
            render_model(model, tmp_path / f"out-{allowance}-{run}", options)
            counts.append(len(gc.get_objects()))
        return counts

    kept = objects_after_renders(2**60)
    freed = objects_after_renders(-1)
    assert kept[3] - kept[1] > 20_000  # two renders' garbage (about 25,000 objects each)
    assert abs(freed[3] - freed[1]) < 5_000


# archgen's CLI with an audit hook printing, in order, the fork and the imports that matter.
ORDER_PROBE = """
import os, sys
def hook(event, args):
    if event == "import" and args[0].partition(".")[0] in ("pydantic", "weasyprint"):
        os.write(2, f"@@{os.getpid()} import {args[0].partition('.')[0]}\\n".encode())
    elif event == "os.fork":
        os.write(2, f"@@{os.getpid()} os.fork\\n".encode())
sys.addaudithook(hook)
from archgen.cli import main
sys.argv[0] = "archgen"
main()
"""


@pytest.mark.slow
@linux_only
def test_render_forks_its_printer_before_the_model_and_weasyprint_are_imported(
    tmp_path: Path,
) -> None:
    """The design that puts WeasyPrint's import beside archgen's own work, checked by order,
    not by time: the fork comes first, then the parent imports the model (pydantic) and the
    child WeasyPrint."""
    import subprocess

    shutil.copyfile(MINIMAL, tmp_path / "arch.yaml")
    done = subprocess.run(
        [sys.executable, "-c", ORDER_PROBE, "render", "--only", "pdf"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,  # a guard against hangs, not a timing assertion
        check=True,
    )
    events = [line[2:].split(" ", 1) for line in done.stderr.splitlines() if line[:2] == "@@"]
    parent = events[0][0]
    assert events[0][1] == "os.fork"
    assert [parent, "import pydantic"] in events
    assert [parent, "import weasyprint"] not in events  # only the child imports it
    assert any(pid != parent and what == "import weasyprint" for pid, what in events)
    assert (tmp_path / "output" / "brief.pdf").read_bytes().startswith(b"%PDF-")
