"""`archgen import` on hostile or broken infrastructure code: every case ends with exit 1 and a
located `file:line:col: error[AG5xx]`, no traceback, no Python object built, nothing written
(the output file does not appear, or an existing one keeps its bytes)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from tests.e2e.support import Run, cli, run_archgen, snapshot

RESOURCE = "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n"
BILLION_LAUGHS = (
    "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(8)
    )
    + RESOURCE
    + "    Properties:\n      Tags: *i\n"
)
CYCLE = """\
Resources:
  Web:
    Type: AWS::EC2::Instance
    Properties:
      SecurityGroupIds: [!Ref Guard]
  Guard:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: !GetAtt Web.PrivateIp
"""

CLOUDFORMATION_REFUSALS: dict[str, tuple[str, str, str]] = {  # text, line[:column], code
    "python-apply-tag": (
        RESOURCE + '    Properties:\n      QueueName: !!python/object/apply:os.system ["touch '
        'pwned"]\n',
        "5:18",
        "AG503",
    ),
    "python-name-tag": (
        RESOURCE + "    Properties:\n      X: !!python/name:os.system\n",
        "5:10",
        "AG503",
    ),
    "python-object-new": (
        RESOURCE + "    Properties: !!python/object/new:os.system [id]\n",
        "4:17",
        "AG503",
    ),
    "unknown-tag": (RESOURCE + "    Properties:\n      QueueName: !Reff Other\n", "5:18", "AG503"),
    "billion-laughs": (BILLION_LAUGHS, "", "AG505"),
    "reference-cycle": (CYCLE, "2:3", "AG504"),  # at the first resource's key
    # whole-file problems: line 1, no column, and the hint says what to do
    "not-a-template": ("services:\n  - id: web\n", "1", "AG502"),
    "a-list": ("- Resources\n", "1", "AG502"),
    "empty": ("", "1", "AG502"),
    "resource-without-type": ("Resources:\n  Web:\n    Properties: {}\n", "2:3", "AG502"),
    "yaml-syntax": ("Resources:\n  Web: [unclosed\n", "3:1", "AG509"),
    "json-syntax": ('{"Resources": {"Web": }}', "1:23", "AG509"),
    "deep-nesting": ("Resources: " + "[" * 5000 + "]" * 5000 + "\n", "", "AG505"),
    "duplicate-key": (RESOURCE + "  Queue:\n    Type: AWS::SNS::Topic\n", "4:3", "AG509"),
    "only-plumbing": ("Resources:\n  Role:\n    Type: AWS::IAM::Role\n", "1", "AG507"),
}


def refused(run: Run, file: str, line: int | str, code: str) -> None:
    """Refused at `file:line:` (`line` may be "line:column"; "" or 0: anywhere in the file)."""
    assert run.escaped is None and "Traceback" not in run.output, run
    assert run.code == 1, run
    where = f"{file}:{line}:" if line else f"{file}:"
    assert any(
        text.startswith(where) and f"error[{code}]" in text for text in run.output.splitlines()
    ), run
    assert "nothing was written" in run.output, run


@pytest.mark.parametrize("case", sorted(CLOUDFORMATION_REFUSALS))
def test_hostile_templates_are_refused(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text, line, code = CLOUDFORMATION_REFUSALS[case]
    monkeypatch.chdir(tmp_path)
    (tmp_path / "template.yaml").write_text(text, encoding="utf-8")
    before = snapshot(tmp_path)
    run = cli("import", "cloudformation", "template.yaml", "-o", "arch.yaml")
    refused(run, "template.yaml", line, code)
    assert snapshot(tmp_path) == before
    assert not (tmp_path / "pwned").exists()


@pytest.mark.slow
def test_a_python_tag_builds_nothing_in_a_real_process(tmp_path: Path) -> None:
    text, line, code = CLOUDFORMATION_REFUSALS["python-apply-tag"]
    (tmp_path / "t.yaml").write_text(text, encoding="utf-8")
    run = run_archgen("import", "cloudformation", "t.yaml", cwd=tmp_path)
    refused(run, "t.yaml", line, code)
    assert sorted(os.listdir(tmp_path)) == ["t.yaml"]


def test_a_ten_megabyte_template_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    with path.open("w", encoding="utf-8") as stream:
        stream.write(RESOURCE + "    Properties:\n      Tags:\n")
        stream.write("        - {Key: k, Value: v}\n" * 400_000)
    assert path.stat().st_size > 10_000_000
    run = cli("import", "cloudformation", path, "-o", tmp_path / "arch.yaml")
    refused(run, str(path), 1, "AG505")
    assert not (tmp_path / "arch.yaml").exists()


def test_an_existing_file_is_kept_unless_forced(tmp_path: Path) -> None:
    template = tmp_path / "t.yaml"
    template.write_text(RESOURCE, encoding="utf-8")
    target = tmp_path / "arch.yaml"
    target.write_text("mine\n", encoding="utf-8")
    refused(cli("import", "cloudformation", template, "-o", target), str(target), 1, "AG508")
    assert target.read_text(encoding="utf-8") == "mine\n"
    run = cli("import", "cloudformation", template, "-o", target, "--force")
    assert run.code == 0, run
    assert YAML(typ="safe").load(target.read_text(encoding="utf-8"))["services"][0]["id"] == "Queue"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["arch.yaml", "t.yaml"]  # no temp file


def test_a_failed_import_leaves_the_old_file(tmp_path: Path) -> None:
    (tmp_path / "t.yaml").write_text("Resources:\n  X: !Bad 1\n", encoding="utf-8")
    target = tmp_path / "arch.yaml"
    target.write_text("mine\n", encoding="utf-8")
    run = cli("import", "cloudformation", tmp_path / "t.yaml", "-o", target, "--force")
    refused(run, str(tmp_path / "t.yaml"), 2, "AG503")
    assert target.read_text(encoding="utf-8") == "mine\n"


def test_missing_and_empty_sources(tmp_path: Path) -> None:
    refused(
        cli("import", "cloudformation", tmp_path / "nope.yaml"),
        str(tmp_path / "nope.yaml"),
        1,
        "AG501",
    )
    empty = tmp_path / "empty"
    empty.mkdir()
    refused(cli("import", "terraform", empty), str(empty), 1, "AG501")
    refused(cli("import", "cloudformation", empty), str(empty), 1, "AG501")
    (tmp_path / "bad.yaml").write_bytes(b"Resources:\n  \xff\xfe: x\n")
    refused(
        cli("import", "cloudformation", tmp_path / "bad.yaml"),
        str(tmp_path / "bad.yaml"),
        "2:3",
        "AG501",
    )


def test_a_fifo_in_a_terraform_folder_is_not_read(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.tf")  # reading it would block for ever
    (tmp_path / "main.tf").write_text('resource "aws_sqs_queue" "q" {}\n', encoding="utf-8")
    run = cli("import", "terraform", tmp_path, "-o", "-")
    assert run.code == 0, run
    assert "id: aws_sqs_queue.q" in run.output


HCL_WEIRD = r"""
resource "aws_sqs_queue" "jobs" {
  name = "jobs\"]; --> } <script>alert(1)</script> ${"nested ${"deep"}"}"
  tags = {
    Name = "line\nbreak \u202e reversed"
  }
  policy = <<EOF
{"Statement": "${aws_sns_topic.alerts.arn}", "weird": "}}}"}
EOF
}
resource "aws_sns_topic" "alerts" {
  name = "%{ for x in ["a", "b"] }${x}%{ endfor }"
}
"""


def test_hcl_with_weird_strings_stays_text(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(HCL_WEIRD, encoding="utf-8")
    run = cli("import", "terraform", tmp_path, "-o", tmp_path / "arch.yaml")
    assert run.code == 0, run
    model = YAML(typ="safe").load((tmp_path / "arch.yaml").read_text(encoding="utf-8"))
    names = {s["id"]: s["name"] for s in model["services"]}
    assert set(names) == {"aws_sqs_queue.jobs", "aws_sns_topic.alerts"}
    assert "\n" not in names["aws_sqs_queue.jobs"] and "\u202e" not in names["aws_sqs_queue.jobs"]
    assert {(link["from"], link["to"]) for link in model["links"]} == {
        ("aws_sqs_queue.jobs", "aws_sns_topic.alerts")
    }
    check = cli("validate", tmp_path / "arch.yaml")
    assert check.code == 0, check


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('resource "aws_instance" "web" {\n  ami = \n}\n', 2),
        ('resource "x" {\n', 0),
        ("locals {\n  a = " + "[" * 3000 + "]" * 3000 + "\n}\n", 0),
    ],
)
def test_broken_hcl_is_located(text: str, line: int, tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(text, encoding="utf-8")
    run = cli("import", "terraform", tmp_path, "-o", tmp_path / "arch.yaml")
    assert run.code == 1 and "Traceback" not in run.output, run
    first = run.output.splitlines()[0]
    assert first.startswith(f"{tmp_path}/main.tf:{line}:" if line else f"{tmp_path}/main.tf:")
    assert "error[AG50" in first, run
    assert not (tmp_path / "arch.yaml").exists()


def test_terraform_reference_cycle(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        'resource "aws_sqs_queue" "a" {\n  name = aws_sqs_queue.b.name\n}\n'
        'resource "aws_sqs_queue" "b" {\n  name = aws_sqs_queue.a.name\n}\n',
        encoding="utf-8",
    )
    refused(cli("import", "terraform", tmp_path), f"{tmp_path}/main.tf", "1:1", "AG504")


def test_too_many_tf_bytes_are_refused_before_parsing(tmp_path: Path) -> None:
    block = 'resource "aws_sqs_queue" "q%d" {\n  name = "%s"\n}\n'
    for part in range(3):  # three files of ~0.8 MB: each is allowed, together they are not
        text = "".join(block % (part * 10_000 + i, "x" * 80) for i in range(7_000))
        (tmp_path / f"part{part}.tf").write_text(text, encoding="utf-8")
    run = cli("import", "terraform", tmp_path, "-o", tmp_path / "arch.yaml")
    refused(run, f"{tmp_path}/part2.tf", 1, "AG505")
    assert not (tmp_path / "arch.yaml").exists()


def test_a_tab_in_a_template_is_worded_as_validate_words_it(tmp_path: Path) -> None:
    (tmp_path / "t.yaml").write_text("Resources:\n  Jobs:\n\tType: AWS::SQS::Queue\n", "utf-8")
    run = cli("import", "cloudformation", tmp_path / "t.yaml", "-o", tmp_path / "arch.yaml")
    refused(run, str(tmp_path / "t.yaml"), "3:1", "AG509")  # CloudFormation syntax, not HCL's
    (tmp_path / "arch.yaml").write_text("a:\n\tb: 1\n", "utf-8")
    model = cli("validate", tmp_path / "arch.yaml")
    said = next(line for line in model.output.splitlines() if "AG005" in line).split("] ", 1)[1]
    assert "tab" in said and f"error[AG509] {said}" in run.output, (run, model)


def test_whole_file_problems_say_what_to_do(tmp_path: Path) -> None:
    missing = cli("import", "cloudformation", tmp_path / "nonexist.yaml")
    assert (
        f"{tmp_path}/nonexist.yaml:1: error[AG501] no such file or folder — check the spelling; "
        "a relative path is read from the current folder"
    ) in missing.output, missing
    (tmp_path / "t.yaml").write_text(RESOURCE, encoding="utf-8")
    (tmp_path / "arch.yaml").write_text("mine\n", encoding="utf-8")
    exists = cli("import", "cloudformation", tmp_path / "t.yaml", "-o", tmp_path / "arch.yaml")
    assert (
        f"{tmp_path}/arch.yaml:1: error[AG508] the file exists already — pass --force to "
        "replace it, or -o another file"
    ) in exists.output, exists
    (tmp_path / "model.yaml").write_text("project: {title: x}\nservices: []\n", "utf-8")
    model = cli("import", "cloudformation", tmp_path / "model.yaml", "-o", "-")
    assert "it looks like an archgen model already: run `archgen validate` on it" in model.output
