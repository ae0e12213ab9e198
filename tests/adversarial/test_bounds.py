"""Resource bounds: a huge or pathological model ends quickly, in bounded memory, with a clear
message and exit 1, as a real `archgen render` process.

Every run is a real process with a 1 GiB address-space limit (RLIMIT_AS, inherited by Graphviz)
and a hang guard (killed after HANG_GUARD seconds: a guard, not a timing assertion; a hang fails
the test). The cases hit each bound of archgen/load/limits.py (file size, values, nesting depth,
alias expansion) and the validator's limit on nested groups, long group loops, a scalar of
1.9 MiB, models with thousands of mistakes and of near-miss references, and Graphviz running
past --dot-timeout: a fake `dot` that never finishes and a real graph too large for the
deadline. After each run no process it started may be left: each carries a marker in its
environment, and /proc is searched for it.
"""

from __future__ import annotations

import os
import re
import resource
import subprocess
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from archgen.commands.model import check_model_file
from archgen.load.limits import MAX_FILE_BYTES
from archgen.resolve.collapse import COLLAPSE_ABOVE
from archgen.validate.references import MAX_GROUP_DEPTH
from archgen.validate.suggest import MATCHED_WORDS, Hints
from bench.synthetic import write_synthetic
from tests.e2e.support import ARCHGEN, LOCATED, MINIMAL

pytestmark = pytest.mark.slow  # real processes under memory limits

ADDRESS_SPACE = 1 << 30  # 1 GiB
HANG_GUARD = 120.0  # seconds
MARK = "ARCHGEN_BOUNDS_MARK"


@dataclass(frozen=True)
class Bounded:
    """One run: exit code, output, wall time, peak resident memory, and processes left over."""

    code: int
    output: str
    seconds: float
    peak_mib: float
    killed_by_guard: bool
    left_over: list[int]

    def __str__(self) -> str:
        return (
            f"exit {self.code} after {self.seconds:.1f} s, {self.peak_mib:.0f} MiB\n{self.output}"
        )


def limit_address_space() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def marked_processes(mark: str) -> list[int]:
    """Processes whose environment holds `mark`: those a run started and left behind."""
    found = []
    needle = f"{MARK}={mark}".encode()
    for entry in os.scandir("/proc"):
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                environ = Path(entry.path, "environ").read_bytes()
            except OSError:
                continue  # gone, or not ours to read
            if needle in environ.split(b"\0"):
                found.append(int(entry.name))
    return found


def run_bounded(args: list[str], cwd: Path, path_prefix: Path | None = None) -> Bounded:
    """`archgen ARGS` under the memory limit and the hang guard."""
    mark = uuid.uuid4().hex
    env = {**os.environ, MARK: mark}
    if path_prefix is not None:
        env["PATH"] = f"{path_prefix}{os.pathsep}{env['PATH']}"
    with tempfile.TemporaryFile() as output:
        began = time.monotonic()
        process = subprocess.Popen(
            [str(ARCHGEN), *args],
            cwd=cwd,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            preexec_fn=limit_address_space,
        )
        guard = threading.Timer(HANG_GUARD, process.kill)
        guard.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            guard.cancel()
        process.returncode = code = os.waitstatus_to_exitcode(status)
        seconds = time.monotonic() - began
        output.seek(0)
        text = output.read().decode("utf-8", "replace")
    killed = not guard.is_alive() and code == -9 and seconds >= HANG_GUARD
    return Bounded(code, text, seconds, usage.ru_maxrss / 1024, killed, marked_processes(mark))


def assert_bounded_failure(run: Bounded, code: str | None, *, located: bool = True) -> None:
    """Exit 1 with a message (located in arch.yaml, with `code`), no traceback, nothing left."""
    assert not run.killed_by_guard, f"hung: {run}"
    assert run.code == 1, run
    assert "Traceback" not in run.output and "MemoryError" not in run.output, run
    assert code is None or f"error[{code}]" in run.output, run
    if located:
        errors = list(LOCATED.finditer(run.output))
        assert errors and all(match["file"] == "arch.yaml" for match in errors), run
    assert run.left_over == [], f"processes left running: {run.left_over}"
    print(f"\nBOUNDS {code}: exit {run.code}, {run.seconds:.2f} s, peak {run.peak_mib:.0f} MiB")


# ---- models past the loader's bounds -----------------------------------------------------------

Writer = Callable[[Path], None]


def over_the_byte_cap(target: Path) -> None:
    target.write_text("project:\n  title: x\n# " + "x" * MAX_FILE_BYTES + "\n", encoding="utf-8")


def many_values(target: Path) -> None:
    """~1 MiB of one-character list items: 500,000 values, far past MAX_VALUES."""
    target.write_text("project: [" + ",".join(["1"] * 500_000) + "]\n", encoding="utf-8")


