"""The overview of a big model: each group drawn as one box, with its count of services.

Above `COLLAPSE_ABOVE` services one diagram of every service no longer prints legibly, so the
overview collapses groups: first each leaf group (one that holds no other box), then, while
more than `COLLAPSE_ABOVE` nodes are left, the groups one level higher, and so on. A collapsed
group becomes one node inside its parent groups (the AWS Cloud, Region and VPC boundaries stay
drawn); ungrouped services stay as they are. The steps and links between two nodes become one
edge per (tail, head, arrowheads), labelled with the step numbers it carries (the overview's
global numbers) or its count of links; those inside one collapsed group are not drawn.

`overview` and `restricted_to` are pure: a render view in, a render view out, which
`archgen.render.diagram.build_dot` draws like any other.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from archgen.model.schema import (
    Architecture,
    GroupKind,
    Link,
    LinkDirection,
    LinkStyle,
    Service,
    Weight,
)
from archgen.resolve.view import GroupView, RenderView, ServiceView

# Measured on synthetic models (bench/synthetic.py: 8 services and 2 links a leaf group, a
# 6-step flow each), the overview of every service printed at 8 pt needs 9 pages at 64
# services, 24 at 80, 14 at 96, 26 at 112, 24 at 128, 32 at 150, 78 at 256; collapsed, 40
# nodes need 7 pages, 64 nodes 11 and 128 nodes 23. brief.pdf prints 12 at most: above 64
# services the groups collapse, and above 64 nodes one level higher.
COLLAPSE_ABOVE = 64
NODE_SUFFIX = "--group"  # never part of a model id (ids join words with one '-'), so no clash

# A group's kind → the catalog icon its collapsed node shows; other kinds show GENERIC_ICON.
GROUP_ICONS = {
    GroupKind.VPC: "aws.network.VPC",
    GroupKind.PUBLIC_SUBNET: "aws.network.PublicSubnet",
    GroupKind.PRIVATE_SUBNET: "aws.network.PrivateSubnet",
    GroupKind.SUBNET: "generic.network.Subnet",
    GroupKind.AUTO_SCALING_GROUP: "aws.compute.AutoScaling",
    GroupKind.ON_PREMISES: "generic.place.Datacenter",
    GroupKind.AWS_CLOUD: "aws.general.General",
}
GENERIC_ICON = "generic.compute.Rack"


def group_node_id(group_id: str) -> str:
    """The id of the node a collapsed group is drawn as."""
    return group_id + NODE_SUFFIX


def is_collapsed(view: RenderView) -> bool:
    """Whether the overview of `view` draws groups as single nodes."""
    return len(view.services) > COLLAPSE_ABOVE and bool(overview_groups(view, COLLAPSE_ABOVE))


def overview(view: RenderView, limit: int = COLLAPSE_ABOVE) -> RenderView:
    """The view the overview diagram draws: `view` itself up to `limit` services (or when no
    group holds any), else its groups collapsed (see `overview_groups`)."""
    if len(view.services) <= limit:
        return view
    chosen = overview_groups(view, limit)
    return collapse(view, chosen) if chosen else view


def overview_groups(view: RenderView, limit: int) -> list[str]:
    """The groups the overview collapses: level by level from the leaves, the first level that
    leaves at most `limit` nodes, else the outermost groups."""
    heights = _heights(view)
    chosen: list[str] = []
    for level in range(max(heights.values(), default=-1) + 1):
        chosen = collapsed_groups(view, heights, level)
        if chosen and node_count(view, chosen) <= limit:
            break
    return chosen


def _heights(view: RenderView) -> dict[str, int]:
    """Each box group's height: 0 for one holding no other box, else one more than its
    tallest child. Overlays (outlines drawn around members) are no boxes."""
    heights: dict[str, int] = {}
    for group in reversed(view.groups):  # depth-first order: children come after parents
        if group.is_overlay:
            continue
        children = [heights[c] for c in group.child_ids if c in heights]
        heights[group.id] = 1 + max(children) if children else 0
    return heights


def collapsed_groups(view: RenderView, heights: Mapping[str, int], level: int) -> list[str]:
    """The outermost groups of height `level` or less that hold services, in view order."""
    chosen: list[str] = []
    inside: set[str] = set()
    for group in view.groups:
        if group.id not in heights:
            continue
        if group.parent_id in inside:
            inside.add(group.id)
        elif heights[group.id] <= level and _holds_services(view, group):
            chosen.append(group.id)
            inside.add(group.id)
    return chosen


def _holds_services(view: RenderView, group: GroupView) -> bool:
    return bool(group.service_ids) or any(
        _holds_services(view, view.group(child)) for child in group.child_ids
    )


def node_count(view: RenderView, chosen: Iterable[str]) -> int:
    """How many nodes the overview draws with the `chosen` groups collapsed."""
    home = _homes(view, chosen)
    return len({home.get(service.id, service.id) for service in view.services})


def _homes(view: RenderView, chosen: Iterable[str]) -> dict[str, str]:
    """Each service inside a collapsed group → that group's node id."""
    home: dict[str, str] = {}
    for group_id in chosen:
        for service_id in services_within(view, group_id):
            home[service_id] = group_node_id(group_id)
    return home


