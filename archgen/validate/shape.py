"""Check plain data against arch.yaml's JSON Schema: every mismatch as an Issue with its path.

The schema is generated from the pydantic models (archgen.model.rules), so pydantic stays the
one source of truth while `archgen validate` never imports it. Only the subset of draft-07 that
file uses is understood (types, properties, required, additionalProperties, items, lengths,
pattern, enum, minimum and friends, `format: date`, anyOf with null, $ref); `compile_schema`
refuses anything else, so the generated file cannot silently outgrow this checker. Like
pydantic, each value gets at most one issue, length before pattern.
tests/validate/test_shape_agreement.py proves it accepts and refuses what the schema does, at
the same places.
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Sequence
from typing import Any

from archgen.model.rules import load_validation_schema

YamlPath = tuple[str | int, ...]  # keys and list indexes from the root, e.g. ('flows', 0)

UNKNOWN_KEY, MISSING, WRONG_TYPE, NOT_ALLOWED, PATTERN = "unknown", "missing", "type", "enum", "re"
TOO_SHORT, TOO_LONG, RANGE, BAD_DATE = "short", "long", "range", "date"

BOUNDS = ("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum")
UNDERSTOOD = frozenset(
    {
        *("$schema", "$id", "title", "description", "default", "definitions"),  # annotations
        *("$ref", "allOf", "anyOf", "type", "enum", "format", "pattern", "minLength", "maxLength"),
        *("properties", "required", "additionalProperties", "propertyNames"),
        *("items", "minItems", "maxItems", *BOUNDS),
    }
)
DATE_FORM = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
NONE_ISSUES = {"enum": NOT_ALLOWED, "date": BAD_DATE}  # nothing where a value is needed


class SchemaError(ValueError):
    """The schema uses a part of JSON Schema this checker does not implement."""


class Rule:
    """What one place of the document must hold, compiled from a schema node."""

    __slots__ = (
        "bounds",
        "descriptions",
        "enum",
        "items",
        "keys",
        "kind",
        "max_length",
        "min_length",
        "nullable",
        "pattern",
        "pattern_text",
        "properties",
        "required",
        "values",
    )

    def __init__(self, kind: str) -> None:
        self.kind = kind  # object, map, array, string, date, enum, number, integer, boolean
        self.nullable = False
        self.properties: dict[str, Rule] = {}  # object: key → rule, in the model's order
        self.descriptions: dict[str, str] = {}  # object: key → the field's description
        self.required: frozenset[str] = frozenset()
        self.items: Rule | None = None  # array
        self.keys: Rule | None = None  # map: what each key must be
        self.values: Rule | None = None  # map: what each value must be
        self.min_length: int | None = None
        self.max_length: int | None = None
        self.pattern: re.Pattern[str] | None = None
        self.pattern_text = ""
        self.enum: tuple[Any, ...] = ()
        self.bounds: dict[str, float] = {}  # "minimum" → 0, …

    def nullable_copy(self) -> Rule:
        copy = Rule(self.kind)
        for name in Rule.__slots__:
            setattr(copy, name, getattr(self, name))
        copy.nullable = True
        return copy


class Issue:
    """One mismatch: where, what kind, the rule it broke and the value found there."""

    __slots__ = ("at_key", "kind", "path", "rule", "value")

    def __init__(
        self, path: YamlPath, kind: str, rule: Rule, value: Any, *, at_key: bool = False
    ) -> None:
        self.path = path
        self.kind = kind
        self.rule = rule
        self.value = value
        self.at_key = at_key  # the mapping key at `path` is wrong, not its value

    def __repr__(self) -> str:
        return f"Issue({self.path!r}, {self.kind!r}, {self.value!r})"


class Compiler:
    """Turns schema nodes into Rules; each definition is compiled once."""

    def __init__(self, schema: dict[str, Any]) -> None:
        self.definitions: dict[str, Any] = schema.get("definitions", {})
        self.compiled: dict[str, Rule] = {}

    def rule(self, node: dict[str, Any]) -> Rule:
        unknown = set(node) - UNDERSTOOD
        if unknown:
            raise SchemaError(f"unsupported JSON Schema keywords {sorted(unknown)}")
        if "$ref" in node:
            return self.reference(node["$ref"])
        if "allOf" in node:
            return self.only_branch(node["allOf"], "allOf")
        if "anyOf" in node:
            return self.nullable(node["anyOf"])
        return self.typed(node)

    def reference(self, ref: str) -> Rule:
        name = ref.removeprefix("#/definitions/")
        if name not in self.compiled:
            self.compiled[name] = self.rule(self.definitions[name])
        return self.compiled[name]

    def only_branch(self, branches: list[Any], keyword: str) -> Rule:
        if len(branches) != 1:
            raise SchemaError(f"{keyword} with {len(branches)} branches")
        return self.rule(branches[0])

    def nullable(self, branches: list[Any]) -> Rule:
        others = [b for b in branches if b != {"type": "null"}]
        if len(others) != 1 or len(branches) != 2:
            raise SchemaError("anyOf other than `X or null`")
        return self.rule(others[0]).nullable_copy()

    def typed(self, node: dict[str, Any]) -> Rule:
        kind = node.get("type")
        if "enum" in node:
            rule = Rule("enum")
            rule.enum = tuple(node["enum"])
        elif kind == "object":
            rule = self.mapping(node)
        elif kind == "array":
            rule = Rule("array")
            rule.items = self.rule(node["items"])
            rule.min_length, rule.max_length = node.get("minItems"), node.get("maxItems")
        elif kind == "string":
            rule = self.text(node)
        elif kind in ("number", "integer", "boolean"):
            rule = Rule(kind)
            rule.bounds = {bound: node[bound] for bound in BOUNDS if bound in node}
        else:
            raise SchemaError(f"unsupported type {kind!r}")
        return rule

    def mapping(self, node: dict[str, Any]) -> Rule:
        extra = node.get("additionalProperties", True)
        if isinstance(extra, dict):  # dict[K, V]: any keys, each checked, as are the values
            rule = Rule("map")
            rule.values = self.rule(extra)
            rule.keys = self.rule({"type": "string", **node.get("propertyNames", {})})
            return rule
        if extra is not False:
            raise SchemaError("objects must forbid unknown keys or describe them")
        rule = Rule("object")
        properties = node.get("properties", {})
        rule.properties = {key: self.rule(value) for key, value in properties.items()}
        rule.descriptions = {key: value.get("description", "") for key, value in properties.items()}
        rule.required = frozenset(node.get("required", ()))
        return rule

    def text(self, node: dict[str, Any]) -> Rule:
        form = node.get("format")
        if form not in (None, "date"):
            raise SchemaError(f"unsupported format {form!r}")
        rule = Rule("date" if form == "date" else "string")
        rule.min_length, rule.max_length = node.get("minLength"), node.get("maxLength")
        if "pattern" in node:
            rule.pattern_text = node["pattern"]
            rule.pattern = compile_pattern(node["pattern"])
        return rule


def compile_pattern(pattern: str) -> re.Pattern[str]:
    """A JSON Schema (ECMA-262) pattern for Python: there `$` ends the text, never a line."""
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1] + r"\Z"
    return re.compile(pattern)


def compile_schema(schema: dict[str, Any]) -> Rule:
    """The rule of the document's root."""
    return Compiler(schema).rule(schema)


