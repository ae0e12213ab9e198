"""The diagram alone: `archgen render --only svg --only png` against a hand-written `diagrams`
script drawing the same graph.

    python -m bench script [RUNS] [--no-write]

For each model (arch.yaml and synthetic models of 64 and 256 services) this writes the Python
script a person would write with the `diagrams` library for the same picture — every service
with its icon, every group as a nested `Cluster`, every numbered step and link as an `Edge`
with its label and colour, `outformat=["svg", "png"]` — and times, as fresh processes, that
script against `archgen render --only svg --only png --no-cache` into a fresh folder (which
validates the model, lays it out and writes a self-contained SVG with its icons inlined).
Interleaved after one warm-up; medians of wall clock and CPU (children included). Target:
archgen ≤ 1.2× the script. The table goes into the `## The diagram alone` section of
docs/performance.md.
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
    run_measured,
    verdict,
    write_section,
)
from bench.synthetic import write_synthetic

TARGET = 1.2
SIZES = (64, 256)


def main(argv: Sequence[str] | None = None) -> int:
    runs, write = parse_run_options("script", __doc__, argv, default_runs=5)
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-script-") as folder:
        for name, model in models(Path(folder)):
            rows.append((name, measure(model, runs)))
    body = format_report(rows, runs)
    print(body)
    if write:
        write_section("script", "## The diagram alone", body)
    return 0


def models(folder: Path) -> list[tuple[str, Path]]:
    found = [("arch.yaml (example)", ROOT / "arch.yaml")]
    for size in SIZES:
        path = folder / f"synthetic-{size}" / "arch.yaml"
        path.parent.mkdir(parents=True)
        write_synthetic(path, size)
        found.append((f"synthetic {size}", path))
    return found


def measure(model: Path, runs: int) -> dict[str, list[Measured]]:
    """One warm-up of each side, then `runs` interleaved rounds."""
    work = Path(tempfile.mkdtemp(prefix="bench-script-run-"))
    script = work / "draw.py"
    script.write_text(diagrams_script(model, work / "script-out" / "diagram"), encoding="utf-8")

    def archgen() -> Measured:
        out = work / "archgen-out"
        shutil.rmtree(out, ignore_errors=True)
        command = [*ARCHGEN, "render", str(model), "--only", "svg", "--only", "png", "--no-cache"]
        return run_measured([*command, "-o", str(out)])

    def by_hand() -> Measured:
        shutil.rmtree(work / "script-out", ignore_errors=True)
        (work / "script-out").mkdir()
        return run_measured([sys.executable, str(script)], cwd=work)

    tasks: dict[str, Callable[[], Measured]] = {"archgen": archgen, "script": by_hand}
    for task in tasks.values():
        task()
    try:
        return interleaved(tasks, runs)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def diagrams_script(model: Path, output: Path) -> str:
    """The `diagrams` script drawing `model`'s picture: what archgen's diagram stands in for."""
    from archgen.commands.model import check_model_file, require_valid
    from archgen.resolve.view import resolve_view

    valid = require_valid(check_model_file(model), strict=False)
    view = resolve_view(valid.model, valid.icon_files)
    lines = ["from diagrams import Cluster, Diagram, Edge"]
    kinds = sorted({s.service.icon for s in view.services})
    for kind in kinds:
        module, _, cls = kind.rpartition(".")
        lines.append(f"from diagrams.{module} import {cls} as {alias(kind)}")
    title = view.project.title
    lines += [
        "",
        f"with Diagram({title!r}, filename={str(output)!r}, show=False,",
        f"             direction={view.direction.value!r}, outformat=['svg', 'png']):",
        "    nodes = {}",
    ]
    by_group: dict[str | None, list[str]] = {}
    for service in view.services:
        by_group.setdefault(service.service.group, []).append(service.service.id)
    services = {s.service.id: s for s in view.services}
    children: dict[str | None, list[str]] = {}
    labels = {}
    for group in view.groups:
        children.setdefault(group.group.parent, []).append(group.group.id)
        labels[group.group.id] = group.group.label

    def place(group_id: str | None, indent: str) -> None:
        for service_id in by_group.get(group_id, []):
            service = services[service_id].service
            lines.append(f"{indent}nodes[{service_id!r}] = {alias(service.icon)}({service.name!r})")
        for child in children.get(group_id, []):
            lines.append(f"{indent}with Cluster({labels[child]!r}):")
            lines.append(f"{indent}    pass")
            place(child, indent + "    ")

    place(None, "    ")
    for flow in view.flows:
        for numbered in flow.steps:
            step = numbered.step
            label = f"{numbered.number}. {step.label}"
            lines.append(
                f"    nodes[{step.source!r}] >> Edge(label={label!r}, color={flow.colour!r})"
                f" >> nodes[{step.target!r}]"
            )
    for link in view.links:
        lines.append(
            f"    nodes[{link.source!r}] >> Edge(label={link.label or ''!r}, style='dotted')"
            f" >> nodes[{link.target!r}]"
        )
    return "\n".join(lines) + "\n"


def alias(kind: str) -> str:
    return "I_" + kind.replace(".", "_")


def format_report(rows: list[tuple[str, dict[str, list[Measured]]]], runs: int) -> str:
    lines = [
        f"Measured with `python -m bench script {runs}` ({runs} interleaved runs after a warm-up,",
        f"medians) on {machine_info()}.",
        "",
        "| model | archgen wall (s) | script wall (s) | × script, wall | archgen CPU (s) "
        "| script CPU (s) | × script, CPU | target (wall) | met |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, measured in rows:
        ours, theirs = measured["archgen"], measured["script"]
        wall, base = median_wall(ours), median_wall(theirs)
        cpu, base_cpu = median_cpu(ours), median_cpu(theirs)
        lines.append(
            f"| {name} | {wall:.3f} | {base:.3f} | {wall / base:.2f} | {cpu:.3f} | "
            f"{base_cpu:.3f} | {cpu / base_cpu:.2f} | ≤ {TARGET}× "
            f"| {verdict(wall / base <= TARGET)} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