def services_within(view: RenderView, group_id: str) -> list[str]:
    """The services of a group and of every group inside it, in view order."""
    group = view.group(group_id)
    found = list(group.service_ids)
    for child in group.child_ids:
        if not view.group(child).is_overlay:
            found += services_within(view, child)
    return found


def collapse(view: RenderView, chosen: list[str]) -> RenderView:
    """`view` with each of the `chosen` groups drawn as one node."""
    home = _homes(view, chosen)
    nodes = {group_id: _group_node(view, group_id) for group_id in chosen}
    services = [s for s in view.services if s.id not in home] + list(nodes.values())
    groups = _kept_groups(view, chosen, home, nodes)
    return replace(
        view,
        groups=groups,
        services=tuple(services),
        flows=(),
        links=aggregated_edges(view, home),
    )


def _kept_groups(
    view: RenderView,
    chosen: list[str],
    home: Mapping[str, str],
    nodes: Mapping[str, ServiceView],
) -> tuple[GroupView, ...]:
    """The groups still drawn as boxes, holding the collapsed nodes in place of the groups;
    an overlay is kept only when none of its members was collapsed."""
    dropped: set[str] = set()
    for group_id in chosen:
        dropped |= _subtree(view, group_id)
    dropped |= {g.id for g in view.overlays if any(m in home for m in g.member_ids)}
    kept = []
    for group in view.groups:
        if group.id in dropped:
            continue
        children = tuple(c for c in group.child_ids if c not in dropped)
        added = tuple(nodes[c].id for c in group.child_ids if c in nodes)
        kept.append(replace(group, child_ids=children, service_ids=group.service_ids + added))
    return tuple(kept)


def _subtree(view: RenderView, group_id: str) -> set[str]:
    found = {group_id}
    for child in view.group(group_id).child_ids:
        found |= _subtree(view, child)
    return found


def _group_node(view: RenderView, group_id: str) -> ServiceView:
    """A collapsed group as a service: its label and count as the name, its kind's icon."""
    group = view.group(group_id)
    count = len(services_within(view, group_id))
    icon = GROUP_ICONS.get(group.kind, GENERIC_ICON)
    service = Service.model_construct(
        id=group_node_id(group_id),
        name=f"{group.label.strip()}\n{_count(count, 'service')}",
        icon=icon,
        group=group.parent_id,
        does=f"The {_count(count, 'service')} of {group.label.strip()}, drawn as one box.",
        why="",
        weight=Weight.BOLD,
    )
    return ServiceView(service, icon_file=icon_path(icon), serves=(), step_numbers=())


@functools.cache
def icon_path(icon: str) -> Path:
    """The image file of a catalog icon."""
    from archgen.icons.catalog import icon_file, load_catalog

    kind = load_catalog().resolve(icon)
    if kind is None:
        raise LookupError(f"no icon {icon!r} in the catalog")
    return icon_file(kind)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


@dataclass
class _Edge:
    """What one drawn edge of the overview carries."""

    steps: list[int]
    links: list[Link]


def aggregated_edges(view: RenderView, home: Mapping[str, str]) -> tuple[Link, ...]:
    """One line for each (tail, head, arrowheads) between distinct nodes: the steps it stands
    for first, in order of their first step, then the links, in order of their first link."""
    steps: dict[tuple[str, str], _Edge] = {}
    for step in view.steps:
        ends = (home.get(step.source, step.source), home.get(step.target, step.target))
        if ends[0] != ends[1]:
            edge = steps.setdefault(ends, _Edge([], []))
            edge.steps.append(step.number)
    links: dict[tuple[str, str, LinkDirection], _Edge] = {}
    for link in view.links:
        ends = (home.get(link.source, link.source), home.get(link.target, link.target))
        if ends[0] != ends[1]:
            links.setdefault((*ends, link.direction), _Edge([], [])).links.append(link)
    drawn = [_step_edge(tail, head, edge) for (tail, head), edge in steps.items()]
    drawn += [_link_edge(tail, head, way, edge.links) for (tail, head, way), edge in links.items()]
    return tuple(drawn)


def _step_edge(tail: str, head: str, edge: _Edge) -> Link:
    """Steps between two nodes as one bold solid line labelled with their numbers, in the
    links' colour: a line in a flow's colour would add a legend entry for every flow."""
    return Link.model_construct(
        source=tail,
        target=head,
        label=steps_label(edge.steps),
        style=LinkStyle.SOLID,
        direction=LinkDirection.FORWARD,
        colour=None,
        weight=Weight.BOLD,
        constrain=True,
    )


def _link_edge(tail: str, head: str, way: LinkDirection, links: list[Link]) -> Link:
    """Links between two nodes as one line: their style and colour when they all share it,
    labelled with their count."""
    styles = {link.style for link in links}
    colours = {link.colour for link in links}
    return Link.model_construct(
        source=tail,
        target=head,
        label=_count(len(links), "link"),
        style=styles.pop() if len(styles) == 1 else LinkStyle.DOTTED,
        direction=way,
        colour=colours.pop() if len(colours) == 1 else None,
        weight=Weight.NORMAL,
        constrain=all(link.constrain for link in links),
    )


