"""How the diagram looks: fonts, sizes, colours and one box style per kind of group.

Group colours follow the AWS architecture icon guidelines (AWS Cloud dark, Region teal dashed,
VPC purple, public subnets green, private subnets teal, ...); a plain `tier` is a neutral box.
Node attributes follow the diagrams library's look: an icon above its name, fixed size.
"""

from __future__ import annotations

from dataclasses import dataclass

from archgen.model.schema import GroupKind

FONT = "Noto Sans"
TEXT_COLOUR = "#232F3E"
MUTED_COLOUR = "#545B64"
LINK_COLOUR = "#7B8894"
LINK_TEXT_COLOUR = "#545B64"
LABEL_BACKGROUND = "#FFFFFFD9"  # edge labels sit on translucent white

TITLE_SIZE = 22
SUBTITLE_SIZE = 13
NODE_FONT_SIZE = 12
GROUP_FONT_SIZE = 13
STEP_FONT_SIZE = 11
STEP_NUMBER_SIZE = 14
LINK_FONT_SIZE = 10
LEGEND_FONT_SIZE = 11

# Node box in inches: the icon fills the width, the name sits under it (diagrams uses 1.4 x 1.9).
NODE_WIDTH = 1.4
NODE_HEIGHT = 1.8
NODE_LINE_HEIGHT = 0.22  # extra height per wrapped line of the service name
NAME_WRAP = 16  # characters per line of a service name: about the node's width

GRAPH_ATTRS: dict[str, str] = {
    "compound": "true",
    "splines": "spline",
    "outputorder": "edgesfirst",
    "nodesep": "0.55",
    "ranksep": "0.9",
    "pad": "0.4",
    "bgcolor": "white",
    "fontname": FONT,
    "fontsize": str(GROUP_FONT_SIZE),
    "fontcolor": TEXT_COLOUR,
    "labelloc": "t",
    "labeljust": "l",
}

NODE_ATTRS: dict[str, str] = {
    "shape": "none",
    "fixedsize": "true",
    "width": str(NODE_WIDTH),
    "height": str(NODE_HEIGHT),
    "imagescale": "true",
    "labelloc": "b",
    "fontname": FONT,
    "fontsize": str(NODE_FONT_SIZE),
    "fontcolor": TEXT_COLOUR,
}

EDGE_ATTRS: dict[str, str] = {
    "fontname": FONT,
    "fontsize": str(STEP_FONT_SIZE),
    "color": LINK_COLOUR,
    "arrowsize": "0.8",
}

STEP_PENWIDTH = "1.8"
LINK_PENWIDTH = "1.1"


@dataclass(frozen=True)
class ClusterStyle:
    """The box drawn around a group: border, fill and the colour of its label."""

    colour: str
    fill: str = "transparent"
    dashed: bool = False
    rounded: bool = False
    penwidth: float = 1.5

    @property
    def style(self) -> str:
        parts = ["dashed" if self.dashed else "solid"]
        if self.rounded:
            parts.append("rounded")
        if self.fill != "transparent":
            parts.append("filled")
        return ",".join(parts)


CLUSTER_STYLES: dict[GroupKind, ClusterStyle] = {
    GroupKind.TIER: ClusterStyle("#AAB7B8", fill="#F5F7F9", rounded=True, penwidth=1.0),
    GroupKind.AWS_CLOUD: ClusterStyle("#232F3E", penwidth=2.0),
    GroupKind.REGION: ClusterStyle("#00A4A6", dashed=True),
    GroupKind.AVAILABILITY_ZONE: ClusterStyle("#147EBA", dashed=True),
    GroupKind.VPC: ClusterStyle("#8C4FFF"),
    GroupKind.PUBLIC_SUBNET: ClusterStyle("#7AA116", fill="#F2F6E8"),
    GroupKind.PRIVATE_SUBNET: ClusterStyle("#00A4A6", fill="#E6F6F7"),
    GroupKind.SECURITY_GROUP: ClusterStyle("#DD344C"),
    GroupKind.AUTO_SCALING_GROUP: ClusterStyle("#ED7100", dashed=True),
    GroupKind.ACCOUNT: ClusterStyle("#E7157B"),
    GroupKind.ON_PREMISES: ClusterStyle("#7D8998"),
}

# The tier label reads better a shade darker than its light border.
TIER_LABEL_COLOUR = "#545B64"


def cluster_style(kind: GroupKind) -> ClusterStyle:
    return CLUSTER_STYLES[kind]


def label_colour(kind: GroupKind) -> str:
    """Group labels are drawn in their border colour, except the pale tier border."""
    return TIER_LABEL_COLOUR if kind is GroupKind.TIER else CLUSTER_STYLES[kind].colour
