"""Read what `terraform show -json` prints: a plan (planned_values + configuration, whose
expressions list their references) or a state (values only: references are found by matching
one resource's ids and ARNs inside another's attributes)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from archgen.imports import codes
from archgen.imports.aws_types import SUBNET, terraform_type
from archgen.imports.found import Found, Resource
from archgen.imports.names import NAME_VARIABLES, stated_name, title_from_path
from archgen.imports.references import check_cycles

INDEX = re.compile(r"\[[^\]]*\]")


def read_show_json(text: str, shown: str) -> Found:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise codes.fail_at(
            shown,
            error.lineno,
            error.colno,
            codes.SYNTAX,
            f"JSON syntax error: {error.msg}",
            "write it again with `terraform show -json PLAN > plan.json`",
        ) from None
    except (RecursionError, ValueError):
        raise codes.fail_at(
            shown, 1, 0, codes.TOO_LARGE, "the JSON nests or counts past archgen's bounds"
        ) from None
    values = _root_module(data)
    if values is None:
        raise codes.fail_at(
            shown,
            1,
            0,
            codes.NOT_A_TEMPLATE,
            "not the output of `terraform show -json` (no `format_version` "
            "with `values` or `planned_values`)",
            "run `terraform show -json PLAN > plan.json`, or name the folder of .tf files",
        )
    instances = list(_instances(values))
    found = Found("Terraform", shown, _plan_name(data) or title_from_path(Path(shown)), "")
    config = _configuration_refs(data)
    lines = address_lines(text)
    by_key: dict[str, Resource] = {}
    for instance in instances:
        key = INDEX.sub("", str(instance.get("address", "")))
        if not key or instance.get("mode", "managed") != "managed":
            continue
        if key in by_key:
            by_key[key].multiplicity = f"× {int(by_key[key].multiplicity[2:] or 1) + 1}"
            continue
        by_key[key] = _resource(key, instance, lines)
    _add_references(by_key, instances, config)
    found.resources = list(by_key.values())
    check_cycles(found)
    return found


def _root_module(data: Any) -> dict[str, Any] | None:
    if not isinstance(data, dict) or "format_version" not in data:
        return None
    for key in ("planned_values", "values"):
        part = data.get(key)
        if isinstance(part, dict) and isinstance(part.get("root_module"), dict):
            root: dict[str, Any] = part["root_module"]
            return root
    return None


def _instances(module: dict[str, Any], depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > codes.MAX_DEPTH:
        return
    for resource in module.get("resources") or []:
        if isinstance(resource, dict):
            yield resource
    for child in module.get("child_modules") or []:
        if isinstance(child, dict):
            yield from _instances(child, depth + 1)


def _plan_name(data: dict[str, Any]) -> str:
    """The project's name from a plan's input variables (`app_name`, `project`, …)."""
    variables = data.get("variables")
    for name in NAME_VARIABLES:
        entry = variables.get(name) if isinstance(variables, dict) else None
        found = stated_name(entry.get("value") if isinstance(entry, dict) else None)
        if found:
            return found
    return ""


def _resource(key: str, instance: dict[str, Any], lines: dict[str, int]) -> Resource:
    kind = str(instance.get("type", ""))
    raw = instance.get("values")
    values: dict[str, Any] = raw if isinstance(raw, dict) else {}
    resource = Resource(
        key=key,
        type=kind,
        info=terraform_type(kind),
        file="",
        line=lines.get(str(instance.get("address", "")), 1),
        label=_label(values),
        multiplicity="× 1" if "index" in instance else "",
    )
    if resource.info.role == SUBNET:
        zone = values.get("availability_zone")
        resource.zone = zone if isinstance(zone, str) else ""
        resource.public = values.get("map_public_ip_on_launch") is True
    return resource


ADDRESS_KEY = re.compile(r'"address"\s*:\s*("(?:[^"\\\n]|\\.)*")')


def address_lines(text: str) -> dict[str, int]:
    """The line of the first `"address": "…"` of each address, in one pass."""
    lines: dict[str, int] = {}
    line, at = 1, 0
    for match in ADDRESS_KEY.finditer(text):
        line += text.count("\n", at, match.start())
        at = match.start()
        try:
            lines.setdefault(str(json.loads(match.group(1))), line)
        except ValueError:
            continue
    return lines


def _label(values: dict[str, Any]) -> str:
    tags = values.get("tags")
    for candidate in (tags.get("Name") if isinstance(tags, dict) else None, values.get("name")):
        if isinstance(candidate, str) and 0 < len(candidate) <= 80:
            return candidate
    return ""


def _configuration_refs(data: dict[str, Any]) -> dict[str, set[str]]:
    """Address → addresses its expressions reference, from a plan's configuration."""
    refs: dict[str, set[str]] = {}
    root = (data.get("configuration") or {}).get("root_module")
    if isinstance(root, dict):
        for resource in root.get("resources") or []:
            if isinstance(resource, dict) and isinstance(resource.get("address"), str):
                found = set(_reference_lists(resource.get("expressions"), 0))
                found |= {d for d in resource.get("depends_on") or [] if isinstance(d, str)}
                refs[resource["address"]] = found
    return refs


def _reference_lists(node: Any, depth: int) -> Iterator[str]:
    if depth > codes.MAX_DEPTH:
        return
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "references" and isinstance(value, list):
                yield from (v for v in value if isinstance(v, str))
            else:
                yield from _reference_lists(value, depth + 1)
    elif isinstance(node, list):
        for item in node:
            yield from _reference_lists(item, depth + 1)


def _add_references(
    by_key: dict[str, Resource], instances: list[dict[str, Any]], config: dict[str, set[str]]
) -> None:
    for key, resource in by_key.items():
        for ref in config.get(key, set()):
            target = _resource_of(INDEX.sub("", ref), by_key)
            if target and target != key:
                resource.refs.setdefault(target, "expression")
    owners = _ids(by_key, instances)
    for instance in instances:
        key = INDEX.sub("", str(instance.get("address", "")))
        if key in by_key:
            for name, value in _strings(instance.get("values"), "", 0):
                owner = owners.get(value, "")
                if owner and owner != key:
                    by_key[key].refs.setdefault(owner, name)


def _resource_of(reference: str, by_key: dict[str, Resource]) -> str:
    """`aws_vpc.main.id` → `aws_vpc.main` (the longest known prefix)."""
    parts = reference.split(".")
    for end in range(len(parts), 0, -1):
        if ".".join(parts[:end]) in by_key:
            return ".".join(parts[:end])
    return ""


def _ids(by_key: dict[str, Resource], instances: list[dict[str, Any]]) -> dict[str, str]:
    owners: dict[str, str] = {}
    for instance in instances:
        key = INDEX.sub("", str(instance.get("address", "")))
        values = instance.get("values")
        if key in by_key and isinstance(values, dict):
            for name in ("id", "arn"):
                if isinstance(values.get(name), str) and len(values[name]) >= 6:
                    owners.setdefault(values[name], key)
    return owners


def _strings(node: Any, where: str, depth: int) -> Iterator[tuple[str, str]]:
    if depth > codes.MAX_DEPTH:
        return
    if isinstance(node, dict):
        for key, value in node.items():
            if not (depth == 0 and key in ("id", "arn")):
                yield from _strings(value, where or str(key), depth + 1)
    elif isinstance(node, list):
        for item in node:
            yield from _strings(item, where, depth + 1)
    elif isinstance(node, str):
        yield where, node
