"""Read the structure back out of archgen's DOT: services and the box each sits in, the box
tree, every edge as (tail, head, arrowheads) the way the model states it, and the overlays."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

_CLUSTER = re.compile(r'^\s*subgraph "cluster_(?P<id>[^"]+)" \{$')
_NODE = re.compile(r'^\s*"(?P<id>[^"]+)" \[id="svc-')
_EDGE = re.compile(r'^\s*"(?P<tail>[^"]+)" -> "(?P<head>[^"]+)" \[(?P<attrs>.*)\];$')
_OVERLAY = re.compile(r"^\s*// overlay (?P<id>\S+) \([^)]*\) around (?P<members>[^:]+):")
_ATTR = re.compile(r'(\w+)="((?:[^"\\]|\\.)*)"')
_FLIP = {"forward": "back", "back": "forward", "both": "both", "none": "none"}

Edge = tuple[str, str, str]  # tail, head, where the arrowheads go: forward/back/both/none


@dataclass
class DotStructure:
    services: dict[str, str | None] = field(default_factory=dict)  # service → its box
    groups: dict[str, str | None] = field(default_factory=dict)  # box → the box around it
    edges: Counter[Edge] = field(default_factory=Counter)
    arranged: list[tuple[str, str]] = field(default_factory=list)  # invisible ordering edges
    overlays: dict[str, set[str]] = field(default_factory=dict)


def read_dot(dot: str) -> DotStructure:
    found = DotStructure()
    stack: list[str] = []
    for line in dot.splitlines():
        if cluster := _CLUSTER.match(line):
            found.groups[cluster["id"]] = stack[-1] if stack else None
            stack.append(cluster["id"])
        elif line.strip() == "}" and stack:
            stack.pop()
        elif node := _NODE.match(line):
            found.services[node["id"]] = stack[-1] if stack else None
        elif edge := _EDGE.match(line):
            _read_edge(found, edge)
        elif overlay := _OVERLAY.match(line):
            found.overlays[overlay["id"]] = set(overlay["members"].split(", "))
    return found


def _read_edge(found: DotStructure, edge: re.Match[str]) -> None:
    """An edge archgen wrote head first (class `reversed`) is turned back the model's way."""
    values = dict(_ATTR.findall(edge["attrs"]))
    classes = values.get("class", "").split()
    if "arrange" in classes:
        found.arranged.append((edge["tail"], edge["head"]))
        return
    tail, head, arrows = edge["tail"], edge["head"], values.get("dir", "forward")
    if "reversed" in classes:
        tail, head, arrows = head, tail, _FLIP[arrows]
    found.edges[(tail, head, arrows)] += 1
