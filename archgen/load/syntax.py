"""Run ruamel's parser and turn whatever it raises into one plain-language, located problem.

ruamel's messages ("expected <block end>, but found '<block mapping start>'") describe the
parser, not the mistake; the common ones are rewritten to say what to fix. libyaml's wording
("did not find expected key") is rewritten too: a file too large to read again with the Python
parser keeps libyaml's problem.
"""

from __future__ import annotations

import importlib.util
import os
import re
from collections.abc import Iterator
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.reader import ReaderError

from archgen.load.source import Locator, shorten
from archgen.problems import Problem

_FOUND_CHARACTER = re.compile(r"found character (.+?) that cannot start any token")
_BLOCK_END_FOUND = re.compile(r"expected <block end>, but found (.+)")
# libyaml's words for a line out of place in a block; it does not say what it found there.
_LIBYAML_OUT_OF_PLACE = ("did not find expected key", "did not find expected '-' indicator")
_AFTER_END = ("expected '<document start>'", "did not find expected <document start>")
_FOUND_NAMES = {
    "'<block mapping start>'": "this key",
    "'?'": "this key",
    "'<block sequence start>'": "this list item",
    "'-'": "this list item",
    "'<scalar>'": "this text",
    "'<anchor>'": "this anchor",
    "'<alias>'": "this alias",
    "'<tag>'": "this tag",
}

UNCLOSED_QUOTE = "the quoted text that starts on line {line} is never closed"


def use_libyaml() -> bool:
    """libyaml's parser (ruamel.yaml.clib) is ~40x faster than ruamel's pure-Python one and
    gives the same events for a valid file; a file it rejects is loaded again by the Python
    parser, whose messages archgen rewrites. ARCHGEN_PURE_YAML=1 forces the Python parser."""
    if os.environ.get("ARCHGEN_PURE_YAML") == "1":
        return False
    return importlib.util.find_spec("_ruamel_yaml") is not None


