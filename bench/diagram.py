"""The diagram through archgen against `dot` alone on the same DOT, writing the same formats.

    python -m bench diagram [RUNS] [--no-write]        (or: python -m bench.diagram [RUNS])

archgen's side is `render_diagram(view)` for SVG + PNG: DOT text, icons copied into a private
folder, Graphviz, and the SVG made self-contained (icons inlined as data: URIs). The baseline is
`dot -Tsvg -o diagram.svg -Tpng -o diagram.png` on the DOT archgen produced, with the icons
already in place. Models: arch.yaml and synthetic models of 16, 64, 256 and 1024 services
(bench/synthetic.py). Runs are interleaved after one warm-up; the table gives wall-clock and CPU
medians (CPU includes the Graphviz child processes) and goes into the `## Diagram` section of
docs/performance.md.
"""

from __future__ import annotations

import resource
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from bench.report import machine_info, median, parse_run_options, write_section

if TYPE_CHECKING:
    from archgen.render.diagram import DiagramResult
    from archgen.resolve.view import RenderView

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "arch.yaml"
SIZES = (16, 64, 256, 1024)
BIG = 1024  # runs for this size are capped at BIG_RUNS
BIG_RUNS = 3


@dataclass
class Case:
    """One model, and the wall/CPU seconds of each side's runs."""

    name: str
    view: RenderView
    runs: int
    result: DiagramResult | None = None
    archgen: list[tuple[float, float]] = field(default_factory=list)
    dot: list[tuple[float, float]] = field(default_factory=list)


def main(argv: Sequence[str] | None = None) -> int:
    runs, write = parse_run_options("diagram", __doc__, argv, default_runs=3)
    cases = prepare_cases(runs)
    for case in cases:
        measure(case)
        print(f"measured {case.name}", flush=True)
    body = format_report(cases)
    print(body)
    if write:
        write_section("diagram", "## Diagram", body)
    return 0


def prepare_cases(runs: int) -> list[Case]:
    """The example (when arch.yaml exists) and the synthetic models, built outside the timings."""
    from bench.synthetic import synthetic_view

    cases = []
    if MODEL.exists():
        cases.append(Case("arch.yaml (example)", example_view(), runs))
    for size in SIZES:
        count = min(runs, BIG_RUNS) if size >= BIG else runs
        cases.append(Case(f"synthetic {size}", synthetic_view(size), count))
    return cases


def example_view() -> RenderView:
    from ruamel.yaml import YAML

    from archgen.icons.catalog import icon_file, load_catalog
    from archgen.model.schema import Architecture
    from archgen.resolve.view import resolve_view

    model = Architecture.model_validate(YAML(typ="safe").load(MODEL.read_text(encoding="utf-8")))
    catalog = load_catalog()
    icons = {}
    for service in model.services:
        kind = catalog.resolve(service.icon)
        icons[service.id] = icon_file(kind) if kind else (ROOT / service.icon).resolve()
    return resolve_view(model, icons)


def measure(case: Case) -> None:
    """A warm-up of each side, then `case.runs` interleaved rounds."""
    from archgen.render.diagram import render_diagram
    from archgen.render.diagram.dot import build_dot, icon_names

    case.result = render_diagram(case.view)
    with tempfile.TemporaryDirectory(prefix="bench-diagram-") as folder:
        workdir = Path(folder)
        for path, name in icon_names(case.view).items():
            (workdir / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, workdir / name)
        with_icons = build_dot(case.view, icons=icon_names(case.view))  # the DOT as drawn
        (workdir / "diagram.gv").write_text(with_icons, encoding="utf-8")
        plain_dot = [
            "dot",
            "-Tsvg",
            "-o",
            "diagram.svg",
            "-Tpng",
            "-o",
            "diagram.png",
            "diagram.gv",
        ]

        def run_dot() -> None:
            subprocess.run(plain_dot, cwd=workdir, check=True, capture_output=True)

        run_dot()
        for _ in range(case.runs):
            case.archgen.append(timed(lambda: render_diagram(case.view)))
            case.dot.append(timed(run_dot))


def timed(task: Callable[[], object]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one call, CPU counting this process and its children."""
    before = _cpu()
    start = time.perf_counter()
    task()
    return time.perf_counter() - start, _cpu() - before


def _cpu() -> float:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def format_report(cases: list[Case]) -> str:
    lines = [
        "SVG + PNG of one model: archgen `render_diagram` against `dot -Tsvg -Tpng` alone on the "
        "same DOT; medians of interleaved runs after one warm-up (CPU includes Graphviz).",
        "",
        "| model | services | steps | runs | archgen wall (s) | dot wall (s) | × dot, wall "
        "| archgen CPU (s) | dot CPU (s) | × dot, CPU | archgen's PNG |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    lines += [_row(case) for case in cases]
    lines += ["", *_notes(), "", f"Machine: {machine_info(graphviz_version())}."]
    return "\n".join(lines)


def _row(case: Case) -> str:
    wall, cpu = median([w for w, _ in case.archgen]), median([c for _, c in case.archgen])
    dot_wall, dot_cpu = median([w for w, _ in case.dot]), median([c for _, c in case.dot])
    return (
        f"| {case.name} | {len(case.view.services)} | {len(case.view.steps)} | {case.runs} "
        f"| {wall:.3f} | {dot_wall:.3f} | {wall / dot_wall:.2f} "
        f"| {cpu:.3f} | {dot_cpu:.3f} | {cpu / dot_cpu:.2f} | {_png_note(case)} |"
    )


def _png_note(case: Case) -> str:
    """How archgen's PNG differs from plain dot's: full size, scaled down, or skipped."""
    assert case.result is not None
    notes = [w.split(":")[0] for w in case.result.warnings if w.startswith("diagram.png")]
    note = notes[0].removeprefix("diagram.png ") if notes else "full size"
    if 'constraint="false"' in case.result.dot:
        note += "; ranked on the 2nd layout"
    return note


def _notes() -> list[str]:
    return [
        "Above 150 services archgen lays the graph out once into SVG and positioned DOT, then "
        "draws the PNG from those positions at a resolution cairo can hold (`-Kneato -n2`), or "
        "skips it when it would be unreadable; plain `dot` rasterises at full size and lets "
        'cairo shrink what does not fit. When Graphviz 2.43 cannot rank a graph ("trouble in '
        'init_rank"), archgen retries with links that do not constrain the ranks; that failed '
        "first attempt is included in archgen's time, while `dot` runs the DOT that worked.",
    ]


def graphviz_version() -> str:
    found = subprocess.run(["dot", "-V"], capture_output=True, text=True, check=False)
    text = (found.stderr or found.stdout).strip()
    return text.replace("dot - graphviz version", "Graphviz").strip() or "Graphviz (unknown)"


if __name__ == "__main__":
    import sys

    raise SystemExit(main(sys.argv[1:]))
