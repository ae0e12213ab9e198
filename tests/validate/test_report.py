"""Output formats: text for people, json for tools, github for workflow annotations."""

from __future__ import annotations

import json
import re

import pytest

from archgen.problems import Problem
from archgen.validate import format_problems
from tests.validate.conftest import validate_fixture

ERROR = Problem(
    "arch.yaml",
    12,
    7,
    "AG201",
    "unknown service 'dynamo'",
    "flows[0].steps[2].to",
    hint="did you mean 'dynamodb'?",
)
WARNING = Problem(
    "arch.yaml",
    3,
    9,
    "AG301",
    "no service serves requirement 'speed'",
    "requirements[0].id",
    severity="warning",
)
GITHUB_LINE = re.compile(r"^::(error|warning) file=[^,]+,line=\d+,col=\d+,title=AG\d{3}::.+$")


def test_text_lists_problems_in_file_order_then_a_summary() -> None:
    text = format_problems([ERROR, WARNING], "text")
    assert text.splitlines() == [
        "arch.yaml:3:9: warning[AG301] requirements[0].id: no service serves requirement 'speed'",
        "arch.yaml:12:7: error[AG201] flows[0].steps[2].to: unknown service 'dynamo' — "
        "did you mean 'dynamodb'?",
        "arch.yaml: 1 error, 1 warning",
    ]


def test_text_for_a_clean_model_is_only_the_summary() -> None:
    validation = validate_fixture("minimal.yaml")
    text = format_problems(validation.problems, "text", data=validation.data, file="arch.yaml")
    assert text == "arch.yaml: valid (2 services, 1 flow, 1 requirement)"


def test_text_summary_for_warnings_depends_on_strict() -> None:
    assert format_problems([WARNING], "text").splitlines()[-1] == "arch.yaml: valid, 1 warning"
    strict = format_problems([WARNING], "text", strict=True).splitlines()[-1]
    assert strict == "arch.yaml: 1 warning (--strict: warnings count as problems)"


def test_json_parses_and_counts() -> None:
    document = json.loads(format_problems([ERROR, WARNING], "json"))
    assert {k: document[k] for k in ("file", "valid", "errors", "warnings")} == {
        "file": "arch.yaml",
        "valid": False,
        "errors": 1,
        "warnings": 1,
    }
    assert document["problems"][1] == {
        "file": "arch.yaml",
        "line": 12,
        "column": 7,
        "severity": "error",
        "code": "AG201",
        "path": "flows[0].steps[2].to",
        "message": "unknown service 'dynamo'",
        "hint": "did you mean 'dynamodb'?",
    }


@pytest.mark.parametrize(("strict", "valid"), [(False, True), (True, False)])
def test_json_validity_of_warnings_follows_strict(strict: bool, valid: bool) -> None:
    assert json.loads(format_problems([WARNING], "json", strict=strict))["valid"] is valid


def test_github_lines_are_workflow_commands() -> None:
    lines = format_problems([ERROR, WARNING], "github").splitlines()
    assert all(GITHUB_LINE.match(line) for line in lines[:2]), lines
    assert lines[1] == (
        "::error file=arch.yaml,line=12,col=7,title=AG201::flows[0].steps[2].to: "
        "unknown service 'dynamo' — did you mean 'dynamodb'?"
    )
    assert lines[0].startswith("::warning file=arch.yaml,line=3,col=9,title=AG301::")
    assert lines[2] == "arch.yaml: 1 error, 1 warning"  # plain text in the job log


def test_github_escapes_data_and_properties() -> None:
    problem = Problem("dir,a:b/arch.yaml", 1, 1, "AG104", "100% wrong\r\nreally", "project.title")
    line = format_problems([problem], "github").splitlines()[0]
    assert line == (
        "::error file=dir%2Ca%3Ab/arch.yaml,line=1,col=1,title=AG104::"
        "project.title: 100%25 wrong%0D%0Areally"
    )


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown output format"):
        format_problems([], "xml")


def test_every_problem_of_five_mistakes_in_every_format() -> None:
    problems = validate_fixture("five-mistakes.yaml").problems
    assert len(format_problems(problems, "text").splitlines()) == 6
    assert json.loads(format_problems(problems, "json"))["errors"] == 5
    assert (
        sum(bool(GITHUB_LINE.match(x)) for x in format_problems(problems, "github").split("\n"))
        == 5
    )
