"""A 1024-service model renders: every service in the SVG, the PNG scaled or a thumbnail."""

from __future__ import annotations

import pytest

from archgen.render.diagram import render_diagram
from bench.synthetic import synthetic_model, synthetic_view
from tests.render.diagram.svgtools import Drawing


def test_synthetic_models_are_proportional_and_stable() -> None:
    model = synthetic_model(64)
    assert len(model.services) == 64
    assert len(model.groups) == 5 + 8  # cloud, region, VPC, two zones; one group per 8 services
    assert sum(len(flow.steps) for flow in model.flows) == 8 * 6
    assert len(model.links) == 16
    assert synthetic_model(64) == model


@pytest.mark.slow
def test_a_1024_service_model_renders() -> None:
    view = synthetic_view(1024)
    result = render_diagram(view)
    drawing = Drawing(result.files["svg"])
    assert len(drawing.ids("svc-")) == 1024
    assert all(len(drawing.groups(f"svc-{service.id}")) == 1 for service in view.services)
    assert len(drawing.ids("step-")) == len(view.steps)
    assert result.files["png"].startswith(b"\x89PNG")  # always written: `check` expects it
    shrunk = ("diagram.png scaled", "diagram.png is a thumbnail")
    assert any(w.startswith(shrunk) for w in result.warnings)
