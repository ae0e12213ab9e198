"""Warnings for a valid model that is probably not what its writer meant.

They run only once the model has no errors: on a broken model they would mislead (a step with a
misspelt `to:` would make the service it meant look unused). Each message says what to do.

They read the validated plain data (no pydantic on `archgen validate`'s path): every key the
schema requires is there with the right type, and optional keys take the schema's defaults.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

from archgen.load import LoadedDocument
from archgen.model.rules import PLACEHOLDER_MARK, is_actor_icon
from archgen.problems import Problem, format_path
from archgen.validate import codes
from archgen.validate.shape import YamlPath

Data = dict[str, Any]  # a model the structure check found valid, as plain data
Check = Callable[[Data], Iterator["Notice"]]


class Notice(NamedTuple):
    """A warning before it is located: where it points, its code, message and hint."""

    path: YamlPath
    code: str
    message: str
    hint: str = ""


def check_semantics(data: Data, doc: LoadedDocument) -> list[Problem]:
    """Every warning of every check not ignored by its entry's `lint:`, located."""
    return [
        locate(doc, warning)
        for check in CHECKS
        for warning in check(data)
        if not ignored(data, warning)
    ]


LINTED_SECTIONS = ("requirements", "groups", "services")


def ignored(data: Data, warning: Notice) -> bool:
    """Whether the entry the warning points into lists its code under `lint: {ignore: …}`."""
    if len(warning.path) < 2 or warning.path[0] not in LINTED_SECTIONS:
        return False
    entry = section(data, str(warning.path[0]))[int(warning.path[1])]
    lint: Data = entry.get("lint") or {}
    return warning.code in (lint.get("ignore") or ())


BLANK_ICON = "generic.blank.Blank"


def is_blank(service: Data) -> bool:
    return bool(service.get("icon") == BLANK_ICON)


def is_actor(service: Data) -> bool:
    return is_actor_icon(str(service.get("icon", "")))


def is_boundary_node(service: Data) -> bool:
    """A gateway drawn at a boundary (internet, NAT, VPN, transit): often shown unconnected."""
    icon = str(service.get("icon", ""))
    return "gateway" in icon.rpartition(".")[2].lower() or bool(service.get("border"))


def locate(doc: LoadedDocument, warning: Notice) -> Problem:
    position = doc.position(warning.path)
    return Problem(
        file=doc.file,
        line=position.line,
        column=position.column,
        code=warning.code,
        message=warning.message,
        path=format_path(warning.path),
        severity="warning",
        hint=warning.hint,
    )


def section(data: Data, key: str) -> list[Data]:
    """A top-level list (requirements, services, …); absent means empty, as in the schema."""
    items: list[Data] = data.get(key) or []
    return items


def unserved_requirements(data: Data) -> Iterator[Notice]:
    served = {req_id for service in section(data, "services") for req_id in serves(service)}
    for index, requirement in enumerate(section(data, "requirements")):
        if requirement["id"] not in served:
            yield Notice(
                ("requirements", index, "id"),
                codes.UNSERVED_REQUIREMENT,
                f"no service serves requirement '{requirement['id']}'",
                f"add `{requirement['id']}: <how>` under `serves:` of the services that meet "
                "it, or remove the requirement",
            )


def serves(service: Data) -> Data:
    found: Data = service.get("serves") or {}
    return found


def unused_services(data: Data) -> Iterator[Notice]:
    edges = [step for flow in section(data, "flows") for step in flow["steps"]]
    edges += section(data, "links")
    ends = {edge[end] for edge in edges for end in ("from", "to")}
    for index, service in enumerate(section(data, "services")):
        if service["id"] in ends or is_blank(service) or is_boundary_node(service):
            continue
        yield Notice(
            ("services", index, "id"),
            codes.UNUSED_SERVICE,
            f"service '{service['id']}' is in no flow step and no link",
            "connect it with a step under `flows:` or an entry under `links:`, "
            "or remove it if the design does not need it",
        )


def services_serving_nothing(data: Data) -> Iterator[Notice]:
    requirements = section(data, "requirements")
    for index, service in enumerate(section(data, "services")):
        if is_blank(service) or is_actor(service):
            continue
        if not serves(service) and requirements:
            yield Notice(
                ("services", index, "id"),
                codes.SERVES_NOTHING,
                f"service '{service['id']}' serves no requirement",
                "say under `serves:` which requirements it helps and how, e.g. "
                f"`serves: {{{requirements[0]['id']}: …}}`",
            )


class Placement(NamedTuple):
    """Where a kind of boundary belongs: inside one of `within`, said in words."""

    within: frozenset[str]
    words: str
    parent_kind: str
    always: bool = False  # asked for even when the model draws no such container


