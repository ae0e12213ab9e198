"""Validate a loaded arch.yaml: every problem at once, each located at its line and column.

structure (keys, types, values) and references (ids, icons) both run on every document, so a
student sees a missing key and a misspelt service together; warnings (semantics) run only on a
model without errors. Codes and their meaning are listed in `archgen.validate.codes`.

Everything here works on the loaded plain data and never imports pydantic: `archgen validate`
starts fast. Rendering builds the typed model from the valid data (archgen.commands.model).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

from archgen.icons.catalog import IconCatalog, load_catalog
from archgen.load import LoadedDocument
from archgen.problems import Problem, errors_in, sort_problems, warnings_in
from archgen.validate import codes
from archgen.validate.drawing import check_drawing
from archgen.validate.references import check_icons, check_references
from archgen.validate.report import OutputFormat, format_problems
from archgen.validate.semantics import check_semantics
from archgen.validate.shape import Issue, find_issues
from archgen.validate.text import check_text

__all__ = ["OutputFormat", "Validation", "format_problems", "validate_document"]


class Validation(NamedTuple):  # records here are NamedTuples: dataclasses cost start-up time
    """What validation found: the valid model's data (None when there is any error), problems.

    `data` has the schema's shape: every required key, every value of its type.
    """

    data: dict[str, Any] | None
    problems: list[Problem]
    icon_files: dict[str, Path]  # service id → absolute image

    @property
    def errors(self) -> list[Problem]:
        return errors_in(self.problems)

    @property
    def warnings(self) -> list[Problem]:
        return warnings_in(self.problems)


def validate_document(
    doc: LoadedDocument, *, model_dir: Path, catalog: IconCatalog | None = None
) -> Validation:
    """Check a loaded document; `model_dir` is where relative icon paths start from."""
    issues = find_issues(doc.data)
    structural = structure_problems(doc, issues) if issues else []
    references = [*check_references(doc), *check_drawing(doc)]
    icon_problems, icon_files = check_icons(doc, model_dir, catalog or load_catalog())
    errors = [*drop_shadowed(structural, references), *references, *icon_problems]
    if errors:
        return Validation(None, sort_problems(errors), {})
    warnings = [*check_semantics(doc.data, doc), *check_text(doc)]
    return Validation(doc.data, sort_problems(warnings), icon_files)


def structure_problems(doc: LoadedDocument, issues: list[Issue]) -> list[Problem]:
    """The schema's issues worded for students; that module loads only when there are some."""
    from archgen.validate.structure import word_issues

    return word_issues(doc, issues)


def drop_shadowed(structural: list[Problem], references: list[Problem]) -> list[Problem]:
    """Drop a bad-id error where an unknown-reference error on the same place says more.

    `to: AppRunner` breaks the id rule and names no service; "did you mean 'app-runner'?" from
    the reference check beats the id rule's generic advice.
    """
    referenced = {p.path for p in references}
    return [p for p in structural if not (p.code == codes.BAD_ID and p.path in referenced)]
