"""The table of AWS resource types: every icon is a node kind the catalogue knows, every box has
its Terraform twin named consistently, and every type in the test sources is in the table."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from archgen.icons.catalog import load_catalog
from archgen.imports.aws_types import (
    BOXES,
    GENERIC_ICON,
    NAMESPACES,
    PLUMBING,
    SERVICE,
    SUBNET,
    VPC,
    cloudformation_type,
    module_type,
    terraform_type,
)
from archgen.imports.cloudformation import read_template
from archgen.imports.generate import GENERATED_BY, GENERATED_PATH, generated, read_types
from archgen.imports.terraform import read_terraform

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "imports"


def test_every_icon_is_in_the_catalogue() -> None:
    catalog = load_catalog()
    icons = {box.icon for box in BOXES} | {GENERIC_ICON}
    assert [icon for icon in sorted(icons) if catalog.resolve(icon) is None] == []


def test_each_type_is_listed_once() -> None:
    cloudformation = [box.cloudformation for box in BOXES]
    terraform = [name for box in BOXES for name in box.terraform]
    assert len(cloudformation) == len(set(cloudformation))
    assert len(terraform) == len(set(terraform))


@pytest.mark.parametrize("box", BOXES, ids=lambda box: box.cloudformation)
def test_boxes_are_services_in_both_languages(box) -> None:  # type: ignore[no-untyped-def]
    assert cloudformation_type(box.cloudformation).role == SERVICE
    assert cloudformation_type(box.cloudformation).icon == box.icon
    namespace = box.cloudformation.split("::")[1]
    assert namespace in NAMESPACES, box
    for name in box.terraform:
        assert terraform_type(name) == cloudformation_type(box.cloudformation), name
        prefixes = NAMESPACES[namespace]
        assert any(name.startswith(prefix) for prefix in prefixes), (name, prefixes)


@pytest.mark.parametrize(
    ("name", "role"),
    [
        ("AWS::IAM::Role", PLUMBING),
        ("AWS::EC2::SubnetRouteTableAssociation", PLUMBING),
        ("AWS::EC2::SecurityGroupIngress", PLUMBING),
        ("AWS::Lambda::Permission", PLUMBING),
        ("AWS::ElasticLoadBalancingV2::Listener", PLUMBING),
        ("Custom::Anything", PLUMBING),
        ("AWS::CloudFormation::CustomResource", PLUMBING),
        ("AWS::EC2::VPC", VPC),
        ("AWS::EC2::Subnet", SUBNET),
    ],
)
def test_plumbing_and_boundaries(name: str, role: str) -> None:
    assert cloudformation_type(name).role == role


@pytest.mark.parametrize(
    ("name", "role"),
    [
        ("aws_iam_role_policy", PLUMBING),
        ("aws_route_table_association", PLUMBING),
        ("aws_security_group_rule", PLUMBING),
        ("aws_lambda_permission", PLUMBING),
        ("aws_lb_listener", PLUMBING),
        ("aws_lb_target_group", PLUMBING),
        ("aws_route53_record", SERVICE),  # longer than the prefix aws_route
        ("random_pet", PLUMBING),
        ("aws_vpc", VPC),
        ("aws_subnet", SUBNET),
    ],
)
def test_terraform_plumbing_and_boundaries(name: str, role: str) -> None:
    assert terraform_type(name).role == role


def test_an_unknown_namespace_is_drawn_with_the_generic_icon() -> None:
    info = cloudformation_type("AWS::NewService::Thing")
    assert (info.role, info.icon, info.known) == (SERVICE, GENERIC_ICON, False)
    assert terraform_type("aws_newservice_thing").icon == GENERIC_ICON


def test_modules_by_source_then_name() -> None:
    assert module_type("terraform-aws-modules/vpc/aws").role == VPC
    assert module_type("../../", "lambda_function_in_vpc").icon == "aws.compute.Lambda"
    assert module_type("git::https://example.com/x.git").icon == GENERIC_ICON


def test_every_type_in_the_test_sources_is_in_the_table() -> None:
    found = [read_template(p, p.name) for p in sorted((FIXTURES / "cloudformation").iterdir())]
    found += [read_terraform(p, p.name) for p in sorted((FIXTURES / "terraform").iterdir())]
    unknown = {r.type for f in found for r in f.resources if not r.info.known}
    assert unknown == set()


def test_the_generated_table_is_fresh() -> None:
    text = generated(read_types(), load_catalog())
    assert text == GENERATED_PATH.read_text(encoding="utf-8"), f"run `{GENERATED_BY}`"


def test_every_listed_type_has_a_role_and_a_known_icon() -> None:
    catalog = load_catalog()
    types = read_types()
    assert len(types) > 1400
    infos = {name: cloudformation_type(name) for name in types}
    assert [name for name, info in infos.items() if not info.known] == []
    services = {name for name, info in infos.items() if info.role == SERVICE}
    assert [n for n in sorted(services) if catalog.resolve(infos[n].icon) is None] == []
    document = json.loads(GENERATED_PATH.read_text(encoding="utf-8"))
    assert [i for i in document["namespace_icons"].values() if catalog.resolve(i) is None] == []
    assert {"AWS::Amplify::App", "AWS::MemoryDB::Cluster", "AWS::SQS::Queue"} <= services
    assert "AWS::Amplify::Branch" not in services and "AWS::IAM::Role" not in services


@pytest.mark.parametrize(
    ("terraform", "cloudformation"),
    [
        ("aws_amplify_app", "AWS::Amplify::App"),
        ("aws_memorydb_cluster", "AWS::MemoryDB::Cluster"),
        ("aws_opensearchserverless_collection", "AWS::OpenSearchServerless::Collection"),
        ("aws_grafana_workspace", "AWS::Grafana::Workspace"),
    ],
)
def test_terraform_types_follow_their_cloudformation_twin(
    terraform: str, cloudformation: str
) -> None:
    assert terraform_type(terraform) == cloudformation_type(cloudformation)
    assert terraform_type(terraform).role == SERVICE
