from __future__ import annotations

from pathlib import Path

import pytest
from ruamel.yaml import YAML

from archgen.icons.catalog import icon_file, load_catalog
from archgen.model.schema import Architecture
from tests.conftest import EXAMPLE_MODEL


def load_example(path: Path = EXAMPLE_MODEL) -> Architecture:
    return Architecture.model_validate(YAML(typ="safe").load(path.read_text(encoding="utf-8")))


def catalog_icons(model: Architecture) -> dict[str, Path]:
    catalog = load_catalog()
    icons = {}
    for service in model.services:
        kind = catalog.resolve(service.icon)
        assert kind is not None, service.icon
        icons[service.id] = icon_file(kind)
    return icons


@pytest.fixture
def example() -> Architecture:
    return load_example()
