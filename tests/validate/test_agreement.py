"""The validator's schema check and pydantic agree: same verdict, same places.

`archgen validate` checks the JSON Schema generated from the pydantic models (never importing
pydantic); `archgen render` builds the pydantic model from what passed. Were they to disagree,
a model could validate and then fail to render, or a mistake could pass unseen.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from archgen.commands.model import typed_model
from archgen.load import load_model_file, load_model_text
from archgen.model.schema import Architecture
from archgen.problems import ArchgenError
from archgen.validate.shape import find_issues
from tests.conftest import EXAMPLE_MODEL
from tests.validate.conftest import HEAD, MODELS
from tests.validate.mutants import mutants

Paths = set[tuple[str | int, ...]]


def pydantic_paths(data: Any) -> Paths:
    """Where pydantic finds errors; a mapping key's error is placed on the key's path."""
    try:
        Architecture.model_validate(data)
    except ValidationError as error:
        return {
            tuple(part for part in detail["loc"] if part != "[key]")
            for detail in error.errors(include_url=False)
        }
    return set()


def validator_paths(data: Any) -> Paths:
    return {issue.path for issue in find_issues(data)}


def loaded(path: Path) -> dict[str, Any] | None:
    try:
        return load_model_file(path).data
    except ArchgenError:  # a file the loader refuses never reaches either check
        return None


FIXTURES = sorted([*MODELS.glob("*.yaml"), *(MODELS.parent / "hostile").glob("*.yaml")])
LOADED = {path.name: data for path in FIXTURES if (data := loaded(path)) is not None}


@pytest.mark.parametrize("name", sorted(LOADED))
def test_fixtures_get_the_same_verdict_at_the_same_places(name: str) -> None:
    assert validator_paths(LOADED[name]) == pydantic_paths(LOADED[name])


def test_most_fixtures_reach_the_checks() -> None:
    assert len(LOADED) >= 20
    assert sum(not pydantic_paths(data) for data in LOADED.values()) >= 5  # valid ones too


@pytest.mark.parametrize("seed", range(4))
def test_mutants_of_the_example_get_the_same_verdict(seed: int) -> None:
    example = load_model_file(EXAMPLE_MODEL).data
    disagreements = [
        (mutant.change, validator_paths(mutant.data), pydantic_paths(mutant.data))
        for mutant in mutants(example, 150, seed)
        if validator_paths(mutant.data) != pydantic_paths(mutant.data)
    ]
    assert disagreements == []


def test_mutants_break_the_model_in_many_ways() -> None:
    """The mutants are worth comparing: most are invalid, at many different places."""
    example = load_model_file(EXAMPLE_MODEL).data
    broken = [m for m in mutants(example, 150, 0) if pydantic_paths(m.data)]
    assert len(broken) > 75
    assert len({p for m in broken for p in pydantic_paths(m.data)}) > 60


def with_value(path: tuple[str | int, ...], value: Any) -> dict[str, Any]:
    data = copy.deepcopy(load_model_file(EXAMPLE_MODEL).data)
    target: Any = data
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return data


MONTHLY = ("services", 1, "cost", "monthly")
DATE = ("project", "date")


@pytest.mark.parametrize(
    ("path", "value", "accepted"),
    [
        (MONTHLY, 12, True),
        (MONTHLY, 12.5, True),
        (MONTHLY, "12", False),  # a number written as text: pydantic's lax mode would take it
        (MONTHLY, True, False),  # pydantic's lax mode reads true as 1.0
        (MONTHLY, float("inf"), False),
        (MONTHLY, float("nan"), False),
        pytest.param(MONTHLY, 10**400, False, id="monthly-1e400-int"),  # too large for a float
        (DATE, "2026-11-24", True),
        (DATE, "2026-11-24T00:00:00", False),  # pydantic's lax mode drops a midnight time
        (DATE, 0, False),  # pydantic's lax mode reads a number as a Unix time: 1970-01-01
        (DATE, "1732406400", False),
        (DATE, "2026-02-29", False),
        (DATE, "２０２６-11-24", False),  # full-width digits are digits to Python's \d
    ],
)
def test_lax_coercions_are_refused_by_both(
    path: tuple[str | int, ...], value: Any, accepted: bool
) -> None:
    data = with_value(path, value)
    assert (validator_paths(data) == set()) is accepted
    assert (pydantic_paths(data) == set()) is accepted


def test_should_they_disagree_render_reports_located_problems() -> None:
    """A validator bug must not reach the student as a traceback from pydantic."""
    document = load_model_text(HEAD, "arch.yaml")
    broken = {**document.data, "services": "web"}  # data the validator would never pass on
    with pytest.raises(ArchgenError) as raised:
        typed_model(document, broken)
    assert [(p.code, p.path, p.line, p.column) for p in raised.value.problems] == [
        ("AG199", "services", 5, 3)
    ]
