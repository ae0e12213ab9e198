from __future__ import annotations

from pathlib import Path

import pytest

from archgen.model.schema import Architecture
from tests.conftest import EXAMPLE_MODEL
from tests.models import icon_files_for, read_data


def load_example(path: Path = EXAMPLE_MODEL) -> Architecture:
    return Architecture.model_validate(read_data(path))


def catalog_icons(model: Architecture) -> dict[str, Path]:
    return icon_files_for(model)


@pytest.fixture
def example() -> Architecture:
    return load_example()
