"""Building models and render views in tests, the way `archgen render` builds them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from archgen.icons.catalog import icon_file, load_catalog
from archgen.model.schema import Architecture
from archgen.resolve.view import RenderView, resolve_view
from tests.conftest import ROOT


def read_data(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    return data


def icon_files_for(model: Architecture, model_dir: Path = ROOT) -> dict[str, Path]:
    """Each service's image: a catalogue kind, else a file relative to the model's folder."""
    catalog = load_catalog()
    icons = {}
    for service in model.services:
        kind = catalog.resolve(service.icon)
        icons[service.id] = icon_file(kind) if kind else (model_dir / service.icon).resolve()
    return icons


def view_from_data(data: dict[str, Any], model_dir: Path = ROOT) -> RenderView:
    """The view of a model given as data; relative icon files are looked up in `model_dir`."""
    model = Architecture.model_validate(data)
    return resolve_view(model, icon_files_for(model, model_dir))


def view_from_yaml(path: Path) -> RenderView:
    return view_from_data(read_data(path), path.resolve().parent)
