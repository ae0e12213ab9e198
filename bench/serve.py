"""The live preview's loop: a save on disk → the refreshed page in Chromium.

    python -m bench serve [EDITS] [--no-write]

`archgen serve` runs on a copy of the example (a real process, as a student starts it) and
Debian's Chromium (Playwright) shows its page. Each edit saves the model with one change, a
prose-only one (a service's `why:` text: the layout is kept) and a diagram one (a service's
name: Graphviz draws again) in turn, and times from just before the write until the page has
reloaded itself (its `load` event) and shows the new text. EDITS (default 20) counts them all,
half of each kind. p50 and p95 (nearest rank) of each kind go into the `## Live preview`
section of docs/performance.md; target ≤ 1 s at the example's size.
"""

from __future__ import annotations

import math
import os
import re
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.report import machine_info, parse_run_options, verdict, write_section
from tests.serve.live import LiveServer, copy_example

TARGET_SECONDS = 1.0
CHROMIUM = os.environ.get("ARCHGEN_CHROMIUM") or "/usr/bin/chromium"
PROSE = ("any modern browser can render 3D", "any modern browser (edit {n}) can render 3D")
DIAGRAM = ("    name: Shoppers\n", "    name: Shoppers {n}\n")
KINDS = {"prose-only edit (a service's `why:`)": PROSE, "diagram edit (a service's name)": DIAGRAM}
WAIT_MS = 60_000


def main(argv: Sequence[str] | None = None) -> int:
    edits, write = parse_run_options("serve", __doc__, argv, default_runs=20)
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as folder:
        measured, rss = measure(Path(folder), max(2, edits))
    body = format_report(measured, rss)
    print(body)
    if write:
        write_section("serve", "## Live preview", body)
    return 0


Measured = dict[str, list[tuple[float, float]]]  # per kind: (save → page, the render alone)
RENDERED = re.compile(r" rendered \S+ \(.*\) in ([0-9.]+) s$")


def measure(folder: Path, edits: int) -> tuple[Measured, tuple[int, int]]:
    from playwright.sync_api import sync_playwright

    server = LiveServer(copy_example(folder))
    measured: Measured = {kind: [] for kind in KINDS}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
            )
            page = browser.new_page()
            page.goto(server.url)
            page.wait_for_load_state("load")
            before = resident_kib(server.process.pid)
            for number in range(edits):
                kind = list(KINDS)[number % len(KINDS)]
                server.output()
                mark = len(server.lines)
                seconds = save_and_wait(server, page, KINDS[kind], number)
                line = server.wait_for_line(RENDERED, after=mark)
                rendered = float(RENDERED.search(line).group(1))  # type: ignore[union-attr]
                measured[kind].append((seconds, rendered))
            after = resident_kib(server.process.pid)
            browser.close()
    finally:
        server.stop()
    return measured, (before, after)


def save_and_wait(server: LiveServer, page: Any, edit: tuple[str, str], number: int) -> float:
    """Seconds from the save to the reloaded page showing it."""
    original, changed = edit
    text = server.model.read_text(encoding="utf-8")
    now = original if original in text else _last_edit(text, changed, number)
    shown = changed.format(n=number)
    with page.expect_event("load", timeout=WAIT_MS):
        began = time.perf_counter()
        server.model.write_text(text.replace(now, shown, 1), encoding="utf-8")
    visible = shown.strip().removeprefix("name: ")
    page.wait_for_function(
        "text => document.body.innerText.includes(text)", arg=visible, timeout=WAIT_MS
    )
    return time.perf_counter() - began


def _last_edit(text: str, changed: str, number: int) -> str:
    """The text an earlier save of this kind left in the model."""
    return next(changed.format(n=n) for n in reversed(range(number)) if changed.format(n=n) in text)


def resident_kib(pid: int) -> int:
    """The server's resident memory (Linux's /proc), in KiB; 0 elsewhere."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def percentile(values: Sequence[float], share: float) -> float:
    """Nearest rank: the smallest value with at least `share` of them at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def format_report(measured: Measured, rss: tuple[int, int]) -> str:
    count = sum(len(values) for values in measured.values())
    lines = [
        f"`archgen serve` on the example (arch.yaml), Chromium showing its page; {count} saves "
        "alternating the two kinds, each timed from the write to the reloaded page showing it.",
        "",
        "| edit | saves | p50 (s) | p95 (s) | slowest (s) | the render alone, p50 (s) "
        "| target (p95) | met |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for kind, pairs in measured.items():
        values = [total for total, _ in pairs]
        p50, p95 = percentile(values, 0.5), percentile(values, 0.95)
        alone = percentile([render for _, render in pairs], 0.5)
        lines.append(
            f"| {kind} | {len(values)} | {p50:.2f} | {p95:.2f} | {max(values):.2f} | {alone:.2f} "
            f"| ≤ {TARGET_SECONDS:g} s | {verdict(p95 <= TARGET_SECONDS)} |"
        )
    before, after = (value / 1024 for value in rss)
    lines += [
        "",
        EXPLANATION,
        "",
        f"The server's resident memory: {before:.0f} MiB after the first render, {after:.0f} MiB "
        f"after the {count} saves.",
        "",
        f"Machine: {machine_info()}.",
    ]
    return "\n".join(lines)


EXPLANATION = """\
A save reaches the server through inotify (watchfiles), which waits 30 ms for the editor to
finish writing; the preview then renders only the HTML brief and the SVG diagram in memory
(no PDF: that is laid out when `/brief.pdf` is asked for), and the page reloads itself when
the server's event stream names a new render. A prose-only edit keeps the last drawing (its
diagram fingerprint is unchanged), so Graphviz does not run; a diagram edit draws again."""


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
