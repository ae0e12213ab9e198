"""The views of the model: pictures of parts of the architecture, drawn beside the whole one.

Each view is a `RenderView` cut down to what it shows, so the diagram's own code draws it: the
services it shows inside the groups that hold them (their ancestors kept, so the nesting is the
overview's), the steps of its flows with the numbers they carry on the overview and in the
brief, and the links between the services it shows. Every flow has a view of its own,
`flow-<flow id>`, which draws no links: only the flow's path. The overview is the diagram itself.
When the overview of a big model collapses its groups (`archgen.resolve.collapse`), each group
it draws as one box gets a detailed view too, `group-<group id>`: its services and the links
and steps among them, with the services outside it that they are linked to.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass

from archgen.model.schema import Architecture, Direction, Flow, Group, Project, View
from archgen.resolve.collapse import detail_group_ids, restricted_to, services_within
from archgen.resolve.view import GroupView, RenderView, ServiceView

FLOW_VIEW_PREFIX = "flow-"
GROUP_VIEW_PREFIX = "group-"
OVERVIEW = "overview"  # the whole diagram: diagram.svg, never a file of views/


@dataclass(frozen=True)
class ViewSpec:
    """What one view shows: its services, groups and flows by id, its title and direction."""

    id: str
    title: str
    service_ids: tuple[str, ...]
    group_ids: tuple[str, ...]
    flow_ids: tuple[str, ...]
    direction: Direction | None = None
    links: bool = True  # the links between its services (a flow's own view draws none)
    group: str | None = None  # a big model's group drawn in detail (`collapse.restricted_to`)


def flow_view_id(flow_id: str) -> str:
    return FLOW_VIEW_PREFIX + flow_id


def group_view_id(group_id: str) -> str:
    return GROUP_VIEW_PREFIX + group_id


def view_specs(model: Architecture) -> tuple[ViewSpec, ...]:
    """The model's own views in model order, one view per flow in flow order, then, for a big
    model, one per group its overview collapses."""
    own = tuple(_own_spec(view) for view in model.views)
    groups = {group.id: group for group in model.groups}
    details = tuple(_group_spec(groups[group_id]) for group_id in detail_group_ids(model))
    return own + flow_view_specs(model.flows) + details


def flow_view_specs(flows: Iterable[Flow]) -> tuple[ViewSpec, ...]:
    """One view per flow: the flow alone, without links."""
    return tuple(_flow_spec(flow) for flow in flows)


def view_ids(model: Architecture) -> tuple[str, ...]:
    """The ids of every view the model draws beside the overview: its files' names."""
    return tuple(spec.id for spec in view_specs(model))


def _own_spec(view: View) -> ViewSpec:
    return ViewSpec(
        view.id, view.title, tuple(view.services), tuple(view.groups), tuple(view.flows),
        view.direction,
    )  # fmt: skip


def _flow_spec(flow: Flow) -> ViewSpec:
    return ViewSpec(flow_view_id(flow.id), flow.name, (), (), (flow.id,), links=False)


def _group_spec(group: Group) -> ViewSpec:
    return ViewSpec(group_view_id(group.id), group.label, (), (group.id,), (), group=group.id)


def restrict(view: RenderView, spec: ViewSpec) -> RenderView:
    """The render view of what `spec` shows, everything else left out."""
    if spec.group is not None:
        return restricted_to(view, spec.group)
    flows = tuple(flow for flow in view.flows if flow.id in spec.flow_ids)
    shown = set(spec.service_ids) | _group_services(view, spec.group_ids)
    shown |= {end for flow in flows for step in flow.steps for end in (step.source, step.target)}
    services = tuple(service for service in view.services if service.id in shown)
    kept = _kept_groups(view, spec.group_ids, services)
    groups = tuple(_trimmed(group, kept, shown) for group in view.groups if group.id in kept)
    links = tuple(link for link in view.links if spec.links and {link.source, link.target} <= shown)
    return dataclasses.replace(
        view,
        project=_titled(view, spec),
        direction=spec.direction or view.direction,
        groups=groups,
        services=services,
        flows=flows,
        links=links,
    )


def _group_services(view: RenderView, group_ids: Iterable[str]) -> set[str]:
    """The services inside the groups named, their child groups' too (an overlay's members)."""
    found: set[str] = set()
    for group_id in group_ids:
        found.update(services_within(view, group_id), view.group(group_id).member_ids)
    return found


def _kept_groups(
    view: RenderView, named: tuple[str, ...], services: Iterable[ServiceView]
) -> set[str]:
    """The groups drawn: those named (with the groups inside them) and every group that
    holds a service shown, with their ancestors; overlays are never drawn in a view."""
    kept: set[str] = set()
    pending = [*named, *(s.group_id for s in services if s.group_id)]
    while pending:
        group = view.group(pending.pop())
        if group.id in kept or group.is_overlay:
            continue
        kept.add(group.id)
        pending.extend(group.child_ids if group.id in named else ())
        if group.parent_id:
            pending.append(group.parent_id)
    return kept


def _trimmed(group: GroupView, kept: set[str], shown: set[str]) -> GroupView:
    return dataclasses.replace(
        group,
        child_ids=tuple(child for child in group.child_ids if child in kept),
        service_ids=tuple(service for service in group.service_ids if service in shown),
    )


def _titled(view: RenderView, spec: ViewSpec) -> Project:
    """The view's title over the project's own, which becomes its subtitle."""
    return view.project.model_copy(update={"title": spec.title, "subtitle": view.project.title})


def all_views(view: RenderView, specs: Iterable[ViewSpec]) -> tuple[tuple[str, RenderView], ...]:
    """Each view's id and render view, in the order of `specs`."""
    return tuple((spec.id, restrict(view, spec)) for spec in specs)
