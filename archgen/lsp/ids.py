"""Where each id is defined and referred to in a loaded model, as spans of the text.

References are the validator's own (archgen.validate.references), so the editor and
`archgen validate` agree on what names a service, a group or a requirement. Lines and columns
here are 0-based and count characters (code points); the server converts them for the client.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, NamedTuple

from archgen.load import LoadedDocument, PathKey
from archgen.validate.references import (
    entries,
    group_references,
    requirement_references,
    service_references,
)

SECTIONS = ("services", "groups", "requirements")  # the kinds of id the editor knows
_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # the breaks the loader counts lines by


def text_lines(text: str) -> list[str]:
    """The lines of `text` as the loader numbers them (not str.splitlines, which breaks more)."""
    return _LINE_BREAK.split(text)


class Span(NamedTuple):
    line: int
    start: int
    end: int

    def holds(self, line: int, character: int) -> bool:
        return line == self.line and self.start <= character <= self.end


class Occurrence(NamedTuple):
    """An id written in the text: its kind (section), the id, where, and whether it defines it."""

    section: str
    name: str
    span: Span
    definition: bool
    path: PathKey


def occurrences(doc: LoadedDocument) -> list[Occurrence]:
    """Every definition and reference of a service, group or requirement id, in text order."""
    lines = text_lines(doc.text)
    found = [*_definitions(doc, lines), *_references(doc, lines)]
    return sorted(found, key=lambda o: (o.span.line, o.span.start))


def _definitions(doc: LoadedDocument, lines: list[str]) -> Iterator[Occurrence]:
    for section in SECTIONS:
        for index, item in entries(doc.data, section):
            name = item.get("id")
            path = (section, index, "id")
            span = _span(doc, lines, path, name, key=False)
            if isinstance(name, str) and span is not None:
                yield Occurrence(section, name, span, True, path)


def _references(doc: LoadedDocument, lines: list[str]) -> Iterator[Occurrence]:
    for section, refs in (
        ("services", service_references(doc.data)),
        ("groups", group_references(doc.data)),
        ("requirements", requirement_references(doc.data)),
    ):
        for ref in refs:
            span = _span(doc, lines, ref.path, ref.value, key=ref.at_key)
            if span is not None:
                yield Occurrence(section, ref.value, span, False, ref.path)


def _span(
    doc: LoadedDocument, lines: list[str], path: PathKey, name: Any, *, key: bool
) -> Span | None:
    """Where `name` is written at `path`, quotes left out; None when it is not written there
    as itself (an alias, an escape)."""
    positions = doc.key_positions if key else doc.value_positions
    if not isinstance(name, str) or not name or path not in positions:
        return None
    where = positions[path]
    line, column = where.line - 1, where.column - 1
    if line >= len(lines):
        return None
    text = lines[line]
    if text[column : column + 1] in ("'", '"'):
        column += 1
    if text[column : column + len(name)] != name:
        return None
    return Span(line, column, column + len(name))


def at(found: list[Occurrence], line: int, character: int) -> Occurrence | None:
    """The occurrence under the cursor."""
    return next((o for o in found if o.span.holds(line, character)), None)


def same_id(found: list[Occurrence], target: Occurrence) -> list[Occurrence]:
    """Every occurrence of the id `target` names (definition first)."""
    matching = [o for o in found if o.section == target.section and o.name == target.name]
    return sorted(matching, key=lambda o: (not o.definition, o.span.line, o.span.start))


def definition_of(found: list[Occurrence], target: Occurrence) -> Occurrence | None:
    return next((o for o in same_id(found, target) if o.definition), None)


def entry_of(doc: LoadedDocument, occurrence: Occurrence) -> dict[str, Any] | None:
    """The entry (a service, group or requirement mapping) an occurrence's id defines."""
    for _, item in entries(doc.data, occurrence.section):
        if item.get("id") == occurrence.name:
            return item
    return None
