"""The semantic comparison of two valid models (plain data in the schema's shape).

Items are matched by id; an id that disappears while another appears with the same icon and
name (a service) or the same title (a requirement, trade-off), label (a group) or name (a flow)
is a rename. References in the old model are read through the renames first, so renaming a
service is one change, not one per step that mentions it. Steps have no ids: each flow's steps
are aligned as a sequence of (from, to, label).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

PathKey = tuple[str | int, ...]
Kind = Literal["added", "removed", "changed", "renamed"]
Data = Mapping[str, Any]

# What each section is called in a sentence, and the fields compared, short ones quoted.
NOUNS = {
    "requirements": "requirement",
    "groups": "group",
    "services": "service",
    "flows": "flow",
    "tradeoffs": "trade-off",
}
FIELDS: dict[str, tuple[str, ...]] = {
    "project": ("title", "subtitle", "authors", "course", "organisation", "date", "version",
                "summary", "keywords", "currency"),
    "requirements": ("title", "description"),
    "groups": ("label", "kind", "parent", "members", "arrange", "colour", "weight",
               "description"),
    "services": ("name", "icon", "group", "border", "colour", "weight", "does", "why",
                 "analogy"),
    "flows": ("name", "colour", "description"),
    "tradeoffs": ("title", "decision", "alternatives", "benefits", "costs", "risks", "services",
                  "requirements"),
}  # fmt: skip
PROSE = {"summary", "description", "does", "why", "analogy", "decision", "detail", "contribution"}
LISTS = {"alternatives", "benefits", "costs", "risks"}
RENAME_KEYS: dict[str, tuple[str, ...]] = {
    "services": ("icon", "name"),
    "groups": ("kind", "label"),
    "requirements": ("title",),
    "flows": ("name",),
    "tradeoffs": ("title",),
}
SECTION_ORDER = ("project", "requirements", "groups", "services", "flows", "links", "tradeoffs",
                 "challenges", "reflection", "diagram")  # fmt: skip


@dataclass(frozen=True)
class Change:
    """One difference: a sentence, and where it is (in the new model, or the old one when
    the thing is gone)."""

    section: str
    kind: Kind
    text: str
    path: PathKey
    side: Literal["old", "new"] = "new"


@dataclass(frozen=True)
class CoverageChange:
    requirement: str
    gained: tuple[str, ...]
    lost: tuple[str, ...]
    served_by: tuple[str, ...]  # every service serving it now
    path: PathKey
    side: Literal["old", "new"] = "new"
    kind: Literal["added", "removed", "changed"] = "changed"

    @property
    def text(self) -> str:
        now = _names(self.served_by) if self.served_by else "no service"
        if self.kind == "added":
            return f"requirement '{self.requirement}' is new: served by {now}"
        if self.kind == "removed":
            return f"requirement '{self.requirement}' is gone (was served by {_names(self.lost)})"
        parts = []
        if self.gained:
            parts.append(f"now also served by {_names(self.gained)}")
        if self.lost:
            parts.append(f"no longer served by {_names(self.lost)}")
        if not self.gained and not self.lost:
            parts.append("coverage changed")
        return f"requirement '{self.requirement}': {'; '.join(parts)} (served by {now})"


@dataclass(frozen=True)
class CostChange:
    old_total: float
    new_total: float
    currency: str

    @property
    def delta(self) -> float:
        return round(self.new_total - self.old_total, 2)

    @property
    def text(self) -> str:
        sign = "+" if self.delta > 0 else "-" if self.delta < 0 else "±"
        return (
            f"monthly cost {self.old_total:,.2f} → {self.new_total:,.2f} {self.currency} "
            f"({sign}{abs(self.delta):,.2f})"
        )


@dataclass(frozen=True)
class Renumbering:
    flow: str
    old_numbers: tuple[int, ...]
    new_numbers: tuple[int, ...]
    path: PathKey

    @property
    def text(self) -> str:
        return (
            f"flow '{self.flow}': steps {_span(self.old_numbers)} are now {_span(self.new_numbers)}"
        )


@dataclass(frozen=True)
class ModelDiff:
    changes: tuple[Change, ...] = ()
    coverage: tuple[CoverageChange, ...] = ()
    cost: CostChange | None = None
    renumbered: tuple[Renumbering, ...] = ()
    renames: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    @property
    def equal(self) -> bool:
        return not self.changes

    def sections(self) -> list[tuple[str, list[Change]]]:
        """The changes grouped by section, in the model's order."""
        return [
            (name, [c for c in self.changes if c.section == name])
            for name in SECTION_ORDER
            if any(c.section == name for c in self.changes)
        ]

    def consequences(self) -> list[str]:
        """What the changes lead to: coverage, cost, numbering."""
        lines = [c.text for c in self.coverage]
        if self.cost is not None:
            lines.append(self.cost.text)
        return lines + [r.text for r in self.renumbered]


