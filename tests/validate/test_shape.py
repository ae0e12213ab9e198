"""The schema checker: what it understands of JSON Schema, and what it refuses to guess."""

from __future__ import annotations

from typing import Any

import pytest

from archgen.validate import shape
from archgen.validate.shape import SchemaError, compile_schema, find_issues

IDS = {"type": "string", "pattern": "^[a-z]+$", "maxLength": 8}
SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id"],
    "properties": {
        "id": IDS,
        "cost": {"type": "number", "minimum": 0},
        "when": {"anyOf": [{"type": "string", "format": "date"}, {"type": "null"}]},
        "serves": {
            "type": "object",
            "propertyNames": IDS,
            "additionalProperties": {"type": "string", "minLength": 1},
        },
        "tags": {"type": "array", "items": {"$ref": "#/definitions/Tag"}, "minItems": 1},
    },
    "definitions": {"Tag": {"enum": ["a", "b"], "type": "string"}},
}


def issues(data: Any) -> list[tuple[tuple[str | int, ...], str]]:
    return [(issue.path, issue.kind) for issue in find_issues(data, compile_schema(SCHEMA))]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"id": "web"}, []),
        ({}, [(("id",), shape.MISSING)]),
        ({"id": "web", "colour": 1}, [(("colour",), shape.UNKNOWN_KEY)]),
        ({"id": "web\n"}, [(("id",), shape.PATTERN)]),  # `$` ends the text, as in JSON Schema
        ({"id": "toolongforit"}, [(("id",), shape.TOO_LONG)]),  # length before pattern
        ({"id": "web", "cost": True}, [(("cost",), shape.WRONG_TYPE)]),
        ({"id": "web", "cost": float("inf")}, [(("cost",), shape.WRONG_TYPE)]),
        ({"id": "web", "cost": -1}, [(("cost",), shape.RANGE)]),
        ({"id": "web", "when": None}, []),
        ({"id": "web", "when": "2026-02-29"}, [(("when",), shape.BAD_DATE)]),
        ({"id": "web", "when": 20260228}, [(("when",), shape.BAD_DATE)]),
        ({"id": "web", "serves": {"Perf": "x"}}, [(("serves", "Perf"), shape.PATTERN)]),
        ({"id": "web", "serves": {"perf": ""}}, [(("serves", "perf"), shape.TOO_SHORT)]),
        ({"id": "web", "tags": []}, [(("tags",), shape.TOO_SHORT)]),
        (
            {"id": "web", "tags": ["a", "c", None]},
            [(("tags", 1), shape.NOT_ALLOWED), (("tags", 2), shape.NOT_ALLOWED)],
        ),
    ],
)
def test_each_kind_of_issue_at_its_place(data: Any, expected: list[Any]) -> None:
    assert issues(data) == expected


def test_a_key_issue_is_marked_as_at_the_key() -> None:
    (issue,) = find_issues({"id": "web", "serves": {"Perf": "x"}}, compile_schema(SCHEMA))
    assert issue.at_key and issue.value == "Perf"


@pytest.mark.parametrize(
    "node",
    [
        {"type": "string", "format": "email"},
        {"oneOf": [{"type": "string"}, {"type": "number"}]},
        {"anyOf": [{"type": "string"}, {"type": "number"}]},
        {"type": "object", "properties": {}},  # unknown keys neither forbidden nor described
        {"type": "object", "additionalProperties": False, "patternProperties": {}},
        {"type": ["string", "null"]},
    ],
)
def test_a_schema_outside_the_understood_subset_is_refused(node: dict[str, Any]) -> None:
    with pytest.raises(SchemaError):
        compile_schema(node)


def test_the_packaged_schema_compiles() -> None:
    root = shape.root_rule()
    assert root.kind == "object" and {"project", "services"} <= root.required
