"""Read past a syntax error, so one mistake does not hide the others.

The loader stops at the first YAML syntax error (the parser cannot go on). To report what can
still be checked, the offending line is left out (blanked to spaces, so every offset and line
number stays where it was) and the file is read again, up to MAX_ROUNDS times. What comes back
is every syntax problem, the problems the tree builder gathers on the way (duplicate keys,
refused tags), and the data of the lines that could be read: enough for the validator to check
the rest of the model. The lines left out are listed, so later stages can withhold what only
their absence caused (a key missing because its line was left out).

Two more kinds of problem follow from a syntax error rather than from the text itself:
- a later syntax error that only the first one caused: a quote never closed on line 18 pairs
  with the first quote of line 24 and makes line 24 "out of place". After the rounds, each
  line left out is tried back in; when the file then reads, that line was fine and its error
  is dropped.
- the model's problems below a quote never closed: the parser read everything after it as the
  quoted text, so what the writer meant there is unknown (`hidden_from`); they wait.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from archgen.load.convert import PlainData
from archgen.load.document import LoadedDocument
from archgen.load.limits import PURE_MAX_FILE_BYTES, PURE_MAX_VALUES
from archgen.load.source import LineIndex, Locator
from archgen.load.syntax import UNCLOSED_QUOTE, SyntaxFailure, parse_events, use_libyaml
from archgen.load.tree import MappingNode, TreeBuilder, ValueLimit
from archgen.load.yaml_reader import READ_DIFFERENTLY, load_model_text
from archgen.problems import ArchgenError, Problem, sort_problems

MAX_ROUNDS = 20  # each round reads the file again; a file with more syntax errors stops here
# And a round of the Python parser over 1 MB takes ~3 s: a big file gets fewer rounds (20 up to
# 75 KB, one at 1 MB), so a hostile file's errors cannot keep it reading (20 rounds took 19 s).
ROUND_CHARACTERS = 1_500_000
_LINE_BREAK = re.compile(r"(\r\n|\r|\n)")  # the breaks LineIndex counts, kept by split
SYNTAX_CODES = frozenset({"AG004", "AG005"})  # the parser stopped: a line can be left out
TREE_CODES = frozenset({"AG006", "AG007", "AG013"})  # gathered while the tree was still built


class Recovered(NamedTuple):
    """The model as far as it could be read, and every problem met while reading it."""

    document: LoadedDocument | None  # None when nothing could be read (empty file, bad bytes)
    problems: list[Problem]
    left_out: tuple[int, ...]  # 1-based lines blanked to read past syntax errors
    hidden_from: int = 0  # a quote never closed there: the parser read the rest as its text

    def left_out_text(self) -> str:
        """The text of the lines left out, joined (ids written there are not really missing)."""
        if self.document is None:
            return ""
        parts = _LINE_BREAK.split(self.document.text)[::2]
        return "\n".join(parts[n - 1] for n in self.left_out if n <= len(parts))


def load_recovering(
    source: bytes | str, file: str, first: list[Problem] | None = None
) -> Recovered:
    """Load like `load_model_text`; on a syntax or tree problem, read on past it. `first`: the
    problems `load_model_text` already raised for this source, so it is not read again."""
    if first is None:
        try:
            return Recovered(load_model_text(source, file), [], ())
        except ArchgenError as error:
            first = error.problems
    if not _recoverable(first) or len(source) > PURE_MAX_FILE_BYTES:
        return Recovered(None, first, ())
    text = source.decode("utf-8-sig") if isinstance(source, bytes) else source.lstrip("\ufeff")
    return _read_on(text, file, first)


def _recoverable(problems: list[Problem]) -> bool:
    codes = {problem.code for problem in problems}
    return bool(codes) and codes <= SYNTAX_CODES | TREE_CODES


def _read_on(text: str, file: str, first: list[Problem]) -> Recovered:
    locator = Locator(file, LineIndex(text))
    problems = {_key(p): p for p in first}
    caused: dict[int, tuple[int, int, str]] = {}  # a line left out → the error that left it
    readable, left_out = text, []
    budget = rounds_for(len(text))
    for _ in range(budget):
        try:
            builder = _built(readable, locator)
        except _Failed as failure:
            found = [*failure.builder.problems, failure.problem]
            problems.update({_key(p): p for p in found})
            line = _culprit(readable, failure.problem)
            if line in left_out:
                break  # no progress: the same line fails again
            left_out.append(line)
            caused[line] = _key(failure.problem)
            readable = _blank_line(readable, line)
            continue
        except ArchgenError:
            break  # a bound: what was found before is reported
        problems.update({_key(p): p for p in builder.problems})
        if len(left_out) > 1 and len(left_out) < budget:
            kept = _lines_fine_on_their_own(text, left_out, locator)
            if kept:
                for line in kept:
                    problems.pop(caused[line], None)
                    left_out.remove(line)
                readable = _blanked(text, left_out)
                builder = _built(readable, locator)
                problems.update({_key(p): p for p in builder.problems})
        document = _document(builder, locator, text)
        found = sort_problems(problems.values())
        return Recovered(document, found, tuple(sorted(left_out)), _hidden_from(found))
    found = sort_problems(problems.values())
    return Recovered(None, found, tuple(sorted(left_out)), _hidden_from(found))


def _lines_fine_on_their_own(text: str, left_out: list[int], locator: Locator) -> list[int]:
    """The lines left out that read well once the others are out: their errors were caused by
    another line's (the last found first: later errors are the ones an earlier one causes)."""
    out = list(left_out)
    for line in reversed(left_out):
        trial = [other for other in out if other != line]
        try:
            _built(_blanked(text, trial), locator)
        except (SyntaxFailure, ArchgenError):
            continue
        out = trial
    return [line for line in left_out if line not in out]