_root: list[Rule] = []  # compiled once per process, on first use


def root_rule() -> Rule:
    if not _root:
        _root.append(compile_schema(load_validation_schema()))
    return _root[0]


def find_issues(data: Any, root: Rule | None = None) -> list[Issue]:
    """Every place where `data` breaks the schema, in document order."""
    issues: list[Issue] = []
    check(data, root or root_rule(), (), issues)
    return issues


def check(value: Any, rule: Rule, path: YamlPath, issues: list[Issue]) -> None:
    if value is None:
        if not rule.nullable:
            issues.append(Issue(path, NONE_ISSUES.get(rule.kind, WRONG_TYPE), rule, None))
        return
    CHECKS[rule.kind](value, rule, path, issues)


def check_object(value: Any, rule: Rule, path: YamlPath, issues: list[Issue]) -> None:
    if not isinstance(value, dict):
        issues.append(Issue(path, WRONG_TYPE, rule, value))
        return
    properties = rule.properties
    for key, item in value.items():
        if key in properties:
            check(item, properties[key], (*path, key), issues)
        else:
            issues.append(Issue((*path, key), UNKNOWN_KEY, rule, item, at_key=True))
    for key in properties:
        if key not in value and key in rule.required:
            issues.append(Issue((*path, key), MISSING, properties[key], None))


