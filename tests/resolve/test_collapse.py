"""The overview of a big model: groups drawn as single boxes, the lines between them summed."""

from __future__ import annotations

import re
from typing import Any

import pytest

from archgen.model.schema import Architecture
from archgen.render.brief.markdown import render_markdown
from archgen.render.diagram import build_dot
from archgen.resolve.collapse import (
    COLLAPSE_ABOVE,
    NODE_SUFFIX,
    _heights,
    collapse,
    collapsed_groups,
    detail_groups,
    group_node_id,
    number_list,
    overview,
    restricted_to,
    steps_label,
)
from archgen.resolve.view import RenderView, resolve_view
from bench.synthetic import synthetic_data, synthetic_view
from tests.real.dotread import read_dot

LINKS = re.compile(r"^(\d+) links?$")
STEPS = re.compile(r"^(?:(\d+) steps: .*|steps? ([\d, –]+))$")


@pytest.fixture(scope="module")
def big() -> RenderView:
    return synthetic_view(1024)


def leaf_level(view: RenderView) -> RenderView:
    return collapse(view, collapsed_groups(view, _heights(view), 0))


def test_a_1024_service_overview_draws_no_more_nodes_than_groups_and_loose_services(
    big: RenderView,
) -> None:
    drawn = read_dot(build_dot(overview(big)))
    assert 0 < len(drawn.services) <= len(big.groups) + len(big.ungrouped_services)
    assert len(drawn.services) <= COLLAPSE_ABOVE
    assert all(node.endswith(NODE_SUFFIX) for node in drawn.services)
    # the boundaries around the collapsed groups are still drawn, nested as in the model
    assert drawn.groups["cloud"] is None
    assert drawn.groups["region"] == "cloud"
    assert drawn.groups["vpc"] == "region"


def test_too_many_leaf_groups_collapse_one_level_higher(big: RenderView) -> None:
    leaves = leaf_level(big)
    assert len(leaves.services) == 128 > COLLAPSE_ABOVE  # 8 services a leaf group
    assert [s.id for s in overview(big).services] == ["az0--group", "az1--group"]
    assert overview(big).services[0].name == "Availability Zone 1\n512 services"


def test_a_model_with_few_enough_leaf_groups_collapses_them_in_their_parents() -> None:
    view = synthetic_view(256)
    drawn = overview(view)
    assert len(drawn.services) == 32
    node = next(s for s in drawn.services if s.id == group_node_id("g3"))
    assert node.group_id == "az1"
    assert node.name == "Group 3\n8 services"
    assert node.icon_file.is_file()
    assert "g3" not in {g.id for g in drawn.groups}
    assert node.id in drawn.group("az1").service_ids


def test_a_model_up_to_the_threshold_is_drawn_as_it_is() -> None:
    view = synthetic_view(COLLAPSE_ABOVE)
    assert overview(view) is view


def _cross(view: RenderView, ends: list[tuple[str, str]]) -> int:
    return sum(1 for a, b in ends if view.service(a).group_id != view.service(b).group_id)


def test_the_summed_lines_carry_every_link_and_step_between_groups(big: RenderView) -> None:
    drawn = leaf_level(big)
    link_total = step_total = 0
    for line in drawn.links:
        label = line.label or ""
        if found := LINKS.match(label):
            link_total += int(found[1])
        elif found := STEPS.match(label):
            step_total += int(found[1]) if found[1] else len(found[2].split(", "))
        else:
            raise AssertionError(f"unexpected label {label!r}")
    assert link_total == _cross(big, [(link.source, link.target) for link in big.links])
    assert step_total == _cross(big, [(step.source, step.target) for step in big.steps])
    assert drawn.flows == ()


def test_lines_are_one_per_tail_head_and_arrowheads(big: RenderView) -> None:
    drawn = leaf_level(big)
    kinds = [
        (line.source, line.target, line.direction, bool(LINKS.match(line.label or "")))
        for line in drawn.links
    ]
    assert len(set(kinds)) == len(kinds)
    assert all(line.source != line.target for line in drawn.links)


