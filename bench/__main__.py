"""Run the benchmarks: `python -m bench` runs the performance ones; `python -m bench NAME` one.

A benchmark is a module of this folder with a `main(argv)` function; each prints its tables and
writes its own section of docs/performance.md. `python -m bench` runs the issue's measurements
(start-up, render against its floor, re-render, batch) and the diagram's break-down, in 12
minutes on two busy cores (less when idle); the brief's in-process break-down (`brief`) and
the fuzzer (`fuzz`, docs/reliability.md) and the live preview's save → page loop (`serve`,
Chromium) run only by name. Arguments after a name go to that
benchmark; `python -m bench --no-write` passes `--no-write` to each.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

Main = Callable[[Sequence[str]], int]

# What `python -m bench` runs, in this order; the others (brief: about a minute and a half;
# fuzz; serve) run by name, so that the whole run stays well under a quarter of an hour.
PERFORMANCE = ("startup", "render", "rerender", "batch", "diagram")


def benchmarks() -> dict[str, Main]:
    """Every module of bench/ that has a `main`, by name, in name order."""
    found: dict[str, Main] = {}
    folder = str(Path(__file__).resolve().parent)
    for module in sorted(pkgutil.iter_modules([folder]), key=lambda m: m.name):
        if module.name.startswith("_"):
            continue
        entry = getattr(importlib.import_module(f"bench.{module.name}"), "main", None)
        if callable(entry):
            found[module.name] = entry
    return found


def main(argv: Sequence[str]) -> int:
    found = benchmarks()
    if argv and argv[0] in ("-h", "--help"):
        print(__doc__.strip() + "\n\nBenchmarks: " + ", ".join(found))
        return 0
    if argv and argv[0] in found:
        return found[argv[0]](list(argv[1:]))
    if argv and argv != ["--no-write"]:
        print(
            f"unknown benchmark {argv[0]!r}; choose from {', '.join(found)}, or give no name "
            "(optionally --no-write) to run the performance ones",
            file=sys.stderr,
        )
        return 2
    return run_all([found[name] for name in PERFORMANCE], list(PERFORMANCE), list(argv))


def run_all(entries: list[Main], names: list[str], argv: list[str]) -> int:
    status = 0
    began = time.perf_counter()
    for name, entry in zip(names, entries, strict=True):
        print(f"== {name}", flush=True)
        start = time.perf_counter()
        status = max(status, entry(argv))
        print(f"== {name}: {time.perf_counter() - start:.0f} s", flush=True)
    print(f"== all benchmarks: {time.perf_counter() - began:.0f} s")
    return status


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
