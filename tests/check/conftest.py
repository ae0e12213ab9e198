"""The check tests share the session's render of the example; each test works on a copy."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import copy_rendered


@pytest.fixture
def project(rendered_example: Path, tmp_path: Path) -> Path:
    """A private copy of the rendered example that a test may edit."""
    return copy_rendered(rendered_example, tmp_path)
