"""Check what the model's parts say about each other: ids, references, group nesting, icons.

These checks read the raw YAML data, not the typed model, so a student sees a misspelt service
in a flow alongside a missing key elsewhere. Every access is guarded: a value of the wrong type
is the structure check's business and is skipped here.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any, NamedTuple

from archgen.icons.catalog import IconCatalog, icon_file
from archgen.load import LoadedDocument
from archgen.model.rules import ID_PATTERN
from archgen.problems import Problem, format_path
from archgen.validate import codes
from archgen.validate.images import FileChecks, check_icon_file
from archgen.validate.shape import YamlPath
from archgen.validate.suggest import (
    Hints,
    did_you_mean,
    known_names_hint,
    suggest,
    suggestion_hint,
)

VALID_ID = re.compile(ID_PATTERN)

SECTIONS = {  # list key → singular noun, for the sections whose entries carry ids
    "requirements": "requirement",
    "groups": "group",
    "services": "service",
    "flows": "flow",
    "tradeoffs": "trade-off",
    "views": "view",
}
VIEW_LISTS = ("groups", "services", "flows")  # what a view names


class Reference(NamedTuple):  # NamedTuples here: dataclasses cost `archgen validate` start-up
    """A place that names an id of another kind: its path, the id, and whether it is a key."""

    path: YamlPath
    value: str
    at_key: bool = False


def entries(data: dict[str, Any], section: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """(index, entry) for every mapping in a top-level list; anything else is skipped."""
    items = data.get(section)
    if isinstance(items, list):
        for index, item in enumerate(items):
            if isinstance(item, dict):
                yield index, item


def known_ids(data: dict[str, Any], section: str) -> list[str]:
    """Ids of a section in model order, badly formed ones included (so they cascade no further)."""
    found = [item.get("id") for _, item in entries(data, section)]
    return list(dict.fromkeys(i for i in found if isinstance(i, str)))


def check_references(doc: LoadedDocument) -> list[Problem]:
    """Duplicate ids, references to unknown services, groups and requirements, group cycles."""
    data = doc.data
    problems = [p for section in SECTIONS for p in duplicate_ids(doc, section)]
    for section, code, refs in (
        ("services", codes.UNKNOWN_SERVICE, service_references(data)),
        ("groups", codes.UNKNOWN_GROUP, group_references(data)),
        ("requirements", codes.UNKNOWN_REQUIREMENT, requirement_references(data)),
        ("flows", codes.UNKNOWN_FLOW, flow_references(data)),
    ):
        problems += unknown_references(doc, section, code, refs)
    problems += group_cycles(doc)
    problems += groups_too_deep(doc)
    problems += view_problems(doc)
    return problems


def problem_at(
    doc: LoadedDocument,
    path: YamlPath,
    code: str,
    message: str,
    hint: str = "",
    *,
    key: bool = False,
) -> Problem:
    """An error located at a value (or at a key) of the document."""
    position = doc.position(path, key=key)
    return Problem(
        doc.file, position.line, position.column, code, message, format_path(path), hint=hint
    )


def duplicate_ids(doc: LoadedDocument, section: str) -> list[Problem]:
    """Every entry reusing an id an earlier entry of the same kind has."""
    first: dict[str, int] = {}
    problems = []
    noun = SECTIONS[section]
    for index, item in entries(doc.data, section):
        item_id = item.get("id")
        if not isinstance(item_id, str):
            continue
        if item_id not in first:
            first[item_id] = index
            continue
        earlier = doc.position((section, first[item_id], "id")).line
        message = f"duplicate {noun} id '{item_id}': {section}[{first[item_id]}] already uses it"
        hint = f"give each {noun} its own id (the first is on line {earlier})"
        problems.append(problem_at(doc, (section, index, "id"), codes.DUPLICATE_ID, message, hint))
    return problems


def unknown_references(
    doc: LoadedDocument, section: str, code: str, refs: Iterator[Reference]
) -> list[Problem]:
    """One problem per reference naming an id that no entry of `section` has."""
    known = known_ids(doc.data, section)
    defined = set(known)
    known = [name for name in known if VALID_ID.fullmatch(name)]  # never suggest 'RDS db'
    noun = SECTIONS[section]
    fallback = known_names_hint(known, section)  # the same for every word: listing 10,000 ids
    hints = Hints(  # again for each of 20,000 unknown names took minutes
        lambda word: suggestion_hint(word, known, section), lambda word: fallback, len(known)
    )
    return [
        problem_at(
            doc, ref.path, code, f"unknown {noun} '{ref.value}'", hints(ref.value), key=ref.at_key
        )
        for ref in refs
        if ref.value not in defined
    ]


def string_items(value: Any) -> Iterator[tuple[int, str]]:
    if isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, str):
                yield index, item


def service_references(data: dict[str, Any]) -> Iterator[Reference]:
    """Flow step and link endpoints, the services trade-offs name, overlay members."""
    for f, flow in entries(data, "flows"):
        steps = flow.get("steps")
        for s, step in enumerate(steps if isinstance(steps, list) else []):
            for end in ("from", "to"):
                if isinstance(step, dict) and isinstance(step.get(end), str):
                    yield Reference(("flows", f, "steps", s, end), step[end])
    for index, link in entries(data, "links"):
        for end in ("from", "to"):
            if isinstance(link.get(end), str):
                yield Reference(("links", index, end), link[end])
    for t, tradeoff in entries(data, "tradeoffs"):
        for i, service_id in string_items(tradeoff.get("services")):
            yield Reference(("tradeoffs", t, "services", i), service_id)
    for g, group in entries(data, "groups"):
        for i, service_id in string_items(group.get("members")):
            yield Reference(("groups", g, "members", i), service_id)
    yield from view_references(data, "services")


def view_references(data: dict[str, Any], kind: str) -> Iterator[Reference]:
    """The ids of one kind (`groups`, `services`, `flows`) each view names."""
    for v, view in entries(data, "views"):
        for i, named in string_items(view.get(kind)):
            yield Reference(("views", v, kind, i), named)


def flow_references(data: dict[str, Any]) -> Iterator[Reference]:
    """The flows each view names."""
    return view_references(data, "flows")


def view_problems(doc: LoadedDocument) -> list[Problem]:
    """Views with an id an automatic view has, and views that name nothing to draw."""
    taken = {"overview": "the whole diagram"}
    taken |= {f"flow-{flow_id}": "a flow's own view" for flow_id in known_ids(doc.data, "flows")}
    taken |= {
        f"group-{group_id}": "a group's own view when the model is big enough to collapse groups"
        for group_id in known_ids(doc.data, "groups")
    }
    problems = []
    for index, view in entries(doc.data, "views"):
        view_id = view.get("id")
        if isinstance(view_id, str) and view_id in taken:
            what = taken[view_id]
            message = f"view id '{view_id}' is taken: it is {what}, drawn automatically"
            prefix = view_id.partition("-")[0] + "-" if view_id != "overview" else ""
            hint = "give the view another id" + (f", e.g. without `{prefix}`" if prefix else "")
            problems.append(
                problem_at(doc, ("views", index, "id"), codes.VIEW_ID_TAKEN, message, hint)
            )
        if not any(view.get(key) for key in VIEW_LISTS):  # a wrong type is the shape's to say
            message = f"view '{view_id}' names no group, service or flow: it would draw nothing"
            hint = "list what it shows under `groups:`, `services:` or `flows:`"
            problems.append(problem_at(doc, ("views", index), codes.EMPTY_VIEW, message, hint))
    return problems


def group_references(data: dict[str, Any]) -> Iterator[Reference]:
    """Each service's `group`, each group's `parent`, the groups views name."""
    for section, key in (("services", "group"), ("groups", "parent")):
        for index, item in entries(data, section):
            if isinstance(item.get(key), str):
                yield Reference((section, index, key), item[key])
    yield from view_references(data, "groups")


def requirement_references(data: dict[str, Any]) -> Iterator[Reference]:
    """The keys of each service's `serves`, and the requirements trade-offs name."""
    for s, service in entries(data, "services"):
        serves = service.get("serves")
        for req_id in serves if isinstance(serves, dict) else {}:
            if isinstance(req_id, str):
                yield Reference(("services", s, "serves", req_id), req_id, at_key=True)
    for t, tradeoff in entries(data, "tradeoffs"):
        for i, req_id in string_items(tradeoff.get("requirements")):
            yield Reference(("tradeoffs", t, "requirements", i), req_id)


