"""The views of the model: pictures of parts of the architecture, drawn beside the whole one.

Each view is a `RenderView` cut down to what it shows, so the diagram's own code draws it: the
services it shows inside the groups that hold them (their ancestors kept, so the nesting is the
overview's), the steps of its flows with the numbers they carry on the overview and in the
brief, and the links between the services it shows. Every flow has a view of its own,
`flow-<flow id>`, which draws no links: only the flow's path. The overview is the diagram itself.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass

from archgen.model.schema import Architecture, Direction, Flow, Project, View
from archgen.resolve.view import GroupView, RenderView, ServiceView

FLOW_VIEW_PREFIX = "flow-"
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


def flow_view_id(flow_id: str) -> str:
    return FLOW_VIEW_PREFIX + flow_id


def view_specs(model: Architecture) -> tuple[ViewSpec, ...]:
    """The model's own views in model order, then one view per flow, in flow order."""
    return tuple(_own_spec(view) for view in model.views) + flow_view_specs(model.flows)


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


def restrict(view: RenderView, spec: ViewSpec) -> RenderView:
    """The render view of what `spec` shows, everything else left out."""
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
    pending = list(group_ids)
    while pending:
        group = view.group(pending.pop())
        found.update(group.service_ids, group.member_ids)
        pending.extend(group.child_ids)
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
