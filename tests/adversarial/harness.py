"""The uniform guarantees every adversarial case checks, in one place.

A case gets a `Project`: a folder holding `arch.yaml` and an `output/` folder with a previous good
render (rendered once per session, copied per test). It writes its hostile model, runs the real
CLI with the working directory inside the project, and then asserts:

- `assert_refused(run, line=…, code=…)`: exit 1, a `arch.yaml:LINE:COL: error[CODE]` message,
  no traceback and no exception escaping the CLI;
- `assert_warned(run, line=…, code=…)`: the same, for a located warning;
- `assert_untouched(before, after)`: two `snapshot()`s of a tree are equal (names, kinds, modes,
  bytes and mtimes), with the paths that differ named in the failure.

`Project.run()` snapshots the whole temporary tree (the project and its parent, so a write to
`../` is caught too) and the working directory before and after, and fails the test by itself if
anything outside `output/` changed or the working directory moved. A refused run must also leave
`output/` as it was: check that with `project.assert_output_untouched(run)` (or `refused()`,
which does all of it).
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from tests.e2e.support import (
    DEFAULT_OUTPUTS,
    MINIMAL,
    Run,
    Snapshot,
    cli,
    run_archgen,
    snapshot,
)

MODEL_NAME = "arch.yaml"
OUTPUT_NAME = "output"


def differences(before: Snapshot, after: Snapshot) -> list[str]:
    """Paths added, removed or changed between two snapshots, each with what happened."""
    found: list[str] = []
    for path in sorted(before.keys() | after.keys()):
        if path not in after:
            found.append(f"removed {path}")
        elif path not in before:
            found.append(f"added {path}")
        elif before[path] != after[path]:
            found.append(f"changed {path}: {before[path]} -> {after[path]}")
    return found


def assert_untouched(before: Snapshot, after: Snapshot) -> None:
    """The two snapshots are equal: same names, kinds, modes, bytes and mtimes."""
    changes = differences(before, after)
    assert not changes, "\n".join(changes)


def outside(snap: Snapshot, folder: str) -> Snapshot:
    """The part of a snapshot that is not `folder` or under it."""
    return {path: entry for path, entry in snap.items() if not _under(path, folder)}


def inside(snap: Snapshot, folder: str) -> Snapshot:
    """The part of a snapshot under `folder`, with paths relative to it."""
    prefix = folder + "/"
    return {path[len(prefix) :]: e for path, e in snap.items() if path.startswith(prefix)}


def _under(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder + "/")


# ---- messages ----------------------------------------------------------------------------------


def located(severity: str, line: int | None, code: str, file: str = MODEL_NAME) -> re.Pattern[str]:
    """`file:line:col: severity[code]` at the start of a line (any line when `line` is None)."""
    where = r"\d+" if line is None else str(line)
    pattern = rf"^(?:.*/)?{re.escape(file)}:{where}:\d+: {severity}\[{code}\] "
    return re.compile(pattern, re.MULTILINE)


def assert_clean(run: Run) -> None:
    """No traceback printed and no exception escaped the CLI, whatever the exit status."""
    assert run.escaped is None, run
    assert "Traceback" not in run.output, run


def assert_refused(run: Run, *, line: int | None, code: str, file: str = MODEL_NAME) -> None:
    """Exit 1 with `file:line:col: error[code]`, and no traceback."""
    assert_clean(run)
    assert run.code == 1, run
    assert located("error", line, code, file).search(run.output), run


def assert_warned(run: Run, *, line: int | None, code: str, file: str = MODEL_NAME) -> None:
    """A `file:line:col: warning[code]` line, and no traceback (the exit status is the caller's)."""
    assert_clean(run)
    assert located("warning", line, code, file).search(run.output), run


# ---- models ------------------------------------------------------------------------------------


def minimal_with(*edits: tuple[str, str]) -> str:
    """tests/fixtures/models/minimal.yaml with each (old, new) replaced; `old` must occur once,
    so line numbers in a case stay the fixture's (see the fixture for them)."""
    text = MINIMAL.read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1, f"{old!r} is not once in the minimal model"
        text = text.replace(old, new)
    return text


# ---- projects ----------------------------------------------------------------------------------


@dataclass
class Project:
    """A project folder (`arch.yaml` and `output/` with a good render) inside a scratch folder
    that is snapshotted with it: `base/project/...`."""

    base: Path
    root: Path
    runs: list[tuple[Run, Snapshot, Snapshot]] = field(default_factory=list)

    @property
    def model(self) -> Path:
        return self.root / MODEL_NAME

    @property
    def output(self) -> Path:
        return self.root / OUTPUT_NAME

    @property
    def output_key(self) -> str:
        return f"{self.root.name}/{OUTPUT_NAME}"

    def write(self, text: str | bytes) -> None:
        """Replace arch.yaml with `text` (bytes are written as they are)."""
        data = text.encode("utf-8") if isinstance(text, str) else text
        self.model.write_bytes(data)

    def write_model(self, model: dict[str, Any]) -> None:
        """Replace arch.yaml with `model` dumped as YAML (block style, keys in the given order)."""
        yaml = YAML(typ="safe", pure=True)
        yaml.default_flow_style = False
        yaml.allow_unicode = True
        yaml.width = 4096
        with self.model.open("w", encoding="utf-8") as stream:
            yaml.dump(model, stream)

    def run(self, *args: object, real: bool = False, timeout: float = 60) -> Run:
        """`archgen ARGS` with the working directory in the project: in this process, or as a
        real process when `real`. Fails the test if anything outside `output/` changed or the
        working directory moved; returns the run for the case's own checks."""
        before = snapshot(self.base)
        if real:
            run = run_archgen(*args, cwd=self.root, timeout=timeout)
            cwd_after = str(self.root)
        else:
            run, cwd_after = _in_process(self.root, args)
        after = snapshot(self.base)
        assert cwd_after == str(self.root), f"working directory moved to {cwd_after}\n{run}"
        assert_untouched(outside(before, self.output_key), outside(after, self.output_key))
        self.runs.append((run, before, after))
        return run

    def assert_output_untouched(self, run: Run) -> None:
        """The output folder of `run` (one of this project's) is byte-for-byte as it was."""
        for done, before, after in self.runs:
            if done is run:
                assert_untouched(inside(before, self.output_key), inside(after, self.output_key))
                return
        raise AssertionError("not a run of this project")

    def refused(self, *args: object, line: int | None, code: str, real: bool = False) -> Run:
        """Run, then assert it was refused at `line` with `code` and left every output alone."""
        run = self.run(*args, real=real)
        assert_refused(run, line=line, code=code)
        self.assert_output_untouched(run)
        return run

    def rendered(self, *args: object, real: bool = False) -> Run:
        """`archgen render arch.yaml ARGS` that must succeed and write every default output."""
        run = self.run("render", MODEL_NAME, *args, real=real)
        assert_clean(run)
        assert run.code == 0, run
        assert outputs_in(self.output) == DEFAULT_OUTPUTS, run
        return run


def outputs_in(folder: Path) -> set[str]:
    """The outputs a reader sees in `folder` (archgen's own hidden cache left out)."""
    return {path.name for path in folder.iterdir() if not path.name.startswith(".")}


def copy_project(good_render: Path, base: Path) -> Project:
    """A fresh copy of the good project (mtimes kept) in `base/project`."""
    root = base / "project"
    shutil.copytree(good_render, root, symlinks=True)
    return Project(base=base, root=root)


def _in_process(root: Path, args: tuple[object, ...]) -> tuple[Run, str]:
    previous = os.getcwd()
    os.chdir(root)
    try:
        run = cli(*args)
        return run, os.getcwd()
    finally:
        os.chdir(previous)


# ---- fixtures ----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def good_render(rendered_minimal: Path) -> Path:
    """The minimal model's project, rendered once per session: the 'previous good' state."""
    assert outputs_in(rendered_minimal / OUTPUT_NAME) == DEFAULT_OUTPUTS
    return rendered_minimal


@pytest.fixture
def project(good_render: Path, tmp_path: Path) -> Project:
    """A fresh copy of the good project (mtimes kept) for one case."""
    return copy_project(good_render, tmp_path)
