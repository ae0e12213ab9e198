"""The consistency verifier: read the diagram and the brief back and prove they agree.

Fingerprints say an output was produced from the model; this reads what the outputs actually
show. Every service, group and link of the model must be in the SVG and in the HTML brief,
every requirement in the brief (the diagram draws none), and each step number drawn on an edge
must be the number the brief gives the same step (same sender, same receiver). Anything extra
in an output is reported too.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from archgen.check.findings import Finding, Status
from archgen.commands.model import ValidModel
from archgen.resolve.view import RenderView, resolve_view

SVG_NS = "{http://www.w3.org/2000/svg}"
# `tail->head`, each end with the port the edge is drawn to (`api:icon`); ids hold no `:`.
EDGE_TITLE = re.compile(r"^(?P<source>[^:]+?)(?::\w+)?->(?P<target>[^:]+?)(?::\w+)?$")


@dataclass
class Facts:
    """What one output (or the model) says: ids shown and each step number's endpoints."""

    services: set[str] = field(default_factory=set)
    groups: set[str] = field(default_factory=set)
    requirements: set[str] = field(default_factory=set)
    steps: dict[int, tuple[str, str]] = field(default_factory=dict)
    repeated: set[int] = field(default_factory=set)
    links: set[tuple[str, str]] = field(default_factory=set)

    def add_step(self, number: int, endpoints: tuple[str, str]) -> None:
        if number in self.steps:
            self.repeated.add(number)
        self.steps[number] = endpoints


def model_facts(view: RenderView) -> Facts:
    return Facts(
        services={s.id for s in view.services},
        groups={g.id for g in view.groups},
        requirements={r.id for r in view.requirements},
        steps={s.number: (s.source, s.target) for s in view.steps},
        links={(link.source, link.target) for link in view.links},
    )


def verify_outputs(valid: ValidModel, out_dir: Path) -> list[Finding]:
    """One finding for the diagram and one for the HTML brief: consistent, or why not."""
    expected = model_facts(resolve_view(valid.model, valid.icon_files))
    findings = []
    for name, reader in (("diagram.svg", svg_facts), ("brief.html", html_facts)):
        path = out_dir / name
        if not path.is_file():
            findings.append(Finding(name, "missing", "run `archgen render`"))
            continue
        try:
            shown = reader(path.read_bytes())
        except (ET.ParseError, UnicodeDecodeError, ValueError) as error:
            findings.append(Finding(name, "inconsistent", f"cannot be read back: {error}"))
            continue
        differences = compare(expected, shown, with_requirements=name.startswith("brief"))
        status: Status = "inconsistent" if differences else "fresh"
        findings.append(Finding(name, status, "; ".join(differences)))
    return findings


def compare(expected: Facts, shown: Facts, *, with_requirements: bool) -> list[str]:
    """Human-readable differences between the model and what an output shows."""
    differences = _set_differences("service", expected.services, shown.services)
    differences += _set_differences("group", expected.groups, shown.groups)
    if with_requirements:
        differences += _set_differences("requirement", expected.requirements, shown.requirements)
    for number, (source, target) in sorted(expected.steps.items()):
        actual = shown.steps.get(number)
        if actual is None:
            differences.append(f"step {number} ({source} → {target}) is not shown")
        elif actual != (source, target):
            differences.append(
                f"step {number} is {source} → {target} in the model but "
                f"{actual[0]} → {actual[1]} here"
            )
    differences += [f"step {n} is shown more than once" for n in sorted(shown.repeated)]
    differences += _set_differences(
        "link", {_pair(*ends) for ends in expected.links}, {_pair(*ends) for ends in shown.links}
    )
    extra = sorted(set(shown.steps) - set(expected.steps))
    differences += [f"step {n} is shown but the model has no such step" for n in extra]
    return differences


def _pair(source: str, target: str) -> str:
    return f"{source} → {target}"


def _set_differences(kind: str, expected: set[str], shown: set[str]) -> list[str]:
    missing = [f"{kind} '{i}' is missing" for i in sorted(expected - shown)]
    extra = [f"{kind} '{i}' is not in the model" for i in sorted(shown - expected)]
    return missing + extra


def svg_facts(svg: bytes) -> Facts:
    """Services, groups and numbered step edges as drawn in the diagram."""
    root = ET.fromstring(svg)
    facts = Facts()
    for group in root.iter(f"{SVG_NS}g"):
        element_id = group.get("id", "")
        if element_id.startswith("svc-"):
            facts.services.add(element_id.removeprefix("svc-"))
        elif element_id.startswith("grp-"):
            facts.groups.add(element_id.removeprefix("grp-"))
        elif element_id.startswith("step-"):
            _read_step_edge(group, facts)
        elif element_id.startswith("link-"):
            facts.links.add(_edge_ends(group))
    return facts


def _read_step_edge(edge: ET.Element, facts: Facts) -> None:
    """The number a reader sees on the edge, and the two services the edge joins."""
    texts = ("".join(t.itertext()).strip() for t in edge.iter(f"{SVG_NS}text"))
    numbers = [text for text in texts if text]
    if not numbers or not numbers[0].isdigit():
        raise ValueError(f"edge {edge.get('id')} has no readable step number")
    facts.add_step(int(numbers[0]), _edge_ends(edge))


def _edge_ends(edge: ET.Element) -> tuple[str, str]:
    """The services an edge joins, from Graphviz's `<title>a->b</title>`."""
    title = edge.find(f"{SVG_NS}title")
    match = EDGE_TITLE.match(title.text or "") if title is not None else None
    if match is None:
        raise ValueError(f"edge {edge.get('id')} does not name the services it joins")
    # an edge drawn against the layout's direction is written b -> a with its arrow at the tail
    if "reversed" in edge.get("class", "").split():
        return match["target"], match["source"]
    return match["source"], match["target"]


class _BriefParser(HTMLParser):
    """Collects section ids and the `data-step` marks of the flow walk-through."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.facts = Facts()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {key: value or "" for key, value in attrs}
        element_id = values.get("id", "")
        for prefix, bucket in (
            ("service-", self.facts.services),
            ("group-", self.facts.groups),
            ("req-", self.facts.requirements),
        ):
            if element_id.startswith(prefix) and tag != "svg":
                bucket.add(element_id.removeprefix(prefix))
        if "data-link-from" in values:
            self.facts.links.add((values["data-link-from"], values.get("data-link-to", "")))
        if "data-step" in values:
            number = int(values["data-step"])
            self.facts.add_step(number, (values.get("data-from", ""), values.get("data-to", "")))


def html_facts(html: bytes) -> Facts:
    """Services, groups, requirements and numbered steps as the HTML brief presents them."""
    parser = _BriefParser()
    parser.feed(html.decode("utf-8"))
    parser.close()
    return parser.facts
