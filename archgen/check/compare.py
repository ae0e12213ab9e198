"""Hold what an output shows (`archgen.check.read.Reading`) against what the model says
(`archgen.check.expect.Model`): one `Contradiction` for each difference, naming the place in
the output and the model line it contradicts."""

from __future__ import annotations

from collections.abc import Iterator

from archgen.check.expect import Meant, Model
from archgen.check.findings import Contradiction
from archgen.check.read import Kind, Reading, Shown

HEADED: frozenset[Kind] = frozenset({"service", "group", "flow", "requirement", "tradeoff"})


def describe(kind: Kind, key: str) -> str:
    """How a finding names a thing: `service 'kms'`, `step 5`, `link 3`."""
    return f"{kind} {key}" if kind in ("step", "link") else f"{kind} '{key}'"


def quoted(text: str) -> str:
    return f'"{text}"'


def contradictions(model: Model, reading: Reading, output: str) -> list[Contradiction]:
    """Everything `reading` shows that the model does not say, and all it leaves out; the
    overview diagram is held against the model as the overview draws it."""
    if reading.overview and model.overview is not None:
        model = model.overview
    found = _contradictions(model, reading, output)
    for part in reading.parts:
        found += contradictions(model, part, output)
    return found


def _contradictions(model: Model, reading: Reading, output: str) -> list[Contradiction]:
    found = [Contradiction(output, flaw.place, flaw.message) for flaw in reading.flaws]
    seen: dict[tuple[Kind, str], tuple[Shown, bool]] = {}  # the first shown, and if it was wrong
    for item in reading.shown:
        meant = model.get(item.kind, item.key)
        if meant is None:
            found.append(_unknown(model, item, output))
            continue
        wrong = list(_differences(model, meant, item, output))
        first, first_wrong = seen.setdefault((item.kind, item.key), (item, bool(wrong)))
        if first is not item and not wrong and not first_wrong:
            shown = f"{describe(item.kind, item.key)} is shown again (first at {first.place})"
            wrong = [Contradiction(output, item.place, shown, model.file, meant.line,
                                   "defines it once")]  # fmt: skip
        found += wrong
    for meant in model.order:
        if meant.kind in reading.kinds and (meant.kind, meant.key) not in seen:
            if reading.brief and meant.kind == "group" and meant.key not in model.headed:
                continue  # a boundary around other groups only: the brief gives it no heading
            found.append(_missing(model, meant, output))
    return found


def _unknown(model: Model, item: Shown, output: str) -> Contradiction:
    shown = f"{describe(item.kind, item.key)} is shown" + (
        f" as {quoted(item.text)}" if item.text else ""
    )
    return Contradiction(output, item.place, shown, says=f"{model.file} has no such {item.kind}")


def _missing(model: Model, meant: Meant, output: str) -> Contradiction:
    says = f"{meant.verb} {quoted(meant.text)}" if meant.text else "defines it"
    if meant.kind == "link" and meant.ends:
        says = f"links {meant.ends[0]} → {meant.ends[1]}"
    shown = f"{describe(meant.kind, meant.key)} is missing"
    return Contradiction(output, "", shown, model.file, meant.line, says)


def _differences(model: Model, meant: Meant, item: Shown, output: str) -> Iterator[Contradiction]:
    name = describe(item.kind, item.key)
    if item.text != meant.text:
        verb = "is titled" if item.kind in HEADED else "is labelled"
        shown = f"{name} {verb} {quoted(item.text)}" if item.text else f"{name} has no text"
        says = f"{meant.verb} {quoted(meant.text)}" if meant.text else "gives it no text"
        yield Contradiction(output, item.place, shown, model.file, meant.line, says)
    if item.ends is not None and meant.ends is not None and item.ends != meant.ends:
        shown = f"{name} joins {item.ends[0]} → {item.ends[1]}"
        says = f"has {meant.ends[0]} → {meant.ends[1]}"
        yield Contradiction(output, item.place, shown, model.file, meant.line, says)
    if item.inside is not None and meant.inside is not None and item.inside != meant.inside:
        yield Contradiction(output, item.place, f"{name} is drawn {_box(model, item.inside)}",
                            model.file, meant.inside_line,
                            f"puts it {_box(model, meant.inside)}")  # fmt: skip
    if item.extra is not None and meant.extra is not None and item.extra != meant.extra:
        shown = f"{name} is shown with steps {item.extra}"
        yield Contradiction(output, item.place, shown, model.file, meant.line,
                            f"numbers its steps {meant.extra}")  # fmt: skip


def _box(model: Model, group_id: str) -> str:
    if not group_id:
        return "outside every group"
    group = model.get("group", group_id)
    return f"in group '{group_id}'" + (f" ({quoted(group.text)})" if group else "")
