"""draw.io styles for archgen's icon kinds: AWS kinds as their AWS 2021+ shape (`mxgraph.aws4`),
every other kind as a labelled rounded box.

The kind → shape table is generated (`aws4_map.json`, by `aws4_generate`); this module only
reads it and writes the style strings.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

from archgen.icons.catalog import IconCatalog, load_catalog
from archgen.model.schema import GroupKind

MAP_PATH = Path(__file__).with_name("aws4_map.json")
LABEL_BELOW = (
    "verticalLabelPosition=bottom;verticalAlign=top;align=center;html=0;whiteSpace=wrap;"
    "fontSize=12;fontColor=#232F3E;aspect=fixed;outlineConnect=0;dashed=0;"
)
GENERIC = f"rounded=1;fillColor=#F5F7F9;strokeColor=#7B8894;{LABEL_BELOW}"
# Icon kinds beyond AWS that draw.io's AWS library draws too.
GENERAL_KINDS = {
    "onprem.client.Users": "users",
    "onprem.client.User": "user",
    "onprem.client.Client": "client",
    "generic.device.Mobile": "mobile_client",
}
GROUP_STYLES: dict[GroupKind, str] = {
    GroupKind.AWS_CLOUD: "group;grIcon=mxgraph.aws4.group_aws_cloud_alt;strokeColor=#232F3E;"
    "fillColor=none;fontColor=#232F3E;dashed=0;",
    GroupKind.REGION: "group;grIcon=mxgraph.aws4.group_region;strokeColor=#00A4A6;"
    "fillColor=none;fontColor=#147EBA;dashed=1;",
    GroupKind.VPC: "group;grIcon=mxgraph.aws4.group_vpc2;strokeColor=#8C4FFF;fillColor=none;"
    "fontColor=#AAB7B8;dashed=0;",
    GroupKind.PUBLIC_SUBNET: "group;grIcon=mxgraph.aws4.group_security_group;grStroke=0;"
    "strokeColor=#7AA116;fillColor=#F2F6E8;fontColor=#248814;dashed=0;",
    GroupKind.PRIVATE_SUBNET: "group;grIcon=mxgraph.aws4.group_security_group;grStroke=0;"
    "strokeColor=#00A4A6;fillColor=#E6F6F7;fontColor=#147EBA;dashed=0;",
    GroupKind.AUTO_SCALING_GROUP: "groupCenter;grIcon=mxgraph.aws4.group_auto_scaling_group;"
    "grStroke=1;strokeColor=#D86613;fillColor=none;fontColor=#D86613;dashed=1;",
    GroupKind.ACCOUNT: "group;grIcon=mxgraph.aws4.group_account;strokeColor=#CD2264;"
    "fillColor=none;fontColor=#CD2264;dashed=0;",
    GroupKind.ON_PREMISES: "group;grIcon=mxgraph.aws4.group_corporate_data_center;"
    "strokeColor=#7D8998;fillColor=none;fontColor=#5A6C86;dashed=0;",
}
# Boundaries draw.io draws as plain dashed or solid boxes (no group icon in its AWS library).
PLAIN_GROUP_STYLES: dict[GroupKind, str] = {
    GroupKind.AVAILABILITY_ZONE: "fillColor=none;strokeColor=#147EBA;dashed=1;fontColor=#147EBA;",
    GroupKind.SECURITY_GROUP: "fillColor=none;strokeColor=#DD3522;fontColor=#DD3522;",
    GroupKind.TIER: "rounded=1;arcSize=4;fillColor=#F5F7F9;strokeColor=#AAB7B8;"
    "fontColor=#545B64;fontStyle=1;",
}
CONTAINER = "container=1;collapsible=0;recursiveResize=0;pointerEvents=0;html=0;whiteSpace=wrap;"


@functools.cache
def shape_table() -> dict[str, list[str]]:
    """Each AWS kind → [style, draw.io name, fill colour, how the name was found]."""
    kinds: dict[str, list[str]] = json.loads(MAP_PATH.read_text(encoding="utf-8"))["kinds"]
    return kinds


def service_style(icon: str) -> str:
    """The style of a service drawn with icon kind `icon` (or an alias of one): its aws4 shape,
    or a plain box."""
    kind = _catalog().resolve(icon)
    icon = kind.kind if kind is not None else icon
    found = shape_table().get(icon)
    if found is not None:
        style, name, fill, _ = found
        if style == "service":
            return (
                f"shape=mxgraph.aws4.resourceIcon;resIcon=mxgraph.aws4.{name};"
                f"fillColor={fill};strokeColor=#ffffff;{LABEL_BELOW}"
            )
        return f"shape=mxgraph.aws4.{name};fillColor={fill};strokeColor=none;{LABEL_BELOW}"
    if icon in GENERAL_KINDS:
        return (
            f"shape=mxgraph.aws4.{GENERAL_KINDS[icon]};fillColor=#232F3D;strokeColor=none;"
            f"{LABEL_BELOW}"
        )
    return GENERIC


def group_style(kind: GroupKind) -> str:
    """A group as a container with its boundary's look; the label at its top left."""
    if kind in GROUP_STYLES:
        look = f"shape=mxgraph.aws4.{GROUP_STYLES[kind]}"
        return f"{look}{CONTAINER}verticalAlign=top;align=left;spacingLeft=30;fontSize=12;"
    look = PLAIN_GROUP_STYLES.get(kind, PLAIN_GROUP_STYLES[GroupKind.TIER])
    return f"{look}{CONTAINER}verticalAlign=top;align=left;spacingLeft=6;fontSize=12;"


@functools.cache
def _catalog() -> IconCatalog:
    """The icon catalogue, read once: every service looks its kind up."""
    return load_catalog()
