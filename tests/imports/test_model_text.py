"""What an imported arch.yaml says besides its structure: paths relative to the model, a
placeholder summary, titles from the source, placeholders that read well, counts in good
English, the traffic direction of links, and a `validate --strict` that reports only what a
person must still write or connect."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from archgen.commands.import_ import import_text, run_import
from archgen.load import load_model_text
from archgen.model.rules import PLACEHOLDER_MARK
from archgen.validate import validate_document
from tests.imports.test_sources import CLOUDFORMATION, FIXTURES, TERRAFORM

QUEUE = "Resources:\n  Jobs:\n    Type: AWS::SQS::Queue\n"


def load(text: str) -> dict[str, Any]:
    model: dict[str, Any] = YAML(typ="safe").load(text)
    return model


def links(model: dict[str, Any]) -> set[tuple[str, str]]:
    return {(link["from"], link["to"]) for link in model.get("links", [])}


# 1. no path of the importing machine in the model; the summary is a placeholder


def test_a_source_below_the_model_is_named_relative_to_it(tmp_path: Path) -> None:
    infra = tmp_path / "shop" / "infra"
    infra.mkdir(parents=True)
    (infra / "main.tf").write_text('resource "aws_sqs_queue" "jobs" {}\n', encoding="utf-8")
    text, _ = import_text("terraform", infra, tmp_path / "shop" / "arch.yaml")
    assert str(tmp_path) not in text
    assert text.startswith("# Imported by `archgen import terraform` from infra.\n")
    assert load(text)["services"][0]["origin"]["file"] == "infra/main.tf"
    inside, _ = import_text("terraform", infra, infra / "arch.yaml")
    assert load(inside)["services"][0]["origin"]["file"] == "main.tf"


def test_a_source_elsewhere_is_named_by_its_own_name(tmp_path: Path) -> None:
    template = tmp_path / "templates" / "queue.yaml"
    template.parent.mkdir()
    template.write_text(QUEUE, encoding="utf-8")
    (tmp_path / "model").mkdir()
    text, _ = import_text("cloudformation", template.resolve(), tmp_path / "model" / "arch.yaml")
    assert str(tmp_path) not in text and "/templates" not in text
    assert "from queue.yaml." in text.splitlines()[0]
    assert load(text)["services"][0]["origin"]["file"] == "queue.yaml"


@pytest.mark.parametrize(
    ("language", "name"),
    [("cloudformation", "S3_Website_With_CloudFront_Distribution.yaml"), ("terraform", "elb")],
)
def test_the_summary_is_a_placeholder_without_a_note_on_the_import(
    language: str, name: str, tmp_path: Path
) -> None:
    text, _ = import_text(language, FIXTURES / language / name, tmp_path / "arch.yaml")
    summary = load(text)["project"]["summary"]
    assert summary.startswith(PLACEHOLDER_MARK) and "import" not in summary.lower()
    assert str(FIXTURES) not in text
    result = validate_document(load_model_text(text, "arch.yaml"), model_dir=tmp_path)
    assert [p.hint for p in result.warnings if p.path == "project.summary"] == [
        "replace it with what the architecture is for, for whom, and why it is built this way"
    ]


def test_a_template_description_is_quoted_in_the_placeholder(tmp_path: Path) -> None:
    source = FIXTURES / "cloudformation" / "S3_Website_With_CloudFront_Distribution.yaml"
    summary = load(import_text("cloudformation", source, tmp_path / "arch.yaml")[0])["project"][
        "summary"
    ]
    assert "The template describes itself as: “AWS CloudFormation Sample Template" in summary


# 3. validate --strict reports only what a person must write or connect


@pytest.mark.parametrize(
    ("language", "name"),
    [*(("cloudformation", n) for n in CLOUDFORMATION), *(("terraform", n) for n in TERRAFORM)],
)
def test_strict_warnings_are_placeholders_and_declared_unlinked_services(
    language: str, name: str, tmp_path: Path
) -> None:
    text, _ = import_text(language, FIXTURES / language / name, tmp_path / "arch.yaml")
    result = validate_document(load_model_text(text, "arch.yaml"), model_dir=tmp_path)
    assert result.errors == []
    assert {p.code for p in result.warnings} <= {"AG311", "AG302"}
    model = load(text)
    unlinked = [
        model["services"][int(p.path.split("[")[1].split("]")[0])]["id"]
        for p in result.warnings
        if p.code == "AG302"
    ]
    header = text.split("\nproject:")[0]
    if unlinked:
        named = header.split("until a flow step or a link uses them: ")[1].split(".\n")[0]
        assert named.replace("\n# ", " ") == ", ".join(unlinked)
    else:
        assert "AG302" not in header
    empty = [g["id"] for g in model.get("groups", []) if g.get("lint")]
    for group in empty:
        assert next(g for g in model["groups"] if g["id"] == group)["lint"] == {"ignore": ["AG305"]}
    assert ("Kept though empty" in header) == bool(empty)


def test_empty_subnets_are_kept_and_marked() -> None:
    text, _ = import_text(
        "cloudformation",
        FIXTURES / "cloudformation" / "VPC_With_Managed_NAT_And_Private_Subnet.yaml",
        None,
    )
    marked = {g["id"] for g in load(text)["groups"] if g.get("lint")}
    assert marked == {"PrivateSubnet0", "PrivateSubnet1"}
    assert (
        "# Kept though empty, marked `lint: {ignore: [AG305]}`: PrivateSubnet0, PrivateSubnet1."
        in text
    )


# 4. links point the way traffic flows for client → server pairs

API = """\
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      DeadLetterConfig: {TargetArn: !GetAtt Dead.Arn}
  Dead:
    Type: AWS::SQS::Queue
  Invoke:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: !Ref Fn
      SourceArn: !Sub "arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/*"
  Jobs:
    Type: AWS::SQS::Queue
  Mapping:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      FunctionName: !Ref Fn
      EventSourceArn: !GetAtt Jobs.Arn
  Alerts:
    Type: AWS::SNS::Topic
  Subscription:
    Type: AWS::SNS::Subscription
    Properties:
      Endpoint: !GetAtt Jobs.Arn
      TopicArn: !Ref Alerts
  Cdn:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Origins: [{DomainName: !GetAtt Site.DomainName}]
  Site:
    Type: AWS::S3::Bucket
  Name:
    Type: AWS::Route53::RecordSet
    Properties:
      AliasTarget: {DNSName: !GetAtt Cdn.DomainName}
