"""Layout hints of the model as DOT: groups' children in a row or a column, services drawn at
their group's border.

Graphviz ranks nodes along the diagram's direction (left to right for `LR`) and spreads each
rank across it. Children in a row along that direction are chained by invisible edges between
one node of each, in model order; children across it share their ranks, so they are left
unchained (nothing then pushes them apart) and keep the model's order where the layout allows.
A border service comes first in its group's box (`rank=min`), on the box's leading side: the
closest Graphviz comes to a node sitting on a cluster's edge.
"""

from __future__ import annotations

import itertools

from archgen.model.schema import Arrangement, Direction
from archgen.resolve.view import GroupView, RenderView

ALONG = {Direction.LEFT_RIGHT: Arrangement.ROW, Direction.TOP_BOTTOM: Arrangement.COLUMN}


def quote(value: str) -> str:
    return '"' + value.replace('"', '\\"') + '"'


def arrangement_lines(view: RenderView) -> list[str]:
    """Invisible edges that line up each arranged group's children along the direction."""
    lines = []
    for group in view.groups:
        children = [c for c in group.child_ids if not view.group(c).is_overlay]
        if group.group.arrange is not ALONG[view.direction] or len(children) < 2:
            continue
        anchors = [anchor_node(view, view.group(child)) for child in children]
        for tail, head in itertools.pairwise(anchors):
            lines.append(f'  {quote(tail)} -> {quote(head)} [style=invis, class="arrange"];')
    return lines


def anchor_node(view: RenderView, group: GroupView) -> str:
    """A node inside the group's box: its first service, else one of its first child's, else
    the placeholder that keeps an empty box on the page."""
    if group.service_ids:
        return group.service_ids[0]
    for child in group.child_ids:
        if not view.group(child).is_overlay:
            return anchor_node(view, view.group(child))
    return f"empty-{group.id}"


def border_lines(view: RenderView, group: GroupView, indent: str) -> list[str]:
    """`{rank=min; …}` for the group's border services, inside its cluster."""
    border = [s for s in group.service_ids if view.service(s).service.border]
    if not border:
        return []
    return [f"{indent}  {{rank=min; {'; '.join(quote(s) for s in border)}}}"]