class SyntaxFailure(Exception):
    """The parser stopped; carries the located problem describing why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def parse_events(text: str, locator: Locator, *, fast: bool = False) -> Iterator[Any]:
    """ruamel's parser events for `text` (libyaml's when `fast`); any parser error becomes a
    SyntaxFailure."""
    events = YAML(typ="safe", pure=not fast).parse(text)
    while True:
        try:
            event = next(events)
        except StopIteration:
            return
        except RecursionError:
            raise
        except Exception as err:  # ruamel raises many error types; each becomes a problem
            raise SyntaxFailure(syntax_problem(err, locator)) from None
        if getattr(event, "style", None) == "":
            event.style = None  # libyaml says '' for a plain scalar; ruamel's Python parser None
        yield event


def syntax_problem(err: Exception, locator: Locator) -> Problem:
    """A located, plain-language problem for an exception raised by ruamel."""
    if isinstance(err, ReaderError) and isinstance(err.position, int):
        message = f"character {err.character!r} is not allowed in YAML"
        return locator.problem(err.position, "AG002", message, "delete it, and save as UTF-8")
    if not isinstance(err, MarkedYAMLError):
        message = f"the YAML could not be read: {_one_line(str(err))}"
        return locator.problem(0, "AG004", message, "check the YAML syntax")
    problem, context = _one_line(err.problem or ""), _one_line(err.context or "")
    context_line = _line_of(err.context_mark, locator)
    code, message, hint, at_context = _describe(problem, context, context_line)
    mark = err.context_mark if at_context and err.context_mark else err.problem_mark
    return _at_mark(locator, mark or err.context_mark, code, message, hint)


def _describe(problem: str, context: str, line: int) -> tuple[str, str, str, bool]:
    """(code, message, hint, locate at the context mark) for a ruamel problem/context pair."""
    found = _FOUND_CHARACTER.search(problem)
    if found:
        return _bad_start(found.group(1))
    if problem == "found character that cannot start any token":
        return "AG004", "a value cannot start with this character", "put the value in quotes", False
    if "mapping values are not allowed" in problem or "found unexpected ':'" in problem:
        hint = "check the indentation and the line above; quote text that contains ': '"
        return "AG004", "unexpected ':' here", hint, False
    if "could not find expected ':'" in problem:
        hint = "write `key: value`, or put the text in quotes"
        return "AG004", "this line has a key without ':' after it", hint, True
    block_end = _BLOCK_END_FOUND.search(problem)
    if block_end:
        what = _FOUND_NAMES.get(block_end.group(1), block_end.group(1))
        message = f"{what} is out of place in the block that starts on line {line}"
        hint = "check its indentation against the entries around it"
        if what == "this text":
            hint += "; if it belongs to the value before it, put the whole value in quotes"
        return "AG004", message, hint, False
    if problem in _LIBYAML_OUT_OF_PLACE:
        message = f"this line is out of place in the block that starts on line {line}"
        return "AG004", message, "check its indentation against the entries around it", False
    flow = _unclosed_flow(problem, line)
    if flow:
        return flow
    return _describe_scalar(problem, context, line)


def _bad_start(character: str) -> tuple[str, str, str, bool]:
    if character == "'\\t'":
        hint = "YAML needs spaces: replace the tab with spaces (tabs are fine inside quotes)"
        return "AG005", "a tab character is used here for indentation or spacing", hint, False
    message = f"a value cannot start with {character}"
    return "AG004", message, "put the value in quotes", False


def _unclosed_flow(problem: str, line: int) -> tuple[str, str, str, bool] | None:
    for closer, opener, kind in (("']'", "[", "list"), ("'}'", "{", "mapping")):
        if problem.startswith(
            (f"expected ',' or {closer}", f"did not find expected ',' or {closer}")
        ):
            message = f"the {kind} opened with '{opener}' on line {line} is not closed here"
            hint = f"add the missing {closer} or ','; quote values that contain ':' or ','"
            return "AG004", message, hint, False
    return None


def _describe_scalar(problem: str, context: str, line: int) -> tuple[str, str, str, bool]:
    if context == "while scanning a quoted scalar":
        message = UNCLOSED_QUOTE.format(line=line)
        return "AG004", message, "add the closing quote", True
    if context in ("while scanning a double-quoted scalar", "while parsing a quoted scalar"):
        hint = "use single quotes for backslashes (e.g. Windows paths), or write \\\\"
        return "AG004", "invalid escape sequence in double-quoted text", hint, False
    if context in ("while scanning an alias", "while scanning an anchor"):
        kind = context.rsplit(" ", 1)[-1]
        sign = "*" if kind == "alias" else "&"
        message = f"'{sign}' starts an {kind} in YAML and must be followed by its name"
        return "AG004", message, "put the value in quotes if it is text", False
    if "sequence entries are not allowed here" in problem:
        hint = "a list goes on the lines under its key, indented"
        return "AG004", "a '- ' list item is not allowed here", hint, False
    if context == "while scanning a block scalar":
        hint = "only '-', '+' or a digit 1-9 may follow '|' or '>'"
        return "AG004", "invalid header after '|' or '>'", hint, False
    return _describe_other(problem, context)


def _describe_other(problem: str, context: str) -> tuple[str, str, str, bool]:
    if "undefined tag handle" in problem:
        return "AG007", problem, "remove the tag; a model holds plain data only", False
    if context in ("while scanning a tag", "while parsing a tag", "while scanning an tag"):
        message = "'!' starts a tag in YAML, and this one is malformed"
        return "AG004", message, "put the value in quotes if it is text, e.g. '!important'", False
    if context == "while scanning a directive" or "incompatible YAML document" in problem:
        message = "a line starting with '%' is read as a YAML directive"
        return "AG004", message, "put the value in quotes, or remove the line", False
    if problem.startswith(_AFTER_END) or "after document end" in problem:
        message = "this text comes after the document has already ended"
        hint = "the lines above form a complete value; check their indentation and quotes"
        return "AG004", message, hint, False
    if problem.startswith(("expected the node content", "did not find expected node content")):
        found = problem.rsplit("but found ", 1)[-1] if "but found " in problem else ""
        message = f"a value is missing here (found {found})" if found else "a value is missing here"
        return "AG004", message, "write the value, or put it in quotes", False
    message = f"YAML syntax error: {problem}" + (f" ({context})" if context else "")
    return "AG004", shorten(message, 200), "check the YAML syntax around this spot", False


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _line_of(mark: Any, locator: Locator) -> int:
    if mark is None:
        return 1
    index = getattr(mark, "index", None)
    if isinstance(index, int):
        return locator.lines.position(index).line
    return int(getattr(mark, "line", 0)) + 1


def _at_mark(locator: Locator, mark: Any, code: str, message: str, hint: str) -> Problem:
    index = getattr(mark, "index", None)
    if isinstance(index, int):
        return locator.problem(index, code, message, hint)
    line, column = int(getattr(mark, "line", 0)), int(getattr(mark, "column", 0))
    return Problem(locator.file, line + 1, column + 1, code, message, hint=hint)
