"""diagram.mmd as the chart Mermaid draws from it reads: each service's box with its text,
inside the subgraph it is written in, each group's subgraph title, and each numbered step's
arrow between two services with "5. read cache" on it.

Labels are decoded as Mermaid shows them (`#35;` is `#`); ids are the model's behind their
`s_`/`g_` prefix, with `__` for `-` (`archgen.render.diagram.mermaid`).
"""

from __future__ import annotations

import re

from archgen.check.read import Flaw, Kind, ReadContext, Reading, Shown, Unreadable, words

KINDS: frozenset[Kind] = frozenset({"service", "group", "step"})
NODE = re.compile(r'^\s*s_(?P<id>\w+)\["(?P<label>[^"]*)"\]\s*$')
SUBGRAPH = re.compile(r'^\s*subgraph g_(?P<id>\w+) \["(?P<label>[^"]*)"\]\s*$')
STEP = re.compile(r'^\s*s_(?P<source>\w+) -->\|"(?P<label>[^"]*)"\| s_(?P<target>\w+)\s*$')
NUMBERED = re.compile(r"^(?P<number>\d+)\. (?P<label>.*)$", re.S)
ENTITY = re.compile(r"#(\d+);")


def decoded(label: str) -> str:
    """A label as Mermaid shows it."""
    text = ENTITY.sub(lambda match: chr(int(match[1])), label)
    return words(text.replace("\N{WORD JOINER}", ""))


def model_id(mermaid_id: str) -> str:
    return mermaid_id.replace("__", "-")


def read_mermaid(data: bytes, context: ReadContext) -> Reading:
    """diagram.mmd, as `archgen.outputs` names the reader."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise Unreadable(f"is not UTF-8 ({error})") from None
    reading = Reading(KINDS)
    groups: list[str] = []  # the subgraphs open around the current line
    for number, line in enumerate(text.splitlines(), start=1):
        place = f"line {number}"
        if match := SUBGRAPH.match(line):
            groups.append(model_id(match["id"]))
            reading.add(Shown("group", groups[-1], decoded(match["label"]), place))
        elif line.strip() == "end" and groups:
            groups.pop()
        elif match := NODE.match(line):
            inside = groups[-1] if groups else ""
            reading.add(Shown("service", model_id(match["id"]), decoded(match["label"]), place,
                              inside=inside))  # fmt: skip
        elif match := STEP.match(line):
            _read_step(match, place, reading)
    return reading


def _read_step(match: re.Match[str], place: str, reading: Reading) -> None:
    label = NUMBERED.match(decoded(match["label"]))
    if label is None:
        reading.flaws.append(Flaw(place, "an arrow of a flow shows no step number"))
        return
    ends = (model_id(match["source"]), model_id(match["target"]))
    reading.add(Shown("step", label["number"], words(label["label"]), place, ends=ends))