def group_cycles(doc: LoadedDocument) -> list[Problem]:
    """Each loop of `parent`s once, at the `parent` of its first group in model order."""
    parents: dict[str, tuple[int, str]] = {}  # group id → (index, parent id)
    for index, group in entries(doc.data, "groups"):
        group_id, parent = group.get("id"), group.get("parent")
        if isinstance(group_id, str) and isinstance(parent, str) and group_id not in parents:
            parents[group_id] = (index, parent)
    problems: list[Problem] = []
    followed: set[str] = set()  # groups whose `parent`s were already followed to their end
    for start in parents:
        cycle = cycle_from(start, parents, followed)
        if cycle:
            first = min(range(len(cycle)), key=lambda i: parents[cycle[i]][0])
            cycle = cycle[first:] + cycle[:first]  # begins at its first group in model order
            message = f"group {cycle_chain(cycle)} forms a cycle"
            hint = "groups nest like boxes in boxes; change or remove one of these `parent:` keys"
            path = ("groups", parents[cycle[0]][0], "parent")
            problems.append(problem_at(doc, path, codes.GROUP_CYCLE, message, hint))
    return problems


def cycle_from(start: str, parents: dict[str, tuple[int, str]], followed: set[str]) -> list[str]:
    """The loop that following `parent`s from `start` runs into, unless one already followed
    was met first: each group is walked once, so a long chain takes linear time."""
    chain: list[str] = []
    where: dict[str, int] = {}
    group = start
    while group in parents and group not in followed and group not in where:
        where[group] = len(chain)
        chain.append(group)
        group = parents[group][1]
    followed.update(chain)
    return chain[where[group] :] if group in where else []


