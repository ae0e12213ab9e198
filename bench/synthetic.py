"""Synthetic models of N services, shaped like real ones, for benchmarks and size tests.

Per 8 services: one leaf group (subnets, tiers, security and auto-scaling groups, nested in
availability zones inside a VPC inside an AWS Cloud), one 6-step flow and 2 links. Like real
architectures the models are wide, not deep: each leaf group belongs to one of six layers (edge,
web, app, cache, queue, data), flows walk down the layers and links stay between neighbours.
Seeded, so the same N always gives the same model. With `serves=k` the model also lists the
example's five requirements and each service says how it serves k of them, as real models do.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path
from typing import Any

from archgen.model.schema import Architecture
from archgen.resolve.view import RenderView, resolve_view

ICONS = (
    "aws.network.CloudFront",
    "aws.network.ElasticLoadBalancing",
    "aws.compute.EC2",
    "aws.compute.Lambda",
    "aws.compute.ElasticContainerService",
    "aws.database.RDS",
    "aws.database.Dynamodb",
    "aws.database.Elasticache",
    "aws.storage.SimpleStorageServiceS3",
    "aws.integration.SimpleQueueServiceSqs",
    "aws.network.APIGateway",
    "aws.analytics.Kinesis",
)
LEAF_KINDS = ("public-subnet", "private-subnet", "tier", "security-group", "auto-scaling-group")
GROUP_SIZE = 8
STEPS_PER_FLOW = 6
LINKS_PER_GROUP = 2
ZONES = 2
LAYERS = 6
REQUIREMENTS = ("high-availability", "scalability", "performance", "cost-optimization", "security")
# Text written unquoted: starts with a letter, no character YAML gives a meaning to.
_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 ._()/-]*(?<! )")
_NOT_PLAIN = frozenset({"true", "false", "null", "yes", "no", "on", "off", "y", "n"})


def synthetic_model(services: int, seed: int = 7, *, serves: int = 0) -> Architecture:
    """A valid model with `services` services and groups, flows and links in proportion."""
    return Architecture.model_validate(synthetic_data(services, seed, serves=serves))


def synthetic_data(services: int, seed: int = 7, *, serves: int = 0) -> dict[str, Any]:
    """The model as the plain data of an arch.yaml file; `serves` requirements per service."""
    rng = random.Random(seed)
    leaves = max(1, -(-services // GROUP_SIZE))
    data: dict[str, Any] = {
        "project": {
            "title": f"Synthetic architecture ({services} services)",
            "summary": "Generated for benchmarks.",
        }
    }
    if serves:
        data["requirements"] = [_requirement(name) for name in REQUIREMENTS]
    data["groups"] = _groups(leaves)
    data["services"] = [_service(i, leaves, serves) for i in range(services)]
    data["flows"] = [_flow(f, services, rng) for f in range(leaves)]
    data["links"] = [_link(services, rng) for _ in range(leaves * LINKS_PER_GROUP)]
    return data


def write_synthetic(path: Path, services: int, seed: int = 7, *, serves: int = 0) -> Path:
    """Write the model as a YAML file (keys in the usual order), e.g. `folder/arch.yaml`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(synthetic_yaml(services, seed, serves=serves), encoding="utf-8")
    return path


def synthetic_yaml(services: int, seed: int = 7, *, serves: int = 0) -> str:
    """The model as block-style YAML, the way people write arch.yaml. Written here rather than
    by ruamel's dumper, which took most of a minute for 10,000 services."""
    lines: list[str] = []
    _emit_mapping(synthetic_data(services, seed, serves=serves), "", lines)
    return "\n".join(lines) + "\n"


def _emit_mapping(data: dict[str, Any], indent: str, lines: list[str], first: str = "") -> None:
    """`first` replaces the indent of the first key: the `- ` that opens a list item."""
    for number, (key, value) in enumerate(data.items()):
        lead = first if number == 0 and first else indent
        if isinstance(value, dict | list) and value:
            lines.append(f"{lead}{key}:")
            _emit_collection(value, indent + "  ", lines)
        else:
            lines.append(f"{lead}{key}: {_scalar(value)}")


def _emit_collection(value: dict[str, Any] | list[Any], indent: str, lines: list[str]) -> None:
    if isinstance(value, dict):
        _emit_mapping(value, indent, lines)
        return
    for item in value:
        if isinstance(item, dict) and item:
            _emit_mapping(item, indent + "  ", lines, first=indent + "- ")
        else:
            lines.append(f"{indent}- {_scalar(item)}")