def compare_models(old: Data, new: Data) -> ModelDiff:
    """Every difference between two valid models' data, and its consequences."""
    renames = {section: find_renames(old, new, section) for section in RENAME_KEYS}
    old = translate(old, renames)
    changes = [*compare_project(old, new)]
    for section in ("requirements", "groups", "services", "flows", "tradeoffs"):
        changes += compare_items(old, new, section, renames[section])
    changes += compare_links(old, new)
    changes += compare_challenges(old, new)
    changes += compare_reflection(old, new)
    changes += compare_diagram(old, new)
    if not changes:
        return ModelDiff()
    return ModelDiff(
        changes=tuple(changes),
        coverage=tuple(coverage_changes(old, new)),
        cost=cost_change(old, new),
        renumbered=tuple(renumberings(old, new)),
        renames={k: v for k, v in renames.items() if v},
    )


# ---- renames -----------------------------------------------------------------------------------


def find_renames(old: Data, new: Data, section: str) -> dict[str, str]:
    """Old id → new id for items gone from `old` whose twin (same icon and name, or title…)
    appeared in `new`; only one-to-one matches count."""
    old_items, new_items = by_id(old, section), by_id(new, section)
    gone = [i for i in old_items if i not in new_items]
    came = [i for i in new_items if i not in old_items]
    key = RENAME_KEYS[section]

    def signature(item: Data) -> tuple[Any, ...]:
        return tuple(item.get(k) for k in key)

    matches: dict[tuple[Any, ...], list[str]] = {}
    for item_id in came:
        matches.setdefault(signature(new_items[item_id]), []).append(item_id)
    olds: dict[tuple[Any, ...], list[str]] = {}
    for item_id in gone:
        olds.setdefault(signature(old_items[item_id]), []).append(item_id)
    return {
        ids[0]: matches[sig][0]
        for sig, ids in olds.items()
        if len(ids) == 1 and len(matches.get(sig, [])) == 1
    }


def translate(data: Data, renames: Mapping[str, Mapping[str, str]]) -> dict[str, Any]:
    """The old model with renamed ids and every reference to them spelled the new way."""
    services, groups = renames["services"], renames["groups"]
    requirements, flows, tradeoffs = (
        renames["requirements"], renames["flows"], renames["tradeoffs"]
    )  # fmt: skip

    def rename(mapping: Mapping[str, str]) -> Callable[[Any], Any]:
        return lambda value: mapping.get(value, value)

    svc, grp, req = rename(services), rename(groups), rename(requirements)
    out = dict(data)
    out["requirements"] = [{**r, "id": req(r["id"])} for r in data.get("requirements", [])]
    out["groups"] = [
        {**g, "id": grp(g["id"]), **({"parent": grp(g["parent"])} if g.get("parent") else {}),
         "members": [svc(m) for m in g.get("members") or []]}
        for g in data.get("groups", [])
    ]  # fmt: skip
    out["services"] = [_translated_service(s, svc, grp, req) for s in data.get("services", [])]
    out["flows"] = [
        {**f, "id": rename(flows)(f["id"]),
         "steps": [{**s, "from": svc(s["from"]), "to": svc(s["to"])} for s in f["steps"]]}
        for f in data.get("flows", [])
    ]  # fmt: skip
    out["links"] = [
        {**k, "from": svc(k["from"]), "to": svc(k["to"])} for k in data.get("links", [])
    ]
    out["tradeoffs"] = [
        {**t, "id": rename(tradeoffs)(t["id"]),
         "services": [svc(s) for s in t.get("services", [])],
         "requirements": [req(r) for r in t.get("requirements", [])]}
        for t in data.get("tradeoffs", [])
    ]  # fmt: skip
    return out


