"""scripts/lib/bootstrap.sh: `./scripts/render` installs only what rendering needs."""

from __future__ import annotations

import subprocess
import tomllib

import pytest

from tests.conftest import ROOT

TEST_TOOLS = ("pytest", "playwright", "mypy", "ruff", "hypothesis", "jsonschema", "build")


def pip_target(mode: str) -> str:
    script = f'. scripts/lib/bootstrap.sh && boot_pip_target "{mode}"'
    done = subprocess.run(
        ["bash", "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return done.stdout


@pytest.mark.parametrize(
    ("mode", "target"), [("render", "."), ("test", ".[test]"), ("venv", ".[test]")]
)
def test_render_installs_the_package_alone_and_test_adds_the_test_extra(
    mode: str, target: str
) -> None:
    assert pip_target(mode) == target


def test_the_runtime_dependencies_hold_no_test_tool() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = [
        dep.split(">")[0].split("=")[0].split("<")[0].strip().lower()
        for dep in project["dependencies"]
    ]
    assert not set(names) & set(TEST_TOOLS)
    extra = " ".join(project["optional-dependencies"]["test"])
    assert all(tool in extra for tool in TEST_TOOLS)
