"""Turn found resources into an archgen model (plain data in the schema's shape).

Services are the resources a reader expects as boxes; VPCs and subnets become groups (AWS cloud
→ region → VPC → availability zone, where the source states it → subnet); everything else is
plumbing, left out and listed. Links join services that reference each other, directly or
through one plumbing resource (an instance → its instance profile → … is not followed further).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from archgen.imports import codes, traffic
from archgen.imports.aws_types import PLUMBING, SERVICE, SUBNET, VPC
from archgen.imports.found import Found, Resource
from archgen.imports.names import counted, file_in_model
from archgen.model.rules import ID_PATTERN, PLACEHOLDER_MARK
from archgen.validate.codes import EMPTY_GROUP
from archgen.validate.semantics import is_boundary_node

# Services of no region: drawn outside the region box when there is one.
GLOBAL_ICONS = frozenset(
    {
        "aws.network.CloudFront",
        "aws.network.Route53",
        "aws.network.Route53HostedZone",
        "aws.network.GlobalAccelerator",
    }
)
MAX_ID = 64
MAX_TEXT = 200


@dataclass
class Built:
    """The model, and what the file's opening comment says was left out."""

    model: dict[str, Any]
    plumbing: dict[str, list[str]] = field(default_factory=dict)  # type → keys
    generic: list[str] = field(default_factory=list)  # keys drawn with the generic icon
    empty_groups: list[str] = field(default_factory=list)  # subnets, VPCs holding nothing
    unlinked: list[str] = field(default_factory=list)  # services no reference connects


def build_model(found: Found, named: str = "") -> Built:
    """The model of what `found` holds; `named` is how the model names the source (its
    `origin.file`s are under it), the source as given when empty."""
    services = [r for r in found.resources if r.info.role == SERVICE]
    if not services:
        raise codes.fail_at(
            found.source,
            1,
            0,
            codes.NOTHING_TO_DRAW,
            f"no resource here becomes a service on the diagram "
            f"({counted(len(found.resources), 'resource')}, all plumbing or boundaries)",
            "import a template that creates servers, functions, stores, queues…",
        )
    ids = Ids()
    service_ids = {r.key: ids.take(r.key, "service") for r in services}
    groups = Groups(found, ids)
    model: dict[str, Any] = {"project": _project(found)}
    if groups.entries:
        model["groups"] = groups.entries
    where = named or found.source
    model["services"] = [
        _service(r, service_ids[r.key], groups.place(r), file_in_model(where, r.file))
        for r in services
    ]
    links = _links(found, service_ids)
    if links:
        model["links"] = links
    built = Built(model)
    built.empty_groups = _mark_empty_groups(model)
    linked = {link[end] for link in links for end in ("from", "to")}
    built.unlinked = [
        s["id"] for s in model["services"] if s["id"] not in linked and not is_boundary_node(s)
    ]
    for resource in found.resources:
        if resource.info.role == PLUMBING:
            built.plumbing.setdefault(resource.type, []).append(resource.key)
        elif not resource.info.known:
            built.generic.append(resource.key)
    return built


class Ids:
    """Valid, unique ids made from source names: `aws_instance.web` stays as it is,
    `module.x.aws_y["a b"]` becomes `module.x.aws_y.a-b`."""

    def __init__(self) -> None:
        self.taken: dict[str, set[str]] = {}

    def take(self, name: str, kind: str) -> str:
        base = sanitise(name)
        taken = self.taken.setdefault(kind, set())
        candidate, number = base, 2
        while candidate in taken:
            suffix = f"-{number}"
            candidate = base[: MAX_ID - len(suffix)].rstrip("-_.") + suffix
            number += 1
        taken.add(candidate)
        return candidate


