"""`archgen import` on real public sources (tests/fixtures/imports/README.md says where each
comes from): the exact services, their places, the group nesting and the links, and that the
imported model validates and renders."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from ruamel.yaml import YAML

from archgen.commands.import_ import import_text
from archgen.load import load_model_text
from archgen.validate import validate_document
from tests.conftest import ARCHGEN

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "imports"
VPC_CLOUD = {"aws-cloud": None, "region": "aws-cloud", "VPC": "region"}


class Expected(NamedTuple):
    services: dict[str, str | None]  # service id → its group
    groups: dict[str, str | None]  # group id → its parent
    links: set[tuple[str, str]]


TWO_AZ_SUBNETS = {"VPC.AZ-1": "VPC", "VPC.AZ-2": "VPC"}
CLOUDFORMATION: dict[str, Expected] = {
    "AutoScalingMultiAZWithNotifications.yaml": Expected(
        {"NotificationTopic": None, "WebServerGroup": None, "ElasticLoadBalancer": None},
        {},
        # the group names its balancer (LoadBalancerNames); requests go the other way
        {("ElasticLoadBalancer", "WebServerGroup"), ("WebServerGroup", "NotificationTopic")},
    ),
    "DynamoDB_Table.yaml": Expected({"myDynamoDBTable": None}, {}, set()),
    "EC2InstanceWithSecurityGroupSample.yaml": Expected({"EC2Instance": None}, {}, set()),
    "EIP_With_Association.yaml": Expected({"EC2Instance": None}, {}, set()),
    "ELBWithLockedDownAutoScaledInstances.yaml": Expected(
        {"WebServerGroup": None, "ElasticLoadBalancer": None},
        {},
        {("ElasticLoadBalancer", "WebServerGroup")},
    ),
    "RDS_MySQL_With_Read_Replica.yaml": Expected(
        {"MasterDB": None, "ReplicaDB": None}, {}, {("ReplicaDB", "MasterDB")}
    ),
    "S3_LambdaTrigger.yaml": Expected(
        {"S3TriggerLambdaFunction": None, "S3BucketNotification": None},
        {},
        {("S3BucketNotification", "S3TriggerLambdaFunction")},
    ),
    "S3_Website_With_CloudFront_Distribution.yaml": Expected(
        {"S3BucketForWebsiteContent": None, "WebsiteCDN": None, "WebsiteDNSName": None},
        {},
        {("WebsiteCDN", "S3BucketForWebsiteContent"), ("WebsiteDNSName", "WebsiteCDN")},
    ),
    "SNSTopic.json": Expected({"SNSTopic": None}, {}, set()),
    "SQSStandardQueue.json": Expected(
        {"SQSQueue": None, "MyDeadLetterQueue": None}, {}, {("SQSQueue", "MyDeadLetterQueue")}
    ),
    "VPC_With_Managed_NAT_And_Private_Subnet.yaml": Expected(
        {"InternetGateway": "VPC", "NATGateway0": "PublicSubnet0", "NATGateway1": "PublicSubnet1"},
        {
            **VPC_CLOUD,
            **TWO_AZ_SUBNETS,
            "PublicSubnet0": "VPC.AZ-1",
            "PublicSubnet1": "VPC.AZ-2",
            "PrivateSubnet0": "VPC.AZ-1",
            "PrivateSubnet1": "VPC.AZ-2",
        },
        set(),
    ),
    "VPC_EC2_Instance_With_Multiple_Static_IPAddresses.yaml": Expected(
        {"EC2Instance": "SubnetId"},  # placed through its network interface's subnet parameter
        {"aws-cloud": None, "region": "aws-cloud", "VpcId": "region", "SubnetId": "VpcId"},
        set(),
    ),
    "lambda-iot-topicrule.yml": Expected(
        {"IoTTopicRule": None, "MyLambda": None}, {}, {("IoTTopicRule", "MyLambda")}
    ),
    "lambda-static.cfn.yaml": Expected(
        {
            "InternetGateway": "VPC",
            "NatGatewayOne": "PublicSubnetOne",
            "NatGatewayTwo": "PublicSubnetTwo",
            "LambdaFunction": "VPC",  # in both private subnets: drawn in their VPC
        },
        {
            **VPC_CLOUD,
            **TWO_AZ_SUBNETS,
            "PublicSubnetOne": "VPC.AZ-1",
            "PublicSubnetTwo": "VPC.AZ-2",
            "PrivateSubnetOne": "VPC.AZ-1",
            "PrivateSubnetTwo": "VPC.AZ-2",
        },
        set(),
    ),
    "private-subnet-public-service.yml": Expected({"Service": None}, {}, set()),
    "public-vpc.yml": Expected(
        {"InternetGateway": "VPC", "ECSCluster": "region", "PublicLoadBalancer": "VPC"},
        {
            **VPC_CLOUD,
            **TWO_AZ_SUBNETS,
            "PublicSubnetOne": "VPC.AZ-1",
            "PublicSubnetTwo": "VPC.AZ-2",
        },
        set(),
    ),
}

TF_CLOUD = {"aws-cloud": None, "region": "aws-cloud"}
TERRAFORM: dict[str, Expected] = {
    "asg": Expected(
        {"aws_elb.web-elb": None, "aws_autoscaling_group.web-asg": None},
        {},
        {("aws_elb.web-elb", "aws_autoscaling_group.web-asg")},  # `load_balancers` names it
    ),
    "ecs-fargate": Expected(
        {
            "aws_alb.alb": "aws_subnet.public",
            "aws_ecs_cluster.cluster": "region",
            "aws_ecs_service.service": "aws_subnet.private",
            "aws_internet_gateway.igw": "aws_vpc.main",
            "aws_nat_gateway.nat": "aws_subnet.public",
        },
        {
            **TF_CLOUD,
            "aws_vpc.main": "region",
            "aws_subnet.private": "aws_vpc.main",
            "aws_subnet.public": "aws_vpc.main",
        },
        {
            ("aws_ecs_service.service", "aws_ecs_cluster.cluster"),
            ("aws_alb.alb", "aws_ecs_service.service"),  # the service names the listener
        },
    ),
    "elb": Expected(
        {
            "aws_internet_gateway.gw": "aws_vpc.default",
            "aws_elb.web": "aws_subnet.tf_test_subnet",
            "aws_instance.web": "aws_subnet.tf_test_subnet",
        },
        {**TF_CLOUD, "aws_vpc.default": "region", "aws_subnet.tf_test_subnet": "aws_vpc.default"},
        {("aws_elb.web", "aws_instance.web")},
    ),
    "events-sns": Expected(
        {"aws_cloudwatch_event_rule.foo": None, "aws_sns_topic.foo": None},
        {},
        {("aws_cloudwatch_event_rule.foo", "aws_sns_topic.foo")},  # joined by the event target
    ),
    "lambda": Expected({"aws_lambda_function.lambda": None}, {}, set()),
    "lambda-with-vpc": Expected(
        {"module.lambda_function_in_vpc": "module.vpc"},  # a module call into a VPC module
        {**TF_CLOUD, "module.vpc": "region"},
        set(),
    ),
}


def imported(language: str, name: str) -> dict[str, Any]:
    text, _ = import_text(language, FIXTURES / language / name, None)
    model: dict[str, Any] = YAML(typ="safe").load(text)
    return model


def structure(model: dict[str, Any]) -> Expected:
    return Expected(
        {s["id"]: s.get("group") for s in model["services"]},
        {g["id"]: g.get("parent") for g in model.get("groups", [])},
        {(link["from"], link["to"]) for link in model.get("links", [])},
    )


def test_at_least_ten_templates_and_five_configurations() -> None:
    assert len(CLOUDFORMATION) >= 10 and len(TERRAFORM) >= 5
    on_disk = {p.name for p in (FIXTURES / "cloudformation").iterdir()}
    assert on_disk == set(CLOUDFORMATION)
    assert {p.name for p in (FIXTURES / "terraform").iterdir()} == set(TERRAFORM)


@pytest.mark.parametrize("name", sorted(CLOUDFORMATION))
def test_cloudformation_template(name: str) -> None:
    assert structure(imported("cloudformation", name)) == CLOUDFORMATION[name]


@pytest.mark.parametrize("name", sorted(TERRAFORM))
def test_terraform_configuration(name: str) -> None:
    assert structure(imported("terraform", name)) == TERRAFORM[name]


def test_origins_name_the_declaration() -> None:
    folder = FIXTURES / "terraform" / "ecs-fargate"
    text, _ = import_text("terraform", folder, folder / "arch.yaml")  # the model in that folder
    model = YAML(typ="safe").load(text)
    origins = {s["id"]: s["origin"] for s in model["services"]}
    assert origins["aws_ecs_service.service"] == {
        "source": "aws_ecs_service.service",
        "type": "aws_ecs_service",
        "file": "ecs.tf",
        "line": 44,
    }
    text = (FIXTURES / "terraform" / "ecs-fargate" / "ecs.tf").read_text(encoding="utf-8")
    assert text.splitlines()[43] == 'resource "aws_ecs_service" "service" {'
    template = imported("cloudformation", "SQSStandardQueue.json")
    queue = next(s for s in template["services"] if s["id"] == "SQSQueue")["origin"]
    source = (FIXTURES / "cloudformation" / "SQSStandardQueue.json").read_text(encoding="utf-8")
    assert '"SQSQueue"' in source.splitlines()[queue["line"] - 1]


def test_icons_subnets_multiplicity_and_conditions() -> None:
    model = imported("terraform", "ecs-fargate")
    icons = {s["id"]: s["icon"] for s in model["services"]}
    assert icons["aws_alb.alb"] == "aws.network.ElbApplicationLoadBalancer"
    assert icons["aws_nat_gateway.nat"] == "aws.network.NATGateway"
    kinds = {g["id"]: g["kind"] for g in model["groups"]}
    assert kinds["aws_subnet.public"] == "public-subnet"
    assert kinds["aws_subnet.private"] == "private-subnet"
    names = {s["id"]: s["name"] for s in model["services"]}
    assert names["aws_nat_gateway.nat"] == "aws_nat_gateway.nat [× 2 (var.az_count)]"
    rds = imported("cloudformation", "RDS_MySQL_With_Read_Replica.yaml")
    replica = next(s for s in rds["services"] if s["id"] == "ReplicaDB")
    assert replica["name"] == "Read Replica Database (ReplicaDB) [if Enable-Read-Replica]"


def test_plumbing_is_listed_at_the_top() -> None:
    path = FIXTURES / "terraform" / "ecs-fargate"
    text, _ = import_text("terraform", path, None)
    header = text.split("\nproject:")[0]
    assert "Left out as plumbing (12 resources, not drawn):" in header
    assert "#   aws_iam_role_policy: aws_iam_role_policy.ecs_execution_role_policy" in header
    assert "#   aws_security_group: aws_security_group.lb_sg, aws_security_group.ecs_sg" in header


@pytest.mark.parametrize(
    ("language", "name"),
    [*(("cloudformation", n) for n in CLOUDFORMATION), *(("terraform", n) for n in TERRAFORM)],
)
def test_imported_models_validate_with_placeholder_warnings_only(language: str, name: str) -> None:
    text, _ = import_text(language, FIXTURES / language / name, None)
    result = validate_document(load_model_text(text, "arch.yaml"), model_dir=FIXTURES)
    assert result.errors == []
    placeholders = [p for p in result.warnings if p.code == "AG311"]
    services = len(YAML(typ="safe").load(text)["services"])
    assert len(placeholders) >= 2 * services  # does and why of every service


@pytest.mark.slow
@pytest.mark.parametrize(
    ("language", "name"),
    [*(("cloudformation", n) for n in CLOUDFORMATION), *(("terraform", n) for n in TERRAFORM)],
)
def test_imported_models_render_their_diagram(language: str, name: str, tmp_path: Path) -> None:
    model = tmp_path / "arch.yaml"
    source = FIXTURES / language / name
    run = [str(ARCHGEN), "import", language, str(source), "-o", str(model)]
    subprocess.run(run, check=True, capture_output=True, cwd=tmp_path)
    strict = subprocess.run([str(ARCHGEN), "validate", "--strict", str(model)], capture_output=True)
    assert strict.returncode == 1 and b"AG311" in strict.stdout + strict.stderr
    render = [str(ARCHGEN), "render", "--only", "svg", str(model)]
    subprocess.run(render, check=True, capture_output=True, cwd=tmp_path)
    svg = (tmp_path / "output" / "diagram.svg").read_text(encoding="utf-8")
    services = YAML(typ="safe").load(model.read_text(encoding="utf-8"))["services"]
    assert svg.count('class="node service"') == len(services)
    for service in services:
        assert f'id="svc-{service["id"]}"' in svg
