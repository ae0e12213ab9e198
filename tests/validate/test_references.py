"""Reference errors (AG2xx): ids, what refers to them, group nesting, and icons."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from archgen.load import load_model_text
from archgen.validate import Validation, validate_document
from tests.images import png
from tests.validate.conftest import HEAD, only, validate_fixture

Validate = Callable[[str], Validation]


@pytest.mark.parametrize(
    ("fixture", "code", "line", "column", "path", "message", "hint"),
    [
        (
            "unknown-service.yaml",
            "AG201",
            21,
            13,
            "flows[0].steps[0].to",
            "unknown service 'dynamo'",
            "did you mean 'dynamodb'?",
        ),
        (
            "unknown-group.yaml",
            "AG202",
            12,
            12,
            "services[0].group",
            "unknown group 'bakend'",
            "did you mean 'backend'?",
        ),
        (
            "unknown-requirement.yaml",
            "AG203",
            16,
            7,
            "services[0].serves.High Availability",
            "unknown requirement 'High Availability'",
            "did you mean 'high-availability'?",
        ),
        (
            "duplicate-id.yaml",
            "AG204",
            11,
            9,
            "services[1].id",
            "duplicate service id 'web': services[0] already uses it",
            "the first is on line 6",
        ),
        (
            "group-cycle.yaml",
            "AG205",
            8,
            13,
            "groups[0].parent",
            "group 'outer' → 'inner' → 'outer' forms a cycle",
            "change or remove one of these `parent:` keys",
        ),
        (
            "unknown-icon.yaml",
            "AG206",
            8,
            11,
            "services[0].icon",
            "unknown icon kind 'aws.compute.AppRuner'",
            "did you mean 'aws.compute.AppRunner'?",
        ),
    ],
)
def test_each_reference_error_is_located_with_a_suggestion(
    fixture: str, code: str, line: int, column: int, path: str, message: str, hint: str
) -> None:
    problem = only(validate_fixture(fixture))
    assert (problem.code, problem.line, problem.column, problem.path) == (code, line, column, path)
    assert problem.message == message
    assert hint in problem.hint


def test_unknown_id_with_nothing_close_lists_the_known_ids(validate_text: Validate) -> None:
    links = "links:\n  - from: web\n    to: zzz\n"
    problem = only(validate_text(HEAD + links))
    assert (problem.code, problem.path, problem.line) == ("AG201", "links[0].to", 12)
    assert problem.hint == "known services: 'web'"


def test_reference_to_a_kind_with_no_entries_says_so(validate_text: Validate) -> None:
    problem = only(validate_text(HEAD + "    group: backend\n"))
    assert (problem.code, problem.hint) == ("AG202", "there are no groups yet")


def test_respelt_id_is_matched_whatever_its_case_or_separators(validate_text: Validate) -> None:
    text = (
        HEAD.replace("id: web", "id: app-runner")
        + "links:\n  - from: AppRunner\n    to: app-runner\n"
    )
    problem = only(validate_text(text))
    assert (problem.code, problem.path) == ("AG201", "links[0].from")
    assert problem.hint == "did you mean 'app-runner'?"


def test_self_parent_is_a_cycle(validate_text: Validate) -> None:
    text = HEAD + "groups:\n  - id: loop\n    label: Loop\n    parent: loop\n"
    problem = only(validate_text(text))
    assert (problem.code, problem.message) == ("AG205", "group 'loop' → 'loop' forms a cycle")


def test_tradeoff_references_are_checked(validate_text: Validate) -> None:
    text = HEAD + (
        "tradeoffs:\n  - id: t\n    title: T\n    decision: D\n"
        "    services: [wbe]\n    requirements: [speed]\n"
    )
    problems = validate_text(text).problems
    assert [(p.code, p.path) for p in problems] == [
        ("AG201", "tradeoffs[0].services[0]"),
        ("AG203", "tradeoffs[0].requirements[0]"),
    ]
    assert problems[0].hint == "did you mean 'web'?"


def test_ids_are_namespaced_by_kind(validate_text: Validate) -> None:
    text = HEAD.replace("does:", "group: web\n    does:") + "groups:\n  - id: web\n    label: Web\n"
    assert validate_text(text).errors == []


def with_icon(icon: str) -> str:
    return HEAD.replace("aws.compute.AppRunner", icon)


def test_icon_file_inside_the_project_is_used(tmp_path: Path, validate_text: Validate) -> None:
    (tmp_path / "icons").mkdir()
    (tmp_path / "icons" / "viewer.png").write_bytes(png())
    validation = validate_text(with_icon("icons/viewer.png"))
    assert [p.code for p in validation.errors] == []
    assert validation.icon_files == {"web": (tmp_path / "icons" / "viewer.png").resolve()}


def test_catalog_icon_resolves_to_an_absolute_png(validate_text: Validate) -> None:
    icon = validate_text(HEAD).icon_files["web"]
    assert icon.is_absolute() and icon.suffix == ".png" and icon.is_file()


@pytest.mark.parametrize(
    ("icon", "code", "message"),
    [
        ("/etc/logo.png", "AG207", "'/etc/logo.png' is an absolute path"),
        ("../logo.png", "AG207", "'../logo.png' leads outside the project folder"),
        ("icons/logo.svg", "AG209", "'icons/logo.svg' is not a PNG or JPEG file"),
        ("icons/nothing.png", "AG208", "'icons/nothing.png' is not a file in the project folder"),
        ("icons", "AG206", "unknown icon kind 'icons'"),
    ],
)
def test_unusable_icon_paths(validate_text: Validate, icon: str, code: str, message: str) -> None:
    problem = only(validate_text(with_icon(icon)))
    assert (problem.code, problem.path, problem.line, problem.column) == (
        code,
        "services[0].icon",
        7,
        11,
    )
    assert problem.message.startswith(message)
    assert problem.hint


def test_icon_symlink_leading_outside_is_refused(tmp_path: Path, validate_text: Validate) -> None:
    outside = tmp_path.parent / f"{tmp_path.name}-outside.png"
    outside.write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "logo.png").symlink_to(outside)
    problem = only(validate_text(with_icon("logo.png")))
    assert (problem.code, problem.message) == (
        "AG207",
        "'logo.png' is a link to a file outside the project folder",
    )


def test_missing_icon_file_suggests_a_neighbour(tmp_path: Path, validate_text: Validate) -> None:
    (tmp_path / "icons").mkdir()
    (tmp_path / "icons" / "viewer.png").write_bytes(b"")
    problem = only(validate_text(with_icon("icons/veiwer.png")))
    assert (problem.code, problem.hint) == ("AG208", "did you mean 'icons/viewer.png'?")


def test_unknown_icon_with_nothing_close_points_to_the_icons_command(
    validate_text: Validate,
) -> None:
    problem = only(validate_text(with_icon("aws.compute.Qqqqqqq")))
    assert problem.code == "AG206"
    assert problem.hint == "run `archgen icons qqqqqqq` to find a kind"


def test_did_you_mean_never_offers_an_invalid_id(tmp_path: Path) -> None:
    """'RDS db' breaks the id rule (AG105 says so, suggesting 'rds-db'); a reference to
    'rds-db' must not be told to write 'RDS db' instead."""
    text = (
        "project: {title: T, summary: S}\n"
        "services:\n"
        "  - {id: 'RDS db', name: A, icon: aws.database.RDS, does: D, why: W}\n"
        "  - {id: web, name: B, icon: aws.compute.Lambda, does: D, why: W}\n"
        "links:\n"
        "  - {from: web, to: rds-db}\n"
    )
    problems = validate_document(load_model_text(text, "arch.yaml"), model_dir=tmp_path).problems
    assert [(p.code, p.hint) for p in problems] == [
        ("AG105", problems[0].hint),
        ("AG201", "known services: 'web'"),
    ]
    assert "did you mean 'rds-db'?" in problems[0].hint
