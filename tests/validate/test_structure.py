"""Structure errors (AG1xx): each pydantic error rewritten for students and placed on its node."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from archgen.validate import Validation
from tests.validate.conftest import HEAD, only, validate_fixture

Validate = Callable[[str], Validation]


@pytest.mark.parametrize(
    ("fixture", "code", "line", "column", "path", "hint"),
    [
        ("unknown-key.yaml", "AG101", 7, 5, "services[0].nmae", "did you mean 'name'?"),
        ("missing-key.yaml", "AG102", 6, 5, "services[0].why", "add `why:` (why it was chosen"),
        ("wrong-type.yaml", "AG103", 5, 12, "project.authors", "write `authors: [Ana]`"),
        ("bad-enum.yaml", "AG104", 8, 11, "groups[0].kind", "did you mean 'vpc'?"),
        ("bad-id.yaml", "AG105", 6, 9, "services[0].id", "did you mean 'app-runner'?"),
        ("empty-steps.yaml", "AG106", 14, 12, "flows[0].steps", "`- from: …`"),
        ("negative-cost.yaml", "AG108", 12, 16, "services[0].cost.monthly", ""),
        ("bad-date.yaml", "AG109", 5, 9, "project.date", "write the date as YYYY-MM-DD"),
    ],
)
def test_each_structure_error_is_located_with_advice(
    fixture: str, code: str, line: int, column: int, path: str, hint: str
) -> None:
    problem = only(validate_fixture(fixture))
    assert (problem.code, problem.line, problem.column, problem.path) == (code, line, column, path)
    assert hint in problem.hint
    assert problem.severity == "error"
    assert problem.file == "arch.yaml"


def test_messages_speak_plain_language() -> None:
    messages = {
        "unknown-key.yaml": "unknown key 'nmae'",
        "missing-key.yaml": "missing required key 'why'",
        "wrong-type.yaml": "expected a list of text entries, got 'Ana'",
        "bad-id.yaml": "ids use letters, digits and single '-', '_' or '.' between words",
        "empty-steps.yaml": "needs at least one step",
        "negative-cost.yaml": "must be at least 0, not -5",
        "bad-date.yaml": "'2026-13-01' is not a real date",
    }
    for fixture, message in messages.items():
        assert message in only(validate_fixture(fixture)).message, fixture


def test_enum_error_lists_the_allowed_values() -> None:
    message = only(validate_fixture("bad-enum.yaml")).message
    assert "'VPC' is not allowed here" in message
    assert "'public-subnet'" in message and "'on-premises'" in message


def test_unknown_key_without_a_close_match_lists_the_allowed_keys(validate_text: Validate) -> None:
    problem = only(validate_text(HEAD + "    vendor: acme\n"))
    assert problem.code == "AG101"
    assert (problem.line, problem.column) == (10, 5)
    assert problem.hint.startswith("allowed keys here: 'id', 'name', 'icon', 'group'")


def test_unknown_key_indented_too_deep_says_where_it_belongs(validate_text: Validate) -> None:
    text = HEAD.replace("    why: No servers to manage.\n", "    cost:\n      monthly: 5\n")
    text += "      why: No servers.\n"
    problems = validate_text(text).problems
    misplaced = next(p for p in problems if p.code == "AG101")
    assert misplaced.path == "services[0].cost.why"
    assert misplaced.hint == "'why' belongs to services[0]; check its indentation"


def test_misspelt_required_key_is_reported_once(validate_text: Validate) -> None:
    text = HEAD + "flows:\n  - id: f\n    name: F\n    steps:\n      - form: web\n        to: web\n"
    text += "        label: x\n"
    problem = only(validate_text(text))
    assert (problem.code, problem.path, problem.hint) == (
        "AG101",
        "flows[0].steps[0].form",
        "did you mean 'from'?",
    )


def test_number_where_text_belongs_is_quoted_as_written(validate_text: Validate) -> None:
    problem = only(validate_text(HEAD.replace("  title: Shop", "  title: Shop\n  version: 1.0")))
    assert (problem.code, problem.path) == ("AG103", "project.version")
    assert problem.message == "expected text, got 1.0"
    assert problem.hint == 'put it in quotes: `version: "1.0"`'


def test_empty_required_text_explains_what_belongs_there(validate_text: Validate) -> None:
    problem = only(validate_text(HEAD.replace("why: No servers to manage.", "why:")))
    assert (problem.code, problem.path, problem.line) == ("AG106", "services[0].why", 9)
    assert problem.hint == "write `why: …` (why it was chosen over the alternatives)"


def test_serves_written_as_a_list_shows_the_mapping_form(validate_text: Validate) -> None:
    problem = only(validate_text(HEAD + "    serves: [speed]\n"))
    assert (problem.code, problem.path) == ("AG103", "services[0].serves")
    assert "e.g. `speed: …`" in problem.hint


def test_lowercase_currency_suggests_capitals(validate_text: Validate) -> None:
    problem = only(validate_text(HEAD.replace("  title: Shop", "  title: Shop\n  currency: eur")))
    assert (problem.code, problem.hint) == ("AG110", "did you mean 'EUR'?")


@pytest.mark.parametrize(
    ("written", "message", "hint"),
    [
        ("2026-1-5", "is not a date in the form YYYY-MM-DD", "did you mean '2026-01-05'?"),
        ("24/11/2026", "is not a date in the form YYYY-MM-DD", "write the date as YYYY-MM-DD"),
        ("2026-11-24 10:00", "has a time", "did you mean '2026-11-24'?"),
    ],
)
def test_dates_get_a_concrete_fix(
    validate_text: Validate, written: str, message: str, hint: str
) -> None:
    problem = only(
        validate_text(HEAD.replace("  title: Shop", f"  title: Shop\n  date: {written}"))
    )
    assert problem.code == "AG109"
    assert message in problem.message
    assert hint in problem.hint


def test_empty_sections_are_located_at_their_key(validate_text: Validate) -> None:
    problems = validate_text("project:\nservices:\n").problems
    assert [(p.code, p.path, p.line) for p in problems] == [
        ("AG106", "project", 1),
        ("AG106", "services", 2),
    ]
    assert "`- id: …`" in problems[1].hint


def test_a_list_entry_that_is_not_a_mapping(validate_text: Validate) -> None:
    problems = validate_text(HEAD + "challenges: [5]\n").problems
    assert [(p.code, p.path, p.line) for p in problems] == [("AG103", "challenges[0]", 10)]
    assert "`- title: …`" in problems[0].hint


def test_number_where_an_id_belongs_explains_ids(validate_text: Validate) -> None:
    problem = only(validate_text(HEAD.replace("id: web", "id: 7")))
    assert (problem.code, problem.path, problem.message) == (
        "AG103",
        "services[0].id",
        "expected text, got 7",
    )
    assert problem.hint.startswith("ids use letters, digits")


def test_flow_style_values_are_quoted_alone(validate_text: Validate) -> None:
    problem = only(validate_text(HEAD + "    cost: {monthly: 5, assumptions: 12}\n"))
    assert problem.hint == 'put it in quotes: `assumptions: "12"`'


REFLECTION = """\
reflection:
  text: We split the work and finished on time.
  team:
    - name: Ada
      role: Diagram
