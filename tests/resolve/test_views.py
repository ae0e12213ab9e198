"""The views: what each one shows, and the proof that a flow's view is the flow alone, with the
overview's numbers."""

from __future__ import annotations

import re

from archgen.model.schema import Architecture, View
from archgen.render.diagram.dot import build_dot
from archgen.resolve.view import RenderView, resolve_view
from archgen.resolve.views import flow_view_specs, restrict, view_ids, view_specs
from tests.resolve.conftest import catalog_icons

NODE = re.compile(r'^\s*"([^"]+)" \[id="svc-', re.M)
STEP = re.compile(r'^\s*"([^"]+)" -> "([^"]+)" \[id="step-(\d+)", class="step flow-([^ "]+)', re.M)
CLUSTER = re.compile(r'subgraph "cluster_([^"]+)"')


def overview(model: Architecture) -> RenderView:
    return resolve_view(model, catalog_icons(model))


def steps_in(dot: str) -> dict[int, tuple[str, frozenset[str]]]:
    """Step number → (flow id, its two ends, whichever way round it is drawn)."""
    return {
        int(number): (flow, frozenset((tail, head)))
        for tail, head, number, flow in STEP.findall(dot)
    }


def test_each_flow_view_draws_exactly_its_services_and_steps_numbered_as_on_the_overview(
    example: Architecture,
) -> None:
    whole = overview(example)
    drawn = build_dot(whole)
    for spec in flow_view_specs(example.flows):
        flow = next(f for f in whole.flows if f.id in spec.flow_ids)
        dot = build_dot(restrict(whole, spec))
        touched = {end for step in flow.steps for end in (step.source, step.target)}
        assert set(NODE.findall(dot)) == touched, spec.id
        numbered = {n: s for n, s in steps_in(drawn).items() if s[0] == flow.id}
        assert steps_in(dot) == numbered, spec.id
        assert [int(n) for n in re.findall(r'id="step-(\d+)"', dot)] == [
            step.number for step in flow.steps
        ]
        assert 'id="link-' not in dot, "a flow's view draws no link"


def test_a_flow_view_keeps_only_the_groups_that_hold_its_services_nesting_and_all(
    example: Architecture,
) -> None:
    whole = overview(example)
    spec = next(s for s in flow_view_specs(example.flows) if s.id == "flow-load-3d-assets")
    cut = restrict(whole, spec)
    holders = {whole.service(s.id).group_id for s in cut.services} - {None}
    ancestors = {whole.group(g).parent_id for g in holders} - {None}
    assert {g.id for g in cut.groups} == holders | ancestors
    dot = build_dot(cut)
    assert CLUSTER.findall(dot) == [g.id for g in cut.groups]
    for group in cut.groups:
        assert set(group.child_ids) <= {g.id for g in cut.groups}
        assert set(group.service_ids) <= {s.id for s in cut.services}


def test_a_view_of_the_model_shows_its_groups_services_and_flows_with_their_links(
    example: Architecture,
) -> None:
    model = example.model_copy(
        update={
            "views": [
                View(id="data", title="Data", groups=["databases", "security"], services=["s3"]),
                View(id="orders", title="Orders", flows=["place-order"], direction="TB"),
            ]
        }
    )
    assert view_ids(model) == (
        "data", "orders", *(f"flow-{flow.id}" for flow in model.flows)
    )  # fmt: skip
    whole = overview(model)
    data = restrict(whole, view_specs(model)[0])
    shown = ["s3", "dynamodb", "rds", "waf", "shield", "kms", "secrets-manager"]
    assert [s.id for s in data.services] == shown
    assert data.flows == ()
    between = [link for link in whole.links if {link.source, link.target} <= set(shown)]
    assert data.links == tuple(between) and len(between) == 3
    assert data.project.title == "Data" and data.project.subtitle == whole.project.title
    orders = restrict(whole, view_specs(model)[1])
    assert orders.direction.value == "TB"
    assert [step.number for step in orders.steps] == [
        step.number for flow in whole.flows if flow.id == "place-order" for step in flow.steps
    ]
