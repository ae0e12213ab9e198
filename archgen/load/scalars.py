"""What a scalar means: the YAML 1.2 core schema, and the few explicit tags archgen accepts.

Resolution is done here rather than by ruamel's resolver so the rules are exactly the 1.2 core
schema: `no`/`on` are text, `0755` is decimal 755, `2026-05-01` and `12:30` stay text, and no
tag can ever make the loader build an object.
"""

from __future__ import annotations

import re

from archgen.load.source import shorten

Scalar = str | int | float | bool | None

STANDARD_PREFIX = "tag:yaml.org,2002:"
_NON_SPECIFIC = "!"

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_DECIMAL = re.compile(r"[-+]?[0-9]+")
_OCTAL = re.compile(r"0o[0-7]+")
_HEX = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_INFINITY = re.compile(r"[-+]?\.(?:inf|Inf|INF)")
_NAN = frozenset({".nan", ".NaN", ".NAN"})
_NUMBER_START = frozenset("+-.0123456789")  # every number above starts with one of these


class TagError(ValueError):
    """An explicit tag archgen refuses, or one that does not fit its value."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def display_tag(tag: str) -> str:
    """`tag:yaml.org,2002:int` as the user wrote it (`!!int`), kept short for one-line messages."""
    shown = "!!" + tag.removeprefix(STANDARD_PREFIX) if tag.startswith(STANDARD_PREFIX) else tag
    return shorten(shown)


def resolve_scalar(text: str, tag: str | None, plain: bool) -> Scalar:
    """The value of a scalar; raises TagError for a refused or ill-fitting explicit tag."""
    if tag is None:
        return resolve_plain(text) if plain else text
    if tag in (_NON_SPECIFIC, STANDARD_PREFIX + "str"):
        return text
    name = tag.removeprefix(STANDARD_PREFIX) if tag.startswith(STANDARD_PREFIX) else ""
    if name not in ("int", "float", "bool", "null"):
        raise refused_tag(tag)
    value = resolve_plain(text)
    if name == "float" and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not _fits(name, value):
        hint = "remove the tag, or change the value to match it"
        raise TagError(f"{text!r} is not a valid {display_tag(tag)} value", hint)
    return value


def _fits(name: str, value: Scalar) -> bool:
    if name == "bool":
        return isinstance(value, bool)
    if name == "null":
        return value is None
    kind = int if name == "int" else float
    return isinstance(value, kind) and not isinstance(value, bool)


def refused_tag(tag: str) -> TagError:
    """AG007's message: archgen models hold plain data only."""
    message = f"the tag {display_tag(tag)} is not allowed"
    hint = "remove it; a model holds plain text, numbers, lists and mappings only"
    return TagError(message, hint)


def collection_tag_ok(tag: str | None, kind: str) -> bool:
    """Whether a mapping (`kind="map"`) or sequence (`"seq"`) may carry `tag`."""
    return tag in (None, _NON_SPECIFIC, STANDARD_PREFIX + kind)


def resolve_plain(text: str) -> Scalar:
    """An untagged, unquoted scalar under the YAML 1.2 core schema."""
    if text in _NULLS:
        return None
    if text in _BOOLS:
        return _BOOLS[text]
    if text[0] not in _NUMBER_START:  # most text: skips the six patterns below
        return text
    number = _as_number(text)
    return text if number is None else number


def _as_number(text: str) -> int | float | None:
    try:
        if _DECIMAL.fullmatch(text):
            return int(text, 10)
        if _OCTAL.fullmatch(text):
            return int(text[2:], 8)
        if _HEX.fullmatch(text):
            return int(text[2:], 16)
    except ValueError:  # more digits than Python converts; keep the text as it is
        return None
    if _FLOAT.fullmatch(text):
        return float(text)
    if _INFINITY.fullmatch(text):
        return float("-inf") if text.startswith("-") else float("inf")
    return float("nan") if text in _NAN else None