def _translated_service(
    service: Data, svc: Callable[[Any], Any], grp: Callable[[Any], Any], req: Callable[[Any], Any]
) -> dict[str, Any]:
    out = {**service, "id": svc(service["id"])}
    if service.get("group"):
        out["group"] = grp(service["group"])
    out["serves"] = {req(k): v for k, v in (service.get("serves") or {}).items()}
    return out


# ---- sections ----------------------------------------------------------------------------------


def by_id(data: Data, section: str) -> dict[str, Data]:
    return {item["id"]: item for item in data.get(section, [])}


def index_of(data: Data, section: str) -> dict[str, int]:
    return {item["id"]: index for index, item in enumerate(data.get(section, []))}


def compare_project(old: Data, new: Data) -> list[Change]:
    before, after = old.get("project", {}), new.get("project", {})
    return [
        Change("project", "changed", f"project: {field_change(name, before, after)}",
               ("project", name) if name in after else ("project",))
        for name in FIELDS["project"]
        if before.get(name) != after.get(name)
    ]  # fmt: skip


def compare_items(old: Data, new: Data, section: str, renames: Mapping[str, str]) -> list[Change]:
    """Added, removed, renamed and changed items of a section with ids."""
    noun = NOUNS[section]
    olds, news = by_id(old, section), by_id(new, section)
    old_index, new_index = index_of(old, section), index_of(new, section)
    changes: list[Change] = []
    for item_id, index in new_index.items():
        path: PathKey = (section, index)
        if item_id not in olds:
            changes.append(Change(section, "added", f"{noun} '{item_id}' added", (*path, "id")))
            continue
        was = next((k for k, v in renames.items() if v == item_id), None)
        if was is not None:
            text = f"{noun} '{was}' renamed to '{item_id}'"
            changes.append(Change(section, "renamed", text, (*path, "id")))
        changes += item_changes(section, olds[item_id], news[item_id], path)
    for item_id, index in old_index.items():
        if item_id not in news:
            text = f"{noun} '{item_id}' removed"
            changes.append(Change(section, "removed", text, (section, index, "id"), "old"))
    return changes


def item_changes(section: str, before: Data, after: Data, path: PathKey) -> list[Change]:
    noun, item_id = NOUNS[section], after["id"]
    changes = [
        Change(section, "changed", f"{noun} '{item_id}': {field_change(name, before, after)}",
               path + ((name,) if name in after else ()))
        for name in FIELDS[section]
        if before.get(name) != after.get(name)
    ]  # fmt: skip
    if section == "services":
        changes += cost_changes(before, after, path)
        changes += contribution_changes(before, after, path)
    if section == "flows":
        changes += step_changes(before, after, path)
    return changes


def field_change(name: str, before: Data, after: Data) -> str:
    """`name 'A' → 'B'`, or just `why changed` for prose, `benefits: 2 → 3 items` for lists."""
    old, new = before.get(name), after.get(name)
    if old is None:
        return f"{name} added" if name in PROSE else f"{name} set to {_shown(new)}"
    if new is None:
        return f"{name} removed"
    if name in PROSE:
        return f"{name} changed"
    if name in LISTS and isinstance(old, list) and isinstance(new, list):
        return f"{name} changed ({len(old)} → {len(new)} items)"
    return f"{name} {_shown(old)} → {_shown(new)}"