"""


def test_reflection_is_accepted(validate_text: Validate) -> None:
    problems = validate_text(HEAD + REFLECTION).problems
    assert [p.code for p in problems] == ["AG302"]  # the lone service's warning, nothing more


def test_empty_team_member_name_says_what_to_write(validate_text: Validate) -> None:
    problem = only(validate_text(HEAD + REFLECTION.replace("name: Ada", 'name: ""')))
    assert (problem.code, problem.path, problem.line, problem.column) == (
        "AG106",
        "reflection.team[0].name",
        13,
        13,
    )
    assert problem.hint == "write `name: …` (the person's name, as the brief shows it)"


def test_team_member_without_a_role_is_told_to_add_one(validate_text: Validate) -> None:
    problem = only(validate_text(HEAD + REFLECTION.replace("      role: Diagram\n", "")))
    assert (problem.code, problem.path, problem.line) == ("AG102", "reflection.team[0].role", 13)
    assert problem.hint.startswith("add `role:` (their part of the work")


def test_reflection_written_as_plain_text_shows_the_mapping_form(validate_text: Validate) -> None:
    problem = only(validate_text(HEAD + "reflection: It went well.\n"))
    assert (problem.code, problem.path, problem.line) == ("AG103", "reflection", 10)
    assert "text: …" in problem.hint
