"""diagram.d2 as D2 draws it: each service's image with its label, inside the containers it
is written in, each group's container label, and each numbered step's arrow between two
services with "5. read cache" on it (a step's arrow is the one drawn 2 px wide; a link's
label carries no number of its own). Read in the shapes `archgen.render.export.d2` writes."""

from __future__ import annotations

import re

from archgen.check.read import Flaw, Kind, ReadContext, Reading, Shown, Unreadable, words

KINDS: frozenset[Kind] = frozenset({"service", "group", "step"})
QUOTED = r'"(?:[^"\\]|\\.)*"'
BLOCK = re.compile(rf"^\s*(?P<key>{QUOTED})\s*:\s*(?P<label>{QUOTED})\s*\{{\s*$")
PATH = rf"{QUOTED}(?:\.{QUOTED})*"
EDGE = re.compile(rf"^(?P<tail>{PATH}) -> (?P<head>{PATH}): (?P<label>{QUOTED}) \{{\s*$")
STEP = re.compile(r"^(?P<number>\d+)\. (?P<label>.*)$", re.S)
ESCAPE = re.compile(r"\\(.)", re.S)


def unquoted(text: str) -> str:
    """A D2 double-quoted string as it reads."""
    return ESCAPE.sub(lambda m: "\n" if m[1] == "n" else m[1], text[1:-1])


def _last_key(path: str) -> str:
    return unquoted(re.findall(QUOTED, path)[-1])


def read_d2(data: bytes, context: ReadContext) -> Reading:
    """diagram.d2, as `archgen.outputs` names the reader."""
    try:
        lines = data.decode("utf-8").splitlines()
    except UnicodeDecodeError as error:
        raise Unreadable(f"is not UTF-8 ({error})") from None
    reading = Reading(KINDS)
    open_blocks: list[tuple[str, str, int] | None] = []  # key, label, line; None: a plain block
    for index, line in enumerate(lines):
        number = index + 1
        if (edge := EDGE.match(line)) is not None:
            below = lines[index + 1] if index + 1 < len(lines) else ""
            if "stroke-width: 2" in below:
                _read_step(edge, f"line {number}", reading)
            open_blocks.append(None)
        elif (block := BLOCK.match(line)) is not None:
            open_blocks.append((unquoted(block["key"]), unquoted(block["label"]), number))
        elif line.rstrip().endswith("{"):
            open_blocks.append(None)
        elif line.strip() == "}" and open_blocks:
            _close(open_blocks, reading)
        elif line.strip() == "shape: image" and open_blocks and (node := open_blocks[-1]):
            key, label, at = node
            open_blocks.pop()
            groups = [b[0] for b in open_blocks if b is not None]
            reading.add(Shown("service", key, words(label), f"line {at}",
                              inside=groups[-1] if groups else ""))  # fmt: skip
            open_blocks.append(None)  # its block is read
    return reading


def _close(open_blocks: list[tuple[str, str, int] | None], reading: Reading) -> None:
    closed = open_blocks.pop()
    if closed is not None and closed[0] != "archgen title":
        key, label, at = closed
        reading.add(Shown("group", key, words(label), f"line {at}"))


def _read_step(edge: re.Match[str], place: str, reading: Reading) -> None:
    label = STEP.match(unquoted(edge["label"]))
    if label is None:
        reading.flaws.append(Flaw(place, "a step's arrow shows no step number"))
        return
    ends = (_last_key(edge["tail"]), _last_key(edge["head"]))
    reading.add(Shown("step", label["number"], words(label["label"]), place, ends=ends))
