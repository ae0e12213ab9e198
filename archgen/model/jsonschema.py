"""The JSON Schema of arch.yaml, generated from the pydantic models.

yaml-language-server (VS Code's YAML extension) understands draft-07, while pydantic emits
2020-12; this module converts, and adds what only the runtime knows: the icon catalogue.
"""

from __future__ import annotations

import json
from typing import Any

from archgen.icons.catalog import load_catalog
from archgen.model.schema import Architecture

DRAFT_07 = "http://json-schema.org/draft-07/schema#"
SCHEMA_ID = "https://archgen.invalid/arch.schema.json"
# Relative, any case of .png/.jpg/.jpeg; whether it stays inside the project is for
# `archgen validate` to say, which resolves it (`icons/../icons/a.png` is fine).
CUSTOM_ICON_PATTERN = r"^(?![/\\~])(?![A-Za-z]:)[^:]*\.(?:[pP][nN][gG]|[jJ][pP][eE]?[gG])$"


def build_json_schema() -> dict[str, Any]:
    """The draft-07 schema of an arch.yaml file, with every description and the icon kinds."""
    schema = Architecture.model_json_schema(ref_template="#/definitions/{model}")
    definitions = schema.pop("$defs")
    _add_icon_choices(definitions["Service"]["properties"]["icon"])
    document = {
        "$schema": DRAFT_07,
        "$id": SCHEMA_ID,
        "title": "archgen architecture model (arch.yaml)",
        **schema,
        "definitions": definitions,
    }
    result: dict[str, Any] = _keep_ref_siblings(document)
    return result


def render_json_schema() -> str:
    """The schema as committed: stable key order, two-space indent, trailing newline."""
    return json.dumps(build_json_schema(), indent=2, ensure_ascii=False) + "\n"


def _add_icon_choices(icon: dict[str, Any]) -> None:
    """Offer every diagrams node kind for autocomplete, or a project image file."""
    kinds = {"type": "string", "enum": load_catalog().all_names()}
    image = {"type": "string", "pattern": CUSTOM_ICON_PATTERN}
    icon["anyOf"] = [kinds, image]
    icon.pop("maxLength", None)
    icon.pop("minLength", None)
    icon.pop("type", None)


def _keep_ref_siblings(node: Any) -> Any:
    """Draft-07 ignores keys beside `$ref`; wrap the ref in allOf so descriptions survive."""
    if isinstance(node, list):
        return [_keep_ref_siblings(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {key: _keep_ref_siblings(value) for key, value in node.items()}
    if "$ref" in converted and len(converted) > 1:
        converted["allOf"] = [{"$ref": converted.pop("$ref")}]
    return converted