def groups_too_deep(doc: LoadedDocument) -> list[Problem]:
    """Each group one level past MAX_GROUP_DEPTH, at its `parent`: the diagram and the brief
    draw every level as a box in a box, and a thousand levels exhaust the renderers."""
    parents: dict[str, tuple[int, str]] = {}
    for index, group in entries(doc.data, "groups"):
        group_id, parent = group.get("id"), group.get("parent")
        if isinstance(group_id, str) and isinstance(parent, str) and group_id not in parents:
            parents[group_id] = (index, parent)
    depths: dict[str, int] = {}
    problems = []
    for group_id, (index, _) in parents.items():
        if group_depth(group_id, parents, depths) == MAX_GROUP_DEPTH + 1:
            message = f"group '{group_id}' is nested {MAX_GROUP_DEPTH + 1} groups deep"
            hint = f"nest groups at most {MAX_GROUP_DEPTH} deep; a real model needs about six"
            path = ("groups", index, "parent")
            problems.append(problem_at(doc, path, codes.GROUP_TOO_DEEP, message, hint))
    return problems


def group_depth(group: str, parents: dict[str, tuple[int, str]], depths: dict[str, int]) -> int:
    """How many groups hold `group`, itself included (0 inside a loop), remembered in `depths`
    so that every group is walked once."""
    chain: list[str] = []
    on_chain: set[str] = set()
    while group not in depths and group in parents and group not in on_chain:
        chain.append(group)
        on_chain.add(group)
        group = parents[group][1]
    base = depths.get(group, 0 if group in on_chain else 1)
    for offset, member in enumerate(reversed(chain), start=1):
        depths[member] = base + offset if base else 0
    return depths.get(chain[0], base) if chain else base


def cycle_chain(cycle: list[str], shown: int = 8) -> str:
    """`'a' → 'b' → 'a'`; a long loop shows its first groups and how many there are."""
    names = [f"'{group}'" for group in cycle]
    if len(names) > shown:
        names = [*names[:shown], f"… ({len(cycle)} groups)"]
    return " → ".join([*names, f"'{cycle[0]}'"])


IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")  # what Graphviz and diagrams can draw
PATH_SUFFIXES = (*IMAGE_SUFFIXES, ".svg", ".gif", ".webp", ".bmp", ".ico", ".tif", ".tiff")
MAX_GROUP_DEPTH = 20  # boxes in boxes; cloud, region, VPC, zone, subnet, security group is 6
FIND_KIND = "run `archgen icons {words}` to find a kind"
KEEP_INSIDE = "copy the image into the project, e.g. `icons/`, and write the path from there"


class IconCheck(NamedTuple):
    """Where one service's icon points: an image file, or a problem saying what to fix."""

    file: Path | None = None
    code: str = ""
    message: str = ""
    hint: str = ""


def check_icons(
    doc: LoadedDocument, model_dir: Path, catalog: IconCatalog
) -> tuple[list[Problem], dict[str, Path]]:
    """Problems with services' icons, and each resolvable service id's image file."""
    problems: list[Problem] = []
    files: dict[str, Path] = {}
    hints = Hints(lambda icon: kind_hint(icon, catalog), find_kind_hint)
    checked: FileChecks = {}
    for index, service in entries(doc.data, "services"):
        icon = service.get("icon")
        if not isinstance(icon, str) or not icon:
            continue
        if is_path(icon):
            found = icon_path(icon, model_dir, checked)
        else:
            found = icon_kind(icon, catalog, hints)
        if found.file is None:
            path = ("services", index, "icon")
            problems.append(problem_at(doc, path, found.code, found.message, found.hint))
        elif isinstance(service.get("id"), str):
            files.setdefault(service["id"], found.file)
    return problems, files


