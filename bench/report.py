"""Shared by every benchmark: medians, machine description, and docs/performance.md sections.

Each benchmark owns one section of docs/performance.md, between marker comments named after
it, so re-running one benchmark replaces only its own table.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
from collections.abc import Sequence
from pathlib import Path

PERFORMANCE_DOC = Path(__file__).resolve().parent.parent / "docs" / "performance.md"


def parse_run_options(
    name: str, description: str | None, argv: Sequence[str] | None, default_runs: int
) -> tuple[int, bool]:
    """Every benchmark's command line: `[RUNS] [--no-write]` → (runs ≥ 1, write the doc?)."""
    parser = argparse.ArgumentParser(prog=f"python -m bench {name}", description=description)
    parser.add_argument(
        "runs", nargs="?", type=int, default=default_runs, help=f"runs (default {default_runs})"
    )
    parser.add_argument(
        "--no-write", action="store_true", help="print the table; leave docs/performance.md alone"
    )
    args = parser.parse_args(argv)
    return max(1, args.runs), not args.no_write


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine_info(*tools: str) -> str:
    """One line: CPU, OS, Python, the tools measured, and how busy the machine was."""
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    parts = [
        f"{cpu_name()}, {os.cpu_count()} logical CPUs",
        f"{platform.system()} {platform.release()}",
        f"Python {platform.python_version()}",
        *tools,
    ]
    return ", ".join(parts) + f"; load average {load} when measured"


def write_section(key: str, heading: str, body: str, path: Path = PERFORMANCE_DOC) -> None:
    """Replace the text between this benchmark's markers, adding the section if missing."""
    start = f"<!-- bench.{key}:start (written by `python -m bench {key}`) -->"
    end = f"<!-- bench.{key}:end -->"
    block = f"{start}\n{body.strip()}\n{end}"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Performance\n"
    if start in text and end in text:
        head, rest = text.split(start, 1)
        text = head + block + rest.split(end, 1)[1]
    else:
        text = text.rstrip("\n") + f"\n\n{heading}\n\n{block}\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.tmp")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)