PLACEMENTS = {  # group kinds (GroupKind values) → where they belong
    "public-subnet": Placement(frozenset({"vpc"}), "a VPC", "vpc", always=True),
    "private-subnet": Placement(frozenset({"vpc"}), "a VPC", "vpc", always=True),
    "security-group": Placement(frozenset({"vpc"}), "a VPC", "vpc", always=True),
    "availability-zone": Placement(frozenset({"region", "vpc"}), "a region or a VPC", "region"),
    "vpc": Placement(frozenset({"region", "aws-cloud"}), "a region or the AWS cloud", "region"),
    "region": Placement(frozenset({"aws-cloud"}), "the AWS cloud", "aws-cloud"),
}


def kind_of(group: Data) -> str:
    kind: str = group.get("kind") or "tier"  # the schema's default
    return kind


def ancestor_kinds(group: Data, by_id: dict[str, Data]) -> set[str]:
    """Kinds of every group around `group`; stops at a loop (validation forbids them anyway)."""
    kinds: set[str] = set()
    seen = {group["id"]}
    parent = group.get("parent")
    while parent is not None and parent in by_id and parent not in seen:
        seen.add(parent)
        kinds.add(kind_of(by_id[parent]))
        parent = by_id[parent].get("parent")
    return kinds


def misplaced_groups(data: Data) -> Iterator[Notice]:
    """Boundaries outside the boundary they live in, e.g. a subnet outside any VPC.

    A region, VPC or availability zone is asked to sit in its container only when the model
    draws one: a VPC or zone without any region, or a region without the AWS cloud, is how
    many diagrams look. Subnets and security groups always belong in a VPC.
    """
    groups = section(data, "groups")
    by_id = {group["id"]: group for group in groups}
    drawn = {kind_of(group) for group in groups}
    for index, group in enumerate(groups):
        kind = kind_of(group)
        placement = PLACEMENTS.get(kind)
        if placement is None or not (placement.always or placement.within & drawn):
            continue
        if ancestor_kinds(group, by_id) & placement.within:
            continue
        fits = [g["id"] for g in groups if kind_of(g) == placement.parent_kind]
        example = f"`parent: {fits[0]}`" if fits else f"a group of kind `{placement.parent_kind}`"
        where = "parent" if group.get("parent") else "kind"
        yield Notice(
            ("groups", index, where),
            codes.MISPLACED_GROUP,
            f"{kind} '{group['id']}' is not inside {placement.words}",
            f"nest it with {example}" if fits else f"add {example} and nest it there",
        )


# How cloud boundaries nest, outermost first: a boundary inside one of a higher rank is drawn
# inside out (a region in a subnet). A VPC and an availability zone hold each other either way.
NESTING_RANK = {
    "aws-cloud": 0,
    "region": 1,
    "vpc": 2,
    "availability-zone": 2,
    "public-subnet": 3,
    "private-subnet": 3,
    "security-group": 4,
}


def inverted_groups(data: Data) -> Iterator[Notice]:
    """Boundaries inside one they should hold, e.g. a region inside a subnet."""
    groups = section(data, "groups")
    by_id = {group["id"]: group for group in groups}
    for index, group in enumerate(groups):
        rank = NESTING_RANK.get(kind_of(group))
        inner = _innermost_holding_less(group, by_id, rank) if rank is not None else None
        if inner is None or rank is None:
            continue
        outer = _outer_fit(group, by_id, rank)
        fix = f"e.g. `parent: {outer['id']}`" if outer else "or none"
        yield Notice(
            ("groups", index, "parent"),
            codes.MISPLACED_GROUP,
            f"{kind_of(group)} '{group['id']}' is inside {kind_of(inner)} '{inner['id']}', "
            "which it should hold instead",
            "boundaries nest aws-cloud › region › vpc or availability-zone › subnet › "
            f"security-group: give '{group['id']}' a `parent:` further out ({fix})",
        )


def _outer_fit(group: Data, by_id: dict[str, Data], rank: int) -> Data | None:
    """The nearest group around `group` that may hold it (a lower rank)."""
    fits = (g for g in _ancestors(group, by_id) if NESTING_RANK.get(kind_of(g), rank) < rank)
    return next(fits, None)


def _innermost_holding_less(group: Data, by_id: dict[str, Data], rank: int) -> Data | None:
    """The nearest group around `group` whose kind ranks deeper than `rank`, if any."""
    deeper = (g for g in _ancestors(group, by_id) if NESTING_RANK.get(kind_of(g), -1) > rank)
    return next(deeper, None)


def _ancestors(group: Data, by_id: dict[str, Data]) -> Iterator[Data]:
    """The groups around `group`, nearest first; stops at a loop (validation forbids them)."""
    seen = {group["id"]}
    parent = group.get("parent")
    while parent is not None and parent in by_id and parent not in seen:
        seen.add(parent)
        yield by_id[parent]
        parent = by_id[parent].get("parent")


