"""Benchmark: the example's PDF brief through archgen vs one plain WeasyPrint call.

    python -m bench.brief [--runs N] [--no-write]

archgen's side is `render_html(medium="pdf")` + `render_pdf` (restricted fetcher, metadata,
attachment, fixed dates); the baseline is `weasyprint.HTML(string=same_html).write_pdf()` in the
same process, after import. The cost of `import weasyprint` is measured in fresh subprocesses.
Medians are printed as a Markdown table and written into the `## Brief` section of
docs/performance.md, between this module's marker comments.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from archgen.resolve.view import RenderView

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "arch.yaml"
REPORT = ROOT / "docs" / "performance.md"
START_MARKER = "<!-- bench.brief:start (written by `python -m bench.brief`) -->"
END_MARKER = "<!-- bench.brief:end -->"
SECTION_HEADING = "## Brief"
FINGERPRINT = "archgen-" + "0" * 32  # any well-formed value: only its size matters here
IMPORT_PROBE = (
    "import time; t = time.perf_counter(); import weasyprint; print(time.perf_counter() - t)"
)


@dataclass(frozen=True)
class Row:
    """One measured task: its median and the runs it came from."""

    task: str
    seconds: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


@dataclass(frozen=True)
class BriefInputs:
    """What the brief is rendered from, prepared once, outside the timings."""

    view: RenderView
    svg: bytes
    model_text: str
    fingerprint: str


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.brief", description=__doc__)
    parser.add_argument("--runs", type=int, default=7, help="runs per task (default 7)")
    parser.add_argument(
        "--no-write", action="store_true", help="print the table; leave docs/performance.md alone"
    )
    args = parser.parse_args(argv)
    rows, pages = measure(max(1, args.runs))
    table = format_report(rows, pages, runs=max(1, args.runs))
    print(table)
    if not args.no_write:
        write_section(REPORT, table)
        print(f"\nwritten into {REPORT.relative_to(ROOT)} ({SECTION_HEADING})")
    return 0


def measure(runs: int) -> tuple[list[Row], int]:
    """Time every task `runs` times (after one warm-up each); returns the rows and page count."""
    import weasyprint

    from archgen.render.brief.pdf import render_pdf

    inputs = prepare_inputs()
    html = archgen_html(inputs)
    created = datetime.datetime(2026, 11, 24, tzinfo=datetime.UTC)

    def through_archgen(variant: str | None = None) -> bytes:
        return render_pdf(
            archgen_html(inputs),
            title="3D Commerce on AWS",
            authors=["Cloud Architecture Team"],
            keywords=["AWS"],
            created=created,
            variant=variant,  # type: ignore[arg-type]
            attachment=("arch.yaml", inputs.model_text.encode("utf-8")),
            fingerprint=inputs.fingerprint,
        )

    def plain() -> bytes:
        pdf: bytes = weasyprint.HTML(string=html).write_pdf()
        return pdf

    pages = count_pages(through_archgen())
    rows = [
        Row("plain WeasyPrint `HTML(string=html).write_pdf()`", timed(plain, runs)),
        Row("archgen `render_html` + `render_pdf`", timed(through_archgen, runs)),
        Row("archgen, PDF/A-3b", timed(lambda: through_archgen("pdf/a-3b"), runs)),
        Row("archgen, PDF/UA-1", timed(lambda: through_archgen("pdf/ua-1"), runs)),
        Row("archgen `render_html` alone", timed(lambda: archgen_html(inputs).encode(), runs)),
        Row("`import weasyprint` (fresh process)", import_times(runs)),
    ]
    return rows, pages


def prepare_inputs() -> BriefInputs:
    """The example model resolved, and its diagram drawn (not part of the brief's timing)."""
    from archgen.pipeline import check_model_file, require_valid
    from archgen.render.diagram import render_diagram
    from archgen.resolve.view import resolve_view

    valid = require_valid(check_model_file(MODEL, "arch.yaml"))
    view = resolve_view(valid.model, valid.icon_files)
    svg = render_diagram(view, formats=["svg"]).files["svg"]
    return BriefInputs(view, svg, valid.document.text, FINGERPRINT)


def archgen_html(inputs: BriefInputs) -> str:
    from archgen.render.brief.html import render_html

    return render_html(
        inputs.view,
        diagram_svg=inputs.svg,
        medium="pdf",
        fingerprint=inputs.fingerprint,
    )


def timed(task: Callable[[], bytes], runs: int) -> list[float]:
    task()  # warm-up: caches, fontconfig, first-use imports
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        task()
        seconds.append(time.perf_counter() - start)
    return seconds


def import_times(runs: int) -> list[float]:
    """Seconds `import weasyprint` takes inside a fresh interpreter, once per run."""
    seconds = []
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-c", IMPORT_PROBE], check=True, capture_output=True, text=True
        )
        seconds.append(float(done.stdout.strip()))
    return seconds


def count_pages(pdf: bytes) -> int:
    from io import BytesIO

    import pypdf

    return len(pypdf.PdfReader(BytesIO(pdf)).pages)


def format_report(rows: list[Row], pages: int, *, runs: int) -> str:
    """The Markdown table, the ratios against plain WeasyPrint, and the machine."""
    baseline = rows[0].median
    lines = [
        f"The example brief (arch.yaml, {pages} pages), median of {runs} runs after one warm-up.",
        "",
        "| task | median (s) | min (s) | × plain WeasyPrint |",
        "| --- | ---: | ---: | ---: |",
    ]
    for row in rows:
        ratio = f"{row.median / baseline:.2f}" if "import" not in row.task else "—"
        lines.append(f"| {row.task} | {row.median:.3f} | {min(row.seconds):.3f} | {ratio} |")
    lines += ["", f"Machine: {machine_info()}."]
    return "\n".join(lines)


def machine_info() -> str:
    import weasyprint

    return (
        f"{cpu_name()}, {os.cpu_count()} logical CPUs, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}, "
        f"WeasyPrint {weasyprint.__version__}"
    )


def cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def write_section(path: Path, table: str) -> None:
    """Replace the text between the markers, creating the section (or the file) if missing."""
    block = f"{START_MARKER}\n{table}\n{END_MARKER}"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Performance\n"
    if START_MARKER in text and END_MARKER in text:
        head, rest = text.split(START_MARKER, 1)
        tail = rest.split(END_MARKER, 1)[1]
        text = head + block + tail
    else:
        text = text.rstrip("\n") + f"\n\n{SECTION_HEADING}\n\n{block}\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.tmp")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)


if __name__ == "__main__":
    raise SystemExit(main())
