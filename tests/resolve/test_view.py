"""The resolved view: step numbers, group tree, coverage and costs."""

from __future__ import annotations

from archgen.model.schema import Architecture
from archgen.resolve.view import FLOW_COLOURS, resolve_view
from tests.resolve.conftest import catalog_icons


def test_steps_are_numbered_once_across_flows(example: Architecture) -> None:
    view = resolve_view(example, catalog_icons(example))
    numbers = [step.number for step in view.steps]
    assert numbers == list(range(1, len(numbers) + 1))
    first_of_second = view.flows[1].steps[0].number
    assert first_of_second == len(view.flows[0].steps) + 1


def test_each_flow_has_its_own_colour(example: Architecture) -> None:
    view = resolve_view(example, catalog_icons(example))
    colours = [flow.colour for flow in view.flows]
    assert len(set(colours)) == len(colours)
    assert all(colour in FLOW_COLOURS for colour in colours)
    assert all(step.colour == flow.colour for flow in view.flows for step in flow.steps)


def test_groups_come_depth_first_with_their_services(example: Architecture) -> None:
    view = resolve_view(example, catalog_icons(example))
    seen: set[str] = set()
    for group in view.groups:
        if group.parent_id is not None:
            assert group.parent_id in seen, "a parent comes before its children"
            assert group.depth == view.group(group.parent_id).depth + 1
        seen.add(group.id)
    grouped = {sid for g in view.groups for sid in g.service_ids}
    assert grouped | {s.id for s in view.ungrouped_services} == {s.id for s in view.services}


def test_requirement_contributions_match_the_services(example: Architecture) -> None:
    view = resolve_view(example, catalog_icons(example))
    for requirement in view.requirements:
        expected = [s.id for s in example.services if requirement.id in s.serves]
        assert [c.service_id for c in requirement.contributions] == expected


def test_cost_totals_add_up(example: Architecture) -> None:
    view = resolve_view(example, catalog_icons(example))
    assert view.costs is not None
    priced = [s.cost.monthly for s in example.services if s.cost]
    assert view.costs.total == round(sum(priced), 2)
    assert round(sum(row.subtotal for row in view.costs.rows), 2) == view.costs.total


def test_no_costs_means_no_cost_table(example: Architecture) -> None:
    services = [s.model_copy(update={"cost": None}) for s in example.services]
    bare = example.model_copy(update={"services": services})
    assert resolve_view(bare, catalog_icons(bare)).costs is None


def test_service_knows_its_step_numbers(example: Architecture) -> None:
    view = resolve_view(example, catalog_icons(example))
    for service in view.services:
        expected = [s.number for s in view.steps if service.id in (s.source, s.target)]
        assert list(service.step_numbers) == expected