def test_the_dot_of_the_overview_sums_links_into_labelled_edges(big: RenderView) -> None:
    dot = build_dot(leaf_level(big))
    counts = [int(n) for n in re.findall(r">(\d+) links?<", dot)]
    assert counts
    assert sum(counts) == _cross(big, [(link.source, link.target) for link in big.links])


def test_step_numbers_are_listed_then_counted() -> None:
    assert steps_label([7]) == "step 7"
    assert steps_label([3, 5, 9]) == "steps 3, 5, 9"
    assert steps_label([3, 4, 5, 9]) == "steps 3–5, 9"
    assert steps_label([1, 3, 5, 7, 9, 11]) == "6 steps: 1, 3, 5, …"
    assert number_list([1, 2, 4]) == "1, 2, 4"


def test_the_brief_says_why_the_overview_shows_groups() -> None:
    view = synthetic_view(96)
    text = render_markdown(view)
    assert "Groups are drawn as one box each (12 boxes)" in text
    assert "because the model has 96 services" in text
    assert all(f"Service {n}" in text for n in range(96))  # the text still covers every one
    small = render_markdown(synthetic_view(COLLAPSE_ABOVE))
    assert "Groups are drawn as one box each" not in small


def test_the_groups_drawn_one_by_one_are_those_that_hold_services() -> None:
    assert [g.id for g in detail_groups(synthetic_view(96))] == [
        *(f"g{n}" for n in range(0, 12, 2)),
        *(f"g{n}" for n in range(1, 12, 2)),
    ]  # availability zone 1's groups, then zone 2's
    assert detail_groups(synthetic_view(COLLAPSE_ABOVE)) == ()


def test_a_groups_own_view_holds_its_services_and_those_they_are_linked_to() -> None:
    view = synthetic_view(96)
    alone = restricted_to(view, "g0")
    inside = set(view.group("g0").service_ids)
    drawn = {s.id for s in alone.services}
    assert inside <= drawn
    ends = [(link.source, link.target) for link in alone.links]
    ends += [(step.source, step.target) for step in alone.steps]
    assert ends and all({a, b} & inside and {a, b} <= drawn for a, b in ends)
    assert all(s.group_id is None for s in alone.services if s.id not in inside)
    assert [(g.id, g.parent_id, g.depth) for g in alone.groups] == [("g0", None, 0)]
    original = {s.number: (s.source, s.target) for s in view.steps}
    assert all(original[s.number] == (s.source, s.target) for s in alone.steps)
    assert len(alone.links) == sum(1 for link in view.links if {link.source, link.target} & inside)
    assert alone.project.title == "Group 0"
    dot = read_dot(build_dot(alone))
    assert {s for s, box in dot.services.items() if box == "g0"} == inside


def view_of(data: dict[str, Any]) -> RenderView:
    from archgen.icons.catalog import icon_file, load_catalog

    model = Architecture.model_validate(data)
    catalog = load_catalog()
    icons = {s.id: icon_file(catalog.resolve(s.icon)) for s in model.services}  # type: ignore[arg-type]
    return resolve_view(model, icons)


def test_a_big_model_without_groups_is_drawn_as_it_is() -> None:
    data = synthetic_data(96)
    data["groups"] = []
    for service in data["services"]:
        del service["group"]
    view = view_of(data)
    assert overview(view) is view
    assert detail_groups(view) == ()


def test_an_outline_around_collapsed_services_is_left_out() -> None:
    data = synthetic_data(96)
    data["groups"].append(
        {"id": "spread", "label": "Spread", "kind": "auto-scaling-group", "members": ["s0", "s9"]}
    )
    view = view_of(data)
    assert [g.id for g in view.overlays] == ["spread"]
    drawn = overview(view)
    assert drawn.overlays == ()
    assert "spread" not in {c for g in drawn.groups for c in g.child_ids}
    assert "// overlay" not in build_dot(drawn)