def cost_changes(before: Data, after: Data, path: PathKey) -> list[Change]:
    old, new = before.get("cost") or {}, after.get("cost") or {}
    service = after["id"]
    where = (*path, "cost") if new else path
    changes = []
    if old.get("monthly") != new.get("monthly"):
        shown = [f"{v:,.2f}" if isinstance(v, float | int) else "none" for v in
                 (old.get("monthly"), new.get("monthly"))]  # fmt: skip
        text = f"service '{service}': monthly cost {shown[0]} → {shown[1]}"
        changes.append(Change("services", "changed", text, where))
    if old.get("assumptions") != new.get("assumptions"):
        text = f"service '{service}': cost assumptions changed"
        changes.append(Change("services", "changed", text, where))
    return changes


def contribution_changes(before: Data, after: Data, path: PathKey) -> list[Change]:
    """What the service says about each requirement it serves."""
    old, new = before.get("serves") or {}, after.get("serves") or {}
    service, changes = after["id"], []
    for requirement in sorted(set(old) | set(new)):
        where = (*path, "serves", requirement) if requirement in new else path
        if requirement not in old:
            text = f"service '{service}' now serves requirement '{requirement}'"
        elif requirement not in new:
            text = f"service '{service}' no longer serves requirement '{requirement}'"
        elif old[requirement] != new[requirement]:
            text = f"service '{service}': how it serves requirement '{requirement}' changed"
        else:
            continue
        changes.append(Change("services", "changed", text, where))
    return changes


def step_changes(before: Data, after: Data, path: PathKey) -> list[Change]:
    """Steps aligned by (from, to, label): added, removed, or changed in place."""
    flow, changes = after["id"], []
    old_steps, new_steps = before["steps"], after["steps"]
    matcher = difflib.SequenceMatcher(None, [step_key(s) for s in old_steps],
                                      [step_key(s) for s in new_steps], autojunk=False)  # fmt: skip
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                changes += step_edits(flow, old_steps[i], new_steps[j], j, path)
            continue
        near = path + (("steps", min(j1, len(new_steps) - 1)) if new_steps else ("steps",))
        for i in range(i1, i2):
            text = f"flow '{flow}': step {i + 1} removed ({describe_step(old_steps[i])})"
            changes.append(Change("flows", "removed", text, near))
        for j in range(j1, j2):
            text = f"flow '{flow}': step {j + 1} added ({describe_step(new_steps[j])})"
            changes.append(Change("flows", "added", text, (*path, "steps", j)))
    return changes


def step_edits(flow: str, old: Data, new: Data, index: int, path: PathKey) -> list[Change]:
    names = ("from", "to", "label", "mode", "detail", "colour", "weight", "constrain")
    changed = [n for n in names if old.get(n) != new.get(n)]
    if not changed:
        return []
    where = (*path, "steps", index, *changed[:1]) if len(changed) == 1 else (*path, "steps", index)
    parts = [field_change(name, old, new) for name in changed]
    text = f"flow '{flow}': step {index + 1} ({describe_step(new)}): {', '.join(parts)}"
    return [Change("flows", "changed", text, where)]


def step_key(step: Data) -> tuple[str, str, str]:
    return (step["from"], step["to"], step["label"])


def describe_step(step: Data) -> str:
    return f"{step['from']} → {step['to']}: {step['label']}"


