"""diagram.dot as Graphviz would draw it: the text of each node's and cluster's HTML-like
label, the cluster each node is written in, each step edge's two ends and the number and
label on it. Read line by line, in the shapes `archgen.render.diagram.dot` writes."""

from __future__ import annotations

import html
import re

from archgen.check.read import Flaw, Kind, ReadContext, Reading, Shown, Unreadable, words

KINDS: frozenset[Kind] = frozenset({"service", "group", "step"})
SUBGRAPH = re.compile(r'^\s*subgraph "cluster_(?P<id>[^"]+)" \{\s*$')
NODE = re.compile(r'^\s*"(?P<name>[^"]+)" \[id="svc-(?P<id>[^"]+)"')
CLUSTER = re.compile(r'^\s*graph \[id="grp-(?P<id>[^"]+)"')
EDGE = re.compile(
    r'^\s*"(?P<tail>[^"]+)" -> "(?P<head>[^"]+)" \[id="step-\d+", class="(?P<c>[^"]*)"'
)
TAG = re.compile(r"<[^<>]*>")


def label_text(line: str) -> str:
    """The text an HTML-like `label=<…>` on `line` shows ("" when there is none)."""
    start = line.find("label=<")
    if start < 0:
        return ""
    depth, at = 0, start + len("label=")
    for at in range(start + len("label="), len(line)):
        depth += {"<": 1, ">": -1}.get(line[at], 0)
        if depth == 0:
            break
    body = line[start + len("label=<") : at]
    shown = TAG.sub(" ", body.replace("<BR", " <BR"))
    return words(html.unescape(shown).replace("\\\\", "\\"))


def read_dot(data: bytes, context: ReadContext) -> Reading:
    """diagram.dot, as `archgen.outputs` names the reader."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise Unreadable(f"is not UTF-8 ({error})") from None
    reading = Reading(KINDS, overview=True)
    groups: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        place = f"line {number}"
        if match := SUBGRAPH.match(line):
            groups.append(match["id"])
        elif line.strip() == "}" and groups:
            groups.pop()
        elif (match := CLUSTER.match(line)) and groups:
            reading.add(Shown("group", match["id"], label_text(line), place))
        elif match := NODE.match(line):
            reading.add(Shown("service", match["id"], label_text(line), place,
                              inside=groups[-1] if groups else ""))  # fmt: skip
        elif match := EDGE.match(line):
            _read_step(match, label_text(line), place, reading)
    return reading


def _read_step(match: re.Match[str], shown: str, place: str, reading: Reading) -> None:
    number, _, label = shown.partition(" ")
    if not number.isdigit():
        reading.flaws.append(Flaw(place, "a step edge shows no step number"))
        return
    ends = (match["tail"], match["head"])
    if "reversed" in match["c"].split():
        ends = (ends[1], ends[0])
    reading.add(Shown("step", number, label, place, ends=ends))
