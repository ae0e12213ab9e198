"""The optional reflection: text, and the team with their roles."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from archgen.model.schema import Architecture

BASE: dict[str, Any] = {
    "project": {"title": "Shop", "summary": "A small shop."},
    "services": [
        {"id": "web", "name": "Web", "icon": "aws.compute.Lambda", "does": "D.", "why": "W."}
    ],
}


def with_reflection(reflection: Any) -> dict[str, Any]:
    return {**BASE, "reflection": reflection}


def test_a_model_has_no_reflection_unless_it_writes_one() -> None:
    assert Architecture.model_validate(BASE).reflection is None


def test_reflection_with_its_team_in_order() -> None:
    model = Architecture.model_validate(
        with_reflection(
            {
                "text": "We split the work and **finished on time**.",
                "team": [
                    {"name": "Ada", "role": "Diagram", "contribution": "Drew it."},
                    {"name": "Bo", "role": "Write-up"},
                ],
            }
        )
    )
    assert model.reflection is not None
    assert model.reflection.text == "We split the work and **finished on time**."
    team = [(m.name, m.role, m.contribution) for m in model.reflection.team]
    assert team == [("Ada", "Diagram", "Drew it."), ("Bo", "Write-up", None)]


def test_a_reflection_without_a_team_is_text_alone() -> None:
    model = Architecture.model_validate(with_reflection({"text": "It went well."}))
    assert model.reflection is not None and model.reflection.team == []


@pytest.mark.parametrize(
    ("reflection", "location"),
    [
        ({"team": [{"name": "Ada", "role": "Diagram"}]}, ("reflection", "text")),
        ({"text": ""}, ("reflection", "text")),
        ({"text": "Ok.", "team": [{"name": "", "role": "Diagram"}]},
         ("reflection", "team", 0, "name")),
        ({"text": "Ok.", "team": [{"name": "Ada"}]}, ("reflection", "team", 0, "role")),
        ({"text": "Ok.", "team": [{"name": "Ada", "role": "R", "contribution": ""}]},
         ("reflection", "team", 0, "contribution")),
        ({"text": "Ok.", "team": [{"name": "Ada", "role": "R", "email": "a@b"}]},
         ("reflection", "team", 0, "email")),
        ({"text": "Ok.", "mood": "good"}, ("reflection", "mood")),
        ({"text": "Ok.", "team": "Ada"}, ("reflection", "team")),
    ],
)  # fmt: skip
def test_a_malformed_reflection_is_refused_where_it_is_wrong(
    reflection: dict[str, Any], location: tuple[str | int, ...]
) -> None:
    with pytest.raises(ValidationError) as raised:
        Architecture.model_validate(with_reflection(reflection))
    assert [error["loc"] for error in raised.value.errors()] == [location]
