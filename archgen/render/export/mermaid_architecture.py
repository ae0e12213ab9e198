"""diagram.architecture.mmd: the diagram as Mermaid's `architecture-beta` chart where it can
be drawn as one, else as the flowchart of diagram.mmd.

architecture-beta (Mermaid 11) draws groups nested as the model's, services with an icon
(Mermaid's built-in `cloud`, `database`, `disk`, `internet`, `server`, chosen by icon kind) and
edges between sides of services, each with a title. Steps keep their numbers in those titles.
It has no colour or dash per edge, and only one edge per ordered pair of services, so the
steps and links from one service to another share an edge whose title lists them all:
`2. HTTPS request; 9. request model`.

What decides the form: architecture-beta reads its titles as Markdown and Mermaid entity codes
(`#35;`) as text, so a label holding a character outside `PLAIN` (a backtick, `*`, `_`,
`\\`, `#`, `<`, a line break, ...) or spaces at its ends or doubled could not be shown as typed
there. Then the whole chart is the flowchart (`archgen.render.diagram.mermaid`), which shows
any text as typed, with a `%%` line saying why. Ids are the model's, prefixed as in the
flowchart (`s_web`, `g_edge`), so none can be read as a keyword.
"""

from __future__ import annotations

import unicodedata

from archgen.render.diagram.mermaid import build_mermaid, group_id, service_id
from archgen.render.export.layout import Layout, read_layout
from archgen.render.rendering import Rendering
from archgen.resolve.view import GroupView, RenderView, ServiceView

PLAIN = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,:;()/+=?!@'\"-[]{}%"
)
ICONS = {  # by the icon kind's category; everything else is a `server`
    "database": "database",
    "storage": "disk",
    "network": "internet",
    "client": "internet",
}
CLOUD_GROUPS = frozenset({"aws-cloud", "region", "vpc", "account"})
SIDES = {"LR": ("R", "L"), "TB": ("B", "T")}
LINK_ARROWS = {"forward": ("", ">"), "back": ("<", ""), "both": ("<", ">"), "none": ("", "")}
FALLBACK_NOTE = (
    "%% flowchart, not architecture-beta: a name or label here holds text that "
    "architecture-beta would not show as typed (see archgen's docs on exports)"
)


def architecture_file(rendering: Rendering) -> bytes:
    """diagram.architecture.mmd, as `archgen.outputs` names it (sealed by the caller)."""
    view = rendering.view
    if not expressible(view):
        return build_architecture(view).encode("utf-8")
    return build_architecture(view, read_layout(rendering.svg())).encode("utf-8")


def build_architecture(view: RenderView, layout: Layout | None = None) -> str:
    """architecture-beta when every text of the view is plain, else the flowchart.

    Each edge leaves and enters its services on the sides that face each other in `layout`
    (archgen's Graphviz drawing), which architecture-beta takes as where to place them; without
    a layout, along the diagram's direction."""
    if not expressible(view):
        return FALLBACK_NOTE + "\n" + build_mermaid(view)
    lines = ["architecture-beta"]
    lines += [_group_line(group) for group in view.groups if not group.is_overlay]
    lines += [_service_line(service) for service in view.services]
    lines += _edge_lines(view, layout)
    return "\n".join(lines) + "\n"


def expressible(view: RenderView) -> bool:
    """Whether architecture-beta can show every name and label of the view as typed."""
    return all(is_plain(text) for text in _texts(view))


def is_plain(text: str) -> bool:
    """Only `PLAIN` characters or letters and digits of any script, single spaces inside."""
    if text != text.strip(" ") or "  " in text:
        return False
    return all(ch in PLAIN or (ord(ch) > 127 and _is_word(ch)) for ch in text)


def title(text: str) -> str:
    """A quoted architecture-beta title: plain text, so only `"` needs escaping."""
    return '["' + text.replace('"', '\\"') + '"]'


def icon_of(service: ServiceView) -> str:
    parts = service.icon.split(".")
    category = parts[1] if len(parts) > 2 else ""
    return ICONS.get(category, "server")


def _texts(view: RenderView) -> list[str]:
    texts = [view.project.title, *(s.name for s in view.services), *(g.label for g in view.groups)]
    texts += [step.label for step in view.steps]
    texts += [link.label for link in view.links if link.label]
    return texts


def _is_word(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "LN"


def _group_line(group: GroupView) -> str:
    icon = "(cloud)" if group.kind.value in CLOUD_GROUPS else ""
    parent = f" in {group_id(group.parent_id)}" if group.parent_id else ""
    return f"  group {group_id(group.id)}{icon}{title(group.label)}{parent}"


def _service_line(service: ServiceView) -> str:
    parent = f" in {group_id(service.group_id)}" if service.group_id else ""
    return f"  service {service_id(service.id)}({icon_of(service)}){title(service.name)}{parent}"


def _edge_lines(view: RenderView, layout: Layout | None) -> list[str]:
    """One edge per ordered pair of services: its steps' numbered labels, then its links'."""
    labels: dict[tuple[str, str], list[str]] = {}
    arrows: dict[tuple[str, str], tuple[str, str]] = {}
    for step in view.steps:
        pair = (step.source, step.target)
        labels.setdefault(pair, []).append(f"{step.number}. {step.label}")
        arrows.setdefault(pair, ("", ">"))
    for link in view.links:
        pair = (link.source, link.target)
        labels.setdefault(pair, []).extend([link.label] if link.label else [])
        arrows.setdefault(pair, LINK_ARROWS[link.direction.value])
    return [
        _edge_line(pair, labels[pair], arrows[pair], _sides(pair, view, layout)) for pair in labels
    ]


def _sides(pair: tuple[str, str], view: RenderView, layout: Layout | None) -> tuple[str, str]:
    """The sides of source and target that face each other in the drawing."""
    if layout is None or pair[0] not in layout.icons or pair[1] not in layout.icons:
        return SIDES[view.direction.value]
    start, end = layout.icons[pair[0]], layout.icons[pair[1]]
    dx = (end.x + end.width / 2) - (start.x + start.width / 2)
    dy = (end.y + end.height / 2) - (start.y + start.height / 2)
    if abs(dx) >= abs(dy):
        return ("R", "L") if dx >= 0 else ("L", "R")
    return ("B", "T") if dy >= 0 else ("T", "B")


def _edge_line(
    pair: tuple[str, str], labels: list[str], arrow: tuple[str, str], sides: tuple[str, str]
) -> str:
    source, target = pair
    out_side, in_side = sides
    into_source, into_target = arrow
    line = f"-{title('; '.join(labels))}-" if labels else "--"
    return (
        f"  {service_id(source)}:{out_side} {into_source}{line}{into_target} "
        f"{in_side}:{service_id(target)}"
    )
