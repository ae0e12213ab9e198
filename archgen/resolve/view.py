"""Resolve a validated model into the view every renderer reads.

The view holds what the model only implies: global step numbers (the same on the diagram and in
the brief), each flow's colour, the group tree, which service serves which requirement, and cost
totals. Renderers take a `RenderView` and know nothing of YAML, click or where files live.

Each view holds its model object (`ServiceView.service`, `GroupView.group`, ...) next to what
resolving adds; its properties read through to the model, so a template writes `service.name`.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from archgen.model.colours import hex_colour
from archgen.model.schema import (
    Architecture,
    Challenge,
    Cost,
    Direction,
    Flow,
    Group,
    GroupKind,
    Link,
    Project,
    Reflection,
    Requirement,
    Service,
    Step,
    TradeOff,
)

# Okabe–Ito colours: told apart by readers with colour-vision deficiencies, dark enough on white.
FLOW_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")


@dataclass(frozen=True)
class NumberedStep:
    """A flow step with the number it carries everywhere it is shown, and its colour (its own,
    else its flow's), as `#RRGGBB`."""

    step: Step
    number: int
    flow_id: str
    colour: str

    @property
    def source(self) -> str:
        return self.step.source

    @property
    def target(self) -> str:
        return self.step.target

    @property
    def label(self) -> str:
        return self.step.label

    @property
    def mode(self) -> str:
        return self.step.mode.value

    @property
    def detail(self) -> str | None:
        return self.step.detail


@dataclass(frozen=True)
class FlowView:
    """A flow with its colour and its numbered steps."""

    flow: Flow
    colour: str
    steps: tuple[NumberedStep, ...]

    @property
    def id(self) -> str:
        return self.flow.id

    @property
    def name(self) -> str:
        return self.flow.name

    @property
    def description(self) -> str | None:
        return self.flow.description


@dataclass(frozen=True)
class Contribution:
    """How one service serves one requirement."""

    service_id: str
    requirement_id: str
    text: str


@dataclass(frozen=True)
class ServiceView:
    """A service with what resolving adds: its image, its contributions and its step numbers.

    The image's path is kept apart from the service, where templates never reach it (the
    sandbox refuses to read a path).
    """

    service: Service
    icon_file: Path
    serves: tuple[Contribution, ...]  # in requirement order, unlike the model's mapping
    step_numbers: tuple[int, ...]

    @property
    def id(self) -> str:
        return self.service.id

    @property
    def name(self) -> str:
        """The name, or the id for a nameless placeholder (the brief needs a heading)."""
        return self.service.name if self.service.name.strip() else self.service.id

    @property
    def icon(self) -> str:
        return self.service.icon

    @property
    def group_id(self) -> str | None:
        return self.service.group

    @property
    def does(self) -> str:
        return self.service.does

    @property
    def why(self) -> str:
        return self.service.why

    @property
    def analogy(self) -> str | None:
        return self.service.analogy

    @property
    def cost(self) -> Cost | None:
        return self.service.cost


@dataclass(frozen=True)
class GroupView:
    """A group with its place in the tree: depth, child groups and the services it holds."""

    group: Group
    depth: int
    child_ids: tuple[str, ...]
    service_ids: tuple[str, ...]

    @property
    def id(self) -> str:
        return self.group.id

    @property
    def label(self) -> str:
        return self.group.label

    @property
    def kind(self) -> GroupKind:
        return self.group.kind

    @property
    def description(self) -> str | None:
        return self.group.description

    @property
    def parent_id(self) -> str | None:
        return self.group.parent

    @property
    def member_ids(self) -> tuple[str, ...]:
        """The services an overlay group is drawn around (empty for a box that holds them)."""
        return tuple(self.group.members)

    @property
    def is_overlay(self) -> bool:
        return bool(self.group.members)


@dataclass(frozen=True)
class RequirementView:
    """A requirement with the services' contributions to it, in service order."""

    requirement: Requirement
    contributions: tuple[Contribution, ...]

    @property
    def id(self) -> str:
        return self.requirement.id

    @property
    def title(self) -> str:
        return self.requirement.title

    @property
    def description(self) -> str:
        return self.requirement.description


@dataclass(frozen=True)
class CostRow:
    label: str
    services: tuple[ServiceView, ...]
    subtotal: float


@dataclass(frozen=True)
class CostTable:
    currency: str
    rows: tuple[CostRow, ...]
    total: float
    unpriced: tuple[ServiceView, ...] = ()  # services the total leaves out: they have no cost


@dataclass(frozen=True)
class RenderView:
    """Everything the diagram and the brief are drawn from, in the order they are shown."""

    project: Project
    direction: Direction
    requirements: tuple[RequirementView, ...]
    groups: tuple[GroupView, ...]
    services: tuple[ServiceView, ...]
    flows: tuple[FlowView, ...]
    links: tuple[Link, ...]
    tradeoffs: tuple[TradeOff, ...]
    challenges: tuple[Challenge, ...]
    costs: CostTable | None
    reflection: Reflection | None = None  # the project work looked back on, and the team
    changelog: Mapping[str, Any] | None = None  # `render --since`: what changed, as plain data

    def service(self, service_id: str) -> ServiceView:
        return self._services_by_id[service_id]

    def group(self, group_id: str) -> GroupView:
        return self._groups_by_id[group_id]

    def requirement(self, requirement_id: str) -> RequirementView:
        return next(r for r in self.requirements if r.id == requirement_id)

    def links_of(self, service_id: str) -> tuple[Link, ...]:
        """The links from a service, then those to it, in model order."""
        return self._links_by_service.get(service_id, ())

    @property
    def root_groups(self) -> tuple[GroupView, ...]:
        """The outermost groups, overlays included (the brief presents them all)."""
        return tuple(g for g in self.groups if g.parent_id is None)

    @property
    def root_boxes(self) -> tuple[GroupView, ...]:
        """The outermost groups drawn as nested boxes: every root but the overlays."""
        return tuple(g for g in self.root_groups if not g.is_overlay)

    @property
    def overlays(self) -> tuple[GroupView, ...]:
        """Groups drawn around their members after the layout, over the boxes."""
        return tuple(g for g in self.groups if g.is_overlay)

    @property
    def ungrouped_services(self) -> tuple[ServiceView, ...]:
        return tuple(s for s in self.services if s.group_id is None)

    @functools.cached_property
    def steps(self) -> tuple[NumberedStep, ...]:
        return tuple(step for flow in self.flows for step in flow.steps)

    # Lookups by id, built once: a 1,000-service model looks services up a million times.
    @functools.cached_property
    def _services_by_id(self) -> dict[str, ServiceView]:
        return {service.id: service for service in self.services}

    @functools.cached_property
    def _groups_by_id(self) -> dict[str, GroupView]:
        return {group.id: group for group in self.groups}

    @functools.cached_property
    def _links_by_service(self) -> dict[str, tuple[Link, ...]]:
        found: dict[str, list[Link]] = {}
        for link in self.links:
            found.setdefault(link.source, []).append(link)
        for link in self.links:
            found.setdefault(link.target, []).append(link)
        return {service_id: tuple(links) for service_id, links in found.items()}


def resolve_view(
    model: Architecture,
    icon_files: Mapping[str, Path],
    changelog: Mapping[str, Any] | None = None,
) -> RenderView:
    """Build the view of a validated model; `icon_files` maps each service id to its image,
    `changelog` is what changed since an earlier version (`render --since`), if asked."""
    flows = resolve_flows(model)
    groups = resolve_groups(model)
    services = resolve_services(model, icon_files, flows)
    return RenderView(
        project=model.project,
        direction=model.diagram.direction,
        requirements=resolve_requirements(model),
        groups=groups,
        services=services,
        flows=flows,
        links=tuple(model.links),
        tradeoffs=tuple(model.tradeoffs),
        challenges=tuple(model.challenges),
        costs=resolve_costs(groups, services, model.project.currency),
        reflection=model.reflection,
        changelog=changelog,
    )


def resolve_flows(model: Architecture) -> tuple[FlowView, ...]:
    """Number every step once, across flows in model order: flow 2 continues after flow 1."""
    flows: list[FlowView] = []
    number = 0
    for index, flow in enumerate(model.flows):
        palette = FLOW_COLOURS[index % len(FLOW_COLOURS)]
        colour = hex_colour(flow.colour) if flow.colour else palette
        steps = []
        for step in flow.steps:
            number += 1
            own = hex_colour(step.colour) if step.colour else colour
            steps.append(NumberedStep(step, number, flow.id, own))
        flows.append(FlowView(flow, colour, tuple(steps)))
    return tuple(flows)


def resolve_contributions(model: Architecture) -> tuple[Contribution, ...]:
    """Every (service, requirement) pair, in service order then requirement order."""
    order = {r.id: i for i, r in enumerate(model.requirements)}
    found = []
    for service in model.services:
        for req_id in sorted(service.serves, key=lambda r: order.get(r, len(order))):
            found.append(Contribution(service.id, req_id, service.serves[req_id]))
    return tuple(found)


def resolve_requirements(model: Architecture) -> tuple[RequirementView, ...]:
    contributions = resolve_contributions(model)
    return tuple(
        RequirementView(r, tuple(c for c in contributions if c.requirement_id == r.id))
        for r in model.requirements
    )


def resolve_groups(model: Architecture) -> tuple[GroupView, ...]:
    """Groups depth-first from the roots, children in model order."""
    children: dict[str | None, list[str]] = {}
    for group in model.groups:
        children.setdefault(group.parent, []).append(group.id)
    by_id = {g.id: g for g in model.groups}
    members: dict[str | None, list[str]] = {}
    for service in model.services:
        members.setdefault(service.group, []).append(service.id)
    ordered: list[GroupView] = []

    def visit(group_id: str, depth: int) -> None:
        group = by_id[group_id]
        ordered.append(
            GroupView(
                group,
                depth=depth,
                child_ids=tuple(children.get(group.id, [])),
                service_ids=tuple(members.get(group.id, ())),
            )
        )
        for child in children.get(group.id, []):
            visit(child, depth + 1)

    for root in children.get(None, []):
        visit(root, 0)
    return tuple(ordered)


def resolve_services(
    model: Architecture, icon_files: Mapping[str, Path], flows: tuple[FlowView, ...]
) -> tuple[ServiceView, ...]:
    serves: dict[str, list[Contribution]] = {}
    for contribution in resolve_contributions(model):
        serves.setdefault(contribution.service_id, []).append(contribution)
    numbers: dict[str, list[int]] = {}
    for step in (step for flow in flows for step in flow.steps):
        for end in dict.fromkeys((step.source, step.target)):
            numbers.setdefault(end, []).append(step.number)
    return tuple(
        ServiceView(
            s,
            icon_file=icon_files[s.id],
            serves=tuple(serves.get(s.id, ())),
            step_numbers=tuple(numbers.get(s.id, ())),
        )
        for s in model.services
    )


def resolve_costs(
    groups: tuple[GroupView, ...], services: tuple[ServiceView, ...], currency: str
) -> CostTable | None:
    """One row per group that directly holds priced services, then ungrouped ones; None if no
    service has a cost."""
    priced = tuple(s for s in services if s.cost is not None)
    if not priced:
        return None
    rows = []
    for group in groups:
        members = tuple(s for s in priced if s.group_id == group.id)
        if members:
            rows.append(CostRow(group.label, members, _sum(members)))
    loose = tuple(s for s in priced if s.group_id is None)
    if loose:
        rows.append(CostRow("Outside any group", loose, _sum(loose)))
    unpriced = tuple(s for s in services if s.cost is None)
    return CostTable(currency, tuple(rows), _sum(priced), unpriced)


def _sum(services: tuple[ServiceView, ...]) -> float:
    return round(sum(s.cost.monthly for s in services if s.cost is not None), 2)
