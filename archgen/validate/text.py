"""Warn about text that does not read the way it is stored: bidi controls and invisible characters.

A right-to-left override (U+202E) shows `exe.txt` where `txt.exe` is written; a zero-width space
(U+200B) makes two names that look alike differ. Both are legal and render as written, so they
are warnings (AG308), not errors: `--strict` refuses them.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator
from typing import Any

from archgen.load import LoadedDocument, PathKey, Position
from archgen.load.document import Positions
from archgen.problems import Problem, format_path
from archgen.validate import codes

# Embeddings, overrides and isolates: they reorder the text after them (Trojan Source).
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Joiners and direction marks belong inside Arabic, Indic or emoji text; between ASCII they
# only hide a difference.
JOINERS = frozenset("\u200c\u200d\u200e\u200f\u061c")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # the loader's line breaks, so columns agree


def check_text(doc: LoadedDocument) -> list[Problem]:
    """One AG308 warning per text value holding a bidi control or an invisible character."""
    problems: list[Problem] = []
    starts: list[int] = []
    bounds: list[int] = []
    for path, value in _strings(doc.data, ()):
        char = first_hidden(value)
        if char is None:
            continue
        if not starts:  # only for a file with a hidden character (start-up: most have none)
            starts = _line_starts(doc.text)
            bounds = _value_bounds(doc, starts)
        position = doc.position(path)
        start = _offset(starts, position.line, position.column)
        written = _written_at(doc.text, char, start, bounds)
        where = _position_of(starts, written) if written is not None else position
        problems.append(_warning(doc.file, where, path, char))
    return problems


def first_hidden(text: str) -> str | None:
    """The first bidi control or suspicious invisible character in `text`."""
    if text.isascii():  # every one of them is outside ASCII; most text is inside
        return None
    for index, char in enumerate(text):
        if char in BIDI_CONTROLS:
            return char
        if unicodedata.category(char) == "Cf" and not _joining(text, index):
            return char
    return None


def _joining(text: str, index: int) -> bool:
    """A joiner or direction mark between two non-ASCII characters is part of the script."""
    if text[index] not in JOINERS or index == 0 or index == len(text) - 1:
        return False
    return not text[index - 1].isascii() and not text[index + 1].isascii()


def _warning(file: str, where: Position, path: PathKey, char: str) -> Problem:
    name = unicodedata.name(char, "FORMAT CHARACTER")
    if char in BIDI_CONTROLS:
        effect = "which changes the order the text after it is shown in"
    else:
        effect = "which is invisible, so the text differs from how it looks"
    message = f"the text holds U+{ord(char):04X} {name}, {effect}"
    hint = "delete it (most editors do not show it); archgen keeps it as written"
    return Problem(
        file,
        where.line,
        where.column,
        codes.HIDDEN_TEXT,
        message,
        format_path(path),
        severity="warning",
        hint=hint,
    )


def _strings(value: Any, path: PathKey) -> Iterator[tuple[PathKey, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*path, index))


def _value_bounds(doc: LoadedDocument, starts: list[int]) -> list[int]:
    """Where each key and value starts, sorted: the loader's offsets as they are, when it kept
    them (locating 300,000 paths of a big model one by one took over a second)."""
    found: set[int] = set()
    for positions in (doc.key_positions, doc.value_positions):
        if isinstance(positions, Positions):
            found.update(positions.offsets())
        else:
            found.update(_offset(starts, p.line, p.column) for p in positions.values())
    return sorted(found)


def _line_starts(text: str) -> list[int]:
    return [0, *(match.end() for match in _LINE_BREAK.finditer(text))]


def _offset(starts: list[int], line: int, column: int) -> int:
    return starts[min(line, len(starts)) - 1] + column - 1


def _position_of(starts: list[int], offset: int) -> Position:
    row = bisect_right(starts, offset) - 1
    return Position(row + 1, offset - starts[row] + 1)


def _written_at(text: str, char: str, start: int, bounds: list[int]) -> int | None:
    """Where `char` itself is written in the value starting at `start` (None when the value
    spells it as an escape such as `\\u202e`): the search stops at the next key or value."""
    after = bisect_right(bounds, start)
    end = bounds[after] if after < len(bounds) else len(text)
    found = text.find(char, start, end)
    return None if found < 0 else found
