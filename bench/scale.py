"""`archgen validate` at the loader's bounds: a 10,000-service model, and the worst hostile files
each bound lets in or stops.

    python -m bench scale [RUNS] [--only NAME,NAME]

Each run is a fresh `archgen validate arch.yaml` process in a fresh folder; the table gives the
exit code, what it said first, the median wall clock and CPU time (which other work on the
machine changes less) and the highest peak resident memory of the process (from `getrusage`,
through the launcher of bench/report.py). The figures go into
the "Resource bounds" section of docs/reliability.md by hand: that section also holds the
render cases of tests/adversarial/test_bounds.py, measured there.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

from archgen.load.limits import (
    ALIAS_BUDGET,
    MAX_FILE_BYTES,
    MAX_LINES,
    PURE_MAX_FILE_BYTES,
)
from bench.report import ARCHGEN, LAUNCHER, ROOT, machine_info, median, run_parser
from bench.synthetic import synthetic_yaml

MINIMAL = ROOT / "tests" / "fixtures" / "models" / "minimal.yaml"
SERVICES = 10_000
SERVES = 2  # requirements each service serves, as real models do
FIRST_CODE = re.compile(r"error\[(AG\d{3})\]")

Writer = Callable[[Path], None]


class Case(NamedTuple):
    """A model file to write, and the code `archgen validate` must stop it with (None: valid)."""

    write: Writer
    code: str | None
    what: str


def ten_thousand_services(target: Path) -> None:
    target.write_text(synthetic_yaml(SERVICES, serves=SERVES), encoding="utf-8")


def dense_values(target: Path) -> None:
    """The byte cap filled with one-digit list items: 8 million values, 16 past the cap."""
    head, tail = "project: [", "1]\n"
    items = (MAX_FILE_BYTES - len(head) - len(tail)) // 2
    target.write_text(head + "1," * items + tail, encoding="utf-8")


def empty_lists(target: Path) -> None:
    """The byte cap filled with `[],`: 5.6 million collections, each one a value."""
    head, tail = "project: [", "[]]\n"
    items = (MAX_FILE_BYTES - len(head) - len(tail)) // 3
    target.write_text(head + "[]," * items + tail, encoding="utf-8")


def line_breaks(target: Path) -> None:
    """The byte cap filled with empty lines: 16 million lines."""
    head = "project: {title: x}\n"
    target.write_text(head + "\n" * (MAX_FILE_BYTES - len(head)), encoding="utf-8")


def deep_brackets(target: Path) -> None:
    """The byte cap filled with one list nested 8 million deep."""
    depth = (MAX_FILE_BYTES - 20) // 2
    target.write_text("project: " + "[" * depth + "]" * depth + "\n", encoding="utf-8")


def deep_mappings(target: Path) -> None:
    lines = [" " * depth + f"k{depth}:" for depth in range(2_000)]
    target.write_text("\n".join(lines) + " leaf\n", encoding="utf-8")


def billion_laughs(target: Path) -> None:
    """10¹⁰ strings through nine levels of aliases."""
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    target.write_text("project:\n  title: x\n" + "\n".join(lines) + "\n", encoding="utf-8")


def long_title(target: Path) -> None:
    """A title of 16 MiB less the rest of the model, on one line."""
    text = MINIMAL.read_text(encoding="utf-8")
    big = "x" * (MAX_FILE_BYTES - len(text.encode()) - 1)
    target.write_text(text.replace("title: Photo sharing", f"title: {big}"), encoding="utf-8")


def long_comment(target: Path) -> None:
    """A valid model and one comment line up to the byte cap exactly."""
    text = MINIMAL.read_bytes()
    target.write_bytes(text + b"#" * (MAX_FILE_BYTES - len(text)))


def tab_and_dense_values(target: Path) -> None:
    """A tab sends the file to the Python parser: its 1 MiB filled with one-digit items."""
    head, tail = "project: ['\t', ", "1]\n"
    items = (PURE_MAX_FILE_BYTES - len(head) - len(tail)) // 2
    target.write_text(head + "1," * items + tail, encoding="utf-8")


def tab_and_comment_lines(target: Path) -> None:
    """The Python parser's 1 MiB filled with one-character comment lines, then a tab."""
    head, tail = "project: {title: x}\n", "# \t\n"
    lines = min((PURE_MAX_FILE_BYTES - len(head) - len(tail)) // 2, MAX_LINES - 10)
    target.write_text(head + "#\n" * lines + tail, encoding="utf-8")


def tab_and_closing_brackets(target: Path) -> None:
    """The Python parser's 1 MiB as one plain value of `]`: its scanner reads each one."""
    head, tail = "project: {title: x}\nname: x", "\nnote: '\t'\n"
    size = PURE_MAX_FILE_BYTES - len(head) - len(tail)
    target.write_text(head + "]" * size + tail, encoding="utf-8")


def services_with_a_tab(target: Path) -> None:
    """The 10,000-service model with one tab: too large for the Python parser it needs."""
    text = synthetic_yaml(SERVICES, serves=SERVES)
    target.write_text(text.replace("It was there.", "'It was\tthere.'", 1), encoding="utf-8")


def services_broken_at_the_end(target: Path) -> None:
    """The 10,000-service model with a syntax error on its last line: libyaml's problem."""
    text = synthetic_yaml(SERVICES, serves=SERVES)
    target.write_text(text + "diagram: [LR\n", encoding="utf-8")


CASES: dict[str, Case] = {
    "10k-services": Case(ten_thousand_services, None, f"{SERVICES:,} services, {SERVES} serves"),
    "dense-values": Case(dense_values, "AG012", "16 MiB of `1,` (8.4 million values)"),
    "empty-lists": Case(empty_lists, "AG012", "16 MiB of `[],` (5.6 million lists)"),
    "line-breaks": Case(line_breaks, "AG012", "16 MiB of empty lines"),
    "deep-brackets": Case(deep_brackets, "AG011", "16 MiB of `[`, then `]`"),
    "deep-mappings": Case(deep_mappings, "AG011", "2,000 nested mappings"),
    "billion-laughs": Case(billion_laughs, "AG010", f"aliases past {ALIAS_BUDGET:,} values"),
    "long-title": Case(long_title, "AG107", "a 16 MiB title on one line"),
    "long-comment": Case(long_comment, None, "a valid model and a 16 MiB comment line"),
    "tab-dense-values": Case(tab_and_dense_values, "AG012", "a tab and 1 MiB of `1,`"),
    "tab-comment-lines": Case(tab_and_comment_lines, "AG102", "a tab and 1 MiB of `#` lines"),
    "tab-closers": Case(tab_and_closing_brackets, "AG102", "a tab and a 1 MiB value of `]`"),
    "10k-with-a-tab": Case(services_with_a_tab, "AG012", "10,000 services and one tab"),
    "10k-broken": Case(services_broken_at_the_end, "AG004", "10,000 services, error at the end"),
}


class Result(NamedTuple):
    code: int
    said: str  # the first problem code printed, or "" for none
    seconds: float
    cpu: float
    peak_mib: float


def run_validate(folder: Path) -> Result:
    """`archgen validate arch.yaml` in `folder` as a fresh process, exit 1 allowed."""
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as scratch:
        result = Path(scratch) / "result"
        command = [*ARCHGEN, "validate", "arch.yaml"]
        launched = subprocess.run(
            [sys.executable, "-c", LAUNCHER, str(result), *command],
            cwd=folder,
            capture_output=True,
            text=True,
            check=True,
        )
        wall, peak, cpu, code, _tree = result.read_text(encoding="utf-8").split()
    found = FIRST_CODE.search(launched.stdout + launched.stderr)
    said = found.group(1) if found else ""
    return Result(int(code), said, float(wall), float(cpu), int(peak) / 1024)


def measure(name: str, runs: int, root: Path) -> list[Result]:
    folder = root / name
    folder.mkdir()
    CASES[name].write(folder / "arch.yaml")
    return [run_validate(folder) for _ in range(runs)]


def format_table(results: dict[str, list[Result]]) -> str:
    rows = [
        "| case | name | exit, first code | time | CPU | peak memory |",
        "|---|---|---|---:|---:|---:|",
    ]
    for name, runs in results.items():
        case, first = CASES[name], runs[0]
        seconds, cpu = median(r.seconds for r in runs), median(r.cpu for r in runs)
        peak = max(run.peak_mib for run in runs)
        said = f"{first.code}, {first.said or 'nothing'}"
        times = f"{seconds:.2f} s | {cpu:.2f} s"
        rows.append(f"| {case.what} | {name} | {said} | {times} | {peak:.0f} MiB |")
    return "\n".join([machine_info(), "", *rows])


def main(argv: Sequence[str] | None = None) -> int:
    parser = run_parser("scale", __doc__, default_runs=1)
    parser.add_argument("--only", default="", help="comma-separated case names")
    args = parser.parse_args(argv)
    names = [name for name in args.only.split(",") if name] or list(CASES)
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as folder:
        results = {name: measure(name, max(1, args.runs), Path(folder)) for name in names}
    print(format_table(results))
    wrong = [n for n, r in results.items() if (r[0].said or None) != CASES[n].code]
    for name in wrong:
        print(f"{name}: expected {CASES[name].code}, got {results[name][0].said or 'nothing'}")
    return 1 if wrong else 0
