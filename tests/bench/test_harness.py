"""The benchmark harness's own pieces: measuring a process, interleaving, the report sections.

No timings are asserted: these check that the harness measures and writes what it says.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from archgen.commands.model import check_model_file
from bench.__main__ import PERFORMANCE, benchmarks
from bench.__main__ import main as bench_main
from bench.batch import make_class
from bench.report import Measured, interleaved, run_measured, write_section
from bench.rerender import EXAMPLE, edit_prose
from bench.synthetic import write_synthetic

ALLOCATE = "x = b'1' * (64 * 2**20)"  # 64 MiB, every page written


def test_a_measured_process_reports_its_peak_memory() -> None:
    small = run_measured([sys.executable, "-c", "pass"])
    big = run_measured([sys.executable, "-c", ALLOCATE])
    assert small.wall > 0
    assert big.cpu > 0  # the child's own CPU seconds, not the launcher's
    assert big.peak_rss - small.peak_rss >= 56 * 2**20


def test_the_peak_is_the_processs_own_not_the_benchmarks() -> None:
    """Linux counts a forking process's memory into its child's peak: the harness must not."""
    held = b"1" * (256 * 2**20)
    measured = run_measured([sys.executable, "-c", "pass"])
    assert len(held) and measured.peak_rss < 128 * 2**20


def test_a_failing_process_is_reported_with_its_error_output() -> None:
    with pytest.raises(RuntimeError, match="exited 3:\nboom"):
        run_measured([sys.executable, "-c", "import sys; sys.stderr.write('boom'); sys.exit(3)"])


def test_two_runs_one_after_the_other_add_times_and_keep_the_larger_peak() -> None:
    assert Measured(1.0, 10, 0.5).then(Measured(2.0, 30, 1.0)) == Measured(3.0, 30, 1.5)


def test_rounds_rotate_so_no_task_always_goes_first() -> None:
    order: list[str] = []

    def task(name: str) -> Measured:
        order.append(name)
        return Measured(0.0, 0)

    runs = interleaved({"a": lambda: task("a"), "b": lambda: task("b")}, 3)
    assert order == ["a", "b", "b", "a", "a", "b"]
    assert [len(runs["a"]), len(runs["b"])] == [3, 3]


def test_a_section_replaces_only_its_own_marked_text(tmp_path: Path) -> None:
    doc = tmp_path / "performance.md"
    write_section("one", "## One", "first", path=doc)
    write_section("two", "## Two", "second", path=doc)
    write_section("one", "## One", "again", path=doc)
    text = doc.read_text(encoding="utf-8")
    assert "again" in text and "second" in text and "first" not in text
    assert text.index("## One") < text.index("## Two")


def test_a_prose_edit_changes_only_the_first_why_and_still_validates(tmp_path: Path) -> None:
    original = EXAMPLE.read_text(encoding="utf-8")
    edited = edit_prose(original, 7)
    changed = [
        (a, b) for a, b in zip(original.splitlines(), edited.splitlines(), strict=True) if a != b
    ]
    assert len(changed) == 1 and changed[0][1].endswith(" Edited 7 times.")
    model = tmp_path / "arch.yaml"
    model.write_text(edited, encoding="utf-8")
    assert not check_model_file(model).errors


def test_a_synthetic_model_file_validates_with_its_services(tmp_path: Path) -> None:
    checked = check_model_file(write_synthetic(tmp_path / "s" / "arch.yaml", 16))
    assert not checked.errors
    assert (tmp_path / "s" / "arch.yaml").read_text(encoding="utf-8").count("- id: s") == 16


def test_a_benchmark_class_has_one_project_per_folder(tmp_path: Path) -> None:
    make_class(tmp_path / "class", 3)
    projects = sorted(p.name for p in (tmp_path / "class").iterdir())
    assert projects == ["p000", "p001", "p002"]
    assert (tmp_path / "class" / "p002" / "arch.yaml").is_file()


def test_python_m_bench_knows_every_performance_benchmark() -> None:
    assert set(PERFORMANCE) <= set(benchmarks())
    assert bench_main(["no-such-benchmark"]) == 2


@pytest.mark.slow
def test_startup_runs_once_without_writing(capsys: pytest.CaptureFixture[str]) -> None:
    assert bench_main(["startup", "1", "--no-write"]) == 0
    assert "| `archgen validate arch.yaml` |" in capsys.readouterr().out


@pytest.mark.slow
def test_the_diagrams_script_draws_the_same_graph_as_archgen(tmp_path: Path) -> None:
    """bench script's floor is only fair if it draws what archgen draws: every service, every
    step and link."""
    import subprocess

    from bench.script import diagrams_script

    script = tmp_path / "draw.py"
    script.write_text(diagrams_script(EXAMPLE, tmp_path / "drawn"), encoding="utf-8")
    subprocess.run([sys.executable, str(script)], cwd=tmp_path, check=True)
    svg = (tmp_path / "drawn.svg").read_text(encoding="utf-8")
    assert (tmp_path / "drawn.png").read_bytes().startswith(b"\x89PNG")
    model = check_model_file(EXAMPLE).data
    assert model is not None
    steps = sum(len(flow["steps"]) for flow in model["flows"])
    assert svg.count('class="node"') == len(model["services"])
    assert svg.count('class="edge"') == steps + len(model.get("links", []))
