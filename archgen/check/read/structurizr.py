"""workspace.dsl as Structurizr shows it: each container's (and person's) name, and each
numbered step of the dynamic views (one a flow) with its two services and its description.
Read in the shapes `archgen.render.export.structurizr` writes; groups are named there by
label only, so they are not compared."""

from __future__ import annotations

import re

from archgen.check.read import Kind, ReadContext, Reading, Shown, Unreadable, words

KINDS: frozenset[Kind] = frozenset({"service", "step"})
QUOTED = r'"(?:[^"\\]|\\.)*"'
CONTAINER = re.compile(rf"^\s*(?P<id>[\w.-]+) = (?:container|person) (?P<name>{QUOTED})")
STEP = re.compile(
    rf"^\s*(?P<number>\d+): (?P<tail>[\w.-]+) -> (?P<head>[\w.-]+) (?P<label>{QUOTED})"
)


def unquoted(text: str) -> str:
    """A DSL string as it reads (`archgen.render.export.structurizr.text` in reverse)."""
    value = text[1:-1].replace('\\"', '"')
    return value.replace("\N{FULLWIDTH REVERSE SOLIDUS}", "\\").replace("\N{WORD JOINER}", "")


def read_structurizr(data: bytes, context: ReadContext) -> Reading:
    """workspace.dsl, as `archgen.outputs` names the reader."""
    try:
        lines = data.decode("utf-8").splitlines()
    except UnicodeDecodeError as error:
        raise Unreadable(f"is not UTF-8 ({error})") from None
    reading = Reading(KINDS)
    for number, line in enumerate(lines, start=1):
        place = f"line {number}"
        if (container := CONTAINER.match(line)) is not None:
            name = words(unquoted(container["name"]))
            reading.add(Shown("service", container["id"], name, place))
        elif (step := STEP.match(line)) is not None:
            label = words(unquoted(step["label"]))
            ends = (step["tail"], step["head"])
            reading.add(Shown("step", step["number"], label, place, ends=ends))
    return reading