def deep_brackets(target: Path) -> None:
    target.write_text("project: " + "[" * 50_000 + "]" * 50_000 + "\n", encoding="utf-8")


def deep_mappings(target: Path) -> None:
    lines = [" " * depth + f"k{depth}:" for depth in range(2_000)]
    target.write_text("\n".join(lines) + " leaf\n", encoding="utf-8")


def billion_laughs(target: Path) -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    target.write_text("project:\n  title: x\n" + "\n".join(lines) + "\n", encoding="utf-8")


def merge_bomb(target: Path) -> None:
    lines = ["m0: &m0 {a: 1}"]
    lines += [f"m{i}: &m{i} {{<<: *m{i - 1}, a: *m{i - 1}, b: *m{i - 1}}}" for i in range(1, 60)]
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")


def huge_scalar(target: Path) -> None:
    """A title of 1.9 MiB: under the file size limit, on one line."""
    text = MINIMAL.read_text(encoding="utf-8")
    big = "x" * ((19 << 20) // 10)
    target.write_text(text.replace("title: Photo sharing", f"title: {big}"), encoding="utf-8")


def thousands_of_mistakes(target: Path) -> None:
    """3,000 services with a bad id, an unknown icon and a missing field each."""
    text = MINIMAL.read_text(encoding="utf-8")
    head, _, _ = text.partition("services:")
    services = "".join(
        f"  - {{id: Bad Id {index}, name: S, icon: aws.nothing.Nope{index}, does: x}}\n"
        for index in range(3_000)
    )
    target.write_text(head + "services:\n" + services, encoding="utf-8")


def thousands_of_unknown_references(target: Path) -> None:
    """1,400 services and a flow of 1,400 steps naming none of them: 2,800 near misses."""
    services = "".join(
        f"  - {{id: service-{i}, name: S, icon: aws.compute.Lambda, does: x, why: y}}\n"
        for i in range(1_400)
    )
    steps = "".join(
        f"      - {{from: servce-{i}, to: service-{i}x, label: l}}\n" for i in range(1_400)
    )
    flows = f"flows:\n  - id: f\n    name: F\n    steps:\n{steps}"
    target.write_text(f"project: {{title: x, summary: y}}\nservices:\n{services}{flows}")


def nested_groups(count: int, *, loop: bool) -> Writer:
    """`count` groups, each the parent of the next (and the last of the first, for a loop)."""

    def write(target: Path) -> None:
        groups = "".join(
            f"  - {{id: g{i}, label: G, kind: tier, parent: g{(i - 1) % count}}}\n"
            if i or loop
            else "  - {id: g0, label: G, kind: tier}\n"
            for i in range(count)
        )
        lambda_ = "icon: aws.compute.Lambda, does: x, why: y"
        services = (
            f"  - {{id: a, name: A, {lambda_}, group: g{count - 1}}}\n"
            f"  - {{id: b, name: B, {lambda_}}}\n"
        )
        flows = "flows:\n  - {id: f, name: F, steps: [{from: a, to: b, label: l}]}\n"
        text = f"project: {{title: x, summary: y}}\ngroups:\n{groups}services:\n{services}{flows}"
        target.write_text(text, encoding="utf-8")

    return write


LOAD_CASES: dict[str, tuple[Writer, str]] = {
    "a file over the byte cap": (over_the_byte_cap, "AG012"),
    "500,000 values": (many_values, "AG012"),
    "50,000 nested brackets": (deep_brackets, "AG011"),
    "2,000 nested mappings": (deep_mappings, "AG011"),
    "billion laughs": (billion_laughs, "AG010"),
    "merge-key bomb": (merge_bomb, "AG010"),
    # A valid chain of 3,000 groups took 59 s to validate, then the render died of recursion.
    "3,000 nested groups": (nested_groups(3_000, loop=False), "AG211"),
    "a loop of 3,000 groups": (nested_groups(3_000, loop=True), "AG205"),  # took 178 s
}


@pytest.mark.parametrize("case", list(LOAD_CASES))
def test_a_model_past_a_bound_fails_fast(tmp_path: Path, case: str) -> None:
    write, code = LOAD_CASES[case]
    write(tmp_path / "arch.yaml")
    run = run_bounded(["render", "arch.yaml"], tmp_path)
    assert_bounded_failure(run, code)
    assert "nothing was written" in run.output
    assert not (tmp_path / "output").exists()


def test_a_huge_scalar_is_one_located_error(tmp_path: Path) -> None:
    huge_scalar(tmp_path / "arch.yaml")
    run = run_bounded(["render", "arch.yaml"], tmp_path)
    assert_bounded_failure(run, None)
    errors = list(LOCATED.finditer(run.output))
    assert [(m["line"], m["col"]) for m in errors] == [("3", "10")], run
    assert len(run.output) < 2_000  # the message quotes the value shortened, not 1.9 MiB of it
    assert not (tmp_path / "output").exists()


def test_thousands_of_mistakes_are_all_reported(tmp_path: Path) -> None:
    thousands_of_mistakes(tmp_path / "arch.yaml")
    run = run_bounded(["validate", "arch.yaml"], tmp_path)
    assert run.code == 1 and not run.killed_by_guard and run.left_over == [], run
    errors = LOCATED.findall(run.output)
    assert len(errors) >= 3 * 3_000  # bad id, unknown icon and missing `why`, for each service
    assert "Traceback" not in run.output


def test_thousands_of_unknown_references_are_all_reported(tmp_path: Path) -> None:
    """Each did-you-mean compared a name with every id: this model took 336 s to validate."""
    thousands_of_unknown_references(tmp_path / "arch.yaml")
    run = run_bounded(["validate", "arch.yaml"], tmp_path)
    assert run.code == 1 and not run.killed_by_guard and run.left_over == [], run
    errors = LOCATED.findall(run.output)
    assert len(errors) == 2 * 1_400
    assert "did you mean 'service-0'" in run.output  # the first ones still get suggestions
    assert "known services: 'service-0', 'service-1'" in run.output  # later ones the list


def test_hints_match_each_word_once_and_only_the_first_ones() -> None:
    matched: list[str] = []

    def match(word: str) -> str:
        matched.append(word)
        return f"did you mean {word}s?"

    hints = Hints(match, lambda word: "listed")
    words = [f"w{index}" for index in range(MATCHED_WORDS + 5)]
    assert [hints(word) for word in words * 2][: len(words)] == [
        *(f"did you mean {word}s?" for word in words[:MATCHED_WORDS]),
        *["listed"] * 5,
    ]
    assert matched == words[:MATCHED_WORDS]


@pytest.mark.parametrize(("count", "errors"), [(MAX_GROUP_DEPTH, 0), (MAX_GROUP_DEPTH + 1, 1)])
def test_groups_nest_twenty_deep_and_no_deeper(tmp_path: Path, count: int, errors: int) -> None:
    nested_groups(count, loop=False)(tmp_path / "arch.yaml")
    checked = check_model_file(tmp_path / "arch.yaml")
    assert [p.code for p in checked.errors] == ["AG211"] * errors


# ---- Graphviz past its deadline ----------------------------------------------------------------

FAKE_DOT = """#!/bin/sh
# A Graphviz that answers -V and then never finishes a drawing.
if [ "$1" = "-V" ]; then
    echo "dot - graphviz version 2.43.0 (0)" >&2
    exit 0
fi
exec sleep 600
"""


def test_a_dot_that_never_finishes_is_stopped(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "dot").write_text(FAKE_DOT, encoding="utf-8")
    (bin_dir / "dot").chmod(0o755)
    (tmp_path / "arch.yaml").write_text(MINIMAL.read_text(encoding="utf-8"), encoding="utf-8")
    run = run_bounded(["render", "arch.yaml", "--dot-timeout", "1"], tmp_path, bin_dir)
    assert_bounded_failure(run, None, located=False)
    assert "Graphviz took longer than 1 s" in run.output and "--dot-timeout" in run.output
    assert not (tmp_path / "output" / "brief.pdf").exists()


def test_a_graph_too_large_for_the_deadline_is_stopped(tmp_path: Path) -> None:
    """64 services, the most the overview draws one by one (more collapse into their groups),
    take Graphviz about 0.4 s: far past a deadline of 0.05 s."""
    write_synthetic(tmp_path / "arch.yaml", COLLAPSE_ABOVE)
    run = run_bounded(["render", "arch.yaml", "--only", "svg", "--dot-timeout", "0.05"], tmp_path)
    assert_bounded_failure(run, None, located=False)
    assert re.search(r"Graphviz took longer than 0\.05 s", run.output), run
    assert not (tmp_path / "output" / "diagram.svg").exists()


def test_the_guards_are_real(tmp_path: Path) -> None:
    """Not vacuous: the address-space limit stops a process that needs more, and a process
    left running is found by its marker."""
    hog = subprocess.run(
        ["python3", "-c", "b = bytearray(2 << 30)"],
        preexec_fn=limit_address_space,
        capture_output=True,
        check=False,
    )
    assert hog.returncode != 0 and b"MemoryError" in hog.stderr
    mark = uuid.uuid4().hex
    sleeper = subprocess.Popen(["sleep", "30"], env={**os.environ, MARK: mark})
    try:
        assert marked_processes(mark) == [sleeper.pid]
    finally:
        sleeper.kill()
        sleeper.wait()
    assert marked_processes(mark) == []
