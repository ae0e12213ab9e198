"""Fault injection: `archgen render` (a real process, every format) killed by SIGKILL at 20 seeded
random moments, over a folder holding the previous good render.

After each kill every output is byte-identical to the previous render or to a complete new one
(all-old or all-new per file), `archgen check` calls each one stale or fresh accordingly and never
crashes, and no temporary file is left anywhere: not in the output folder, not in the project,
not in the temporary folder (TMPDIR points at a folder of the test's own).

The process runs archgen's CLI under an audit hook that reports, on stderr, when each phase
begins: Graphviz starts, the brief renders, the PDF renders, outputs are staged, outputs are
named. A kill lands in the phase last reported before it. Most kills come from this test after a
random delay; kills during the writes (a few milliseconds) come from the process itself, at a
random one of its own staging or naming events, so they cannot miss. Kills fall before the n-th
link of an output: the microseconds between an output's link and its rename are the one window
that leaves a temporary name, and tests/write covers it (the next write sweeps it).

Most kills run on a small model; at least one per phase runs on the example project.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.adversarial.harness import Snapshot, assert_untouched, outside, snapshot
from tests.conftest import ROOT
from tests.e2e.support import MINIMAL, cli

pytestmark = pytest.mark.slow  # real renders killed at 20 moments

SEED = 20240601
OUTPUTS = ("brief.html", "brief.md", "brief.pdf", "diagram.dot", "diagram.png", "diagram.svg")
RENDER = ("render", "arch.yaml", "--dot")  # every format
PHASES = ("startup", "graphviz", "brief", "pdf", "staging", "naming", "exited")
RUN_TIMEOUT = 300.0

# archgen's CLI, reporting each phase once as it begins; FAULT_KILL_AT=phase:n makes the process
# SIGKILL its own process group at its n-th event of that phase.
RUNNER = r"""
import os, signal, sys, time

START = time.monotonic()
KILL_PHASE, _, KILL_COUNT = os.environ.pop("FAULT_KILL_AT", ":0").partition(":")
counts = {}

def by_writer():
    # only the writer's own files: Graphviz and WeasyPrint make unnamed temporaries too
    frame = sys._getframe(2)
    for _ in range(4):
        if frame is None or frame.f_globals.get("__name__") == "archgen.write.stage":
            return frame is not None
        frame = frame.f_back
    return False

def phase_of(event, args):
    if event == "subprocess.Popen":
        program = args[0] or (args[1][0] if isinstance(args[1], (list, tuple)) else args[1])
        return "graphviz" if os.path.basename(os.fsdecode(program)) == "dot" else None
    if event == "import" and args[0] in ("archgen.render.brief.html", "archgen.render.brief.pdf"):
        return args[0].rsplit(".", 1)[1].replace("html", "brief")
    if event in ("open", "tempfile.mkstemp", "os.link") and by_writer():
        return "naming" if event == "os.link" else "staging"
    return None

def hook(event, args):
    phase = phase_of(event, args)
    if phase is None:
        return
    counts[phase] = counts.get(phase, 0) + 1
    if counts[phase] == 1:
        os.write(2, f"@@phase {phase} {time.monotonic() - START:.4f}\n".encode())
    if phase == KILL_PHASE and counts[phase] == int(KILL_COUNT):
        os.killpg(0, signal.SIGKILL)