SHOWN_NUMBERS = 4  # more step numbers than this make a label taller than the boxes it joins


def steps_label(numbers: list[int]) -> str:
    """`step 3`, `steps 3, 5, 9`; past `SHOWN_NUMBERS` numbers, the count and the first few:
    `12 steps: 3, 5, 9, …` (the brief lists every step)."""
    if len(numbers) == 1:
        return f"step {numbers[0]}"
    if len(numbers) <= SHOWN_NUMBERS:
        return f"steps {number_list(numbers)}"
    return f"{len(numbers)} steps: {number_list(numbers[: SHOWN_NUMBERS - 1])}, …"


def number_list(numbers: list[int]) -> str:
    """`3, 5, 9`, a run of three or more written `3–6`."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return ", ".join(
        f"{run[0]}–{run[-1]}" if len(run) > 2 else ", ".join(map(str, run)) for run in runs
    )


@dataclass(frozen=True)
class OverviewNote:
    """What the brief says next to the overview: whether it shows groups as single boxes."""

    collapsed: bool
    services: int  # in the model
    boxes: int  # groups drawn as one box
    limit: int = COLLAPSE_ABOVE


def overview_note(view: RenderView) -> OverviewNote:
    drawn = overview(view)
    boxes = sum(1 for service in drawn.services if service.id.endswith(NODE_SUFFIX))
    return OverviewNote(boxes > 0, len(view.services), boxes)


def detail_groups(view: RenderView) -> tuple[GroupView, ...]:
    """The groups drawn one by one when the overview collapses them (`detail_group_ids`), in
    the view's order."""
    ids = set(_leaf_holders(
        len(view.services),
        ((g.id, g.parent_id, g.is_overlay) for g in view.groups),
        (s.group_id for s in view.services),
    ))  # fmt: skip
    return tuple(group for group in view.groups if group.id in ids)


def detail_group_ids(model: Architecture) -> tuple[str, ...]:
    """The groups that get a detailed view of their own, in model order: when the overview
    collapses groups (more than `COLLAPSE_ABOVE` services), every box holding services and no
    other box (the leaves' level, whichever level the overview shows). Read from the model
    alone, so the names of the view files are known before anything is resolved."""
    return _leaf_holders(
        len(model.services),
        ((g.id, g.parent, bool(g.members)) for g in model.groups),
        (s.group for s in model.services),
    )


def _leaf_holders(
    services: int,
    groups: Iterable[tuple[str, str | None, bool]],
    homes: Iterable[str | None],
) -> tuple[str, ...]:
    """Of `groups` (id, parent, is an overlay), the boxes holding no other box and at least one
    of the services' `homes`; none when there are `COLLAPSE_ABOVE` services or fewer (the
    overview then collapses nothing)."""
    if services <= COLLAPSE_ABOVE:
        return ()
    boxes = [(group_id, parent) for group_id, parent, overlay in groups if not overlay]
    parents = {parent for _, parent in boxes}
    held = set(homes)
    return tuple(group_id for group_id, _ in boxes if group_id not in parents and group_id in held)


def restricted_to(view: RenderView, group_id: str) -> RenderView:
    """The view of one group: its services (and its groups'), the links and steps among them,
    and the services outside it that they link to, drawn outside any box. Step numbers stay
    the model's."""
    inside = set(services_within(view, group_id))
    links = tuple(link for link in view.links if {link.source, link.target} & inside)
    flows = tuple(
        replace(flow, steps=kept)
        for flow in view.flows
        if (kept := tuple(s for s in flow.steps if {s.source, s.target} & inside))
    )
    ends = {end for link in links for end in (link.source, link.target)}
    ends |= {end for flow in flows for step in flow.steps for end in (step.source, step.target)}
    services = [s for s in view.services if s.id in inside]
    services += [_outside(s) for s in view.services if s.id in ends - inside]
    groups = _subtree_views(view, group_id)
    label = view.group(group_id).label.strip()
    subtitle = f"{_count(len(inside), 'service')} of {view.project.title.strip()}"
    if len(services) > len(inside):
        subtitle += ", and those outside the group they are linked to"
    project = view.project.model_copy(update={"title": label, "subtitle": subtitle})
    return replace(
        view, project=project, groups=groups, services=tuple(services), flows=flows, links=links
    )


def _outside(service: ServiceView) -> ServiceView:
    """A service outside the group, drawn on its own, outside every box."""
    return replace(service, service=service.service.model_copy(update={"group": None}))


def _subtree_views(view: RenderView, group_id: str) -> tuple[GroupView, ...]:
    """The group as the outermost box, with the boxes inside it (no overlays)."""
    root = view.group(group_id)
    inside = _subtree(view, group_id) - {group_id}
    kept = [replace(root, depth=0, group=root.group.model_copy(update={"parent": None}))]
    for group in view.groups:
        if group.id in inside and not group.is_overlay:
            kept.append(replace(group, depth=group.depth - root.depth))
    return tuple(kept)