def check_map(value: Any, rule: Rule, path: YamlPath, issues: list[Issue]) -> None:
    if not isinstance(value, dict):
        issues.append(Issue(path, WRONG_TYPE, rule, value))
        return
    assert rule.keys is not None and rule.values is not None
    for key, item in value.items():
        key_issue = text_issue(key, rule.keys)
        if key_issue:
            issues.append(Issue((*path, key), key_issue, rule.keys, key, at_key=True))
        check(item, rule.values, (*path, key), issues)


def check_array(value: Any, rule: Rule, path: YamlPath, issues: list[Issue]) -> None:
    if not isinstance(value, list):
        issues.append(Issue(path, WRONG_TYPE, rule, value))
        return
    assert rule.items is not None
    for index, item in enumerate(value):
        check(item, rule.items, (*path, index), issues)
    size = len(value)
    if rule.min_length is not None and size < rule.min_length:
        issues.append(Issue(path, TOO_SHORT, rule, value))
    elif rule.max_length is not None and size > rule.max_length:
        issues.append(Issue(path, TOO_LONG, rule, value))


def text_issue(value: Any, rule: Rule) -> str:
    """The kind of issue a text value has, or "" when it fits."""
    if not isinstance(value, str):
        return WRONG_TYPE
    size = len(value)
    if rule.min_length is not None and size < rule.min_length:
        return TOO_SHORT
    if rule.max_length is not None and size > rule.max_length:
        return TOO_LONG
    if rule.pattern is not None and not rule.pattern.search(value):
        return PATTERN
    return ""


def check_text(value: Any, rule: Rule, path: YamlPath, issues: list[Issue]) -> None:
    kind = text_issue(value, rule)
    if kind:
        issues.append(Issue(path, kind, rule, value))


def check_enum(value: Any, rule: Rule, path: YamlPath, issues: list[Issue]) -> None:
    if not isinstance(value, str) or value not in rule.enum:
        issues.append(Issue(path, NOT_ALLOWED, rule, value))


def check_date(value: Any, rule: Rule, path: YamlPath, issues: list[Issue]) -> None:
    if not isinstance(value, str) or date_problem(value):
        issues.append(Issue(path, BAD_DATE, rule, value))


def date_problem(text: str) -> str:
    """Why `text` is no YYYY-MM-DD date ("" when it is one): the form, or the calendar."""
    if not re.fullmatch(DATE_FORM, text):
        return "form"
    year, month, day = (int(part) for part in text.split("-"))
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    try:
        datetime.date(year, month, day)
    except ValueError:
        return f"{text[:7]} has no day {day}"
    return ""


def is_number(value: Any, kind: str) -> bool:
    """A finite int or float (an integer for `integer`); true and false are not numbers."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    if kind == "integer":
        return isinstance(value, int)
    try:
        return math.isfinite(value)
    except OverflowError:  # an int too large for a float: 1 followed by 400 zeros
        return False


def check_number(value: Any, rule: Rule, path: YamlPath, issues: list[Issue]) -> None:
    if not is_number(value, rule.kind):
        issues.append(Issue(path, WRONG_TYPE, rule, value))
    elif broken_bound(value, rule.bounds):
        issues.append(Issue(path, RANGE, rule, value))


def broken_bound(value: float, bounds: dict[str, float]) -> str:
    for bound, limit in bounds.items():
        if not BOUND_TESTS[bound](value, limit):
            return bound
    return ""


BOUND_TESTS = {
    "minimum": lambda value, limit: value >= limit,
    "exclusiveMinimum": lambda value, limit: value > limit,
    "maximum": lambda value, limit: value <= limit,
    "exclusiveMaximum": lambda value, limit: value < limit,
}


def check_boolean(value: Any, rule: Rule, path: YamlPath, issues: list[Issue]) -> None:
    if not isinstance(value, bool):
        issues.append(Issue(path, WRONG_TYPE, rule, value))


CHECKS = {
    "object": check_object,
    "map": check_map,
    "array": check_array,
    "string": check_text,
    "enum": check_enum,
    "date": check_date,
    "number": check_number,
    "integer": check_number,
    "boolean": check_boolean,
}


def rule_at(root: Rule, path: Sequence[str | int]) -> Rule | None:
    """The rule for the value at `path`, or None when the path leaves the schema."""
    rule: Rule | None = root
    for part in path:
        if rule is None:
            return None
        if rule.kind == "object" and isinstance(part, str):
            rule = rule.properties.get(part)
        elif rule.kind == "array" and isinstance(part, int):
            rule = rule.items
        elif rule.kind == "map" and isinstance(part, str):
            rule = rule.values
        else:
            return None
    return rule
