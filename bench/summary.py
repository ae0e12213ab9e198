"""Every speed goal in one table, each figure beside its floor measured in the same run.

    python -m bench summary [RUNS] [--no-write]

One run of the machine, one table: the example's full render against its sequential floor
(`dot`, then WeasyPrint in a fresh process: bench/render.py), a prose edit and an unchanged
model against a full render (bench/rerender.py), the diagram alone against a hand-written
`diagrams` script (bench/script.py), the scaling curve from 64 to 10,000 services —
`archgen validate` against `python -c "import ruamel.yaml, pydantic"` and against PyYAML's C
loader reading the same file, and the overview diagram's SVG per service — and a class of 64
models on two workers against one (bench/batch.py). Each row says its target and whether it
was met. The table goes into the `## Summary` section of docs/performance.md.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from bench import batch, render, rerender, script
from bench.report import (
    ARCHGEN,
    Measured,
    interleaved,
    machine_info,
    median_wall,
    parse_run_options,
    run_measured,
    verdict,
    write_section,
)
from bench.synthetic import write_synthetic

SCALES = (64, 1000, 4000, 10000)
IMPORT_FLOOR = [sys.executable, "-c", "import ruamel.yaml, pydantic"]
PYYAML_LOAD = "import sys, yaml; yaml.load(open(sys.argv[1], 'rb'), Loader=yaml.CSafeLoader)"
CLASS_MODELS = 64
SVG_TIMEOUT = 300  # seconds Graphviz may take for one overview


def main(argv: Sequence[str] | None = None) -> int:
    runs, write = parse_run_options("summary", __doc__, argv, default_runs=3)
    rows: list[str] = []
    with tempfile.TemporaryDirectory(prefix="bench-summary-") as folder:
        work = Path(folder)
        rows += example_rows(work, runs)
        rows += scale_rows(work, max(1, runs - 1))
        rows += class_rows(work, max(1, runs - 1))
    body = format_report(rows, runs)
    print(body)
    if write:
        write_section("summary", "## Summary", body)
    return 0


def row(task: str, ours: float, floor_name: str, floor: float, at_most: float | None) -> str:
    """A table row: archgen's time, its floor's, and whether it is within `at_most` × the
    floor (no target where the floor is only shown for comparison)."""
    target = "—" if at_most is None else f"≤ {at_most}×"
    met = "—" if at_most is None else verdict(ours <= at_most * floor)
    ratio = ours / floor
    return f"| {task} | {ours:.3f} | {floor_name} | {floor:.3f} | {ratio:.2f}× | {target} | {met} |"


def example_rows(work: Path, runs: int) -> list[str]:
    (case,) = render.prepare_cases(work / "render", runs, (), True)
    render.warm_up(case)
    render.measure(case)
    full, floor = median_wall(case.archgen), median_wall(case.floor)
    edits = rerender.measure(work / "rerender", runs)
    base = median_wall(edits[rerender.FULL])
    prose = median_wall(edits[rerender.CACHED])
    unchanged = median_wall(edits[rerender.UNCHANGED])
    alone = script.measure(rerender.EXAMPLE, runs)
    ours, theirs = median_wall(alone["archgen"]), median_wall(alone["script"])
    return [
        row("example: full render", full, "`dot` + WeasyPrint", floor, 0.8),
        row("example: prose edit", prose, "full render", base, 0.4),
        row("example: unchanged", unchanged, "full render", base, 0.1),
        row("example: diagram alone", ours, "`diagrams` script", theirs, 1.2),
    ]


def scale_rows(work: Path, runs: int) -> list[str]:
    lines: list[str] = []
    for size in SCALES:
        model = write_synthetic(work / f"scale-{size}" / "arch.yaml", size)
        measured = interleaved(
            {
                "validate": lambda model=model: run_measured([*ARCHGEN, "validate", str(model)]),
                "imports": lambda: run_measured(IMPORT_FLOOR),
                "pyyaml": lambda model=model: run_measured(
                    [sys.executable, "-c", PYYAML_LOAD, str(model)]
                ),
            },
            runs,
        )
        ours = median_wall(measured["validate"])
        imports, pyyaml = median_wall(measured["imports"]), median_wall(measured["pyyaml"])
        task = f"validate {size:,} services"
        lines.append(row(task, ours, "import floor", imports, 3))
        lines.append(row(task, ours, "PyYAML C loader alone", pyyaml, None))
        svg = overview_svg(model, runs)
        if svg is None:
            lines.append(
                f"| overview SVG, {size:,} services | > {SVG_TIMEOUT} | ms per service "
                f"| > {1000 * SVG_TIMEOUT / size:.0f} | — | linear | **no** |"
            )
            continue
        per_service = 1000 * svg / size
        lines.append(
            f"| overview SVG, {size:,} services | {svg:.3f} | ms per service | {per_service:.2f} "
            "| — | linear | — |"
        )
    return lines


def overview_svg(model: Path, runs: int) -> float | None:
    """`archgen render --only svg` of `model` into a fresh folder, median wall clock; None when
    Graphviz did not finish within `SVG_TIMEOUT` seconds."""
    walls = []
    for index in range(runs):
        out = model.parent / f"out-{index}"
        command = [*ARCHGEN, "render", str(model), "--only", "svg", "--no-cache", "-o", str(out)]
        try:
            measured: Measured = run_measured([*command, "--dot-timeout", str(SVG_TIMEOUT)])
        except RuntimeError:
            return None
        walls.append(measured)
    return median_wall(walls)


def class_rows(work: Path, runs: int) -> list[str]:
    measured = batch.measure(work / "class", runs, CLASS_MODELS)
    one, two = median_wall(measured[1]), median_wall(measured[2])
    speed_up = one / two
    return [
        f"| class of {CLASS_MODELS}, 2 workers | {two:.3f} | 1 worker | {one:.3f} "
        f"| {speed_up:.2f}× faster | ≥ 1.8× faster | {verdict(speed_up >= 1.8)} |"
    ]


def format_report(rows: list[str], runs: int) -> str:
    head = [
        f"Measured with `python -m bench summary {runs}` on {machine_info()}: wall-clock medians",
        "of fresh processes, interleaved with their floors after a warm-up.",
        "",
        "| task | archgen (s) | floor | floor (s) | × floor | target | met |",
        "|---|---:|---|---:|---:|---|---|",
    ]
    return "\n".join(head + rows) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
