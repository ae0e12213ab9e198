"""Views to draw: built from a YAML model file or a Python dict, icons from the catalogue."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from archgen.render.diagram import DiagramResult, render_diagram
from archgen.resolve.view import RenderView
from tests.conftest import EXAMPLE_MODEL
from tests.models import view_from_data, view_from_yaml

ViewFactory = Callable[[dict[str, Any]], RenderView]


@pytest.fixture(scope="session")
def example_view() -> RenderView:
    if not EXAMPLE_MODEL.exists():
        pytest.skip(f"the example model {EXAMPLE_MODEL.name} is not written yet")
    return view_from_yaml(EXAMPLE_MODEL)


@pytest.fixture(scope="session")
def example_diagram(example_view: RenderView) -> DiagramResult:
    """The example rendered once for every test that only reads the result."""
    return render_diagram(example_view)


def small_model(**extra: Any) -> dict[str, Any]:
    """A three-service model with one group, one flow and one link; `extra` replaces sections."""
    data: dict[str, Any] = {
        "project": {"title": "Small shop", "summary": "A small shop."},
        "groups": [{"id": "backend", "label": "Backend", "kind": "vpc"}],
        "services": [
            _service("users", "Users", "onprem.client.Users", None),
            _service("api", "API", "aws.compute.Lambda", "backend"),
            _service("db", "Database", "aws.database.Dynamodb", "backend"),
        ],
        "flows": [
            {
                "id": "read",
                "name": "Read",
                "steps": [
                    {"from": "users", "to": "api", "label": "GET /items"},
                    {"from": "api", "to": "db", "label": "query", "mode": "async"},
                ],
            }
        ],
        "links": [{"from": "db", "to": "api", "label": "streams", "direction": "both"}],
    }
    data.update(extra)
    return data


def _service(service_id: str, name: str, icon: str, group: str | None) -> dict[str, Any]:
    service = {"id": service_id, "name": name, "icon": icon, "does": "It works.", "why": "Why not."}
    if group:
        service["group"] = group
    return service


@pytest.fixture
def make_view(tmp_path: Path) -> ViewFactory:
    """Build a view from model data; relative icon files are looked up in tmp_path."""
    return lambda data: view_from_data(data, tmp_path)
