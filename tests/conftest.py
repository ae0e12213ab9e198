"""Shared test fixtures: paths, and golden files with an update switch.

Golden files live in tests/golden/, one folder per golden project: its model (`arch.yaml`) and
`expected/`, every text output it renders (tests/render/test_golden.py). Run `pytest
--update-golden` (or `make golden`) to rewrite them after an intended change, then review the
diff before committing.

The example and the minimal model are each rendered once per test run by `rendered_example` and
`rendered_minimal`, whatever the number of xdist workers; a test reads them, or changes a copy of
its own (`copy_rendered`).
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOLDEN_DIR = Path(__file__).resolve().parent / "golden"
EXAMPLE_MODEL = ROOT / "arch.yaml"
MINIMAL_MODEL = ROOT / "tests" / "fixtures" / "models" / "minimal.yaml"
ARCHGEN = Path(sys.executable).parent / "archgen"  # the console script of this venv


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="Rewrite the golden files in tests/golden/*/expected/ from the current output.",
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The files holding `slow` tests first, each file's tests in their own order.

    pytest-xdist hands whole files to its workers (`--dist loadfile`, `--no-loadscope-reorder`
    in scripts/test) in this order: a long file started last would keep one core busy while
    the other idles, so the long ones go first and the many short files fill in behind them.
    """
    weight: dict[Path, int] = {}
    for item in items:
        weight[item.path] = weight.get(item.path, 0) + bool(item.get_closest_marker("slow"))
    items.sort(key=lambda item: -weight[item.path])


@pytest.fixture(autouse=True, scope="session")
def private_cache_folder(tmp_path_factory: pytest.TempPathFactory) -> None:
    """archgen keeps laid-out PDF parts in the user's cache folder: in tests, one of the run's
    own (archgen processes the tests start inherit it)."""
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """Compare text with tests/golden/NAME (e.g. `example/expected/brief.md`), or rewrite it
    under --update-golden."""
    update = bool(request.config.getoption("--update-golden"))

    def check(name: str, actual: str) -> None:
        path = GOLDEN_DIR / name
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8")
            return
        assert path.exists(), f"missing golden file {path}; run `pytest --update-golden`"
        expected = path.read_text(encoding="utf-8")
        assert actual == expected, (
            f"{name} differs from its golden file; if the change is intended, run "
            "`pytest --update-golden` and review the diff"
        )

    return check


# ---- renders shared by the whole run -----------------------------------------------------------


def render_project(folder: Path, model: Path) -> Path:
    """`folder/project/arch.yaml`, a copy of `model`, rendered into its `output/` with every
    default output by the real console script."""
    project = folder / "project"
    project.mkdir()
    shutil.copyfile(model, project / "arch.yaml")
    done = subprocess.run(
        [str(ARCHGEN), "render", "arch.yaml"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return project


def copy_rendered(rendered: Path, folder: Path) -> Path:
    """A private copy of a shared render (links kept as links, mtimes kept) in `folder/project`."""
    copy = folder / "project"
    shutil.copytree(rendered, copy, symlinks=True)
    return copy


def render_once(tmp_path_factory: pytest.TempPathFactory, name: str, model: Path) -> Path:
    """`render_project` of `model` done once for the whole run: xdist's workers share one folder
    beside their own temporary folders, and the first to take its lock renders into it."""
    if "PYTEST_XDIST_WORKER" not in os.environ:
        return render_project(tmp_path_factory.mktemp(name), model)
    shared = tmp_path_factory.getbasetemp().parent / f"shared-{name}"
    shared.mkdir(exist_ok=True)
    with open(shared / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        done = shared / "done"
        if not done.exists():
            shutil.rmtree(shared / "project", ignore_errors=True)  # a failed render's leftovers
            render_project(shared, model)
            done.touch()
    return shared / "project"


@pytest.fixture(scope="session")
def rendered_example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example project: arch.yaml and output/ with every default output. Read only."""
    return render_once(tmp_path_factory, "example", EXAMPLE_MODEL)


@pytest.fixture(scope="session")
def rendered_minimal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minimal model's project: arch.yaml and output/ with every default output. Read only."""
    return render_once(tmp_path_factory, "minimal", MINIMAL_MODEL)
