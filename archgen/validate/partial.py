"""Validate a model read past its syntax errors (archgen.load.recover): only what still holds.

Lines left out to read past a syntax error take their keys with them. A key missing from a
mapping that had a line left out, a key left with no value because the lines below it were
left out (`project:` over a line indented with a tab), or a reference to an id written on such
a line, may be there in what the writer meant: those problems are withheld until the syntax is
fixed. So are all problems below a quote never closed (the parser read the rest as its text).
"""

from __future__ import annotations

import re
from pathlib import Path

from archgen.load.document import LoadedDocument
from archgen.load.recover import Recovered
from archgen.problems import Problem, errors_in, format_path
from archgen.validate import codes, validate_document

UNKNOWN_REFERENCES = frozenset(
    {codes.UNKNOWN_SERVICE, codes.UNKNOWN_GROUP, codes.UNKNOWN_REQUIREMENT}
)
_QUOTED = re.compile(r"'([^']*)'")
_WORD = re.compile(r"[^\s:,\[\]{}'\"#-][^\s:,\[\]{}'\"#]*")


def check_partial(recovered: Recovered, model_dir: Path) -> list[Problem]:
    """The model's errors the lines left out cannot explain (warnings wait for a whole file)."""
    document = recovered.document
    if document is None:
        return []
    found = errors_in(validate_document(document, model_dir=model_dir).problems)
    words = set(_WORD.findall(recovered.left_out_text()))
    spans = _MappingSpans(document)
    hidden = recovered.hidden_from or 1 << 30
    return [
        p for p in found if p.line <= hidden and not _explained(p, recovered.left_out, spans, words)
    ]


def _explained(
    problem: Problem, left_out: tuple[int, ...], spans: _MappingSpans, words: set[str]
) -> bool:
    if problem.code == codes.MISSING_KEY:
        mapping = problem.path.rpartition(".")[0]  # the path names the missing key
        start, end = spans.lines_of(mapping, problem.line) if mapping else (1, 1 << 30)
        return any(start <= line <= end for line in left_out)
    if problem.code == codes.EMPTY and problem.message.startswith("has no value"):
        return any(problem.line < line < spans.next_key_after(problem.line) for line in left_out)
    if problem.code in UNKNOWN_REFERENCES:
        named = _QUOTED.search(problem.message)
        return named is not None and named.group(1) in words
    return False


class _MappingSpans:
    """The lines of a mapping, from its first key to the line before the next key outside it."""

    def __init__(self, document: LoadedDocument) -> None:
        self._keyed = sorted((pos.line, path) for path, pos in document.key_positions.items())
        self._parents = {format_path(path[:-1]): path[:-1] for _, path in self._keyed}

    def next_key_after(self, line: int) -> int:
        """The line of the first key written below `line` (the end of its value's lines)."""
        return min((at for at, _ in self._keyed if at > line), default=1 << 30)

    def lines_of(self, written: str, line: int) -> tuple[int, int]:
        path = self._parents.get(written)
        if path is None:
            return line, line
        inside = [at for at, key in self._keyed if key[: len(path)] == path]
        first, last = min(inside, default=line), max(inside, default=line)
        after = [at for at, key in self._keyed if at > last and key[: len(path)] != path]
        return first, (min(after) - 1 if after else last + 1_000_000)