def compare_links(old: Data, new: Data) -> list[Change]:
    """Links have no ids: one is known by its ends and label."""
    olds = {link_key(k): k for k in old.get("links", [])}
    news = {link_key(k): (i, k) for i, k in enumerate(new.get("links", []))}
    changes = []
    for key, (index, link) in news.items():
        path: PathKey = ("links", index)
        if key not in olds:
            changes.append(Change("links", "added", f"link {describe_link(link)} added", path))
            continue
        for name in ("style", "direction", "colour", "weight", "constrain"):
            if olds[key].get(name) != link.get(name):
                text = f"link {describe_link(link)}: {field_change(name, olds[key], link)}"
                changes.append(Change("links", "changed", text, (*path, name)))
    for index, link in enumerate(old.get("links", [])):
        if link_key(link) not in news:
            text = f"link {describe_link(link)} removed"
            changes.append(Change("links", "removed", text, ("links", index), "old"))
    return changes


def link_key(link: Data) -> tuple[str, str, str]:
    return (link["from"], link["to"], link.get("label") or "")


def describe_link(link: Data) -> str:
    label = f" ({link['label']})" if link.get("label") else ""
    return f"{link['from']} → {link['to']}{label}"


def compare_challenges(old: Data, new: Data) -> list[Change]:
    """Challenges have no ids: one is known by its title."""
    olds = {c["title"]: c for c in old.get("challenges", [])}
    news = {c["title"]: (i, c) for i, c in enumerate(new.get("challenges", []))}
    changes = []
    for title, (index, challenge) in news.items():
        path: PathKey = ("challenges", index)
        if title not in olds:
            changes.append(Change("challenges", "added", f"challenge '{title}' added", path))
        elif olds[title] != challenge:
            text = f"challenge '{title}': text or resolution changed"
            changes.append(Change("challenges", "changed", text, path))
    for index, challenge in enumerate(old.get("challenges", [])):
        if challenge["title"] not in news:
            text = f"challenge '{challenge['title']}' removed"
            changes.append(Change("challenges", "removed", text, ("challenges", index), "old"))
    return changes


def compare_reflection(old: Data, new: Data) -> list[Change]:
    """The reflection as a whole, its text, and its team members, each known by name."""
    before, after = old.get("reflection") or {}, new.get("reflection") or {}
    if not before and not after:
        return []
    if not before:
        return [Change("reflection", "added", "reflection added", ("reflection",))]
    if not after:
        return [Change("reflection", "removed", "reflection removed", ("reflection",), "old")]
    changes = []
    if before.get("text") != after.get("text"):
        changes.append(
            Change("reflection", "changed", "reflection: text changed", ("reflection", "text"))
        )
    return changes + team_changes(before.get("team") or [], after.get("team") or [])


def team_changes(olds: Sequence[Data], news: Sequence[Data]) -> list[Change]:
    """Team members added, removed, or with a new role or contribution."""
    old_by_name = {member["name"]: member for member in olds}
    new_names = {member["name"] for member in news}
    changes = []
    for index, member in enumerate(news):
        name, path = member["name"], ("reflection", "team", index)
        was = old_by_name.get(name)
        if was is None:
            changes.append(Change("reflection", "added", f"team member '{name}' added", path))
            continue
        for key in ("role", "contribution"):
            if was.get(key) != member.get(key):
                text = f"team member '{name}': {field_change(key, was, member)}"
                where = (*path, key) if key in member else path
                changes.append(Change("reflection", "changed", text, where))
    for index, member in enumerate(olds):
        if member["name"] not in new_names:
            text = f"team member '{member['name']}' removed"
            changes.append(
                Change("reflection", "removed", text, ("reflection", "team", index), "old")
            )
    return changes


def compare_diagram(old: Data, new: Data) -> list[Change]:
    """The layout options, key by key."""
    before, after = old.get("diagram") or {}, new.get("diagram") or {}
    return [
        Change("diagram", "changed", f"diagram: {field_change(name, before, after)}",
               ("diagram", name))
        for name in sorted(set(before) | set(after))
        if before.get(name) != after.get(name)
    ]  # fmt: skip


