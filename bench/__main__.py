"""Run the benchmarks: `python -m bench` runs every one, `python -m bench NAME [ARGS]` one.

A benchmark is a module of this folder with a `main(argv)` function (bench/diagram.py,
bench/brief.py, ...); each prints its table and writes its own section of docs/performance.md.
Arguments after the name go to that benchmark; without a name they go to every benchmark.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

Main = Callable[[Sequence[str]], int]


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
    if argv and not argv[0].startswith("-") and not argv[0].isdigit():
        print(f"unknown benchmark {argv[0]!r}; choose from {', '.join(found)}", file=sys.stderr)
        return 2
    status = 0
    for name, entry in found.items():
        print(f"== {name}", flush=True)
        status = max(status, entry(list(argv)))
    return status


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
