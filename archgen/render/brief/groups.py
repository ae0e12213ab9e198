"""A big model's groups drawn one by one, for the briefs' "Groups in detail".

When the overview draws each group as one box (`archgen.resolve.collapse`), each of those groups
has a view of its own, `views/group-<id>.svg` (`archgen.resolve.views`): the HTML and PDF briefs
embed it, the Markdown brief links to the file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from archgen.resolve.collapse import detail_groups, restricted_to, services_within
from archgen.resolve.view import RenderView
from archgen.resolve.views import group_view_id


@dataclass(frozen=True)
class GroupDiagram:
    """One group drawn on its own, and where its picture is."""

    id: str
    label: str
    services: int  # in the group
    outside: int  # services outside it that it is linked to, drawn too
    source: str  # the picture: a data URI (HTML, PDF) or the file beside the brief (Markdown)


def group_diagrams(
    view: RenderView, source: Callable[[str], str | None]
) -> tuple[GroupDiagram, ...]:
    """The groups drawn one by one, in the view's order; `source` gives the picture of a view
    by its id, None for one not drawn (that group is left out)."""
    found = []
    for group in detail_groups(view):
        picture = source(group_view_id(group.id))
        if picture is None:
            continue
        inside = len(services_within(view, group.id))
        outside = len(restricted_to(view, group.id).services) - inside
        found.append(GroupDiagram(group.id, group.label, inside, outside, picture))
    return tuple(found)