def is_path(icon: str) -> bool:
    """Whether `icon` names a file ('icons/a.png', 'logo.svg') rather than a node kind."""
    return "/" in icon or "\\" in icon or icon.lower().endswith(PATH_SUFFIXES)


def icon_kind(icon: str, catalog: IconCatalog, hints: Callable[[str], str]) -> IconCheck:
    kind = catalog.resolve(icon)
    if kind is None:
        return IconCheck(None, codes.UNKNOWN_ICON, f"unknown icon kind '{icon}'", hints(icon))
    try:
        return IconCheck(icon_file(kind))
    except (FileNotFoundError, ModuleNotFoundError) as error:
        hint = "reinstall archgen so diagrams and its images match"
        return IconCheck(None, codes.ICON_NOT_INSTALLED, str(error), hint)


def kind_hint(icon: str, catalog: IconCatalog) -> str:
    """Kinds spelt like `icon`, else the `archgen icons` search for its words."""
    return did_you_mean(catalog.suggest(icon)) or find_kind_hint(icon)


def find_kind_hint(icon: str) -> str:
    words = " ".join(re.findall(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])", icon.rpartition(".")[2]))
    return FIND_KIND.format(words=words.lower())


def icon_path(icon: str, model_dir: Path, checked: FileChecks | None = None) -> IconCheck:
    """An image file inside the project folder, or why `icon` does not name one; `checked`
    remembers the files already read."""
    relative = icon.replace("\\", "/")  # a path typed on Windows means the same file here
    if PurePosixPath(relative).is_absolute() or PureWindowsPath(icon).anchor or icon[:1] == "~":
        message = f"'{icon}' is an absolute path; icon paths start from the folder of the model"
        return IconCheck(None, codes.ICON_OUTSIDE, message, KEEP_INSIDE)
    if PurePosixPath(os.path.normpath(relative)).parts[:1] == ("..",):
        message = f"'{icon}' leads outside the project folder"
        return IconCheck(None, codes.ICON_OUTSIDE, message, KEEP_INSIDE)
    if not icon.lower().endswith(IMAGE_SUFFIXES):
        message = f"'{icon}' is not a PNG or JPEG file, the only images diagrams can draw"
        hint = f"convert it to PNG, or use a node kind: {FIND_KIND.format(words='<words>')}"
        return IconCheck(None, codes.ICON_FILE_TYPE, message, hint)
    try:
        return icon_in_project(icon, relative, model_dir.resolve(), checked)
    except (OSError, ValueError, RuntimeError) as error:  # NUL bytes, link loops, long names
        message = f"'{icon}' cannot be read ({type(error).__name__})"
        return IconCheck(None, codes.ICON_MISSING, message, "check the path")


def icon_in_project(
    icon: str, relative: str, root: Path, checked: FileChecks | None = None
) -> IconCheck:
    """The resolved file, unless a link leads out of `root`, nothing is there, or the file is
    not the PNG or JPEG its name says, or too large (archgen.validate.images)."""
    target = (root / relative).resolve()
    if not target.is_relative_to(root):
        message = f"'{icon}' is a link to a file outside the project folder"
        return IconCheck(None, codes.ICON_OUTSIDE, message, KEEP_INSIDE)
    if not target.is_file():
        return missing_icon(icon, relative, root, target)
    fault = check_icon_file(target, icon, checked)
    if fault is not None:
        return IconCheck(None, *fault)
    return IconCheck(target)


def missing_icon(icon: str, relative: str, root: Path, target: Path) -> IconCheck:
    """Say the file is missing, offering the images beside where it was expected."""
    what = "a folder, not an image" if target.is_dir() else "not a file in the project folder"
    written = PurePosixPath(relative)
    folder = root / written.parent
    images = [p.name for p in folder.glob("*")] if folder.is_dir() else []
    images = sorted(name for name in images if name.lower().endswith(IMAGE_SUFFIXES))
    close = [str(written.parent / name) for name in suggest(written.name, images)]
    hint = (
        did_you_mean(close)
        or f"check the path, or use a node kind: {FIND_KIND.format(words='<words>')}"
    )
    return IconCheck(None, codes.ICON_MISSING, f"'{icon}' is {what}", hint)
