"""diagram.architecture.mmd as Mermaid's architecture-beta draws it: each service with its
title inside its group, each group's title, and each edge's labels, where a step reads
"5. read cache" (one edge carries every step and link between its two services, joined by
"; "). Read in the shapes `archgen.render.export.mermaid_architecture` writes; a chart whose
text architecture-beta could not show as typed is written as the flowchart of diagram.mmd,
and read as that."""

from __future__ import annotations

import re

from archgen.check.read import Kind, ReadContext, Reading, Shown, Unreadable, words
from archgen.check.read.mermaid import model_id, read_mermaid

KINDS: frozenset[Kind] = frozenset({"service", "group", "step"})
TITLE = r'\["(?P<title>(?:[^"\\]|\\.)*)"\]'
GROUP = re.compile(rf"^\s*group g_(?P<id>\w+)(?:\(\w+\))?{TITLE}(?: in g_\w+)?\s*$")
SERVICE = re.compile(rf"^\s*service s_(?P<id>\w+)\([\w-]+\){TITLE}(?: in g_(?P<group>\w+))?\s*$")
EDGE = re.compile(rf"^\s*s_(?P<tail>\w+):[LRTB] <?-{TITLE}->? [LRTB]:s_(?P<head>\w+)\s*$")
STEP = re.compile(r"^(?P<number>\d+)\. (?P<label>.*)$", re.S)


def title(match: re.Match[str]) -> str:
    return words(match["title"].replace('\\"', '"'))


def read_mermaid_architecture(data: bytes, context: ReadContext) -> Reading:
    """diagram.architecture.mmd, as `archgen.outputs` names the reader."""
    try:
        lines = data.decode("utf-8").splitlines()
    except UnicodeDecodeError as error:
        raise Unreadable(f"is not UTF-8 ({error})") from None
    chart = next((line.strip() for line in lines if line.strip()[:2] not in ("", "%%")), "")
    if chart.startswith("flowchart"):
        return read_mermaid(data, context)
    reading = Reading(KINDS)
    for number, line in enumerate(lines, start=1):
        place = f"line {number}"
        if (group := GROUP.match(line)) is not None:
            reading.add(Shown("group", model_id(group["id"]), title(group), place))
        elif (service := SERVICE.match(line)) is not None:
            inside = model_id(service["group"]) if service["group"] else ""
            reading.add(Shown("service", model_id(service["id"]), title(service), place,
                              inside=inside))  # fmt: skip
        elif (edge := EDGE.match(line)) is not None:
            ends = (model_id(edge["tail"]), model_id(edge["head"]))
            for part in edge["title"].replace('\\"', '"').split("; "):
                if (step := STEP.match(part)) is not None:
                    label = words(step["label"])
                    reading.add(Shown("step", step["number"], label, place, ends=ends))
    return reading