def empty_groups(data: Data) -> Iterator[Notice]:
    groups = section(data, "groups")
    used = {s.get("group") for s in section(data, "services")} | {g.get("parent") for g in groups}
    for index, group in enumerate(groups):
        if group["id"] not in used and not group.get("members"):  # an overlay has members
            yield Notice(
                ("groups", index, "id"),
                codes.EMPTY_GROUP,
                f"group '{group['id']}' holds no services and no groups",
                f"put services in it with `group: {group['id']}`, nest groups in it with "
                f"`parent: {group['id']}`, or remove it",
            )


def self_steps(data: Data) -> Iterator[Notice]:
    for f, flow in enumerate(section(data, "flows")):
        for s, step in enumerate(flow["steps"]):
            if step["from"] == step["to"]:
                yield Notice(
                    ("flows", f, "steps", s, "to"),
                    codes.SELF_STEP,
                    f"step goes from '{step['from']}' to itself",
                    "a step sends something to another service; describe work inside one "
                    "service in the `detail:` of a step",
                )


def unanchored_tradeoffs(data: Data) -> Iterator[Notice]:
    for index, tradeoff in enumerate(section(data, "tradeoffs")):
        if not tradeoff.get("services") and not tradeoff.get("requirements"):
            yield Notice(
                ("tradeoffs", index, "id"),
                codes.UNANCHORED_TRADEOFF,
                f"trade-off '{tradeoff['id']}' names no services and no requirements",
                "list the services it touches under `services:` and the requirements it "
                "weighs under `requirements:`",
            )


def unnamed_services(data: Data) -> Iterator[Notice]:
    """An empty name is for blank placeholders; on any other icon it is probably a slip."""
    for index, service in enumerate(section(data, "services")):
        if not service["name"].strip() and not is_blank(service):
            yield Notice(
                ("services", index, "name"),
                codes.UNNAMED_SERVICE,
                f"service '{service['id']}' has an empty name",
                "give it a name, or use the icon `generic.blank.Blank` for a placeholder",
            )


def unpriced_services(data: Data) -> Iterator[Notice]:
    """Once one service has a cost, the brief totals them: say which ones the total leaves out."""
    services = section(data, "services")
    unpriced = [(i, s["id"]) for i, s in enumerate(services) if s.get("cost") is None]
    if not unpriced or len(unpriced) == len(services):
        return
    names = ", ".join(f"'{service_id}'" for _, service_id in unpriced[:8])
    more = f" and {len(unpriced) - 8} more" if len(unpriced) > 8 else ""
    yield Notice(
        ("services", unpriced[0][0], "id"),
        codes.UNPRICED_SERVICES,
        f"the cost total leaves out {len(unpriced)} of {len(services)} services, which "
        f"{'has' if len(unpriced) == 1 else 'have'} no `cost:`: {names}{more}",
        "add `cost: {monthly: 0, assumptions: …}` to each, even when it costs nothing, so the "
        "total counts every service",
    )


ID_SECTIONS = ("requirements", "groups", "services", "flows", "tradeoffs")


def case_clashes(data: Data) -> Iterator[Notice]:
    """Ids of one kind equal but for case: both valid (ids are case-sensitive), easily confused."""
    for key in ID_SECTIONS:
        first: dict[str, str] = {}
        for index, item in enumerate(section(data, key)):
            folded = item["id"].casefold()
            other = first.setdefault(folded, item["id"])
            if other != item["id"]:
                yield Notice(
                    (key, index, "id"),
                    codes.CASE_CLASH,
                    f"id '{item['id']}' differs from '{other}' only in case",
                    "ids are case-sensitive, so both work, but a reader mixes them up: "
                    "rename one if they are not meant to be told apart by case alone",
                )


def placeholders(data: Data) -> Iterator[Notice]:
    """Texts an importer wrote in place of prose: `validate --strict` fails until replaced."""
    for path, text in strings_in(data, ()):
        if PLACEHOLDER_MARK in text:
            yield Notice(
                path,
                codes.PLACEHOLDER,
                "placeholder text left by `archgen import`",
                PLACEHOLDER_HINTS.get(str(path[-1]) if path else "", PLACEHOLDER_HINT),
            )


# What to write in place of an import's placeholder, by the field holding it.
PLACEHOLDER_HINTS = {
    "summary": "replace it with what the architecture is for, for whom, and why it is built "
    "this way",
    "does": "replace it with what this service does in the architecture",
    "why": "replace it with why this service was chosen, and what else was considered",
}
PLACEHOLDER_HINT = "replace it with your own text"


def strings_in(value: Any, path: YamlPath) -> Iterator[tuple[YamlPath, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings_in(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from strings_in(item, (*path, index))


CHECKS: tuple[Check, ...] = (
    unnamed_services,
    unserved_requirements,
    unused_services,
    services_serving_nothing,
    misplaced_groups,
    inverted_groups,
    empty_groups,
    self_steps,
    unanchored_tradeoffs,
    unpriced_services,
    case_clashes,
    placeholders,
)
