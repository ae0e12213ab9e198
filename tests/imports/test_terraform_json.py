"""`terraform show -json` output, plan and state. Terraform itself cannot be installed here, so
the documents are written in its documented JSON format (format_version 1.2), for the elb
example of tests/fixtures/imports/terraform/elb: a VPC, a subnet, an instance behind an ELB."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from archgen.commands.import_ import import_text
from archgen.problems import ArchgenError

VPC = {"id": "vpc-0a1b2c3d4e5f60718", "arn": "arn:aws:ec2:us-east-1:1:vpc/vpc-0a1b2c3d4e5f60718"}
SUBNET = {
    "id": "subnet-0123456789abcdef0",
    "vpc_id": VPC["id"],
    "availability_zone": "us-east-1a",
    "map_public_ip_on_launch": True,
    "tags": {"Name": "tf_test_subnet"},
}
INSTANCE = {"id": "i-0fedcba9876543210", "subnet_id": SUBNET["id"], "tags": {"Name": "web"}}
ELB = {
    "id": "example-elb",
    "name": "example-elb",
    "subnets": [SUBNET["id"]],
    "instances": [INSTANCE["id"]],
}


def resource(address: str, values: dict[str, Any], index: int | None = None) -> dict[str, Any]:
    kind, name = address.split(".")
    entry = {
        "address": address if index is None else f"{address}[{index}]",
        "mode": "managed",
        "type": kind,
        "name": name,
        "provider_name": "registry.terraform.io/hashicorp/aws",
        "values": values,
    }
    if index is not None:
        entry["index"] = index
    return entry


STATE_RESOURCES = [
    resource("aws_vpc.default", VPC),
    resource("aws_subnet.tf_test_subnet", SUBNET),
    resource("aws_instance.web", INSTANCE, 0),
    resource("aws_instance.web", {**INSTANCE, "id": "i-0fedcba9876543211"}, 1),
    resource("aws_elb.web", ELB),
    resource("aws_security_group.elb", {"id": "sg-0123456789abcdef0", "vpc_id": VPC["id"]}),
]


def write(tmp_path: Path, document: dict[str, Any]) -> Path:
    path = tmp_path / "show.json"
    path.write_text(json.dumps(document, indent=2), encoding="utf-8")
    return path


def structure(path: Path) -> tuple[dict[str, Any], set[tuple[str, str]], dict[str, Any]]:
    text, _ = import_text("terraform", path, None)
    model = YAML(typ="safe").load(text)
    services = {s["id"]: (s.get("group"), s["name"]) for s in model["services"]}
    links = {(link["from"], link["to"]) for link in model.get("links", [])}
    groups = {g["id"]: (g.get("parent"), g["kind"]) for g in model.get("groups", [])}
    return services, links, groups


def test_state_links_by_matching_ids(tmp_path: Path) -> None:
    state = {
        "format_version": "1.0",
        "terraform_version": "1.9.0",
        "values": {"root_module": {"resources": STATE_RESOURCES}},
    }
    services, links, groups = structure(write(tmp_path, state))
    assert services == {
        "aws_instance.web": ("aws_subnet.tf_test_subnet", "web (aws_instance.web) [× 2]"),
        "aws_elb.web": ("aws_subnet.tf_test_subnet", "example-elb (aws_elb.web)"),
    }
    assert links == {("aws_elb.web", "aws_instance.web")}
    assert groups == {
        "aws-cloud": (None, "aws-cloud"),
        "region": ("aws-cloud", "region"),
        "aws_vpc.default": ("region", "vpc"),
        "aws_vpc.default.us-east-1a": ("aws_vpc.default", "availability-zone"),
        "aws_subnet.tf_test_subnet": ("aws_vpc.default.us-east-1a", "public-subnet"),
    }


def test_plan_links_from_configuration_references(tmp_path: Path) -> None:
    planned = [
        resource("aws_vpc.default", {}),
        resource("aws_subnet.tf_test_subnet", {}),
        resource("aws_instance.web", {}),
        resource("aws_elb.web", {}),
        resource("aws_sqs_queue.jobs", {}),
    ]
    configuration = {
        "root_module": {
            "resources": [
                {
                    "address": "aws_subnet.tf_test_subnet",
                    "expressions": {
                        "vpc_id": {"references": ["aws_vpc.default.id", "aws_vpc.default"]}
                    },
                },
                {
                    "address": "aws_instance.web",
                    "expressions": {
                        "subnet_id": {"references": ["aws_subnet.tf_test_subnet.id"]},
                        "user_data": {
                            "references": ["aws_sqs_queue.jobs.url", "aws_sqs_queue.jobs"]
                        },
                    },
                },
                {
                    "address": "aws_elb.web",
                    "expressions": {
                        "instances": {"references": ["aws_instance.web.id", "aws_instance.web"]},
                        "subnets": {"references": ["aws_subnet.tf_test_subnet.id"]},
                    },
                },
            ]
        }
    }
    plan = {
        "format_version": "1.2",
        "planned_values": {"root_module": {"resources": planned}},
        "configuration": configuration,
    }
    services, links, _ = structure(write(tmp_path, plan))
    assert {key: group for key, (group, _) in services.items()} == {
        "aws_instance.web": "aws_subnet.tf_test_subnet",
        "aws_elb.web": "aws_subnet.tf_test_subnet",
        "aws_sqs_queue.jobs": "region",
    }
    assert links == {
        ("aws_elb.web", "aws_instance.web"),
        ("aws_instance.web", "aws_sqs_queue.jobs"),
    }


def test_modules_in_a_state_keep_their_addresses(tmp_path: Path) -> None:
    child = {
        "address": "module.queue",
        "resources": [
            {
                **resource("aws_sqs_queue.this", {"id": "https://sqs/jobs"}),
                "address": "module.queue.aws_sqs_queue.this",
            }
        ],
    }
    state = {
        "format_version": "1.0",
        "values": {"root_module": {"resources": [], "child_modules": [child]}},
    }
    services, _, _ = structure(write(tmp_path, state))
    assert set(services) == {"module.queue.aws_sqs_queue.this"}


@pytest.mark.parametrize(
    "document",
    [{"resources": []}, {"format_version": "1.0"}, [], {"format_version": "1.0", "values": 3}],
)
def test_other_json_is_refused(tmp_path: Path, document: Any) -> None:
    with pytest.raises(ArchgenError) as caught:
        import_text("terraform", write(tmp_path, document), None)
    assert [p.code for p in caught.value.problems] == ["AG502"]