def sanitise(name: str) -> str:
    """`name` spelt as a valid id: other characters become '-', separators single, a letter
    first (`r` is put before a digit), at most 64 characters."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    text = re.sub(r"[^A-Za-z0-9._-]+", "-", ascii_name)
    text = re.sub(r"[-_.]{2,}", lambda m: m.group(0)[0], text).strip("-_.")
    if not text[:1].isalpha():
        text = "r" + (f"-{text}" if text else "")
    text = text[:MAX_ID].rstrip("-_.")
    if re.fullmatch(ID_PATTERN, text) is None:  # cannot happen; keep the model valid anyway
        text = "r"
    return text


def clean(text: str, limit: int = MAX_TEXT) -> str:
    """One line of plain text: controls and invisible characters become spaces, then cut."""
    spaced = "".join(" " if unicodedata.category(c)[0] in "CZ" and c != " " else c for c in text)
    single = re.sub(r" {2,}", " ", spaced).strip()
    return single if len(single) <= limit else single[: limit - 1].rstrip() + "…"


def _mark_empty_groups(model: dict[str, Any]) -> list[str]:
    """Groups that hold no service and no group (a subnet the source creates but places nothing
    in) are kept, as the source has them, with `lint: {ignore: [AG305]}`; their ids."""
    groups: list[dict[str, Any]] = model.get("groups", [])
    holding = {s.get("group") for s in model["services"]} | {g.get("parent") for g in groups}
    empty = [g for g in groups if g["id"] not in holding]
    for group in empty:
        group["lint"] = {"ignore": [EMPTY_GROUP]}
    return [g["id"] for g in empty]


def _project(found: Found) -> dict[str, Any]:
    """The title from the source; the summary a placeholder (the source's description, when it
    has one, quoted in it as a start), never a note about the import: the brief shows it."""
    summary = (
        f"{PLACEHOLDER_MARK} say what this architecture is for, for whom, and why it is built "
        "this way."
    )
    description = clean(found.description, 1500)
    if description:
        summary += f" The template describes itself as: “{description}”"
    return {"title": clean(found.title) or "Imported architecture", "summary": summary}


def _name(resource: Resource) -> str:
    name = resource.label or resource.key
    if resource.label and resource.label != resource.key:
        name = f"{resource.label} ({resource.key})"
    extras = [resource.multiplicity] if resource.multiplicity else []
    if resource.condition:
        extras.append(f"if {resource.condition}")
    return clean(f"{name} [{', '.join(extras)}]" if extras else name)


def _service(resource: Resource, service_id: str, group: str | None, file: str) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": service_id,
        "name": _name(resource),
        "icon": resource.info.icon,
    }
    if group:
        entry["group"] = group
    a_what, this_what = _articles(clean(resource.info.what, 80) or "resource")
    entry["does"] = f"{PLACEHOLDER_MARK} say what {this_what} does in this architecture."
    entry["why"] = (
        f"{PLACEHOLDER_MARK} say why {a_what} was chosen here, and what else was considered."
    )
    entry["origin"] = {
        "source": clean(resource.key),
        "type": clean(resource.type),
        "file": clean(file),
        "line": resource.line,
    }
    return entry


def _articles(what: str) -> tuple[str, str]:
    """("a load balancer", "this load balancer") from "a load balancer"; "the vpc module" keeps
    its article; a bare noun gets one ("Amplify App" → "an Amplify App", "this Amplify App")."""
    article, _, noun = what.partition(" ")
    if article == "the":
        return what, what
    if article in ("a", "an") and noun:
        return what, f"this {noun}"
    plural = what.endswith("s") and not what.endswith("ss")
    if plural:  # "spot servers", "DNS records"
        return what, f"these {what}"
    return f"{'an' if what[:1].lower() in 'aeiou' else 'a'} {what}", f"this {what}"


class Groups:
    """The boundaries: AWS cloud → region → VPC → availability zone → subnet, and where each
    resource sits in them."""

    def __init__(self, found: Found, ids: Ids) -> None:
        self.found, self.ids = found, ids
        self.by_key = found.by_key()
        self.used_by: dict[str, list[Resource]] = {}  # key → the resources referencing it
        for resource in found.resources:
            for ref in resource.refs:
                self.used_by.setdefault(ref, []).append(resource)
        self.entries: list[dict[str, Any]] = []
        self.of: dict[str, str] = {}  # VPC or subnet key → group id
        self.region = ""
        vpcs = [r for r in found.resources if r.info.role == VPC]
        subnets = [r for r in found.resources if r.info.role == SUBNET]
        if not vpcs and not subnets:
            return
        region = found.region or "Region"
        cloud = self._add("aws-cloud", "AWS Cloud", "aws-cloud", None)
        self.region = self._add("region", region, "region", cloud)
        for vpc in vpcs:
            self.of[vpc.key] = self._add(vpc.key, _label(vpc, "VPC"), "vpc", self.region)
        zones: dict[tuple[str, str], str] = {}
        for subnet in subnets:
            parent = self._vpc_of(subnet, vpcs)
            if subnet.zone:
                zone_key = (parent or "", subnet.zone)
                if zone_key not in zones:
                    zones[zone_key] = self._add(
                        f"{parent or 'zone'}.{subnet.zone}",
                        subnet.zone,
                        "availability-zone",
                        parent or self.region,
                    )
                parent = zones[zone_key]
            kind = "public-subnet" if subnet.public else "private-subnet"
            self.of[subnet.key] = self._add(
                subnet.key, _label(subnet, "subnet"), kind, parent or self.region
            )

    def _add(self, name: str, label: str, kind: str, parent: str | None) -> str:
        group_id = self.ids.take(name, "group")
        entry: dict[str, Any] = {"id": group_id, "label": clean(label), "kind": kind}
        if parent:
            entry["parent"] = parent
        self.entries.append(entry)
        return group_id

    def _vpc_of(self, subnet: Resource, vpcs: list[Resource]) -> str | None:
        for ref in subnet.refs:
            if ref in self.of and self.by_key[ref].info.role == VPC:
                return self.of[ref]
        if subnet.type.startswith("parameter") and len(vpcs) == 1:
            return self.of[vpcs[0].key]  # a subnet parameter beside one VPC parameter
        return None

    def place(self, resource: Resource) -> str | None:
        """The group a service is drawn in: its one subnet; the VPC of several subnets or of
        a plumbing resource next to it (an internet gateway's attachment); else none."""
        subnets = [ref for ref in resource.refs if self._role(ref) == SUBNET]
        if not subnets:  # an instance's network interface, a launch template's subnets
            subnets = [
                s for p in self._plumbing_used(resource) for s in p.refs if self._role(s) == SUBNET
            ]
        if len(set(subnets)) == 1:
            return self.of[subnets[0]]
        vpcs = [ref for ref in resource.refs if self._role(ref) == VPC]
        vpcs += [v for s in subnets for v in self.by_key[s].refs if self._role(v) == VPC]
        if not vpcs:
            vpcs = [
                v for p in self._plumbing_near(resource) for v in p.refs if self._role(v) == VPC
            ]
        if vpcs:
            return self.of[vpcs[0]]
        if subnets:
            return self.of[subnets[0]]
        return self.region if self.entries and resource.info.icon not in GLOBAL_ICONS else None

    def _role(self, key: str) -> str:
        return self.by_key[key].info.role if key in self.by_key and key in self.of else ""

    def _plumbing_used(self, resource: Resource) -> list[Resource]:
        used = [self.by_key[ref] for ref in resource.refs if ref in self.by_key]
        return [r for r in used if r.info.role == PLUMBING]

    def _plumbing_near(self, resource: Resource) -> list[Resource]:
        near = [self.by_key[ref] for ref in resource.refs if ref in self.by_key]
        near += self.used_by.get(resource.key, [])
        return [r for r in near if r.info.role == PLUMBING]


def _label(resource: Resource, noun: str) -> str:
    name = resource.label if resource.label and resource.label != resource.key else ""
    text = f"{name} ({resource.key})" if name else resource.key
    if name.startswith(resource.key):  # "SubnetId (parameter)"
        text = name
    return f"{text} [{resource.multiplicity}]" if resource.multiplicity else text


DEPENDS_ON = ("DependsOn", "depends_on")


def _links(found: Found, service_ids: dict[str, str]) -> list[dict[str, Any]]:
    """Service → service for each reference, through one plumbing resource it references, and
    across a plumbing resource that joins two services (an event target, a subscription); drawn
    the way traffic flows for the known client → server pairs (archgen.imports.traffic)."""
    by_key = found.by_key()
    links: dict[tuple[str, str], str] = {}

    def add(ends: tuple[Resource, Resource], label: str) -> None:
        links.setdefault((ends[0].key, ends[1].key), label)

    for resource in found.resources:
        if resource.key in service_ids:
            for ref, where in resource.refs.items():
                if ref in service_ids:
                    add(traffic.direct(resource, by_key[ref], where), where)
                elif ref in by_key and by_key[ref].info.role == PLUMBING:
                    for far in _used(by_key[ref], service_ids):
                        if far != resource.key:
                            add(traffic.direct(resource, by_key[far], ""), f"via {ref}")
        elif resource.info.role == PLUMBING:
            joined = _used(resource, service_ids)
            if len(joined) == 2 and not any(resource.key in by_key[k].refs for k in joined):
                first, second = by_key[joined[0]], by_key[joined[1]]
                add(traffic.joined(first, second), f"via {resource.key}")
    return [
        {"from": service_ids[source], "to": service_ids[target], "label": clean(label, 60)}
        for (source, target), label in links.items()
    ]


def _used(plumbing: Resource, service_ids: dict[str, str]) -> list[str]:
    """The services a plumbing resource references, but for mere ordering (depends_on)."""
    return [k for k, where in plumbing.refs.items() if k in service_ids and where not in DEPENDS_ON]
