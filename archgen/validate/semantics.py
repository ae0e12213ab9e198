"""Warnings for a valid model that is probably not what its writer meant.

They run only once the model has no errors: on a broken model they would mislead (a step with a
misspelt `to:` would make the service it meant look unused). Each message says what to do.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from archgen.load import LoadedDocument
from archgen.model.schema import Architecture, Group, GroupKind, Link, Step
from archgen.problems import Problem, format_path
from archgen.validate import codes
from archgen.validate.structure import YamlPath

Check = Callable[[Architecture], Iterator["Notice"]]


@dataclass(frozen=True)
class Notice:
    """A warning before it is located: where it points, its code, message and hint."""

    path: YamlPath
    code: str
    message: str
    hint: str = ""


def check_semantics(model: Architecture, doc: LoadedDocument) -> list[Problem]:
    """Every warning of every check, located in the document."""
    return [locate(doc, warning) for check in CHECKS for warning in check(model)]


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


def unserved_requirements(model: Architecture) -> Iterator[Notice]:
    served = {req_id for service in model.services for req_id in service.serves}
    for index, requirement in enumerate(model.requirements):
        if requirement.id not in served:
            yield Notice(
                ("requirements", index, "id"),
                codes.UNSERVED_REQUIREMENT,
                f"no service serves requirement '{requirement.id}'",
                f"add `{requirement.id}: <how>` under `serves:` of the services that meet it, "
                "or remove the requirement",
            )


def unused_services(model: Architecture) -> Iterator[Notice]:
    edges: list[Step | Link] = [step for flow in model.flows for step in flow.steps]
    edges += model.links
    ends = {end for edge in edges for end in (edge.source, edge.target)}
    for index, service in enumerate(model.services):
        if service.id not in ends:
            yield Notice(
                ("services", index, "id"),
                codes.UNUSED_SERVICE,
                f"service '{service.id}' is in no flow step and no link",
                "connect it with a step under `flows:` or an entry under `links:`, "
                "or remove it if the design does not need it",
            )


def services_serving_nothing(model: Architecture) -> Iterator[Notice]:
    for index, service in enumerate(model.services):
        if not service.serves and model.requirements:
            yield Notice(
                ("services", index, "id"),
                codes.SERVES_NOTHING,
                f"service '{service.id}' serves no requirement",
                "say under `serves:` which requirements it helps and how, e.g. "
                f"`serves: {{{model.requirements[0].id}: …}}`",
            )


@dataclass(frozen=True)
class Placement:
    """Where a kind of boundary belongs: inside one of `within`, said in words."""

    within: frozenset[GroupKind]
    words: str
    parent_kind: GroupKind


K = GroupKind
PLACEMENTS = {
    K.PUBLIC_SUBNET: Placement(frozenset({K.VPC}), "a VPC", K.VPC),
    K.PRIVATE_SUBNET: Placement(frozenset({K.VPC}), "a VPC", K.VPC),
    K.SECURITY_GROUP: Placement(frozenset({K.VPC}), "a VPC", K.VPC),
    K.AVAILABILITY_ZONE: Placement(frozenset({K.REGION}), "a region", K.REGION),
    K.VPC: Placement(frozenset({K.REGION, K.AWS_CLOUD}), "a region or the AWS cloud", K.REGION),
    K.REGION: Placement(frozenset({K.AWS_CLOUD}), "the AWS cloud", K.AWS_CLOUD),
}


def ancestor_kinds(group: Group, by_id: dict[str, Group]) -> set[GroupKind]:
    """Kinds of every group around `group`; stops at a loop (validation forbids them anyway)."""
    kinds: set[GroupKind] = set()
    seen = {group.id}
    parent = group.parent
    while parent is not None and parent in by_id and parent not in seen:
        seen.add(parent)
        kinds.add(by_id[parent].kind)
        parent = by_id[parent].parent
    return kinds


def misplaced_groups(model: Architecture) -> Iterator[Notice]:
    """Boundaries outside the boundary they live in, e.g. a subnet outside any VPC."""
    by_id = {group.id: group for group in model.groups}
    has_cloud = any(group.kind is K.AWS_CLOUD for group in model.groups)
    for index, group in enumerate(model.groups):
        placement = PLACEMENTS.get(group.kind)
        if placement is None or (group.kind is K.REGION and not has_cloud):
            continue
        if ancestor_kinds(group, by_id) & placement.within:
            continue
        fits = [g.id for g in model.groups if g.kind is placement.parent_kind]
        example = f"`parent: {fits[0]}`" if fits else f"a group of kind `{placement.parent_kind}`"
        where = "parent" if group.parent else "kind"
        yield Notice(
            ("groups", index, where),
            codes.MISPLACED_GROUP,
            f"{group.kind} '{group.id}' is not inside {placement.words}",
            f"nest it with {example}" if fits else f"add {example} and nest it there",
        )


def empty_groups(model: Architecture) -> Iterator[Notice]:
    used = {s.group for s in model.services} | {g.parent for g in model.groups}
    for index, group in enumerate(model.groups):
        if group.id not in used:
            yield Notice(
                ("groups", index, "id"),
                codes.EMPTY_GROUP,
                f"group '{group.id}' holds no services and no groups",
                f"put services in it with `group: {group.id}`, nest groups in it with "
                f"`parent: {group.id}`, or remove it",
            )


def self_steps(model: Architecture) -> Iterator[Notice]:
    for f, flow in enumerate(model.flows):
        for s, step in enumerate(flow.steps):
            if step.source == step.target:
                yield Notice(
                    ("flows", f, "steps", s, "to"),
                    codes.SELF_STEP,
                    f"step goes from '{step.source}' to itself",
                    "a step sends something to another service; describe work inside one "
                    "service in the `detail:` of a step",
                )


def unanchored_tradeoffs(model: Architecture) -> Iterator[Notice]:
    for index, tradeoff in enumerate(model.tradeoffs):
        if not tradeoff.services and not tradeoff.requirements:
            yield Notice(
                ("tradeoffs", index, "id"),
                codes.UNANCHORED_TRADEOFF,
                f"trade-off '{tradeoff.id}' names no services and no requirements",
                "list the services it touches under `services:` and the requirements it "
                "weighs under `requirements:`",
            )


CHECKS: tuple[Check, ...] = (
    unserved_requirements,
    unused_services,
    services_serving_nothing,
    misplaced_groups,
    empty_groups,
    self_steps,
    unanchored_tradeoffs,
)
