"""Render view → DOT text, deterministically: model ids as node ids, model order throughout.

Every piece of user text goes through an HTML-like label (`html_text`) or a tooltip
(`tooltip_text`), escaped so that quotes, `<`, `&`, backslashes and `\\n` show literally; a
real line break in a name or label is kept as a break (`label_lines`). Every colour is the
`#RRGGBB` of `archgen.model.colours.hex_colour`, never the model's text.

The DOT given to Graphviz names the icon files themselves. The DOT that archgen writes out
(`build_dot` without `icons`) keeps each icon's fixed-size cell empty, with the icon named in a
comment: it lays out the same on any machine with `dot -Tsvg diagram.dot`, reads no file, and
is the same bytes everywhere.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from archgen.model.colours import hex_colour
from archgen.model.schema import Link, LinkDirection, Weight
from archgen.render.diagram import styles
from archgen.render.diagram.hints import arrangement_lines, border_lines
from archgen.resolve.view import FlowView, GroupView, NumberedStep, RenderView, ServiceView

_CONTROL = re.compile(r"\r\n|[\x00-\x1f\x7f]")
_UNSAFE_FILE_CHARS = re.compile(r"[^A-Za-z0-9._-]+")
LEGEND_ID = "legend"
TOOLTIP_LIMIT = 300


def plain(text: str) -> str:
    """The text on one line: newlines, tabs and other control characters become spaces."""
    return _CONTROL.sub(" ", text)


def html_text(text: str) -> str:
    """Text for an HTML-like label, shown literally.

    Graphviz turns `\\\\` into `\\` and expands `\\N`, `\\G`... in HTML labels too, so every
    backslash is doubled. Graphviz 2.43 fails on text of only `]` before a tag (`<B>]</B>`),
    and joins it to the next line, so `]` is written as a character reference.
    """
    escaped = plain(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return escaped.replace('"', "&quot;").replace("]", "&#93;").replace("\\", "\\\\")


def _attribute(value: str) -> str:
    """A value for an attribute of an HTML-like label (an icon's file name)."""
    escaped = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return escaped.replace('"', "&quot;")


def tooltip_text(text: str) -> str:
    """Text for a quoted tooltip, shown literally.

    Graphviz 2.43 runs tooltips through its escape processing twice (`\\\\` → `\\`, then `\\N`
    → node name), so each backslash is written four times; entities pass through unchanged.
    """
    if len(text) > TOOLTIP_LIMIT:
        text = text[: TOOLTIP_LIMIT - 1].rstrip() + "…"
    escaped = plain(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return escaped.replace('"', "&quot;").replace("\\", "\\\\\\\\")


def quote(value: str) -> str:
    """A DOT quoted string. Only `"` needs escaping there: backslashes reach Graphviz's own
    escape processing untouched, so text with backslashes must come through `tooltip_text`."""
    return '"' + value.replace('"', '\\"') + '"'


class Html(str):
    """An HTML-like label body, already escaped: written as `<...>`, never quoted."""


def attrs(values: Mapping[str, str]) -> str:
    """`[key="value", label=<html>]`, in the order given."""
    parts = []
    for key, value in values.items():
        shown = f"<{value}>" if isinstance(value, Html) else quote(value)
        parts.append(f"{key}={shown}")
    return "[" + ", ".join(parts) + "]"


def icon_names(view: RenderView) -> dict[Path, str]:
    """Each distinct icon file → its name beside the DOT, `icons/<n>-<file>`, in model order."""
    names: dict[Path, str] = {}
    for service in view.services:
        if service.icon_file not in names:
            safe = _UNSAFE_FILE_CHARS.sub("_", service.icon_file.name)
            names[service.icon_file] = f"icons/{len(names) + 1}-{safe}"
    return names


@dataclass(frozen=True)
class Layout:
    """Ranking choices, relaxed in turn when Graphviz 2.43 fails to rank ("trouble in init_rank").

    By default links constrain the ranks, which lines cross-cutting services (security,
    monitoring) up beside what they act on. `newrank` ranks across clusters more robustly, but
    2.43 can then stack the labels of parallel edges on one spot, and is slow on big graphs.
    """

    links_constrain: bool = True
    newrank: bool = False


LAYOUTS = (Layout(), Layout(links_constrain=False), Layout(links_constrain=False, newrank=True))


def build_dot(
    view: RenderView,
    *,
    layout: Layout = LAYOUTS[0],
    icons: Mapping[Path, str] | None = None,
    marked: bool = False,
) -> str:
    """The whole diagram as DOT text; `icons` names each icon file to draw (default: none, each
    icon's cell left empty and the icon named in a comment). `marked`: each service's tooltip
    is a mark (`tooltip_mark`) in place of its text, which shapes nothing Graphviz lays out:
    the layout of the marked DOT is the same whatever the services' `does:` texts, and
    `fill_tooltips` writes the texts into its SVG."""
    lines = ['digraph "architecture" {', *_graph_defaults(view, layout)]
    for service in view.ungrouped_services:
        lines += _node_lines(service, icons, marked)
    for group in view.root_boxes:
        lines += _cluster_lines(view, group, icons, marked)
    directions = edge_directions(view)
    lines += [_step_line(view, step, directions) for step in view.steps]
    lines += [
        _link_line(index, link, directions, layout.links_constrain)
        for index, link in enumerate(view.links, start=1)
    ]
    lines += arrangement_lines(view)
    lines += overlay_comments(view)
    lines += _legend_lines(view)
    lines.append("}")
    return "\n".join(lines) + "\n"


def _graph_defaults(view: RenderView, layout: Layout) -> list[str]:
    # Graphviz 2.43 switches newrank on when the attribute is present at all, even "false".
    graph = {
        **({"newrank": "true"} if layout.newrank else {}),
        **styles.GRAPH_ATTRS,
        "rankdir": view.direction.value,
        "id": "diagram",
        "class": "diagram",
        "label": _title_label(view),
        "labeljust": "c",
    }
    return [
        f"  graph {attrs(graph)};",
        f"  node {attrs(styles.NODE_ATTRS)};",
        f"  edge {attrs(styles.EDGE_ATTRS)};",
    ]


def _title_label(view: RenderView) -> str:
    project = view.project
    title = f'<FONT POINT-SIZE="{styles.TITLE_SIZE}"><B>{html_text(project.title)}</B></FONT>'
    if project.subtitle:
        title += (
            f'<BR/><FONT POINT-SIZE="{styles.SUBTITLE_SIZE}" COLOR="{styles.MUTED_COLOUR}">'
            f"{html_text(project.subtitle)}</FONT>"
        )
    return Html(f"{title}<BR/> ")


def _cluster_lines(
    view: RenderView,
    group: GroupView,
    icons: Mapping[Path, str] | None,
    marked: bool,
    indent: str = "  ",
) -> list[str]:
    """A group as `subgraph "cluster_<id>"`, its child groups nested, then its services."""
    lines = [f"{indent}subgraph {quote('cluster_' + group.id)} {{"]
    lines.append(f"{indent}  graph {attrs(_cluster_attrs(group))};")
    for child_id in group.child_ids:
        lines += _cluster_lines(view, view.group(child_id), icons, marked, indent + "  ")
    for service_id in group.service_ids:
        node = _node_lines(view.service(service_id), icons, marked)
        lines += [indent + line for line in node]
    lines += border_lines(view, group, indent)
    if not group.child_ids and not group.service_ids:
        lines.append(indent + _placeholder_line(group))
    lines.append(f"{indent}}}")
    return lines


def overlay_comments(view: RenderView) -> list[str]:
    """Each overlay group as a comment: it is drawn after the layout, around its members
    (`archgen.render.diagram.overlay`), so it is no part of the graph that is laid out."""
    lines = []
    for group in view.overlays:
        colour = hex_colour(group.group.colour) if group.group.colour else "default"
        lines.append(
            f"  // overlay {group.id} ({group.kind.value}, {colour}, {group.group.weight.value})"
            f" around {', '.join(group.member_ids)}: {plain(group.label)}"
        )
    return lines


def _placeholder_line(group: GroupView) -> str:
    """Graphviz drops an empty cluster; an invisible node keeps the group's box on the page."""
    name = quote(f"empty-{group.id}")
    return f'  {name} [label="", shape=none, width="0.6", height="0.4", style=invis];'


def _cluster_attrs(group: GroupView) -> dict[str, str]:
    style = styles.cluster_style(group.kind)
    own = hex_colour(group.group.colour) if group.group.colour else None
    colour = own or styles.label_colour(group.kind)
    label = Html(group_label_text(group.label, colour))
    values = {
        "id": f"grp-{group.id}",
        "class": f"group group-{group.kind.value}",
        "label": label,
        "tooltip": tooltip_text(group.label),
        "labeljust": "l",
        "style": style.style,
        "color": own or style.colour,
        "penwidth": f"{style.penwidth * styles.WEIGHT_SCALE[group.group.weight]:g}",
        "margin": styles.CLUSTER_MARGIN,
    }
    if style.fill != "transparent":
        values["fillcolor"] = style.fill
    return values


def group_label_text(text: str, colour: str) -> str:
    """A group's label in its colour, bold; a label with line breaks in a table cell, so that
    every line, the last one too, is left-aligned."""
    lines = label_lines(text)
    shown = f'<FONT COLOR="{colour}"><B>' + "<BR/>".join(html_text(line) for line in lines)
    shown += "</B></FONT>"
    if len(lines) == 1:
        return shown
    return (
        '<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0">'
        f'<TR><TD BALIGN="LEFT">{shown}</TD></TR></TABLE>'
    )


def _node_lines(
    service: ServiceView, icons: Mapping[Path, str] | None, marked: bool = False
) -> list[str]:
    """The service's node, after a comment naming its icon when the icon is not drawn."""
    icon = icons[service.icon_file] if icons is not None else None
    values = {
        "id": f"svc-{service.id}",
        "class": "service",
        "label": _icon_label(service, icon),
        "tooltip": tooltip_mark(service) if marked else tooltip_text(service_tooltip(service)),
    }
    comment = [] if icon is not None else [f"  // icon: {plain(service.icon)}"]
    return [*comment, f"  {quote(service.id)} {attrs(values)};"]


def service_tooltip(service: ServiceView) -> str:
    return f"{service.name}: {service.does}"


def tooltip_mark(service: ServiceView) -> str:
    """What a marked DOT holds in place of the service's tooltip (a model id needs no escaping)."""
    return f"archgen-tooltip:svc-{service.id}"


def shown_tooltip(text: str) -> str:
    """The tooltip Graphviz shows for `text` (given through `tooltip_text`)."""
    if len(text) > TOOLTIP_LIMIT:
        text = text[: TOOLTIP_LIMIT - 1].rstrip() + "…"
    return plain(text)


ICON_PORT = "icon"  # edges end on the icon's cell, not on the name below it


def _icon_label(service: ServiceView, icon: str | None) -> Html:
    """The icon in a fixed square, the name under it (none for an empty name); the node is as
    wide as either."""
    size = styles.ICON_SIZE
    image = f'<IMG SRC="{_attribute(icon)}" SCALE="TRUE"/>' if icon is not None else ""
    rows = (
        f'<TR><TD FIXEDSIZE="TRUE" WIDTH="{size}" HEIGHT="{size}" PORT="{ICON_PORT}">'
        f"{image}</TD></TR>"
    )
    if service.service.name.strip():  # a blank placeholder has none: nothing is drawn
        rows += f'<TR><TD CELLPADDING="{styles.NAME_GAP}">{_name_text(service)}</TD></TR>'
    return Html(
        '<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0">' + rows + "</TABLE>"
    )


def _name_text(service: ServiceView) -> str:
    """The name's lines, in the service's own colour and weight when it has them."""
    text = "<BR/>".join(html_text(line) for line in label_lines(service.name, styles.NAME_WRAP))
    if service.service.weight is Weight.BOLD:
        text = f"<B>{text}</B>"
    if service.service.colour:
        text = f'<FONT COLOR="{hex_colour(service.service.colour)}">{text}</FONT>'
    return text


def edge_directions(view: RenderView) -> dict[frozenset[str], tuple[str, str]]:
    """The direction each pair of services is first connected in, steps before links.

    An edge against that direction is written the other way round with `dir=back`: Graphviz
    2.43 can draw two opposite edges between nodes of one rank on top of each other, labels
    included, while parallel edges always get their own curve and label.
    """
    first: dict[frozenset[str], tuple[str, str]] = {}
    for source, target in [
        *((s.source, s.target) for s in view.steps),
        *((link.source, link.target) for link in view.links),
    ]:
        first.setdefault(frozenset((source, target)), (source, target))
    return first


def _edge(
    source: str, target: str, directions: Mapping[frozenset[str], tuple[str, str]]
) -> tuple[str, bool]:
    """`"a" -> "b"` in the pair's drawing direction, and whether that reverses the edge."""
    tail, head = directions[frozenset((source, target))]
    reversed_ = (tail, head) != (source, target)
    return f"{quote(tail)} -> {quote(head)}", reversed_


def _step_line(
    view: RenderView, step: NumberedStep, directions: Mapping[frozenset[str], tuple[str, str]]
) -> str:
    flow = _flow_of(view, step)
    edge, reversed_ = _edge(step.source, step.target, directions)
    classes = ["step", f"flow-{step.flow_id}", step.mode, *(["reversed"] if reversed_ else [])]
    values = {
        "id": f"step-{step.number}",
        "class": " ".join(classes),
        "label": _on_white(_step_text(step)),
        "tooltip": tooltip_text(f"{step.number}. {step.label} ({flow.name})"),
        "color": step.colour,
        "fontcolor": step.colour,
        "penwidth": styles.pen_width(styles.STEP_PENWIDTH, step.step.weight),
        "style": "dashed" if step.mode == "async" else "solid",
    }
    if reversed_:
        values["dir"] = "back"
    if not step.step.constrain:
        values["constraint"] = "false"
    return f"  {edge} {attrs(with_ports(values))};"


def with_ports(values: dict[str, str]) -> dict[str, str]:
    """An edge with an arrowhead at its tail ends on the tail's icon too (heads always do)."""
    if values.get("dir") in ("back", "both"):
        values["tailport"] = ICON_PORT
    return values


def _step_text(step: NumberedStep) -> str:
    """The bold step number, then the label wrapped after it into a narrow block; a no-break
    space keeps the number on the line of the label's first word."""
    number = str(step.number)
    first, *rest = label_lines(f"{number}\N{NO-BREAK SPACE}{step.label}", styles.STEP_WRAP)
    bold = f'<FONT POINT-SIZE="{styles.STEP_NUMBER_SIZE}"><B>{number}</B></FONT>&#160;'
    return bold + _lines([first[len(number) + 1 :], *rest])


def _lines(lines: list[str]) -> str:
    """Lines of plain text, each left-aligned, for an HTML-like label."""
    return '<BR ALIGN="LEFT"/>'.join(html_text(line) for line in lines)


def _on_white(text: str) -> Html:
    """An edge label on a white patch, so lines passing under it do not cross the text."""
    return Html(
        '<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1" '
        f'BGCOLOR="{styles.LABEL_BACKGROUND}"><TR><TD BALIGN="LEFT">{text}</TD></TR></TABLE>'
    )


def label_lines(text: str, width: int = 0) -> list[str]:
    """The lines a name or label is drawn in: its own line breaks when it has any (a literal
    block, or `\\n` in double quotes), else wrapped to `width` characters (0: one line)."""
    text = text.replace("\r\n", "\n").strip("\n")
    if "\n" in text:
        return [line.rstrip() for line in text.split("\n")]
    return wrap_label(text, width) if width else [plain(text).strip()]


def wrap_label(text: str, width: int) -> list[str]:
    """`text` in as few lines as `width` characters a line allows, the lines about as long.

    Words are never split, so a longer word makes a longer line.
    """
    words = plain(text)
    count = len(_wrap(words, width))
    if count <= 1:
        return [words.strip()]
    shortest = -(-len(words) // count)
    return next(
        lines for w in range(shortest, len(words)) if len(lines := _wrap(words, w)) <= count
    )


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)


def _flow_of(view: RenderView, step: NumberedStep) -> FlowView:
    return next(flow for flow in view.flows if flow.id == step.flow_id)


_LINK_DIRS = {
    LinkDirection.FORWARD: "forward",
    LinkDirection.BACK: "back",
    LinkDirection.BOTH: "both",
    LinkDirection.NONE: "none",
}
_OPPOSITE = {"forward": "back", "back": "forward", "both": "both", "none": "none"}


def _link_line(
    index: int,
    link: Link,
    directions: Mapping[frozenset[str], tuple[str, str]],
    constrain: bool,
) -> str:
    edge, reversed_ = _edge(link.source, link.target, directions)
    arrows = _LINK_DIRS[link.direction]
    classes = ["link", f"link-{link.style.value}", *(["reversed"] if reversed_ else [])]
    values = {
        "id": f"link-{index}",
        "class": " ".join(classes),
        "style": link.style.value,
        "dir": _OPPOSITE[arrows] if reversed_ else arrows,
        "color": link_colour(link),
        "penwidth": styles.pen_width(styles.LINK_PENWIDTH, link.weight),
        "fontcolor": hex_colour(link.colour) if link.colour else styles.LINK_TEXT_COLOUR,
        "fontsize": str(styles.LINK_FONT_SIZE),
    }
    if not (constrain and link.constrain):
        values["constraint"] = "false"
    if link.label:
        values["label"] = _on_white(_lines(label_lines(link.label, styles.LINK_WRAP)))
        values["tooltip"] = tooltip_text(link.label)
    return f"  {edge} {attrs(with_ports(values))};"


def link_colour(link: Link) -> str:
    return hex_colour(link.colour) if link.colour else styles.LINK_COLOUR


def _legend_lines(view: RenderView) -> list[str]:
    """One HTML-table node listing the flows; alone in its component, it sits in a corner.

    It widens the column of the layout it sits in, so it is kept about as narrow as a service.
    """
    rows = list(_legend_rows(view))
    if not rows:
        return []
    table = (
        '<TABLE BORDER="1" COLOR="#D5DBDB" CELLBORDER="0" CELLSPACING="2" CELLPADDING="1" '
        'BGCOLOR="white"><TR><TD COLSPAN="2" ALIGN="LEFT"><B>Legend</B></TD></TR>'
        + "".join(rows)
        + "</TABLE>"
    )
    values = {
        "id": LEGEND_ID,
        "class": "legend",
        "shape": "plain",
        "fontsize": str(styles.LEGEND_FONT_SIZE),
        "label": Html(table),
    }
    return [f"  {quote(LEGEND_ID)} {attrs(values)};"]


def _legend_rows(view: RenderView) -> Iterable[str]:
    for flow in view.flows:
        numbers = [step.number for step in flow.steps]
        span = f"{numbers[0]}–{numbers[-1]}" if len(numbers) > 1 else str(numbers[0])
        number = f'<FONT COLOR="{flow.colour}"><B>{span}</B></FONT>'
        yield _legend_row(flow.colour, "solid", number, flow.name)
    asynchronous = [step.colour for step in view.steps if step.mode == "async"]
    if asynchronous:  # in a flow's colour and as wide as a step, unlike a link
        yield _legend_row(asynchronous[0], "dashed", "", "asynchronous step", STEP_SAMPLE)
    kinds = link_kinds(view)
    for colour, style in kinds:
        text = "link" if len(kinds) == 1 and style == "solid" else f"{style} link"
        yield _legend_row(colour, style, "", text, LINK_SAMPLE)


def link_kinds(view: RenderView) -> list[tuple[str, str]]:
    """Each (colour, line style) the links are drawn in, in model order: the legend shows these
    and no other."""
    return list(dict.fromkeys((link_colour(link), link.style.value) for link in view.links))


STEP_SAMPLE, LINK_SAMPLE = 2, 1  # the legend's line widths: steps are drawn wider than links


def _legend_row(colour: str, style: str, number: str, text: str, width: int = STEP_SAMPLE) -> str:
    """A line sample with the flow's step numbers on it, then the wrapped description."""
    lines = _lines(wrap_label(text, styles.LEGEND_WRAP))
    return (
        f'<TR><TD WIDTH="{styles.LEGEND_SAMPLE_WIDTH}" VALIGN="BOTTOM" BORDER="{width}" SIDES="B" '
        f'STYLE="{style}" COLOR="{colour}">{number}</TD>'
        f'<TD ALIGN="LEFT" BALIGN="LEFT">{lines}</TD></TR>'
    )
