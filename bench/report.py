"""Shared by every benchmark: medians, machine description, and docs/performance.md sections.

Each benchmark owns one section of docs/performance.md, between marker comments named after
it, so re-running one benchmark replaces only its own table.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PERFORMANCE_DOC = ROOT / "docs" / "performance.md"
ARCHGEN = [sys.executable, "-m", "archgen"]  # a fresh archgen process of this interpreter


def run_parser(name: str, description: str | None, default_runs: int) -> argparse.ArgumentParser:
    """Every benchmark's command line starts as `[RUNS] [--no-write]`; some add options."""
    parser = argparse.ArgumentParser(
        prog=f"python -m bench {name}",
        description=description,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "runs", nargs="?", type=int, default=default_runs, help=f"runs (default {default_runs})"
    )
    parser.add_argument(
        "--no-write", action="store_true", help="print the table; leave docs/performance.md alone"
    )
    return parser


def parse_run_options(
    name: str, description: str | None, argv: Sequence[str] | None, default_runs: int
) -> tuple[int, bool]:
    """`[RUNS] [--no-write]` → (runs ≥ 1, write the doc?)."""
    args = run_parser(name, description, default_runs).parse_args(argv)
    return max(1, args.runs), not args.no_write


def median(values: Iterable[float]) -> float:
    return statistics.median(values)


# ---- fresh processes: wall clock and peak memory -----------------------------------------------


@dataclass(frozen=True)
class Measured:
    """One run: wall-clock seconds, the peak resident memory of its largest process, the CPU
    seconds of all its processes (which other work on the machine barely changes), and the peak
    of all its processes' resident memory together (sampled every 10 ms)."""

    wall: float
    peak_rss: int  # bytes
    cpu: float = 0.0
    tree_rss: int = 0  # bytes

    def then(self, other: Measured) -> Measured:
        """Two runs one after the other: times add up, the peaks are the larger ones."""
        return Measured(
            self.wall + other.wall,
            max(self.peak_rss, other.peak_rss),
            self.cpu + other.cpu,
            max(self.tree_rss, other.tree_rss),
        )


# A small interpreter that runs the command and reports its wall clock and peak memory. The
# peak must come from a process this small: Linux counts the memory of the process that forked
# a child into the child's peak, so measuring straight from a benchmark holding a big model
# would report the benchmark's size. A thread adds up the resident memory of the whole process
# tree every 10 ms (Linux's /proc; 0 elsewhere), since archgen's PDF printer is a second process.
LAUNCHER = """\
import os, resource, subprocess, sys, threading, time
PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
def tree_rss(pid):
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            total = int(f.read().split()[1]) * PAGE
        with open(f"/proc/{pid}/task/{pid}/children", "rb") as f:
            children = f.read().split()
    except (OSError, ValueError, IndexError):
        return 0
    return total + sum(tree_rss(int(child)) for child in children)
start = time.perf_counter()
process = subprocess.Popen(sys.argv[2:])
peak = [0]
def sample():
    while process.poll() is None:
        peak[0] = max(peak[0], tree_rss(process.pid))
        time.sleep(0.01)
sampler = threading.Thread(target=sample, daemon=True)
sampler.start()
code = process.wait()
wall = time.perf_counter() - start
sampler.join()
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(sys.argv[1], "w") as out:
    out.write(f"{wall} {usage.ru_maxrss} {usage.ru_utime + usage.ru_stime} {code} {peak[0]}")
"""


def run_measured(
    command: Sequence[str], *, cwd: Path | None = None, env: Mapping[str, str] | None = None
) -> Measured:
    """Run `command` as a fresh process: its wall clock and its peak memory (the largest of it
    and the children it waited for, e.g. archgen's Graphviz), through `LAUNCHER`; `env` is
    added to this process's environment."""
    with tempfile.TemporaryDirectory(prefix="bench-run-") as folder:
        result, errors = Path(folder) / "result", Path(folder) / "stderr"
        with errors.open("wb") as stderr:
            subprocess.run(
                [sys.executable, "-c", LAUNCHER, str(result), *command],
                cwd=cwd,
                env={**os.environ, **env} if env else None,
                stdout=subprocess.DEVNULL,
                stderr=stderr,
                check=True,
            )
        wall, peak, cpu, code, tree = result.read_text(encoding="utf-8").split()
        if code != "0":
            text = errors.read_text(encoding="utf-8", errors="replace")[-2000:]
            raise RuntimeError(f"{' '.join(command)} exited {code}:\n{text}")
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss is in bytes there, KiB here
    return Measured(float(wall), int(peak) * scale, float(cpu), int(tree))


def interleaved(
    tasks: Mapping[str, Callable[[], Measured]], runs: int
) -> dict[str, list[Measured]]:
    """`runs` rounds of every task, A B A B…, the order rotating so that none always goes first."""
    names = list(tasks)
    measured: dict[str, list[Measured]] = {name: [] for name in names}
    for round_ in range(runs):
        shift = round_ % len(names)
        for name in names[shift:] + names[:shift]:
            measured[name].append(tasks[name]())
    return measured


def median_wall(runs: Sequence[Measured]) -> float:
    return median(run.wall for run in runs)


def median_cpu(runs: Sequence[Measured]) -> float:
    return median(run.cpu for run in runs)


def tree_peak_mib(runs: Sequence[Measured]) -> float:
    """The largest sampled total of a run's processes, in MiB."""
    return max(run.tree_rss for run in runs) / 2**20


def peak_mib(runs: Sequence[Measured]) -> float:
    """The highest peak of the runs, in MiB."""
    return max(run.peak_rss for run in runs) / 2**20


def verdict(met: bool) -> str:
    return "yes" if met else "**no**"


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