sys.addaudithook(hook)
from archgen.cli import main
sys.argv[0] = "archgen"
main()
"""
MARKER = re.compile(r"^@@phase (\w+) ([\d.]+)$")


@dataclass(frozen=True)
class Kill:
    """When to kill: `delay` seconds after the process reports `anchor` ("startup": as soon as
    it starts), or — with `event` — by itself at its `count`-th event of that phase."""

    anchor: str = "startup"
    delay: float = 0.0
    event: str = ""
    count: int = 0

    def __str__(self) -> str:
        if self.event:
            return f"self-kill at {self.event} event #{self.count}"
        return f"{self.delay:.3f} s after {self.anchor}"


@dataclass
class Traced:
    """One traced run: when each phase began (seconds after start), how it ended, its text."""

    phases: dict[str, float] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)
    code: int | None = None

    def landed(self) -> str:
        """The phase the run was in when it died; "exited" when it finished by itself."""
        if self.code == 0:
            return "exited"
        return max(self.phases, key=lambda p: self.phases[p], default="startup")


@dataclass
class Scene:
    """A project with the previous good render (`old`) and the bytes of a complete new render of
    its changed model (`new`), by path inside the output folder."""

    root: Path
    temp: Path
    pristine: Path
    old: dict[str, bytes]
    new: dict[str, bytes]
    calibration: Traced
    around: Snapshot

    @property
    def output(self) -> Path:
        return self.root / "output"

    def env(self, kill: Kill | None = None) -> dict[str, str]:
        env = {**os.environ, "TMPDIR": str(self.temp)}
        if kill is not None and kill.event:
            env["FAULT_KILL_AT"] = f"{kill.event}:{kill.count}"
        return env

    def restore(self) -> None:
        """The output folder exactly as the previous render left it (mtimes too)."""
        shutil.rmtree(self.output)
        shutil.copytree(self.pristine, self.output, symlinks=True)


# ---- running ------------------------------------------------------------------------------------


def traced(root: Path, env: dict[str, str], kill: Kill | None = None) -> Traced:
    """Run the render; with `kill`, SIGKILL its whole process group at that moment."""
    run = Traced()
    process = subprocess.Popen(
        [sys.executable, "-c", RUNNER, *RENDER],
        cwd=root,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    reader = threading.Thread(target=_read_markers, args=(process, run), daemon=True)
    reader.start()
    try:
        if kill is not None and not kill.event:
            _kill_when_due(process, run, kill)
        run.code = process.wait(timeout=RUN_TIMEOUT)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    reader.join(timeout=RUN_TIMEOUT)
    return run


def _read_markers(process: subprocess.Popen[str], run: Traced) -> None:
    assert process.stderr is not None
    for line in process.stderr:
        found = MARKER.match(line.strip())
        if found:
            run.phases[found[1]] = float(found[2])
        else:
            run.lines.append(line)


def _kill_when_due(process: subprocess.Popen[str], run: Traced, kill: Kill) -> None:
    deadline = time.monotonic() + RUN_TIMEOUT
    while kill.anchor != "startup" and kill.anchor not in run.phases:
        if process.poll() is not None or time.monotonic() > deadline:
            return
        time.sleep(0.002)
    time.sleep(kill.delay)
    if process.poll() is None:  # not reaped yet, so the group is still this render's
        os.killpg(process.pid, signal.SIGKILL)


def render_complete(root: Path, env: dict[str, str]) -> Traced:
    run = traced(root, env)
    assert run.code == 0, "".join(run.lines)
    return run


def files_in(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (hidden ones too) by relative path."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() or path.is_symlink()
    }


# ---- scenes -------------------------------------------------------------------------------------


def retitled(text: str) -> str:
    """The model with its project title changed: every output changes."""
    changed, count = re.subn(
        r"(?m)^(  title: ).*$", r"\1Renamed after the kill test", text, count=1
    )
    assert count == 1
    return changed


def make_scene(base: Path, model: Path) -> Scene:
    root, temp = base / "project", base / "tmp"
    root.mkdir()
    temp.mkdir()
    original = model.read_text(encoding="utf-8")
    (root / "arch.yaml").write_text(original, encoding="utf-8")
    env = {**os.environ, "TMPDIR": str(temp)}
    render_complete(root, env)
    pristine = base / "previous-output"
    shutil.copytree(root / "output", pristine, symlinks=True)
    old = files_in(pristine)
    (root / "arch.yaml").write_text(retitled(original), encoding="utf-8")
    calibration = render_complete(root, env)
    new = files_in(root / "output")
    assert all(old[name] != new[name] for name in OUTPUTS), "the change must reach every output"
    around = outside(snapshot(root), "output")
    scene = Scene(root, temp, pristine, old, new, calibration, around)
    scene.restore()
    return scene


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Scene:
    return make_scene(tmp_path_factory.mktemp("small"), MINIMAL)


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Scene:
    return make_scene(tmp_path_factory.mktemp("example"), ROOT / "arch.yaml")


# ---- the moments --------------------------------------------------------------------------------


def spread_kills(scene: Scene, rng: random.Random, timed: int, per_write_phase: int) -> list[Kill]:
    """`timed` moments uniformly over the whole render (and a little past its end), plus
    `per_write_phase` self-kills at random staging and naming events."""
    total = max(scene.calibration.phases.values()) * 1.15 + 0.2
    kills = [Kill(delay=rng.uniform(0, total)) for _ in range(timed)]
    for event in ("staging", "naming"):
        kills += [
            Kill(event=event, count=rng.randint(1, len(OUTPUTS))) for _ in range(per_write_phase)
        ]
    return kills


def one_kill_per_phase(scene: Scene, rng: random.Random) -> list[Kill]:
    """A moment early in each phase of the calibration render; a self-kill in each write phase."""
    begins = {"startup": 0.0, **scene.calibration.phases}
    order = sorted(begins, key=lambda p: begins[p])
    kills = []
    for phase, following in itertools.pairwise(order):
        if phase in ("startup", "graphviz", "brief", "pdf"):
            length = begins[following] - begins[phase]
            kills.append(Kill(anchor=phase, delay=rng.uniform(0.05, 0.4) * length))
    kills.append(Kill(event="staging", count=rng.randint(1, len(OUTPUTS))))
    kills.append(Kill(event="naming", count=rng.randint(2, len(OUTPUTS))))
    return kills


# ---- the guarantees -----------------------------------------------------------------------------


def assert_recoverable(scene: Scene, run: Traced, kill: Kill) -> None:
    """Every file old or new, nothing lost, nothing temporary anywhere, check not crashing."""
    where = f"kill {kill} (landed in {run.landed()}, exit {run.code})\n{''.join(run.lines)}"
    found = files_in(scene.output)
    strange = [p for p, data in found.items() if data not in (scene.old.get(p), scene.new.get(p))]
    assert not strange, f"neither old nor new: {strange}; {where}"
    lost = sorted(set(scene.old) - set(found))
    assert not lost, f"lost: {lost}; {where}"
    assert sorted(os.listdir(scene.temp)) == [], where
    assert_untouched(scene.around, outside(snapshot(scene.root), "output"))
    views = [name for name in scene.new if name.startswith("views/")]  # each flow's own view
    expected = {
        name: "fresh" if found[name] == scene.new[name] else "stale" for name in (*OUTPUTS, *views)
    }
    assert check_statuses(scene) == expected, where


def check_statuses(scene: Scene) -> dict[str, str]:
    run = cli("check", scene.root / "arch.yaml", "--format", "json")
    assert run.escaped is None and "Traceback" not in run.output, run
    assert run.code in (0, 1), run
    report = json.loads(run.output)
    return {entry["file"]: entry["status"] for entry in report["outputs"]}


def kill_all(scene: Scene, kills: list[Kill]) -> Iterator[tuple[Kill, Traced]]:
    for kill in kills:
        scene.restore()
        run = traced(scene.root, scene.env(kill), kill)
        if kill.event:  # a self-kill cannot miss its moment
            assert run.code == -signal.SIGKILL and run.landed() == kill.event, (kill, run)
        assert_recoverable(scene, run, kill)
        yield kill, run


def report(title: str, scene: Scene, landed: Counter[str]) -> None:
    begins = ", ".join(f"{p} {t:.2f} s" for p, t in sorted(scene.calibration.phases.items()))
    counts = ", ".join(f"{phase} {landed[phase]}" for phase in PHASES)
    print(f"\n{title}: phases began at {begins}; kills landed: {counts}")


# ---- the tests ----------------------------------------------------------------------------------


def test_kills_spread_over_a_small_render_leave_old_or_new_outputs_and_no_temporaries(
    small: Scene,
) -> None:
    kills = spread_kills(small, random.Random(SEED), timed=8, per_write_phase=3)
    landed = Counter(run.landed() for _, run in kill_all(small, kills))
    report("small model, 14 kills", small, landed)
    assert sum(landed.values()) == 14
    assert landed["staging"] >= 3 and landed["naming"] >= 3  # the self-kills


def test_a_kill_in_each_phase_of_the_example_leaves_old_or_new_outputs_and_no_temporaries(
    example: Scene,
) -> None:
    kills = one_kill_per_phase(example, random.Random(SEED + 1))
    landed = Counter(run.landed() for _, run in kill_all(example, kills))
    report("example, 6 kills", example, landed)
    assert {"graphviz", "staging", "naming"} <= set(example.calibration.phases)
    assert landed["staging"] >= 1 and landed["naming"] >= 1
