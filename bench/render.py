"""`archgen render` against its floor: the example and synthetic models of 16 to 1024 services.

    python -m bench render [RUNS] [--sizes 16,64,256,1024] [--no-example] [--no-write]

Each run is a fresh process writing every default format (SVG, PNG, PDF, HTML, Markdown) into
a fresh folder. The floor is the least any tool must do on the very same inputs, one step after
the other: `dot -Tsvg -Tpng` on the DOTs archgen draws (the overview, collapsed into its groups
above 64 services as archgen's is, then each view's; icons in place), then a fresh
`python -c` process in which WeasyPrint writes archgen's print HTML to PDF (the HTML is made
once, outside the timings). Measured: wall clock and peak memory (the largest process's
resident set, from `os.wait4`), medians of interleaved runs after one warm-up; big models run
fewer times. The cost per service (time / services) should at most double from 64 to 1024.
The tables go into the `## Render` section of docs/performance.md.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from bench.report import (
    ARCHGEN,
    ROOT,
    Measured,
    interleaved,
    machine_info,
    median_wall,
    peak_mib,
    run_measured,
    run_parser,
    tree_peak_mib,
    verdict,
    write_section,
)

if TYPE_CHECKING:
    from archgen.resolve.view import RenderView

EXAMPLE = ROOT / "arch.yaml"
SIZES = (16, 64, 256, 1024)
RUNS_CAP = {256: 2, 1024: 1}  # a 1024-service brief takes about a minute to lay out
FINGERPRINT = "archgen-" + "0" * 32  # any well-formed value: only its size matters here
PRINT_PDF = "import sys, weasyprint; weasyprint.HTML(filename=sys.argv[1]).write_pdf(sys.argv[2])"
GROWTH_TARGET = 2.0
BIG_SECONDS, BIG_MIB = 4.0, 600  # the targets for 1024 services


@dataclass
class Case:
    """One model, the folder holding its floor's inputs, and both sides' runs."""

    name: str
    model: Path
    services: int
    runs: int
    inputs: Path
    archgen: list[Measured] = field(default_factory=list)
    floor: list[Measured] = field(default_factory=list)


def main(argv: Sequence[str] | None = None) -> int:
    parser = run_parser("render", __doc__, default_runs=3)
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="synthetic sizes")
    parser.add_argument("--no-example", action="store_true", help="leave out arch.yaml")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",") if size.strip()]
    with tempfile.TemporaryDirectory(prefix="bench-render-") as folder:
        cases = prepare_cases(Path(folder), max(1, args.runs), sizes, not args.no_example)
        warm_up(cases[0])
        for case in cases:
            measure(case)
            print(f"measured {case.name}", flush=True)
    body = format_report(cases)
    print(body)
    if not args.no_write:
        write_section("render", "## Render", body)
    return 0


def prepare_cases(folder: Path, runs: int, sizes: Sequence[int], example: bool) -> list[Case]:
    """The models, and for each the floor's inputs, made outside the timings."""
    from bench.synthetic import write_synthetic

    models: list[tuple[str, Path]] = [("arch.yaml (example)", EXAMPLE)] if example else []
    for size in sizes:
        models.append(
            (f"synthetic {size}", write_synthetic(folder / f"s{size}" / "arch.yaml", size))
        )
    cases = []
    for index, (name, model) in enumerate(models):
        inputs = folder / f"inputs-{index}"
        services = prepare_floor(model, inputs)
        cases.append(Case(name, model, services, min(runs, RUNS_CAP.get(services, runs)), inputs))
    return cases


def prepare_floor(model: Path, inputs: Path) -> int:
    """archgen's DOTs (the overview and each view) with their icons in place, and its print
    HTML, in `inputs`; the services."""
    from archgen.commands.model import check_model_file, require_valid
    from archgen.render.brief.html import render_html
    from archgen.resolve.collapse import overview
    from archgen.resolve.view import resolve_view
    from archgen.resolve.views import all_views, view_specs

    drawn = inputs / "archgen"
    command = [*ARCHGEN, "render", str(model), "--only", "svg", "--only", "views", "--dot",
               "-o", str(drawn)]  # fmt: skip
    subprocess.run(command, check=True, capture_output=True)
    valid = require_valid(check_model_file(model))
    view = resolve_view(valid.model, valid.icon_files)
    views = all_views(view, view_specs(valid.model))
    write_dot(overview(view), inputs / "diagram.dot", inputs)
    for view_id, shown in views:
        write_dot(shown, inputs / f"view-{view_id}.dot", inputs)
    beside = model.parent / "templates"
    html = render_html(
        view,
        diagram_svg=(drawn / "diagram.svg").read_bytes(),
        view_svgs={
            view_id: (drawn / "views" / f"{view_id}.svg").read_bytes() for view_id, _ in views
        },
        medium="pdf",
        template_dirs=(beside,) if beside.is_dir() else (),
        fingerprint=FINGERPRINT,
        model_file=model.name,
    )
    (inputs / "print.html").write_text(html, encoding="utf-8")
    return len(view.services)


