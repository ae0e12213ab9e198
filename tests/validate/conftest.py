"""Helpers for validation tests: validate a fixture model, or YAML text written to a tmp folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from archgen.load import load_model_file, load_model_text
from archgen.problems import Problem
from archgen.validate import Validation, validate_document

MODELS = Path(__file__).resolve().parent.parent / "fixtures" / "models"

# The minimal model's project and one service, for inline models that only add a mistake.
HEAD = """\
project:
  title: Shop
  summary: A small shop.
services:
  - id: web
    name: Web app
    icon: aws.compute.AppRunner
    does: Serves the pages.
    why: No servers to manage.
"""


def validate_fixture(name: str) -> Validation:
    """Validate tests/fixtures/models/NAME, reported as `arch.yaml` like the CLI's default."""
    document = load_model_file(MODELS / name, display_name="arch.yaml")
    return validate_document(document, model_dir=MODELS)


def only(validation: Validation) -> Problem:
    """The single problem a fixture with one mistake must produce."""
    assert len(validation.problems) == 1, [p.format() for p in validation.problems]
    return validation.problems[0]


@pytest.fixture
def validate_text(tmp_path: Path) -> Callable[[str], Validation]:
    """Validate YAML text as arch.yaml in an empty project folder (tmp_path)."""

    def run(text: str) -> Validation:
        document = load_model_text(text, "arch.yaml")
        return validate_document(document, model_dir=tmp_path)

    return run