"""


def test_links_follow_traffic_for_known_pairs(tmp_path: Path) -> None:
    (tmp_path / "t.yaml").write_text(API, encoding="utf-8")
    model = load(import_text("cloudformation", tmp_path / "t.yaml", tmp_path / "arch.yaml")[0])
    assert links(model) == {
        ("Api", "Fn"),  # joined by the permission: the API calls the function
        ("Fn", "Dead"),  # the function names its dead-letter queue and sends to it
        ("Jobs", "Fn"),  # the mapping: the queue feeds the function
        ("Alerts", "Jobs"),  # the subscription: the topic feeds the queue
        ("Cdn", "Site"),  # the CDN fetches from its origin
        ("Name", "Cdn"),  # DNS names the CDN
    }


def test_a_sam_function_s_events_come_from_their_source(tmp_path: Path) -> None:
    text = (
        QUEUE + "  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Events:\n"
        "        Q: {Type: SQS, Properties: {Queue: !GetAtt Jobs.Arn}}\n"
    )
    (tmp_path / "t.yaml").write_text(text, encoding="utf-8")
    model = load(import_text("cloudformation", tmp_path / "t.yaml", tmp_path / "arch.yaml")[0])
    assert links(model) == {("Jobs", "Fn")}  # the function names the queue in `Events`


# 5. titles from the source, placeholders that read well


def test_a_folder_is_titled_from_its_project_name_or_readably(tmp_path: Path) -> None:
    src = tmp_path / "photo-shop" / "src"
    src.mkdir(parents=True)
    (src / "main.tf").write_text('resource "aws_sqs_queue" "jobs" {}\n', encoding="utf-8")
    assert load(import_text("terraform", src, None)[0])["project"]["title"] == "Photo Shop"
    named = tmp_path / "lambda-with-vpc"
    named.mkdir()
    (named / "main.tf").write_text('resource "aws_sqs_queue" "jobs" {}\n', encoding="utf-8")
    assert load(import_text("terraform", named, None)[0])["project"]["title"] == "Lambda with VPC"
    (src / "variables.tf").write_text(
        'variable "project" {\n  default = "photo-store"\n}\n', encoding="utf-8"
    )
    assert load(import_text("terraform", src, None)[0])["project"]["title"] == "Photo Store"
    fixture = FIXTURES / "terraform" / "ecs-fargate"  # `app_name` defaults to "ghost"
    assert load(import_text("terraform", fixture, None)[0])["project"]["title"] == "Ghost"


def test_a_template_is_titled_from_its_description_or_its_name(tmp_path: Path) -> None:
    (tmp_path / "VPC_With_Private_Subnet.yaml").write_text(QUEUE, encoding="utf-8")
    source = tmp_path / "VPC_With_Private_Subnet.yaml"
    assert load(import_text("cloudformation", source, None)[0])["project"]["title"] == (
        "VPC with Private Subnet"
    )
    source.write_text("Description: Photo uploads. More text.\n" + QUEUE, encoding="utf-8")
    assert load(import_text("cloudformation", source, None)[0])["project"]["title"] == (
        "Photo uploads"
    )


def test_placeholders_name_the_kind_of_service(tmp_path: Path) -> None:
    folder = FIXTURES / "terraform" / "lambda-with-vpc"
    service = load(import_text("terraform", folder, None)[0])["services"][0]
    assert service["does"] == (
        f"{PLACEHOLDER_MARK} say what the lambda_function_in_vpc module does in this architecture."
    )
    assert service["why"] == (
        f"{PLACEHOLDER_MARK} say why the lambda_function_in_vpc module was chosen here, and what "
        "else was considered."
    )
    assert "../" not in service["does"] + service["why"]
    queue = load(
        import_text("cloudformation", FIXTURES / "cloudformation" / "SQSStandardQueue.json", None)[
            0
        ]
    )
    assert queue["services"][0]["does"] == (
        f"{PLACEHOLDER_MARK} say what this message queue does in this architecture."
    )


# 6. counts in good English


def test_counts_are_singular_or_plural(tmp_path: Path) -> None:
    text = (
        QUEUE
        + "  Policy:\n    Type: AWS::SQS::QueuePolicy\n    Properties:\n      Queues: [!Ref Jobs]\n"
    )
    (tmp_path / "t.yaml").write_text(text, encoding="utf-8")
    lines = run_import("cloudformation", tmp_path / "t.yaml", tmp_path / "arch.yaml", force=False)
    assert lines[0].startswith(f"wrote {tmp_path / 'arch.yaml'}: 1 service from 2 resources of ")
    written = (tmp_path / "arch.yaml").read_text(encoding="utf-8")
    assert "# Left out as plumbing (1 resource, not drawn):" in written
    (tmp_path / "one.yaml").write_text(QUEUE, encoding="utf-8")
    lines = run_import("cloudformation", tmp_path / "one.yaml", tmp_path / "b.yaml", force=False)
    assert ": 1 service from 1 resource of " in lines[0]
