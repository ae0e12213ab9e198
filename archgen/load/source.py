"""Turn a file or a string into checked source text, and locate character offsets in it.

Everything here is linear in the size of the input and runs before the YAML parser sees a
byte, so hostile files fail fast with a located problem.
"""

from __future__ import annotations

import re
import stat
from bisect import bisect_right
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from archgen.load.document import Position
from archgen.load.limits import MAX_DEPTH, MAX_FILE_BYTES, MAX_LINES
from archgen.problems import ArchgenError, Problem, format_path

_LINE_BREAK = re.compile(r"\r\n|\r|\n")

# Characters YAML forbids in a stream: the same set ruamel's reader rejects (the complement of
# YAML's printable set, written out: the negated class with astral ranges took 5 ms to compile).
_NOT_PRINTABLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]"
)

# Quoted text always matches (even unclosed), so the scan makes progress and stays linear.
_FLOW_TOKENS = re.compile(
    r""""(?:[^"\\]|\\[\s\S]?)*+(?:"|\Z)"""
    r"""|'(?:[^']|'')*+(?:'|\Z)"""
    r"|(?:(?<=[ \t])|^)\#[^\r\n]*"
    r"|[\[\]{}]",
    re.MULTILINE,
)


class LineIndex:
    """Maps a character offset to a 1-based line and column (lines end at \\n, \\r\\n or \\r)."""

    def __init__(self, text: str) -> None:
        self._starts = [0, *(match.end() for match in _LINE_BREAK.finditer(text))]

    def position(self, index: int) -> Position:
        row = bisect_right(self._starts, max(index, 0)) - 1
        return Position(row + 1, max(index, 0) - self._starts[row] + 1)


class Locator(NamedTuple):  # not a dataclass: start-up time
    """Builds problems located in one file from character offsets."""

    file: str
    lines: LineIndex

    def problem(
        self, index: int, code: str, message: str, hint: str = "", path: Sequence[str | int] = ()
    ) -> Problem:
        where = self.lines.position(index)
        return Problem(
            self.file, where.line, where.column, code, message, path=format_path(path), hint=hint
        )


def shorten(text: str, limit: int = 60) -> str:
    """`text` cut to `limit` characters, so a hostile name cannot flood a one-line message."""
    return text if len(text) <= limit else text[:limit] + "…"


def load_error(file: str, problems: Sequence[Problem]) -> ArchgenError:
    """The error that carries every problem found in `file` to the CLI."""
    count = f"{len(problems)} problems" if len(problems) != 1 else "1 problem"
    return ArchgenError(f"cannot load {file}: {count}", problems)


def whole_file_error(file: str, code: str, message: str, hint: str) -> ArchgenError:
    """A problem about the file as a whole, shown at 1:1."""
    return load_error(file, [Problem(file, 1, 1, code, message, hint=hint)])


def read_file_bytes(path: Path, file: str) -> bytes:
    """The file's bytes, refusing missing files, folders, devices and oversized files."""
    try:
        info = path.stat()
    except FileNotFoundError:
        hint = "check the path, or run `archgen init` to create a model"
        raise whole_file_error(file, "AG001", "file not found", hint) from None
    except (OSError, ValueError) as err:
        raise _unreadable(file, err) from None
    if stat.S_ISDIR(info.st_mode):
        hint = "pass the path of the YAML model file, e.g. arch.yaml"
        raise whole_file_error(file, "AG001", "this is a folder, not a file", hint)
    if not stat.S_ISREG(info.st_mode):
        hint = "pass the path of a regular YAML file"
        raise whole_file_error(file, "AG001", "this is not a regular file", hint)
    check_size(info.st_size, file)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)  # bounded: the file may grow after stat
    except OSError as err:
        raise _unreadable(file, err) from None
    check_size(len(data), file)
    return data


def _unreadable(file: str, err: Exception) -> ArchgenError:
    reason = err.strerror if isinstance(err, OSError) and err.strerror else str(err)
    hint = "check that the path is right and that you may read the file"
    return whole_file_error(file, "AG001", f"cannot read the file: {reason}", hint)


def check_size(size: int, file: str) -> None:
    """Refuse sources above MAX_FILE_BYTES before any parsing work."""
    if size > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // (1024 * 1024)
        message = f"the file is larger than the {limit} MiB limit"
        hint = "a 10,000-service model is a few megabytes; remove generated or pasted content"
        raise whole_file_error(file, "AG012", message, hint)


def check_line_count(text: str, file: str) -> None:
    """Refuse more than MAX_LINES lines, counted in C before the line index holds each one."""
    lines = 1 + text.count("\n") + text.count("\r") - text.count("\r\n")
    if lines > MAX_LINES:
        message = f"the file has more than {MAX_LINES:,} lines"
        hint = "a 10,000-service model has a few hundred thousand; remove generated content"
        problem = Problem(file, MAX_LINES + 1, 1, "AG012", message, hint=hint)
        raise load_error(file, [problem])


def decode_utf8(data: bytes, file: str) -> str:
    """The text of `data` without its optional UTF-8 BOM; invalid UTF-8 is a located problem."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise load_error(file, [_bad_byte_problem(data, err.start, file)]) from None
    return text.removeprefix("\ufeff")


def _bad_byte_problem(data: bytes, start: int, file: str) -> Problem:
    before = data[:start].decode("utf-8").removeprefix("\ufeff")
    where = LineIndex(before).position(len(before))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        hint = "the file looks like UTF-16; save it as UTF-8 in your editor"
    else:
        hint = "save the file as UTF-8 in your editor (it may be Latin-1 or Windows-1252)"
    message = f"byte 0x{data[start]:02X} is not valid UTF-8"
    return Problem(file, where.line, where.column, "AG002", message, hint=hint)


def check_characters(text: str, locator: Locator) -> None:
    """Refuse control characters YAML forbids (NUL, BEL, ...) where they are."""
    found = _NOT_PRINTABLE.search(text)
    if found is None:
        return
    code_point = ord(found.group())
    message = f"control character U+{code_point:04X} is not allowed in YAML"
    hint = "delete it (most editors do not show it)"
    if code_point == 0:
        hint += "; a file full of them is probably UTF-16, so save it as UTF-8"
    raise load_error(locator.file, [locator.problem(found.start(), "AG002", message, hint)])


def check_flow_depth(text: str, locator: Locator) -> None:
    """Refuse absurdly nested `[`/`{` before the parser, whose look-ahead is slow on them."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return  # counted in C: too few to nest that deep, so no scan token by token
    depth = 0
    for token in _FLOW_TOKENS.finditer(text):
        bracket = token.group()
        if bracket in ("[", "{"):
            depth += 1
            if depth > MAX_DEPTH:
                raise load_error(locator.file, [too_deep_problem(locator, token.start())])
        elif bracket in ("]", "}"):
            depth = max(depth - 1, 0)


def too_deep_problem(locator: Locator, index: int) -> Problem:
    """AG011: nesting beyond MAX_DEPTH, at the first place it goes too deep."""
    message = f"the structure is nested more than {MAX_DEPTH} levels deep"
    hint = "flatten it; a model needs only a few levels"
    return locator.problem(index, "AG011", message, hint)
