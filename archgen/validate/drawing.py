"""Check what the model says about how it is drawn: colour names and overlay groups.

Colours are `#rrggbb` (the schema's pattern) or a CSS colour name, checked here against the CSS
list with a did-you-mean. An overlay group (one with `members:`) is drawn around services that
sit in other boxes, after the layout: it cannot hold services or groups, nor sit in a parent.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from archgen.load import LoadedDocument
from archgen.model.colours import colour_names, is_colour
from archgen.problems import Problem
from archgen.validate import codes
from archgen.validate.references import entries, problem_at
from archgen.validate.shape import YamlPath
from archgen.validate.suggest import did_you_mean, suggest


def check_drawing(doc: LoadedDocument) -> list[Problem]:
    """Unknown colour names and overlay groups used as containers, located."""
    return [*bad_colours(doc), *overlay_containers(doc)]


def colour_places(data: dict[str, Any]) -> Iterator[tuple[YamlPath, Any]]:
    """Every `colour:` value of the model, with its path."""
    for section in ("groups", "services", "flows", "links"):
        for index, item in entries(data, section):
            if "colour" in item:
                yield (section, index, "colour"), item["colour"]
    for f, flow in entries(data, "flows"):
        steps = flow.get("steps")
        for s, step in enumerate(steps if isinstance(steps, list) else []):
            if isinstance(step, dict) and "colour" in step:
                yield ("flows", f, "steps", s, "colour"), step["colour"]


def bad_colours(doc: LoadedDocument) -> Iterator[Problem]:
    for path, value in colour_places(doc.data):
        if not isinstance(value, str) or not value.isalpha() or is_colour(value):
            continue  # hex colours and wrong types are the schema's to report
        close = suggest(value.lower(), colour_names())
        hint = did_you_mean(close) or "write `#rrggbb`, e.g. `#D13212`, or a CSS colour name"
        message = f"unknown colour '{value}'"
        yield problem_at(doc, path, codes.BAD_VALUE, message, hint)


def overlay_ids(data: dict[str, Any]) -> set[str]:
    """Ids of the groups with members: the overlays."""
    return {
        group["id"]
        for _, group in entries(data, "groups")
        if isinstance(group.get("id"), str) and group.get("members")
    }


def overlay_containers(doc: LoadedDocument) -> Iterator[Problem]:
    """A service or group placed in an overlay, or an overlay placed in a group."""
    overlays = overlay_ids(doc.data)
    hint = "an overlay is drawn around its `members:`; put the service in the box it sits in"
    for section, key in (("services", "group"), ("groups", "parent")):
        for index, item in entries(doc.data, section):
            if isinstance(item.get(key), str) and item[key] in overlays:
                message = (
                    f"'{item[key]}' is an overlay group (it has `members:`): nothing sits in it"
                )
                yield problem_at(doc, (section, index, key), codes.OVERLAY_CONTAINER, message, hint)
    for index, group in entries(doc.data, "groups"):
        if isinstance(group.get("id"), str) and group["id"] in overlays and "parent" in group:
            message = f"overlay group '{group['id']}' cannot have a `parent`"
            hint = "an overlay is drawn over the boxes of its members; remove `parent:`"
            yield problem_at(
                doc, ("groups", index, "parent"), codes.OVERLAY_CONTAINER, message, hint
            )
