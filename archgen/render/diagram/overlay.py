"""Overlay groups, drawn after the layout: a dashed outline around members in other boxes.

Graphviz clusters nest and never overlap, so a group spanning services of two subnets (an Auto
Scaling group across two availability zones) cannot be a cluster. The diagram is laid out
without it; then each overlay becomes one node of the laid-out graph, a box with its label at
the top, fixed at the members' bounding box (read from Graphviz's JSON layout), and the
positioned graph is drawn as it stands (`neato -n2`: no second layout) into SVG and PNG.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from archgen.model.colours import hex_colour
from archgen.render.diagram import styles
from archgen.render.diagram.dot import Html, attrs, html_text, label_lines, quote, tooltip_text
from archgen.resolve.view import GroupView, RenderView

MARGIN = 8.0  # points between the members' boxes and the outline
# The label goes at the bottom, on white: above the members sit the labels of their own boxes.
LABEL_ROOM = 20.0  # points below the members for the label
POINTS_PER_INCH = 72.0


@dataclass(frozen=True)
class Box:
    """A rectangle in Graphviz's points, y upwards."""

    left: float
    bottom: float
    right: float
    top: float

    def around(self, other: Box) -> Box:
        return Box(
            min(self.left, other.left),
            min(self.bottom, other.bottom),
            max(self.right, other.right),
            max(self.top, other.top),
        )


def node_boxes(layout_json: bytes) -> dict[str, Box]:
    """Each laid-out node's box, by name, from `dot -Tjson`."""
    layout = json.loads(layout_json)
    boxes = {}
    for item in layout.get("objects", []):
        if "pos" not in item or "width" not in item or "nodes" in item or "subgraphs" in item:
            continue
        x, y = (float(v) for v in item["pos"].split(",")[:2])
        half_w = float(item["width"]) * POINTS_PER_INCH / 2
        half_h = float(item["height"]) * POINTS_PER_INCH / 2
        boxes[item["name"]] = Box(x - half_w, y - half_h, x + half_w, y + half_h)
    return boxes


def overlay_box(group: GroupView, nodes: Mapping[str, Box]) -> Box | None:
    """The outline of an overlay: its members' boxes, a margin around, room for the label
    below."""
    members = [nodes[m] for m in group.member_ids if m in nodes]
    if not members:
        return None
    box = members[0]
    for member in members[1:]:
        box = box.around(member)
    return Box(box.left - MARGIN, box.bottom - LABEL_ROOM, box.right + MARGIN, box.top + MARGIN)


def overlay_lines(view: RenderView, layout_json: bytes) -> list[str]:
    """One positioned node per overlay of the view whose members were laid out."""
    nodes = node_boxes(layout_json)
    lines = []
    for group in view.overlays:
        box = overlay_box(group, nodes)
        if box is not None:
            lines.append(overlay_node(group, box))
    return lines


def overlay_node(group: GroupView, box: Box) -> str:
    style = styles.cluster_style(group.kind)
    colour = hex_colour(group.group.colour) if group.group.colour else style.colour
    width, height = box.right - box.left, box.top - box.bottom
    text = "<BR/>".join(html_text(line) for line in label_lines(group.label))
    label = Html(
        f'<TABLE BORDER="0" CELLPADDING="1" CELLSPACING="0"><TR>'
        f'<TD ALIGN="LEFT" BALIGN="LEFT" BGCOLOR="{styles.LABEL_BACKGROUND}">'
        f'<FONT COLOR="{colour}"><B>{text}</B></FONT></TD></TR></TABLE>'
    )
    values = {
        "id": f"grp-{group.id}",
        "class": f"group group-overlay group-{group.kind.value}",
        "shape": "box",
        "style": "dashed,rounded",
        "color": colour,
        "penwidth": f"{1.5 * styles.WEIGHT_SCALE[group.group.weight]:g}",
        "fixedsize": "true",
        "width": f"{width / POINTS_PER_INCH:.4f}",
        "height": f"{height / POINTS_PER_INCH:.4f}",
        "pos": f"{(box.left + box.right) / 2:.2f},{(box.bottom + box.top) / 2:.2f}",
        "labelloc": "b",
        "label": label,
        "tooltip": tooltip_text(group.label),
    }
    return f"  {quote('overlay-' + group.id)} {attrs(values)};"


def with_overlays(laid_out: bytes, lines: Iterable[str]) -> bytes:
    """The positioned DOT with the overlay nodes added at its end, drawn over everything."""
    text = laid_out.decode("utf-8").rstrip()
    if not text.endswith("}"):
        raise ValueError("Graphviz wrote no complete positioned graph")
    return (text[:-1] + "\n".join(lines) + "\n}\n").encode("utf-8")