class _Failed(SyntaxFailure):
    """A syntax failure, with the tree built up to it (the problems gathered on the way)."""

    def __init__(self, failure: SyntaxFailure, builder: TreeBuilder) -> None:
        super().__init__(failure.problem)
        self.builder = builder


def _built(readable: str, locator: Locator) -> TreeBuilder:
    """The tree of `readable`, as `load_model_text` reads it: libyaml's parser first (40x
    faster), and the Python one, whose messages archgen words, only for a text libyaml
    refuses or reads differently. Raises `_Failed` at the Python parser's first error."""
    if use_libyaml() and not READ_DIFFERENTLY.search(readable):
        builder = TreeBuilder(locator, ValueLimit(PURE_MAX_VALUES))
        try:
            for event in parse_events(readable, locator, fast=True):
                builder.feed(event)
            return builder
        except (SyntaxFailure, ArchgenError):
            pass  # read again below: the Python parser's verdict and wording count
    builder = TreeBuilder(locator, ValueLimit(PURE_MAX_VALUES))
    try:
        for event in parse_events(readable, locator):
            builder.feed(event)
    except SyntaxFailure as failure:
        raise _Failed(failure, builder) from None
    return builder


def _blanked(text: str, lines: list[int]) -> str:
    for line in lines:
        text = _blank_line(text, line)
    return text


def _hidden_from(problems: list[Problem]) -> int:
    """The first line of a quote never closed, 0 if none."""
    unclosed = [p.line for p in problems if p.message == UNCLOSED_QUOTE.format(line=p.line)]
    return min(unclosed, default=0)


def rounds_for(size: int) -> int:
    """How many times a file of `size` characters may be read."""
    return max(1, min(MAX_ROUNDS, ROUND_CHARACTERS // max(size, 1)))


def _document(builder: TreeBuilder, locator: Locator, text: str) -> LoadedDocument | None:
    root = builder.root
    if not isinstance(root, MappingNode):
        return None
    plain = PlainData(locator)
    try:
        data = plain.convert_root(root)
    except (ArchgenError, RecursionError):
        return None
    return LoadedDocument(locator.file, text, data, plain.key_positions, plain.value_positions)


def _culprit(text: str, problem: Problem) -> int:
    """The line to leave out for a syntax problem: its own, or for "unexpected ':'" a bare
    word on the line above (`secu` half typed over `scalability: …`), which the parser read
    as the start of a longer text and the reason the colon is unexpected."""
    if problem.message != "unexpected ':' here" or problem.line < 2:
        return problem.line
    above = _LINE_BREAK.split(text)[::2][problem.line - 2].strip()
    bare = above and not above.startswith(("#", "-")) and ":" not in above and " " not in above
    return problem.line - 1 if bare else problem.line


def _key(problem: Problem) -> tuple[int, int, str]:
    return (problem.line, problem.column, problem.code)


def _blank_line(text: str, line: int) -> str:
    """`text` with line `line` (1-based) made of spaces: same length, same line breaks."""
    parts = _LINE_BREAK.split(text)  # line, break, line, break, …, line
    index = 2 * (line - 1)
    if not 0 <= index < len(parts):
        return text
    parts[index] = " " * len(parts[index])
    return "".join(parts)
