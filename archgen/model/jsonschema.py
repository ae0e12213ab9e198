"""The JSON Schema of arch.yaml, generated from the pydantic models.

yaml-language-server (VS Code's YAML extension) understands draft-07, while pydantic emits
2020-12; this module converts, and adds what only the runtime knows: the icon catalogue.

The same schema without the icon choices is what `archgen validate` checks (archgen.model.rules);
`python -m archgen.model.jsonschema` writes it into the package.
"""

from __future__ import annotations

import json
from typing import Any

from archgen.icons.catalog import load_catalog
from archgen.model.rules import RULES_PATH
from archgen.model.schema import Architecture

DRAFT_07 = "http://json-schema.org/draft-07/schema#"
SCHEMA_ID = "https://archgen.invalid/arch.schema.json"
# Relative, any case of .png/.jpg/.jpeg; whether it stays inside the project is for
# `archgen validate` to say, which resolves it (`icons/../icons/a.png` is fine).
CUSTOM_ICON_PATTERN = r"^(?![/\\~])(?![A-Za-z]:)[^:]*\.(?:[pP][nN][gG]|[jJ][pP][eE]?[gG])$"


def build_json_schema(*, icon_choices: bool = True) -> dict[str, Any]:
    """The draft-07 schema of an arch.yaml file, with every description and the icon kinds.

    Without `icon_choices`, `icon:` is plain text, as the validator's structure check sees it.
    """
    schema = Architecture.model_json_schema(ref_template="#/definitions/{model}")
    definitions = schema.pop("$defs")
    if icon_choices:
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


def render_json_schema(*, icon_choices: bool = True) -> str:
    """The schema as committed: stable key order, two-space indent, trailing newline."""
    schema = build_json_schema(icon_choices=icon_choices)
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def render_validation_schema() -> str:
    """The schema `archgen validate` reads (archgen.model.rules), as committed."""
    return render_json_schema(icon_choices=False)


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
    return _pattern_keys(converted)


def _pattern_keys(node: dict[str, Any]) -> dict[str, Any]:
    """`dict[Identifier, Prose]` as draft-07 says it: every key matches, every value is Prose.

    pydantic writes `patternProperties`, under which a key that does not match is simply not
    checked; pydantic itself refuses such a key, and so must the editor and the validator.
    """
    patterns = node.get("patternProperties")
    if not isinstance(patterns, dict) or len(patterns) != 1 or "additionalProperties" in node:
        return node
    converted = dict(node)
    ((pattern, values),) = converted.pop("patternProperties").items()
    converted["propertyNames"] = {**converted.get("propertyNames", {}), "pattern": pattern}
    converted["additionalProperties"] = values
    return converted


def main() -> None:
    """Write the validator's schema into the package (the editor's is `archgen schema`)."""
    from archgen.icons.generate import write_atomically  # a maintainer's step, not `archgen`'s

    write_atomically(RULES_PATH, render_validation_schema())
    print(f"wrote {RULES_PATH}")


if __name__ == "__main__":
    main()
