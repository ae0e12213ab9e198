"""The column of a template mistake: Jinja reports a line only, so the column is found by
looking for what the error names (`'foo' is undefined`, `No filter named 'x'`, `unexpected '}'`)
in the code of that template line: inside `{{ … }}` and `{% … %}`, or the whole line when it is
the middle of a tag written over several lines.

A column is reported only when the line shows one clear place; otherwise 0 (the whole line), as
before: a wrong column would mislead more than none.
"""

from __future__ import annotations

import re
from pathlib import Path

MAX_TEMPLATE_BYTES = 4 * 2**20
OPEN = re.compile(r"\{\{|\{%")
CLOSE = {"{{": "}}", "{%": "%}"}
ENDINGS = {"end of statement block": r"-?%\}", "end of print statement": r"-?\}\}"}


def error_column(message: str, source_line: str) -> int:
    """1-based column in `source_line` of the thing `message` names, or 0 when not found or
    found at more than one place."""
    spans = code_spans(source_line)
    for pattern in patterns(message):
        found = sorted(
            {start + hit for start, end in spans for hit in _hits(pattern, source_line[start:end])}
        )
        if found:
            return found[0] if len(found) == 1 else 0
    return 0


def _hits(pattern: str, text: str) -> list[int]:
    """1-based starts of `pattern` in `text`: of its group `at` when it has one (the name
    itself, not the `.` or `|` before it)."""
    group = "at" if "(?P<at>" in pattern else 0
    return [match.start(group) + 1 for match in re.finditer(pattern, text)]


def patterns(message: str) -> list[str]:
    """Regular expressions for where the mistake `message` describes is written, most exact
    first (the first that matches somewhere decides)."""
    quoted = re.findall(r"'([^']*)'", message)
    first = quoted[0] if quoted else ""
    name = re.escape(first)
    word = rf"(?<![\w.]){name}(?!\w)"
    if "' is undefined" in message and first:
        return [word]
    if "has no attribute" in message and len(quoted) >= 2:
        attribute = re.escape(quoted[1])
        return [
            rf"\.\s*(?P<at>{attribute})(?!\w)",
            rf"\[\s*['\"](?P<at>{attribute})['\"]\s*\]",
        ]
    if "No filter named" in message and first:
        return [rf"\|\s*(?P<at>{name})(?!\w)"]
    if "No test named" in message and first:
        return [rf"\bis\s+(?:not\s+)?(?P<at>{name})(?!\w)"]
    if "unknown tag" in message and first:
        return [rf"\{{%[-+]?\s*(?P<at>{name})(?!\w)", rf"(?<![\w.]){name}(?!\w)"]
    if "Expected an expression, got" in message and first in ENDINGS:
        return [ENDINGS[first]]
    if re.search(r"\bunexpected '", message) and first:
        return [re.escape(first)]
    return _limit_patterns(message)


def _limit_patterns(message: str) -> list[str]:
    if "**" in message and "too big a number" in message:
        return [r"\*\*"]
    if "range of more than" in message:
        return [r"\brange\s*\("]
    if "width or precision in a format" in message:
        return [r"\|\s*format\b|\.format\s*\(|%"]
    if "characters or items is too big" in message:
        return [
            r"(?<!\*)\*(?!\*)|\+|\.\s*(?:center|ljust|rjust|zfill|join|replace|format)\s*\("
            r"|\|\s*(?:center|join|format|indent|replace|wordwrap|truncate)\b"
        ]
    return []


def code_spans(line: str) -> list[tuple[int, int]]:
    """(start, end) of the Jinja code on `line`: each `{{ … }}` / `{% … %}`, a tag left open
    running to the end of the line; a line without a tag opener is all code (the inside of a
    tag written over several lines) unless it closes one, then the code runs to that close."""
    spans: list[tuple[int, int]] = []
    first = OPEN.search(line)
    if first is None:
        close = re.search(r"\}\}|%\}", line)
        return [(0, close.end() if close else len(line))]
    if re.search(r"\}\}|%\}", line[: first.start()]):
        spans.append((0, first.start()))
    at = 0
    while (opener := OPEN.search(line, at)) is not None:
        end = line.find(CLOSE[opener.group()], opener.end())
        stop = len(line) if end < 0 else end + 2
        spans.append((opener.start(), stop))
        at = stop
    return spans


def source_line(file: str, line: int, source: str | None = None) -> str:
    """Line `line` (1-based) of the template, from `source` when Jinja kept it, else read from
    the template's file (the one the loader read); "" when neither can be had."""
    if source is None:
        path = Path(file)
        try:
            if not path.is_file() or path.stat().st_size > MAX_TEMPLATE_BYTES:
                return ""
            source = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
    lines = source.splitlines()
    return lines[line - 1] if 0 < line <= len(lines) else ""
