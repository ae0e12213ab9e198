"""The public API: every problem at once, the model only when valid, and the code registry."""

from __future__ import annotations

from collections.abc import Callable

from archgen.validate import Validation
from archgen.validate.codes import CODES, severity_of
from tests.validate.conftest import MODELS, validate_fixture

Validate = Callable[[str], Validation]


def test_minimal_model_validates_with_no_problems() -> None:
    validation = validate_fixture("minimal.yaml")
    assert validation.problems == []
    assert validation.data is not None
    assert [s["id"] for s in validation.data["services"]] == ["web", "photos"]
    assert sorted(validation.icon_files) == ["photos", "web"]


def test_five_mistakes_give_five_problems_at_once() -> None:
    validation = validate_fixture("five-mistakes.yaml")
    assert validation.data is None
    assert validation.icon_files == {}
    assert [(p.code, p.line, p.path) for p in validation.problems] == [
        ("AG103", 5, "project.authors"),
        ("AG101", 12, "services[0].grup"),
        ("AG102", 13, "services[1].why"),
        ("AG206", 15, "services[1].icon"),
        ("AG201", 22, "flows[0].steps[0].to"),
    ]
    assert validation.errors == validation.problems
    assert validation.warnings == []


def test_every_fixture_reports_only_registered_codes() -> None:
    for path in sorted(MODELS.glob("*.yaml")):
        validation: Validation = validate_fixture(path.name)
        for problem in validation.problems:
            assert problem.code in CODES, problem.format()
            assert problem.severity == severity_of(problem.code), problem.format()


def test_codes_have_one_line_explanations() -> None:
    assert all(
        code.startswith("AG") and text.endswith(".") and "\n" not in text
        for code, text in CODES.items()
    )


GARBAGE = [
    "project: 5\nservices: {a: 1}\n",
    "project: [1, 2]\nservices: [1, null, [x], {id: 5, icon: 7, serves: [1]}]\n",
    "flows: [{steps: {a: 1}}, {steps: [5, {from: [x], to: {y: 1}}]}, 3]\nservices: []\n",
    "groups: [{id: a, parent: [b]}, {id: 7, parent: a}, x]\nlinks: [{from: 1, to: null}]\n",
    'tradeoffs: [{services: {a: 1}, requirements: 5}]\nservices: [{icon: "a\\t.png"}]\n',
    'services: [{id: a, icon: "icons/../../../x.png"}, {id: b, icon: "C:\\\\x.png"}]\n',
]


def test_any_shape_of_data_gives_problems_never_a_crash(validate_text: Validate) -> None:
    for text in GARBAGE:
        validation = validate_text(text)
        assert validation.data is None and validation.errors, text
        assert all(p.line >= 1 and p.column >= 1 and p.code in CODES for p in validation.problems)
