"""The example's PDF brief through archgen against one plain WeasyPrint call on the same HTML.

    python -m bench.brief [RUNS] [--no-write]        (or: python -m bench brief [RUNS])

archgen's side is `render_html(medium="pdf")` + `render_pdf` (restricted fetcher, metadata,
attachment, fixed dates); the baseline is `weasyprint.HTML(string=same_html).write_pdf()` in the
same process, after import. Tasks run interleaved, so machine noise hits them alike; the table
gives wall-clock and CPU medians and their ratios to the baseline. `import weasyprint` is timed
in fresh processes. The table goes into the `## Brief` section of docs/performance.md.
"""

from __future__ import annotations

import datetime
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING

from bench.report import machine_info, median, parse_run_options, write_section

if TYPE_CHECKING:
    from archgen.resolve.view import RenderView

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "arch.yaml"
FINGERPRINT = "archgen-" + "0" * 32  # any well-formed value: only its size matters here
CREATED = datetime.datetime(2026, 11, 24, tzinfo=datetime.UTC)
IMPORT_PROBE = (
    "import time; w, c = time.perf_counter(), time.process_time(); import weasyprint; "
    "print(time.perf_counter() - w, time.process_time() - c)"
)
BASELINE = "plain WeasyPrint `HTML(string=html).write_pdf()`"


@dataclass
class Row:
    """One measured task: wall-clock and CPU seconds of each run.

    CPU time (`time.process_time`) barely moves when other processes share the machine; the
    wall clock is what a user waits for.
    """

    task: str
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)


@dataclass(frozen=True)
class BriefInputs:
    """What the brief is rendered from, prepared once, outside the timings."""

    view: RenderView
    svg: bytes
    model_text: str


def main(argv: Sequence[str] | None = None) -> int:
    runs, write = parse_run_options("brief", __doc__, argv, default_runs=3)
    rows, pages = measure(runs)
    body = format_report(rows, pages, runs=runs)
    print(body)
    if write:
        write_section("brief", "## Brief", body)
    return 0


def measure(runs: int) -> tuple[list[Row], int]:
    """Every task once to warm up, then `runs` interleaved rounds; returns rows and pages."""
    import weasyprint

    inputs = prepare_inputs()
    html = archgen_html(inputs)

    def plain() -> bytes:
        pdf: bytes = weasyprint.HTML(string=html).write_pdf()
        return pdf

    tasks: dict[str, Callable[[], bytes]] = {
        BASELINE: plain,
        "archgen `render_html` + `render_pdf`": lambda: through_archgen(inputs),
        "archgen, PDF/A-3b": lambda: through_archgen(inputs, "pdf/a-3b"),
        "archgen, PDF/UA-1": lambda: through_archgen(inputs, "pdf/ua-1"),
        "archgen `render_html` alone": lambda: archgen_html(inputs).encode(),
    }
    pages = count_pages(through_archgen(inputs))
    for task in tasks.values():
        task()
    rows = {name: Row(name) for name in tasks}
    names = list(tasks)
    for round_ in range(runs):
        shift = round_ % len(names)  # rotate, so no task always runs first or last
        for name in names[shift:] + names[:shift]:
            timed(tasks[name], rows[name])
    return [*rows.values(), import_times(runs)], pages


def prepare_inputs() -> BriefInputs:
    """The example model resolved, and its diagram drawn (not part of the brief's timing)."""
    from archgen.commands.model import check_model_file, require_valid
    from archgen.render.diagram import render_diagram
    from archgen.resolve.view import resolve_view

    valid = require_valid(check_model_file(MODEL, "arch.yaml"))
    view = resolve_view(valid.model, valid.icon_files)
    svg = render_diagram(view, formats=["svg"]).files["svg"]
    return BriefInputs(view, svg, valid.document.text)


def archgen_html(inputs: BriefInputs) -> str:
    from archgen.render.brief.html import render_html

    return render_html(inputs.view, diagram_svg=inputs.svg, medium="pdf", fingerprint=FINGERPRINT)


def through_archgen(inputs: BriefInputs, variant: str | None = None) -> bytes:
    from archgen.render.brief.pdf import PdfJob, render_pdf

    project = inputs.view.project
    job = PdfJob(
        archgen_html(inputs),
        title=project.title,
        authors=tuple(project.authors),
        keywords=tuple(project.keywords),
        description=project.subtitle or "",
        created=CREATED,
        variant=variant,  # type: ignore[arg-type]
        attachment=("arch.yaml", inputs.model_text.encode("utf-8")),
        fingerprint=FINGERPRINT,
    )
    return render_pdf(job)


def timed(task: Callable[[], bytes], row: Row) -> None:
    wall_start, cpu_start = time.perf_counter(), time.process_time()
    task()
    row.wall.append(time.perf_counter() - wall_start)
    row.cpu.append(time.process_time() - cpu_start)


def import_times(runs: int) -> Row:
    """Seconds `import weasyprint` takes inside a fresh interpreter, once per run."""
    row = Row("`import weasyprint` (fresh process)")
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-c", IMPORT_PROBE], check=True, capture_output=True, text=True
        )
        wall, cpu = done.stdout.split()
        row.wall.append(float(wall))
        row.cpu.append(float(cpu))
    return row


def count_pages(pdf: bytes) -> int:
    import pypdf

    return len(pypdf.PdfReader(BytesIO(pdf)).pages)


def format_report(rows: list[Row], pages: int, *, runs: int) -> str:
    """The Markdown table, the ratios against plain WeasyPrint, and the machine."""
    import weasyprint

    base_wall, base_cpu = median(rows[0].wall), median(rows[0].cpu)
    lines = [
        f"The example brief (arch.yaml, {pages} pages): medians of {runs} interleaved runs "
        "after one warm-up, in one process; the import in fresh processes.",
        "",
        "| task | wall (s) | CPU (s) | × plain, wall | × plain, CPU |",
        "|---|---:|---:|---:|---:|",
    ]
    for row in rows:
        wall, cpu = median(row.wall), median(row.cpu)
        ratios = "| — | — |"
        if "import" not in row.task:
            ratios = f"| {wall / base_wall:.2f} | {cpu / base_cpu:.2f} |"
        lines.append(f"| {row.task} | {wall:.3f} | {cpu:.3f} {ratios}")
    lines += [
        "",
        "archgen adds to the plain call: a URL fetcher that serves only data: URLs, the model's "
        "metadata and fixed dates, the model file as an attachment, and the fingerprint as file "
        "identifier; the rest is WeasyPrint laying out the same HTML. `import weasyprint` is "
        "paid only by commands that write a PDF (`archgen validate` never imports it).",
        "",
        f"Machine: {machine_info(f'WeasyPrint {weasyprint.__version__}')}.",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
