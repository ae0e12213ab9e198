"""Batch throughput: a class of 64 small projects rendered with one worker and with two.

    python -m bench batch [RUNS] [--models 64] [--no-write]

The class is 64 copies of the smallest model (tests/fixtures/models/minimal.yaml), each in its
own project folder; every run is a fresh `archgen render CLASS -o FRESH --jobs N` writing every
default format, so no run reuses another's cache. `--jobs 1` renders in one process, one model
after the other; `--jobs 2` in two worker processes. Interleaved after a warm-up on a class of
four; medians; the speed-up should be at least 1.8 on two cores. The table goes into the
`## Batch` section of docs/performance.md.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from bench.report import (
    ARCHGEN,
    ROOT,
    Measured,
    interleaved,
    machine_info,
    median_cpu,
    median_wall,
    peak_mib,
    run_measured,
    run_parser,
    verdict,
    write_section,
)

MODEL = ROOT / "tests" / "fixtures" / "models" / "minimal.yaml"
MODELS = 64
WORKERS = (1, 2)
TARGET = 1.8
WARM_UP_MODELS = 4


def main(argv: Sequence[str] | None = None) -> int:
    parser = run_parser("batch", __doc__, default_runs=2)
    parser.add_argument("--models", type=int, default=MODELS, help=f"default {MODELS}")
    args = parser.parse_args(argv)
    models = max(2, args.models)
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as folder:
        measured = measure(Path(folder), max(1, args.runs), models)
    body = format_report(measured, max(1, args.runs), models)
    print(body)
    if not args.no_write:
        write_section("batch", "## Batch", body)
    return 0


def make_class(folder: Path, models: int) -> Path:
    """A class folder of `models` projects, each holding a copy of the small model."""
    text = MODEL.read_text(encoding="utf-8")
    for index in range(models):
        project = folder / f"p{index:03}"
        project.mkdir(parents=True)
        (project / "arch.yaml").write_text(text, encoding="utf-8")
    return folder


def render_class(class_folder: Path, jobs: int) -> Callable[[], Measured]:
    """One task: the whole class into a fresh folder with `jobs` workers."""

    def task() -> Measured:
        fresh = Path(tempfile.mkdtemp(prefix="out-", dir=class_folder.parent))
        command = [*ARCHGEN, "render", str(class_folder), "-o", str(fresh), "--jobs", str(jobs)]
        try:
            return run_measured(command)
        finally:
            shutil.rmtree(fresh)

    return task


def measure(folder: Path, runs: int, models: int) -> dict[int, list[Measured]]:
    warm = make_class(folder / "warm-up", min(WARM_UP_MODELS, models))
    for jobs in WORKERS:
        render_class(warm, jobs)()
    whole = make_class(folder / "class", models)
    tasks = {str(jobs): render_class(whole, jobs) for jobs in WORKERS}
    return {int(jobs): runs_of for jobs, runs_of in interleaved(tasks, runs).items()}


def format_report(measured: dict[int, list[Measured]], runs: int, models: int) -> str:
    serial = median_wall(measured[1])
    lines = [
        f"{models} copies of the smallest model, each in its own project folder, every default "
        f"format; `archgen render CLASS -o FRESH --jobs N` as a fresh process, medians of "
        f"{runs} interleaved runs after a warm-up. Peak memory is the largest single process "
        "(the main one or a worker), not their sum.",
        "",
        "| workers | wall (s) | CPU (s) | models per second | peak (MiB) | speed-up | target "
        "| met |",
        "|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for jobs, runs_of in measured.items():
        wall = median_wall(runs_of)
        speedup = serial / wall
        target, met = "—", "—"
        if jobs > 1:
            target, met = f"≥ {TARGET}×", verdict(speedup >= TARGET)
        lines.append(
            f"| {jobs} | {wall:.1f} | {median_cpu(runs_of):.1f} | {models / wall:.2f} "
            f"| {peak_mib(runs_of):.0f} | {speedup:.2f}× | {target} | {met} |"
        )
    lines += ["", NOTE, "", f"Machine: {machine_info()}."]
    return "\n".join(lines)


NOTE = (
    "CPU is the seconds of every process of the run: what two workers add to one is the second "
    "worker's start-up (its imports). Every process that renders models, the main one with "
    "`--jobs 1` or a worker, imports WeasyPrint once and prints its PDFs itself (a single "
    "`archgen render` prints in a child instead, started with the render). Two workers can only "
    "be twice as fast when both cores are free: the load average below says how busy the "
    "machine was."
)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
