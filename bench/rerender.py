"""Re-rendering after a prose edit against a full render of the same model.

    python -m bench rerender [RUNS] [--no-write]

The example is rendered once into a folder. Each round then changes one service's `why:` text
in a copy of arch.yaml (a new text each round) and times, as fresh processes of
`archgen render` writing every default format:
  - a re-render into that same folder, where archgen's render caches can give back the
    diagram (`.archgen-cache/`: a prose edit leaves the DOT unchanged) and the PDF's parts
    the edit left alone (the user's cache folder, here one of the task's own);
  - the same re-render with `--no-cache`;
  - a full render of the same edited model into a fresh folder, with an empty cache folder
    (the baseline);
  - `archgen render` of a model that did not change, into its fresh outputs: archgen finds
    every output fresh and renders nothing.
Interleaved after one warm-up; medians, and the ratio to the full render (targets: at most
0.4 for the prose edit, 0.1 for the unchanged model). The table goes into the `## Re-render`
section of docs/performance.md.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from bench.report import (
    ARCHGEN,
    ROOT,
    Measured,
    interleaved,
    machine_info,
    median_cpu,
    median_wall,
    parse_run_options,
    peak_mib,
    run_measured,
    verdict,
    write_section,
)

EXAMPLE = ROOT / "arch.yaml"
TARGET = 0.4
UNCHANGED_TARGET = 0.1
FULL = "full render into a fresh folder"
CACHED = "re-render into the same folder"
UNCACHED = "re-render into the same folder, `--no-cache`"
UNCHANGED = "render of an unchanged model (outputs fresh: nothing rendered)"


def main(argv: Sequence[str] | None = None) -> int:
    runs, write = parse_run_options("rerender", __doc__, argv, default_runs=3)
    with tempfile.TemporaryDirectory(prefix="bench-rerender-") as folder:
        measured = measure(Path(folder), runs)
    body = format_report(measured, runs)
    print(body)
    if write:
        write_section("rerender", "## Re-render", body)
    return 0


def edit_prose(text: str, edit: int) -> str:
    """The model with a sentence added to the first service's `why:` text."""
    lines = text.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.lstrip().startswith("why:"))
    value = lines[start].split("why:", 1)[1].strip()
    if value[:1] in ("'", '"'):
        raise ValueError("edit_prose needs a plain or block `why:` text, not a quoted one")
    last = start
    if value[:1] in (">", "|"):  # a block scalar: its lines are indented deeper than the key
        indent = len(lines[start]) - len(lines[start].lstrip())
        while last + 1 < len(lines) and _indent(lines[last + 1]) > indent:
            last += 1
    lines[last] = f"{lines[last].rstrip()} Edited {edit} times.\n"
    return "".join(lines)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip()) if line.strip() else 0


def project(folder: Path, text: str) -> Path:
    """A project folder holding `text` as arch.yaml."""
    folder.mkdir(parents=True, exist_ok=True)
    model = folder / "arch.yaml"
    model.write_text(text, encoding="utf-8")
    return model


def own(model: Path) -> dict[str, str]:
    """The environment of a task's renders: a user cache folder of its own, beside its model
    (never the user's, which the other tasks would share)."""
    return {"XDG_CACHE_HOME": str(model.parent / "cache")}


def measure(folder: Path, runs: int) -> dict[str, list[Measured]]:
    """The first render (and a warm-up of each task), then `runs` interleaved rounds."""
    original = EXAMPLE.read_text(encoding="utf-8")
    render = [*ARCHGEN, "render"]
    cached = project(folder / "cached", original)
    uncached = project(folder / "uncached", original)
    unchanged = project(folder / "unchanged", original)
    for model in (cached, uncached, unchanged):
        run_measured([*render, str(model), "-o", str(model.parent / "output")], env=own(model))

    def re_render(model: Path, *extra: str) -> Callable[[], Measured]:
        edits = iter(range(1, 1_000_000))

        def task() -> Measured:
            model.write_text(edit_prose(original, next(edits)), encoding="utf-8")
            command = [*render, str(model), "-o", str(model.parent / "output"), *extra]
            return run_measured(command, env=own(model))

        return task

    def full_render() -> Callable[[], Measured]:
        edits = iter(range(1, 1_000_000))

        def task() -> Measured:
            model = project(folder / "full", edit_prose(original, next(edits)))
            fresh = Path(tempfile.mkdtemp(prefix="out-", dir=folder))
            try:
                empty = {"XDG_CACHE_HOME": str(fresh / "cache")}
                return run_measured([*render, str(model), "-o", str(fresh / "output")], env=empty)
            finally:
                shutil.rmtree(fresh)

        return task

    tasks = {
        FULL: full_render(),
        CACHED: re_render(cached),
        UNCACHED: re_render(uncached, "--no-cache"),
        UNCHANGED: lambda: run_measured(
            [*render, str(unchanged), "-o", str(folder / "unchanged" / "output")],
            env=own(unchanged),
        ),
    }
    for task in tasks.values():
        task()  # the warm-up, and edit 1: every round after it edits the text again
    return interleaved(tasks, runs)


def format_report(measured: dict[str, list[Measured]], runs: int) -> str:
    base = median_wall(measured[FULL])
    lines = [
        "The example (arch.yaml) after one service's `why:` text changed, every default format, "
        f"fresh processes; medians of {runs} interleaved runs after one warm-up.",
        "",
        "| task | wall (s) | CPU (s) | peak (MiB) | × full render, wall | × full render, CPU "
        "| target (wall) | met |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    base_cpu = median_cpu(measured[FULL])
    for name, runs_of in measured.items():
        wall, cpu = median_wall(runs_of), median_cpu(runs_of)
        target, met = "—", "—"
        if name == CACHED:
            target, met = f"≤ {TARGET}×", verdict(wall / base <= TARGET)
        elif name == UNCHANGED:
            target, met = f"≤ {UNCHANGED_TARGET}×", verdict(wall / base <= UNCHANGED_TARGET)
        lines.append(
            f"| {name} | {wall:.2f} | {cpu:.2f} | {peak_mib(runs_of):.0f} | {wall / base:.2f} "
            f"| {cpu / base_cpu:.2f} | {target} | {met} |"
        )
    lines += ["", EXPLANATION, "", f"Machine: {machine_info()}."]
    return "\n".join(lines)


EXPLANATION = """\
A prose edit leaves the DOT Graphviz lays out unchanged (a `does:` text is a tooltip, written
into the SVG after the layout), so the diagram comes from `.archgen-cache/`. The PDF is laid
out in parts (front, runs of chapters, the appendix); a part whose inputs did not change comes
from the user's cache folder, so a `why:` edit lays out again only the services chapter and the
appendix (which names the fingerprint), on the printer's two workers, and joins them with the
kept parts; the templates compiled by an earlier render are kept too. What is left is
archgen's own work (starting Python, loading and checking the model, rendering the HTML twice
and the Markdown: about 0.5 s of CPU), WeasyPrint's import in each worker (about 0.4 s each),
laying out the services chapter, the brief's longest (11 pages, about 0.7 s: WeasyPrint cannot
lay out less than a whole part), and joining. An unchanged model costs loading, validating and
the fingerprints: every requested output is found fresh and intact, nothing is rendered, and
the printer's workers, forked at the start, never import WeasyPrint (`--force` renders anyway).
The full render has an empty cache folder; `--no-cache` reuses neither the diagram nor the
PDF's parts (compiled templates, like Python's bytecode, are kept whatever). On a machine
shared with other work the wall times grow several-fold; the CPU column is the steadier."""


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