def write_dot(view: RenderView, path: Path, inputs: Path) -> None:
    """The DOT of `view` as archgen draws it, its icons copied beside it."""
    from archgen.render.diagram.dot import build_dot, icon_names

    path.write_text(build_dot(view, icons=icon_names(view)), encoding="utf-8")
    for icon, name in icon_names(view).items():
        (inputs / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(icon, inputs / name)


def run_archgen(case: Case) -> Measured:
    """`archgen render` into a folder of its own, with a user cache folder of its own: nothing
    from an earlier run to reuse (no kept PDF parts or compiled templates)."""
    fresh = Path(tempfile.mkdtemp(prefix="out-", dir=case.inputs))
    try:
        command = [*ARCHGEN, "render", str(case.model), "-o", str(fresh / "output")]
        return run_measured(command, env={"XDG_CACHE_HOME": str(fresh / "cache")})
    finally:
        shutil.rmtree(fresh)


def run_floor(case: Case) -> Measured:
    """Graphviz, then WeasyPrint in a fresh process: the same work, nothing else."""
    dot = ["dot", "-Tsvg", "-o", "floor.svg", "-Tpng", "-o", "floor.png", "diagram.dot"]
    drawn = run_measured(dot, cwd=case.inputs)
    for view in sorted(case.inputs.glob("view-*.dot")):
        each = ["dot", "-Tsvg", "-o", f"{view.stem}.svg", "-Tpng", "-o", f"{view.stem}.png"]
        drawn = drawn.then(run_measured([*each, view.name], cwd=case.inputs))
    pdf = [sys.executable, "-c", PRINT_PDF, "print.html", "floor.pdf"]
    printed = run_measured(pdf, cwd=case.inputs)
    return drawn.then(printed)


def warm_up(case: Case) -> None:
    """One run of each side first: the page cache holds Python, the fonts and Graphviz."""
    run_archgen(case)
    run_floor(case)


def measure(case: Case) -> None:
    runs = interleaved(
        {"archgen": lambda: run_archgen(case), "floor": lambda: run_floor(case)}, case.runs
    )
    case.archgen, case.floor = runs["archgen"], runs["floor"]


def format_report(cases: list[Case]) -> str:
    lines = [
        "Every default format (SVG, PNG, PDF, HTML, Markdown), a fresh process and a fresh "
        "output folder each run; the floor is `dot -Tsvg -Tpng` on archgen's DOTs (the "
        "overview and each view, one after the other), then "
        "WeasyPrint writing archgen's print HTML to PDF in a fresh process. Medians of "
        "interleaved runs after one warm-up; peak memory is the largest process's resident "
        "set over the runs, and for archgen also the largest total of its processes together "
        "(its PDF printer is a second process).",
        "",
        "| model | services | runs | archgen (s) | floor (s) | × floor | archgen peak (MiB) "
        "| archgen, all processes (MiB) | floor peak (MiB) | archgen ms per service |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    lines += [_row(case) for case in cases]
    lines += ["", *_growth(cases), "", NOTES, "", f"Machine: {machine_info(_tools())}."]
    return "\n".join(lines)


NOTES = (
    "The floor does less than archgen in ways a user would notice: its PDF has no metadata, "
    "attachment or restricted fetcher, it writes no HTML or Markdown brief, and above 150 "
    "services its `dot` rasterises the PNG at full size where archgen draws it smaller or "
    "skips it (see the Diagram section). Peak memory is measured from a small launcher "
    "process, so about 11 MiB is the least any row can show."
)


def _row(case: Case) -> str:
    wall, floor = median_wall(case.archgen), median_wall(case.floor)
    return (
        f"| {case.name} | {case.services} | {case.runs} | {wall:.2f} | {floor:.2f} "
        f"| {wall / floor:.2f} | {peak_mib(case.archgen):.0f} "
        f"| {tree_peak_mib(case.archgen):.0f} | {peak_mib(case.floor):.0f} "
        f"| {1000 * wall / case.services:.1f} |"
    )


def _growth(cases: list[Case]) -> list[str]:
    """How the cost per service grows from 64 to 1024 services (both must have been run)."""
    by_size = {c.services: c for c in cases if c.name.startswith("synthetic")}
    if 64 not in by_size or 1024 not in by_size:
        return ["(cost per service growth needs the 64 and 1024 sizes)"]
    small, big = by_size[64], by_size[1024]
    growth = (median_wall(big.archgen) / 1024) / (median_wall(small.archgen) / 64)
    floor_growth = (median_wall(big.floor) / 1024) / (median_wall(small.floor) / 64)
    wall, peak, total = median_wall(big.archgen), peak_mib(big.archgen), tree_peak_mib(big.archgen)
    return [
        "| measure | archgen | floor | target | met |",
        "|---|---:|---:|---:|---|",
        f"| cost per service, 1024 services ÷ 64 | {growth:.2f}× | {floor_growth:.2f}× "
        f"| ≤ {GROWTH_TARGET:.0f}× | {verdict(growth <= GROWTH_TARGET)} |",
        f"| 1024 services, wall clock | {wall:.1f} s | {median_wall(big.floor):.1f} s "
        f"| ≤ {BIG_SECONDS:.0f} s | {verdict(wall <= BIG_SECONDS)} |",
        f"| 1024 services, largest process | {peak:.0f} MiB | {peak_mib(big.floor):.0f} MiB "
        f"| ≤ {BIG_MIB} MiB | {verdict(peak <= BIG_MIB)} |",
        f"| 1024 services, all processes together | {total:.0f} MiB | — "
        f"| ≤ {BIG_MIB} MiB | {verdict(total <= BIG_MIB)} |",
    ]


def _tools() -> str:
    import weasyprint

    from bench.diagram import graphviz_version

    return f"{graphviz_version()}, WeasyPrint {weasyprint.__version__}"


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