def _scalar(value: Any) -> str:
    """Plain text where YAML reads it back as the same text, else JSON (valid YAML quoting)."""
    if isinstance(value, str) and _PLAIN.fullmatch(value) and value.lower() not in _NOT_PLAIN:
        return value
    return json.dumps(value)


def synthetic_view(services: int, seed: int = 7) -> RenderView:
    """The render view of `synthetic_model`, icons from the installed diagrams package."""
    from archgen.icons.catalog import icon_file, load_catalog

    model = synthetic_model(services, seed)
    catalog = load_catalog()
    icons: dict[str, Path] = {}
    for service in model.services:
        kind = catalog.resolve(service.icon)
        assert kind is not None, service.icon
        icons[service.id] = icon_file(kind)
    return resolve_view(model, icons)


def _groups(leaves: int) -> list[dict[str, Any]]:
    groups: list[dict[str, Any]] = [
        {"id": "cloud", "label": "AWS Cloud", "kind": "aws-cloud"},
        {"id": "region", "label": "eu-west-1", "kind": "region", "parent": "cloud"},
        {"id": "vpc", "label": "VPC", "kind": "vpc", "parent": "region"},
    ]
    for zone in range(ZONES):
        label = f"Availability Zone {zone + 1}"
        groups.append(
            {"id": f"az{zone}", "label": label, "kind": "availability-zone", "parent": "vpc"}
        )
    for leaf in range(leaves):
        kind = LEAF_KINDS[leaf % len(LEAF_KINDS)]
        groups.append(
            {
                "id": f"g{leaf}",
                "label": f"Group {leaf}",
                "kind": kind,
                "parent": f"az{leaf % ZONES}",
            }
        )
    return groups


def _requirement(name: str) -> dict[str, Any]:
    title = name.replace("-", " ").capitalize()
    return {"id": name, "title": title, "description": f"The architecture delivers {title}."}


def _service(index: int, leaves: int, serves: int) -> dict[str, Any]:
    service: dict[str, Any] = {
        "id": f"s{index}",
        "name": f"Service {index}",
        "icon": ICONS[index % len(ICONS)],
        "group": f"g{(index // GROUP_SIZE) % leaves}",
        "does": f"Handles part {index} of the work.",
        "why": "It was there.",
    }
    if serves:
        picked = [REQUIREMENTS[(index + k) % len(REQUIREMENTS)] for k in range(serves)]
        service["serves"] = {name: f"Part {index} keeps {name} in mind." for name in picked}
    return service


def _layer(service: int) -> int:
    """The layer of a service: that of its leaf group."""
    return (service // GROUP_SIZE) % LAYERS


def _near_in_layer(service: int, layer: int, services: int, rng: random.Random) -> int:
    """A service of `layer` among the groups close to `service`'s group."""
    band = service // (GROUP_SIZE * LAYERS)
    bands = max(1, -(-services // (GROUP_SIZE * LAYERS)))
    for _ in range(100):
        pick_band = (band + rng.randint(-1, 1)) % bands
        candidate = (pick_band * LAYERS + layer) * GROUP_SIZE + rng.randrange(GROUP_SIZE)
        if candidate < services:
            return candidate
    return rng.randrange(services)


def _flow(index: int, services: int, rng: random.Random) -> dict[str, Any]:
    """A request walking down the layers from an edge service, the last step asynchronous."""
    current = _near_in_layer(index * GROUP_SIZE, 0, services, rng)
    steps = []
    for number in range(STEPS_PER_FLOW):
        layer = (_layer(current) + 1) % LAYERS
        target = _near_in_layer(current, layer, services, rng)
        if target == current:
            target = (current + 1) % services
        mode = "async" if number == STEPS_PER_FLOW - 1 else "sync"
        steps.append({"from": f"s{current}", "to": f"s{target}", "label": "call", "mode": mode})
        current = target
    return {"id": f"f{index}", "name": f"Flow {index}", "steps": steps}


def _link(services: int, rng: random.Random) -> dict[str, Any]:
    """A relationship between a service and one of the same or the next layer, close by."""
    source = rng.randrange(services)
    layer = (_layer(source) + rng.randint(0, 1)) % LAYERS
    target = _near_in_layer(source, layer, services, rng)
    if target == source:
        target = (source + 1) % services
    style = rng.choice(("solid", "dashed", "dotted"))
    return {"from": f"s{source}", "to": f"s{target}", "label": "uses", "style": style}
