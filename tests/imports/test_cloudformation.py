"""The CloudFormation reader: every short-form tag read as its long form, references from Ref,
GetAtt (both forms), Sub (not `${!Literal}`) and DependsOn, parameters that place resources."""

from __future__ import annotations

from pathlib import Path

from archgen.imports.build import Ids, build_model, sanitise
from archgen.imports.cloudformation import read_template

EVERY_TAG = """\
Parameters:
  Subnets:
    Type: List<AWS::EC2::Subnet::Id>
  Vpc:
    Type: AWS::EC2::VPC::Id
  Env:
    Type: String
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  Both: !And [!Condition IsProd, !Not [!Equals [!Ref Env, dev]]]
  Either: !Or [!Condition IsProd, !Condition Both]
Resources:
  Table:
    Type: AWS::DynamoDB::Table
  Topic:
    Type: AWS::SNS::Topic
    Condition: IsProd
  Fn:
    Type: AWS::Lambda::Function
    DependsOn: [Topic]
    Properties:
      Code: {ZipFile: !Base64 "print(1)"}
      Environment:
        Variables:
          TABLE: !Ref Table
          ARN: !GetAtt [Table, Arn]
          URL: !Sub "https://${Queue.QueueName}/${!NotARef}"
          NAME: !Join ["-", !Split [",", !Select [0, !GetAZs ""]]]
          MAPPED: !FindInMap [M, !Ref "AWS::Region", K]
          OTHER: !ImportValue shared-thing
          CIDR: !Select [0, !Cidr ["10.0.0.0/16", 4, 8]]
          IF: !If [IsProd, !GetAtt Topic.TopicName, !Ref "AWS::NoValue"]
      VpcConfig:
        SubnetIds: !Ref Subnets
  Queue:
    Type: AWS::SQS::Queue
"""


def read(tmp_path: Path, text: str, name: str = "t.yaml"):  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_template(path, name)


def test_every_short_form_tag_and_every_reference(tmp_path: Path) -> None:
    found = read(tmp_path, EVERY_TAG)
    fn = found.by_key()["Fn"]
    assert fn.refs == {
        "Topic": "Environment",
        "Table": "Environment",
        "Queue": "Environment",
        "Subnets": "VpcConfig",
    }
    assert found.by_key()["Topic"].condition == "IsProd"
    assert EVERY_TAG.splitlines()[found.by_key()["Table"].line - 1] == "  Table:"


def test_parameters_place_what_uses_them(tmp_path: Path) -> None:
    model = build_model(read(tmp_path, EVERY_TAG)).model
    groups = {g["id"]: (g.get("parent"), g["kind"], g["label"]) for g in model["groups"]}
    assert groups["Vpc"] == ("region", "vpc", "Vpc (parameter)")
    assert groups["Subnets"] == ("Vpc", "private-subnet", "Subnets (parameter) [× several]")
    placed = {s["id"]: s.get("group") for s in model["services"]}
    assert placed == {"Table": "region", "Topic": "region", "Fn": "Subnets", "Queue": "region"}
    links = {(link["from"], link["to"], link["label"]) for link in model["links"]}
    assert links == {
        ("Fn", "Topic", "Environment"),
        ("Fn", "Table", "Environment"),
        ("Fn", "Queue", "Environment"),
    }


def test_json_templates_locate_their_resources(tmp_path: Path) -> None:
    text = (
        '{\n  "Resources": {\n    "A": {"Type": "AWS::SQS::Queue"},\n\n    "B": {\n'
        '      "Type": "AWS::SNS::Topic", "DependsOn": "A"}\n  }\n}\n'
    )
    found = read(tmp_path, text, "t.json")
    assert [(r.key, r.line) for r in found.resources] == [("A", 3), ("B", 5)]
    assert found.by_key()["B"].refs == {"A": "DependsOn"}


def test_ids_are_sanitised_and_unique() -> None:
    assert sanitise("aws_instance.web") == "aws_instance.web"
    assert sanitise('module.x.aws_y.z["a b"]') == "module.x.aws_y.z-a-b"
    assert sanitise("9lives") == "r-9lives"
    assert sanitise("a__b..c--") == "a_b.c"
    assert sanitise("x" * 80) == "x" * 64
    ids = Ids()
    assert [ids.take(n, "service") for n in ("a b", "a-b", "a/b")] == ["a-b", "a-b-2", "a-b-3"]
