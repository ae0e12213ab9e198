"""How the diagram looks: fonts, sizes, colours and one box style per kind of group.

Group colours follow the AWS architecture icon guidelines (AWS Cloud dark, Region teal dashed,
VPC purple, public subnets green, private subnets teal, ...) and the Google Cloud, Azure and
Kubernetes looks for their boundaries; a plain `tier` is a neutral box, `generic` a dashed one.
Nodes show an icon above the name, as the diagrams library does, but with a smaller icon.
"""

from __future__ import annotations

from dataclasses import dataclass

from archgen.model.schema import GroupKind, Weight

FONT = "Noto Sans"
TEXT_COLOUR = "#232F3E"
MUTED_COLOUR = "#545B64"
LINK_COLOUR = "#7B8894"
LINK_TEXT_COLOUR = "#545B64"
LABEL_BACKGROUND = "#FFFFFFD9"  # edge labels sit on translucent white

# The diagram is printed at page width (~480 pt on A4), about 0.45 of its size for the example:
# text is large and everything else compact, so names and steps still print at 6 pt or more.
TITLE_SIZE = 22
SUBTITLE_SIZE = 13
NODE_FONT_SIZE = 14
GROUP_FONT_SIZE = 14
STEP_FONT_SIZE = 14
STEP_NUMBER_SIZE = 16
LINK_FONT_SIZE = 12
LEGEND_FONT_SIZE = 12

# A service is its icon above its name, the node as wide as the wider of the two. Icons are
# small beside the text, as in AWS reference diagrams (diagrams' 1.4 in boxes are not).
ICON_SIZE = 48  # points, the side of the square the icon is scaled into
NAME_GAP = 2  # points of padding around the name, below the icon

# Labels take room along the flow (a column of their own in a left-to-right diagram), so they
# are wrapped into narrow blocks: characters per line, the step number included.
NAME_WRAP = 12
STEP_WRAP = 13
LINK_WRAP = 10
LEGEND_WRAP = 12
LEGEND_SAMPLE_WIDTH = 30  # points, the line drawn for each kind of edge

CLUSTER_MARGIN = "6"  # points between a group's border and what it holds

GRAPH_ATTRS: dict[str, str] = {
    "compound": "true",
    "splines": "spline",
    "outputorder": "edgesfirst",
    "nodesep": "0.3",
    "ranksep": "0.25",
    "pad": "0.1",
    "bgcolor": "white",
    "fontname": FONT,
    "fontsize": str(GROUP_FONT_SIZE),
    "fontcolor": TEXT_COLOUR,
    "labelloc": "t",
    "labeljust": "l",
}

NODE_ATTRS: dict[str, str] = {
    "shape": "plain",
    "fontname": FONT,
    "fontsize": str(NODE_FONT_SIZE),
    "fontcolor": TEXT_COLOUR,
}

EDGE_ATTRS: dict[str, str] = {
    # Arrowheads end on the icon's cell (dot.ICON_PORT), not in the air beside a wide name;
    # tails leave from the whole node, so a node's edges fan out rather than bunch at one point
    # (an edge with an arrowhead at its tail gets the tail port too, see dot.with_ports).
    "headport": "icon",
    "decorate": "true",  # each label underlined and tied to its edge by a short line
    "fontname": FONT,
    "fontsize": str(STEP_FONT_SIZE),
    "color": LINK_COLOUR,
    "arrowsize": "0.8",
}

STEP_PENWIDTH = "1.8"
LINK_PENWIDTH = "1.1"
# `weight:` of a line or a group's border, as a factor on its usual pen width.
WEIGHT_SCALE: dict[Weight, float] = {Weight.LIGHT: 0.6, Weight.NORMAL: 1.0, Weight.BOLD: 1.8}


def pen_width(usual: str, weight: Weight) -> str:
    return f"{float(usual) * WEIGHT_SCALE[weight]:g}"


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
    GroupKind.SUBNET: ClusterStyle("#5A6B86", fill="#F4F6F8"),
    GroupKind.GENERIC: ClusterStyle("#7D8998", dashed=True, penwidth=1.2),
    # Google Cloud draws projects as grey panels; Azure resource groups as dashed blue
    # outlines; Kubernetes boxes in its logo blue, namespaces dashed inside the cluster.
    GroupKind.GCP_PROJECT: ClusterStyle("#5F6368", fill="#F1F3F4", rounded=True),
    GroupKind.AZURE_RESOURCE_GROUP: ClusterStyle("#0078D4", dashed=True),
    GroupKind.K8S_CLUSTER: ClusterStyle("#326CE5", rounded=True),
    GroupKind.K8S_NAMESPACE: ClusterStyle("#326CE5", dashed=True, rounded=True, penwidth=1.2),
}

# The tier label reads better a shade darker than its light border.
TIER_LABEL_COLOUR = "#545B64"


def cluster_style(kind: GroupKind) -> ClusterStyle:
    return CLUSTER_STYLES[kind]


def label_colour(kind: GroupKind) -> str:
    """Group labels are drawn in their border colour, except the pale tier border."""
    return TIER_LABEL_COLOUR if kind is GroupKind.TIER else CLUSTER_STYLES[kind].colour
