"""One real render of the example, shared by the check tests; each test works on a copy."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from archgen.commands.render import RenderOptions, render_model
from tests.conftest import EXAMPLE_MODEL


@pytest.fixture(scope="session")
def rendered_example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding arch.yaml and output/ with every default output, freshly rendered."""
    project = tmp_path_factory.mktemp("rendered")
    shutil.copy(EXAMPLE_MODEL, project / "arch.yaml")
    render_model(project / "arch.yaml", None, RenderOptions())
    return project


@pytest.fixture
def project(rendered_example: Path, tmp_path: Path) -> Path:
    """A private copy of the rendered example that a test may edit."""
    copy = tmp_path / "project"
    shutil.copytree(rendered_example, copy)
    return copy
