"""The committed JSON Schema and model reference are generated, and must not go stale."""

from __future__ import annotations

import json

import jsonschema
import pytest
from ruamel.yaml import YAML

from archgen.model.jsonschema import (
    DRAFT_07,
    build_json_schema,
    render_json_schema,
    render_validation_schema,
)
from archgen.model.reference import render_reference
from archgen.model.rules import GENERATED_BY, RULES_PATH, load_validation_schema
from tests.conftest import EXAMPLE_MODEL, ROOT

SCHEMA_FILE = ROOT / "schema" / "arch.schema.json"
REFERENCE_FILE = ROOT / "docs" / "model.md"
STALE = "is stale: run `make schema` (archgen schema --write …) and commit the result"


def test_committed_schema_is_current() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == render_json_schema(), f"{SCHEMA_FILE} {STALE}"


def test_packaged_validation_schema_is_current() -> None:
    assert RULES_PATH.read_text(encoding="utf-8") == render_validation_schema(), (
        f"{RULES_PATH.name} is stale: run `{GENERATED_BY}` and commit the result"
    )


def test_validation_schema_is_the_editor_schema_without_icon_choices() -> None:
    editor, checked = build_json_schema(), load_validation_schema()
    jsonschema.Draft7Validator.check_schema(checked)
    icon = checked["definitions"]["Service"]["properties"]["icon"]
    assert (icon["type"], icon["minLength"], icon["maxLength"]) == ("string", 1, 200)
    del editor["definitions"]["Service"]["properties"]["icon"]
    del checked["definitions"]["Service"]["properties"]["icon"]
    assert editor == checked


def test_committed_reference_is_current() -> None:
    assert REFERENCE_FILE.read_text(encoding="utf-8") == render_reference(), (
        f"{REFERENCE_FILE} {STALE}"
    )


def test_schema_is_draft_07_for_yaml_language_server() -> None:
    schema = build_json_schema()
    assert schema["$schema"] == DRAFT_07
    assert "$defs" not in json.dumps(schema), "draft-07 uses definitions, not $defs"
    jsonschema.Draft7Validator.check_schema(schema)


def test_every_field_has_a_description() -> None:
    schema = build_json_schema()
    for name, definition in schema["definitions"].items():
        for key, prop in definition.get("properties", {}).items():
            assert prop.get("description"), f"{name}.{key} has no description"


def test_example_passes_the_editor_schema() -> None:
    data = YAML(typ="safe").load(EXAMPLE_MODEL.read_text(encoding="utf-8"))
    data["project"]["date"] = str(data["project"]["date"])
    jsonschema.Draft7Validator(build_json_schema()).validate(data)


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("services", 0, "icon"), "aws.compute.NoSuchThing"),
        (("services", 0, "nmae"), "typo"),
        (("groups", 0, "kind"), "subnet"),
        (("services", 0, "serves"), {"High Availability": "an id has no spaces"}),
    ],
)
def test_editor_schema_flags_mistakes(path: tuple[str | int, ...], value: object) -> None:
    data = YAML(typ="safe").load(EXAMPLE_MODEL.read_text(encoding="utf-8"))
    data["project"]["date"] = str(data["project"]["date"])
    target = data
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    errors = list(jsonschema.Draft7Validator(build_json_schema()).iter_errors(data))
    assert errors, f"the schema accepted {path} = {value!r}"


def test_modeline_of_the_example_points_at_the_schema() -> None:
    first_line = EXAMPLE_MODEL.read_text(encoding="utf-8").splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=./schema/arch.schema.json"
    assert SCHEMA_FILE.is_file()


@pytest.mark.parametrize(
    ("icon", "accepted"),
    [
        ("icons/logo.Png", True),
        ("icons/a..b.png", True),
        ("photo.JPEG", True),
        ("/etc/logo.png", False),
        ("C:/logo.png", False),
        ("~/logo.png", False),
        ("logo.svg", False),
    ],
)
def test_editor_schema_treats_icon_paths_like_the_validator(icon: str, accepted: bool) -> None:
    data = {
        "project": {"title": "T", "summary": "S"},
        "services": [{"id": "a", "name": "A", "icon": icon, "does": "D", "why": "W"}],
    }
    errors = list(jsonschema.Draft7Validator(build_json_schema()).iter_errors(data))
    assert (not errors) is accepted, errors
