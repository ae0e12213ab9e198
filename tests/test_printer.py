"""The PDF's printer: a child started with the render prints what this process would, a failed
render leaves no child behind, and a process rendering model after model frees their garbage."""

from __future__ import annotations

import gc
import shutil
import sys
from pathlib import Path

import pytest

import archgen.printer
from archgen.build import RenderOptions, build_outputs, pdf_job
from archgen.pipeline import check_model_file, require_valid
from archgen.printer import PdfJob, start_printer
from archgen.render.diagram import render_diagram
from archgen.resolve.view import resolve_view
from tests.e2e.support import MINIMAL, cli

linux_only = pytest.mark.skipif(sys.platform != "linux", reason="the printer forks on Linux only")


def minimal_job() -> PdfJob:
    valid = require_valid(check_model_file(MINIMAL))
    view = resolve_view(valid.model, valid.icon_files)
    svg = render_diagram(view, formats=["svg"]).files["svg"]
    return pdf_job(valid, view, svg, RenderOptions(), "archgen-" + "1" * 32)


def children() -> set[int]:
    """This process's child processes, running or not yet reaped (Linux's /proc)."""
    found: set[int] = set()
    for task in Path("/proc/self/task").iterdir():
        found.update(int(pid) for pid in (task / "children").read_text().split())
    return found


@linux_only
def test_a_pdf_printed_aside_is_byte_for_byte_the_one_printed_here() -> None:
    job = minimal_job()
    aside, here = start_printer(), start_printer(aside=False)
    assert aside.pid and not here.pid
    for printer in (aside, here):
        printer.submit(job)
    printed = aside.result()
    assert printed.startswith(b"%PDF-") and printed == here.result()


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
    assert children() == before  # the printer was stopped and reaped, not left importing
    assert not (tmp_path / "out").exists()


def test_a_process_rendering_model_after_model_frees_the_earlier_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With collection before freezing (here after every render), the live objects stay flat;
    without it (a growth allowance no render reaches) each render's garbage is kept."""
    model = tmp_path / "arch.yaml"
    shutil.copyfile(MINIMAL, model)
    options = RenderOptions(formats=("pdf",), pdf_aside=False)

    def objects_after_renders(allowance: int) -> list[int]:
        monkeypatch.setattr(archgen.printer, "GROWTH_BEFORE_COLLECTING", allowance)
        monkeypatch.setattr(archgen.printer, "_resident_after_collecting", [])
        gc.collect()
        counts = []
        for run in range(4):
            build_outputs(model, tmp_path / f"out-{allowance}-{run}", options)
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