# ---- consequences ------------------------------------------------------------------------------


def served_by(data: Data) -> dict[str, set[str]]:
    coverage: dict[str, set[str]] = {r["id"]: set() for r in data.get("requirements", [])}
    for service in data.get("services", []):
        for requirement in service.get("serves") or {}:
            coverage.setdefault(requirement, set()).add(service["id"])
    return coverage


def coverage_changes(old: Data, new: Data) -> list[CoverageChange]:
    """Requirements served by another set of services than before (new ones included)."""
    before, after = served_by(old), served_by(new)
    old_index, new_index = index_of(old, "requirements"), index_of(new, "requirements")
    found = []
    for requirement in [*new_index, *(r for r in old_index if r not in new_index)]:
        was, now = before.get(requirement, set()), after.get(requirement, set())
        if was == now and (requirement in old_index) == (requirement in new_index):
            continue
        in_new, in_old = requirement in new_index, requirement in old_index
        index = new_index[requirement] if in_new else old_index[requirement]
        kind: Literal["added", "removed", "changed"] = (
            "changed" if in_new and in_old else "added" if in_new else "removed"
        )
        found.append(
            CoverageChange(requirement, tuple(sorted(now - was)), tuple(sorted(was - now)),
                           tuple(sorted(now)), ("requirements", index, "id"),
                           "new" if in_new else "old", kind)
        )  # fmt: skip
    return found


def monthly_total(data: Data) -> float:
    costs = [float((s.get("cost") or {}).get("monthly", 0)) for s in data.get("services", [])]
    return round(sum(costs), 2)


def cost_change(old: Data, new: Data) -> CostChange | None:
    before, after = monthly_total(old), monthly_total(new)
    if before == after:
        return None
    return CostChange(before, after, new.get("project", {}).get("currency", "USD"))


def step_numbers(data: Data) -> dict[str, list[tuple[tuple[str, str, str], int]]]:
    """Each flow's steps with the global number the diagram gives them."""
    numbered, number = {}, 0
    for flow in data.get("flows", []):
        steps = []
        for step in flow["steps"]:
            number += 1
            steps.append((step_key(step), number))
        numbered[flow["id"]] = steps
    return numbered


def renumberings(old: Data, new: Data) -> list[Renumbering]:
    """Flows whose unchanged steps carry other numbers now (a step added or removed before)."""
    before, after = step_numbers(old), step_numbers(new)
    found = []
    for index, flow in enumerate(new.get("flows", [])):
        if flow["id"] not in before:
            continue
        olds, news = before[flow["id"]], after[flow["id"]]
        matcher = difflib.SequenceMatcher(None, [k for k, _ in olds], [k for k, _ in news],
                                          autojunk=False)  # fmt: skip
        pairs = [(olds[b.a + n][1], news[b.b + n][1]) for b in matcher.get_matching_blocks()
                 for n in range(b.size)]  # fmt: skip
        moved = [(a, b) for a, b in pairs if a != b]
        if moved:
            olds_moved, news_moved = tuple(a for a, _ in moved), tuple(b for _, b in moved)
            found.append(Renumbering(flow["id"], olds_moved, news_moved, ("flows", index, "id")))
    return found


# ---- wording -----------------------------------------------------------------------------------


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_shown(v) for v in value) + "]"
    if isinstance(value, str):
        return "'" + (value if len(value) <= 80 else value[:77] + "...") + "'"
    return str(value)


def _names(ids: Sequence[str]) -> str:
    return ", ".join(f"'{i}'" for i in ids)


def _span(numbers: Sequence[int]) -> str:
    """`4–7` for a run, `4, 6` otherwise."""
    runs = list(numbers)
    if len(runs) > 1 and runs == list(range(runs[0], runs[0] + len(runs))):
        return f"{runs[0]}–{runs[-1]}"
    return ", ".join(str(n) for n in runs)
