"""diagram.drawio as draw.io shows it: each service's cell with its text and the group cell
it sits in, each group's label, each numbered step's edge between two service cells with
"5. read cache" on it. Cells are named as in the SVG (`svc-kms`, `grp-security`, `step-5`)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from archgen.check.read import Flaw, Kind, ReadContext, Reading, Shown, Unreadable, words

KINDS: frozenset[Kind] = frozenset({"service", "group", "step"})
STEP = re.compile(r"^(?P<number>\d+)\. (?P<label>.*)$", re.S)


def read_drawio(data: bytes, context: ReadContext) -> Reading:
    """diagram.drawio, as `archgen.outputs` names the reader."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError as error:
        raise Unreadable(f"is not well-formed XML ({error})") from None
    reading = Reading(KINDS)
    for cell in root.iter("mxCell"):
        cell_id, value = cell.get("id", ""), words(cell.get("value", ""))
        place = f"cell {cell_id}"
        if cell_id.startswith("svc-"):
            parent = cell.get("parent", "")
            inside = parent.removeprefix("grp-") if parent.startswith("grp-") else ""
            reading.add(Shown("service", cell_id.removeprefix("svc-"), value, place,
                              inside=inside))  # fmt: skip
        elif cell_id.startswith("grp-"):
            reading.add(Shown("group", cell_id.removeprefix("grp-"), value, place))
        elif cell_id.startswith("step-"):
            _read_step(cell, value, place, reading)
    return reading


def _read_step(cell: ET.Element, value: str, place: str, reading: Reading) -> None:
    label = STEP.match(value)
    if label is None:
        reading.flaws.append(Flaw(place, "a step's edge shows no step number"))
        return
    ends = (
        cell.get("source", "").removeprefix("svc-"),
        cell.get("target", "").removeprefix("svc-"),
    )
    reading.add(Shown("step", label["number"], words(label["label"]), place, ends=ends))
