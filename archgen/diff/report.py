"""A `ModelDiff` for people (text), for a pull request (Markdown), for tools (JSON), and as
GitHub workflow annotations on the changed lines of the new side."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from archgen.diff.compare import Change, ModelDiff, PathKey
from archgen.diff.sides import Side
from archgen.problems import visible

TITLES = {
    "project": "Project", "requirements": "Requirements", "groups": "Groups",
    "services": "Services", "flows": "Flows", "links": "Links", "tradeoffs": "Trade-offs",
    "challenges": "Challenges", "reflection": "Reflection", "diagram": "Diagram",
}  # fmt: skip
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>&|~#!$])")
MARKS = {"added": "+", "removed": "-", "changed": "~", "renamed": ">"}


@dataclass(frozen=True)
class Located:
    """A line of the report: its sentence, and the file and line it points at."""

    text: str
    file: str
    line: int
    kind: str = ""
    section: str = ""


class Report:
    def __init__(self, diff: ModelDiff, old: Side, new: Side) -> None:
        self.diff, self.old, self.new = diff, old, new

    def locate(self, path: PathKey, side: str) -> tuple[str, int]:
        chosen = self.new if side == "new" else self.old
        return chosen.file, chosen.document.position(path).line

    def changes(self) -> list[Located]:
        return [self._located(c) for c in self.diff.changes]

    def _located(self, change: Change) -> Located:
        file, line = self.locate(change.path, change.side)
        return Located(change.text, file, line, change.kind, change.section)

    def consequences(self) -> list[Located]:
        found = [
            Located(c.text, *self.locate(c.path, c.side), "coverage") for c in self.diff.coverage
        ]
        if self.diff.cost is not None:
            found.append(Located(self.diff.cost.text, self.new.file, 0, "cost"))
        found += [
            Located(r.text, *self.locate(r.path, "new"), "numbering") for r in self.diff.renumbered
        ]
        return found

    def heading(self) -> str:
        return f"{self.old.label} → {self.new.label}"

    def verdict(self) -> str:
        count = len(self.diff.changes)
        return "no changes" if not count else f"{count} change{'s' if count != 1 else ''}"


def format_diff(diff: ModelDiff, old: Side, new: Side, output_format: str) -> str:
    report = Report(diff, old, new)
    return {"text": as_text, "markdown": as_markdown, "json": as_json, "github": as_github}[
        output_format
    ](report)


def as_text(report: Report) -> str:
    lines = [f"{report.heading()}: {report.verdict()}"]
    for name, changes in report.diff.sections():
        lines.append(f"{TITLES[name]}:")
        for change in changes:
            located = report._located(change)
            lines.append(f"  {MARKS[change.kind]} {located.file}:{located.line}: {change.text}")
    consequences = report.consequences()
    if consequences:
        lines.append("Consequences:")
        lines += [f"  * {c.text}" for c in consequences]
    return "".join(visible(line) + "\n" for line in lines)


def as_markdown(report: Report) -> str:
    """A pull-request comment: model text escaped, so a name cannot open a tag or a link."""
    out = [f"### Architecture changes: {md(report.heading())}", ""]
    if report.diff.equal:
        return "\n".join([*out, "No changes to the model.", ""])
    out += [f"**{md(report.verdict())}**", ""]
    consequences = report.consequences()
    if consequences:
        out += ["#### Consequences", ""]
        out += [f"- {md(c.text)}" for c in consequences]
        out.append("")
    for name, changes in report.diff.sections():
        out += [f"#### {TITLES[name]}", ""]
        for change in changes:
            located = report._located(change)
            where = md(f"{located.file}:{located.line}")
            out.append(f"- {md(change.text)} ({where})")
        out.append("")
    return "\n".join(out)


def md(text: str) -> str:
    """Text that Markdown prints as typed: punctuation escaped, no line breaks, no controls."""
    flat = " ".join(visible(text).split())
    return MARKDOWN_SPECIAL.sub(r"\\\1", flat)


def as_json(report: Report) -> str:
    diff = report.diff
    data: dict[str, Any] = {
        "old": report.old.label,
        "new": report.new.label,
        "equal": diff.equal,
        "changes": [_json_line(c) for c in report.changes()],
        "coverage": [
            {
                "requirement": c.requirement,
                "gained": list(c.gained),
                "lost": list(c.lost),
                "served_by": list(c.served_by),
            }
            for c in diff.coverage
        ],
        "cost": None
        if diff.cost is None
        else {
            "old": diff.cost.old_total,
            "new": diff.cost.new_total,
            "delta": diff.cost.delta,
            "currency": diff.cost.currency,
        },
        "renumbered": [
            {"flow": r.flow, "old": list(r.old_numbers), "new": list(r.new_numbers)}
            for r in diff.renumbered
        ],
        "renames": {k: dict(v) for k, v in diff.renames.items()},
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _json_line(located: Located) -> dict[str, Any]:
    return {
        "section": located.section,
        "kind": located.kind,
        "text": located.text,
        "file": located.file,
        "line": located.line,
    }


def as_github(report: Report) -> str:
    """`::notice file=…,line=…::…` for each change, on the new side's lines (a removed thing
    on the line of what is left of its list)."""
    lines = []
    for change in report.diff.changes:
        path = change.path if change.side == "new" else _surviving(report.new, change.path)
        line = report.new.document.position(path).line
        lines.append(annotation(report.new.file, line, change.text))
    for consequence in report.consequences():
        line = consequence.line if consequence.file == report.new.file else 0
        lines.append(annotation(report.new.file, line, consequence.text))
    return "".join(lines)


def _surviving(side: Side, path: PathKey) -> PathKey:
    """The nearest place in the new side to where a removed item was: its list's key."""
    return path[:1]


def annotation(file: str, line: int, message: str) -> str:
    where = f"file={_property(file)}" + (f",line={line}" if line else "")
    return f"::notice {where},title=archgen diff::{_data(visible(message))}\n"


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
