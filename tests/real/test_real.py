"""Real published architectures, transcribed into arch.yaml (tests/real/<name>/arch.yaml, each
citing its source: repository, commit, path): each renders with its source's exact structure.

The expected structure below is written from the sources, not from archgen's output: every
node, every box and what sits in it, every edge with its direction (diagrams' `a << b` is the
edge a -> b with its arrowhead at the tail, `dir=back`; `a - b` has none), and the overlays.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from archgen.load import load_model_file
from archgen.render.diagram import render_diagram
from archgen.render.diagram.dot import build_dot
from archgen.validate import validate_document
from tests.models import view_from_yaml
from tests.real.dotread import Edge, read_dot
from tests.render.diagram.svgtools import Drawing, classes

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Expected:
    services: dict[str, str | None]  # service → the box it sits in
    edges: list[Edge]
    groups: dict[str, str | None] = field(default_factory=dict)  # box → the box around it
    overlays: dict[str, set[str]] = field(default_factory=dict)


def r(*numbers: int) -> range:
    return range(numbers[0], numbers[-1] + 1)


def fwd(tail: str, head: str) -> Edge:
    return (tail, head, "forward")


def aws_region(p: str) -> tuple[dict[str, str | None], dict[str, str | None], list[Edge]]:
    groups = {f"{p}-region": "aws-cloud", f"{p}-vpc": f"{p}-region"}
    groups |= {f"{p}-vpc-public-subnet{i}": f"{p}-vpc" for i in (1, 2)}
    services = {f"{p}-vpc-public-subnet{i}-instance": f"{p}-vpc-public-subnet{i}" for i in (1, 2)}
    services |= {f"{p}-alb": f"{p}-vpc", f"{p}-igw": f"{p}-vpc"}
    edges = [fwd(f"{p}-alb", f"{p}-vpc-public-subnet{i}-instance") for i in (1, 2)]
    return groups, services, [*edges, fwd(f"{p}-igw", f"{p}-alb"), fwd("user", f"{p}-igw")]


OREGON, VIRGINIA = aws_region("oregon"), aws_region("virginia")

EXPECTED: dict[str, Expected] = {
    "grouped-workers": Expected(
        {"lb": None, **{f"worker{i}": None for i in r(1, 5)}, "events": None},
        [
            *(fwd("lb", f"worker{i}") for i in r(1, 5)),
            *(fwd(f"worker{i}", "events") for i in r(1, 5)),
        ],
    ),
    "clustered-web-services": Expected(
        {
            "dns": None,
            "lb": None,
            **{f"web{i}": "services" for i in r(1, 3)},
            "userdb": "db-cluster",
            "userdb-ro": "db-cluster",
            "memcached": None,
        },
        [
            fwd("dns", "lb"),
            *(fwd("lb", f"web{i}") for i in r(1, 3)),
            *(fwd(f"web{i}", "userdb") for i in r(1, 3)),
            *(fwd(f"web{i}", "memcached") for i in r(1, 3)),
            ("userdb", "userdb-ro", "none"),
        ],
        {"services": None, "db-cluster": None},
    ),
    "event-processing": Expected(
        {
            "source": None,
            **{f"worker{i}": "event-workers" for i in r(1, 3)},
            "queue": "event-flows",
            **{f"proc{i}": "processing" for i in r(1, 3)},
            "store": None,
            "dw": None,
        },
        [
            *(fwd("source", f"worker{i}") for i in r(1, 3)),
            *(fwd(f"worker{i}", "queue") for i in r(1, 3)),
            *(fwd("queue", f"proc{i}") for i in r(1, 3)),
            *(fwd(f"proc{i}", "store") for i in r(1, 3)),
            *(fwd(f"proc{i}", "dw") for i in r(1, 3)),
        ],
        {"event-flows": None, "event-workers": "event-flows", "processing": "event-flows"},
    ),
    "message-collecting": Expected(
        {
            "pubsub": None,
            **{f"core{i}": "source-of-data" for i in r(1, 3)},
            "flow": "data-flow",
            "bq": "data-lake",
            "storage": "data-lake",
            "engine": "processing",
            "bigtable": "processing",
            "func": "serverless",
            "appengine": "serverless",
        },
        [
            *(fwd(f"core{i}", "pubsub") for i in r(1, 3)),
            fwd("flow", "bq"),
            fwd("flow", "storage"),
            fwd("flow", "engine"),
            fwd("engine", "bigtable"),
            fwd("flow", "func"),
            fwd("func", "appengine"),
            fwd("pubsub", "flow"),
        ],
        {
            "source-of-data": None,
            "targets": None,
            "data-flow": "targets",
            "data-lake": "targets",
            "event-driven": "targets",
            "processing": "event-driven",
            "serverless": "event-driven",
        },
    ),
    "exposed-pod": Expected(
        {
            "ingress": None,
            "svc": None,
            **{f"pod{i}": None for i in r(1, 3)},
            "rs": None,
            "dp": None,
            "hpa": None,
        },
        [
            fwd("ingress", "svc"),
            *(fwd("svc", f"pod{i}") for i in r(1, 3)),
            *((f"pod{i}", "rs", "back") for i in r(1, 3)),
            ("rs", "dp", "back"),
            ("dp", "hpa", "back"),
        ],
    ),
    "stateful-architecture": Expected(
        {
            "svc": "apps",
            "sts": "apps",
            **{f"pod{i}": "apps" for i in r(1, 3)},
            **{f"pvc{i}": "apps" for i in r(1, 3)},
            "pv": None,
            "sc": None,
        },
        [
            *((f"pod{i}", "sts", "none") for i in r(1, 3)),
            *(("sts", f"pvc{i}", "none") for i in r(1, 3)),
            *(fwd("svc", f"pod{i}") for i in r(1, 3)),
            *(fwd(f"pod{i}", f"pvc{i}") for i in r(1, 3)),
            *((f"pvc{i}", "pv", "back") for i in r(1, 3)),
            ("pv", "sc", "back"),
        ],
        {"apps": None},
    ),
    "rabbitmq-consumers": Expected(
        {**{f"worker{i}": "consumers" for i in r(1, 3)}, "queue": None, "database": None},
        [
            *(fwd("queue", f"worker{i}") for i in r(1, 3)),
            *(fwd(f"worker{i}", "database") for i in r(1, 3)),
        ],
        {"consumers": None},
    ),
    "advanced-web-service": Expected(
        {
            "ingress": None,
            "metrics": None,
            "grafana": None,
            **{f"grpc{i}": "service-cluster" for i in r(1, 3)},
            "session": "sessions-ha",
            "replica": "sessions-ha",
            "users": "database-ha",
            "slave": "database-ha",
            "aggregator": None,
            "stream": None,
            "analytics": None,
        },
        [
            ("metrics", "grafana", "back"),
            ("session", "replica", "none"),
            ("replica", "metrics", "back"),
            *(fwd(f"grpc{i}", "session") for i in r(1, 3)),
            ("users", "slave", "none"),
            ("slave", "metrics", "back"),
            *(fwd(f"grpc{i}", "users") for i in r(1, 3)),
            fwd("aggregator", "stream"),
            fwd("stream", "analytics"),
            *(fwd("ingress", f"grpc{i}") for i in r(1, 3)),
            *(fwd(f"grpc{i}", "aggregator") for i in r(1, 3)),
        ],
        {"service-cluster": None, "sessions-ha": None, "database-ha": None},
    ),
    "aws-alb-asg": Expected(
        {
            "vpc-public-subnet1-instance": "vpc-public-stack",
            "vpc-public-subnet2-instance": "vpc-public-stack",
            "alb": "vpc",
            "igw": "aws-cloud",
            "user": None,
        },
        [
            fwd("alb", "vpc-public-subnet1-instance"),
            fwd("alb", "vpc-public-subnet2-instance"),
            fwd("igw", "alb"),
            fwd("user", "igw"),
        ],
        {"aws-cloud": None, "vpc": "aws-cloud", "vpc-public-stack": "vpc"},
    ),
    "aws-vpc-natgw": Expected(
        {
            "vpc-public-subnet1-nat-gateway": "vpc-public-subnet1",
            "vpc-public-subnet2-nat-gateway": "vpc-public-subnet2",
            "vpc-private-subnet1-instance": "vpc-private-subnet1",
            "vpc-private-subnet2-instance": "vpc-private-subnet2",
            "user": None,
        },
        [],
        {
            "aws-cloud": None,
            "vpc": "aws-cloud",
            **{f"vpc-{kind}-subnet{i}": "vpc" for kind in ("public", "private") for i in (1, 2)},
        },
    ),
    "aws-multi-region": Expected(
        {**OREGON[1], **VIRGINIA[1], "user": None},
        [*OREGON[2], *VIRGINIA[2]],
        {"aws-cloud": None, **OREGON[0], **VIRGINIA[0]},
    ),
    "aws-bff": Expected(
        {
            "web-client": None,
            "mobile-client": None,
            "route53": "aws-cloud",
            "waf": "aws-cloud",
            "cdn": "aws-cloud",
            "cognito": "aws-cloud",
            "web-api-gateway": "web-bff-group",
            "web-bff-lambda": "web-bff-group",
            "mobile-api-gateway": "mobile-bff-group",
            "mobile-bff-lambda": "mobile-bff-group",
            "internal-alb": "vpc",
            "product-service": "vpc",
            "order-service": "vpc",
            "user-service": "vpc",
            "rds": "vpc",
            "cache": "vpc",
            "nosql": "vpc",
            "queue": "vpc",
            "topic": "vpc",
        },
        [
            fwd("web-client", "route53"),
            fwd("mobile-client", "route53"),
            fwd("route53", "waf"),
            fwd("waf", "cdn"),
            fwd("cdn", "web-api-gateway"),
            fwd("cdn", "mobile-api-gateway"),
            fwd("web-bff-lambda", "cognito"),
            fwd("mobile-bff-lambda", "cognito"),
            fwd("web-bff-lambda", "internal-alb"),
            fwd("mobile-bff-lambda", "internal-alb"),
            *(fwd("internal-alb", f"{s}-service") for s in ("product", "order", "user")),
            fwd("product-service", "rds"),
            fwd("order-service", "rds"),
            fwd("user-service", "cache"),
            fwd("order-service", "nosql"),
            fwd("order-service", "queue"),
            fwd("queue", "topic"),
        ],
        {
            "aws-cloud": None,
            "web-bff-group": "aws-cloud",
            "mobile-bff-group": "aws-cloud",
            "vpc": "aws-cloud",
        },
    ),
    "aws-span-resources": Expected(
        {
            "eni1": "public-subnet1",
            "eni2": "public-subnet2",
            "ec2-instance1": "private-subnet1",
            "ec2-instance2": "private-subnet2",
            "igw": "vpc",
            "user": None,
        },
        [
            fwd("eni1", "ec2-instance1"),
            fwd("eni2", "ec2-instance2"),
            fwd("igw", "eni1"),
            fwd("igw", "eni2"),
            fwd("user", "igw"),
        ],
        {
            "aws-cloud": None,
            "vpc": "aws-cloud",
            "az1": "vpc",
            "az2": "vpc",
            **{f"{kind}-subnet{i}": f"az{i}" for kind in ("private", "public") for i in (1, 2)},
        },
        {"asg": {"ec2-instance1", "ec2-instance2"}, "nlb": {"eni1", "eni2"}},
    ),
}


def model_file(name: str) -> Path:
    return HERE / name / "arch.yaml"


def test_there_is_an_expectation_for_every_transcription() -> None:
    transcribed = {path.parent.name for path in HERE.glob("*/arch.yaml")}
    assert transcribed == set(EXPECTED)
    assert len(transcribed) >= 12


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_transcription_cites_its_source(name: str) -> None:
    head = model_file(name).read_text(encoding="utf-8").split("project:")[0]
    assert "transcribed from" in head and "commit " in head
    assert "mingrammer/diagrams" in head or "awslabs/diagram-as-code" in head


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_passes_strict_validation(name: str) -> None:
    document = load_model_file(model_file(name), display_name="arch.yaml")
    assert validate_document(document, model_dir=model_file(name).parent).problems == []


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_dot_has_the_sources_exact_structure(name: str) -> None:
    expected = EXPECTED[name]
    found = read_dot(build_dot(view_from_yaml(model_file(name))))
    assert found.services == expected.services
    assert found.groups == expected.groups
    assert found.edges == Counter(expected.edges)
    assert found.overlays == expected.overlays


@pytest.mark.slow
@pytest.mark.parametrize("name", ["aws-span-resources", "aws-multi-region", "advanced-web-service"])
def test_the_drawing_has_every_node_box_and_overlay(name: str) -> None:
    expected = EXPECTED[name]
    drawing = Drawing(
        render_diagram(view_from_yaml(model_file(name)), formats=["svg"]).files["svg"]
    )
    assert {i.removeprefix("svc-") for i in drawing.ids("svc-")} == set(expected.services)
    assert {i.removeprefix("grp-") for i in drawing.ids("grp-")} == {
        *expected.groups,
        *expected.overlays,
    }
    for overlay in expected.overlays:
        assert "group-overlay" in classes(drawing.one(f"grp-{overlay}"))


def test_the_brief_names_an_overlays_members() -> None:
    from archgen.render.brief.markdown import render_markdown
    from tests.render.brief.conftest import FINGERPRINT

    text = render_markdown(
        view_from_yaml(model_file("aws-span-resources")), fingerprint=FINGERPRINT
    )
    assert (
        "**Auto Scaling group.** It is drawn around services of other groups.\nIts members: "
        "[Instance](#service-ec2-instance1), [Instance](#service-ec2-instance2)."
    ) in text
