"""Load and validate a model file: the first half of every command.

load → validate → model, gathering every problem before anything is rendered or written.
Validation works on the plain data; only a render builds the typed pydantic model (`require_valid`),
so `archgen validate` never imports pydantic.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from archgen.load import LoadedDocument, load_model_text
from archgen.load.source import read_file_bytes
from archgen.problems import (
    ArchgenError,
    Problem,
    errors_in,
    format_path,
    sort_problems,
    warnings_in,
)
from archgen.validate import Validation, validate_document

if TYPE_CHECKING:
    from pydantic import ValidationError

    from archgen.model.schema import Architecture


class CheckedModel(NamedTuple):  # NamedTuples, not dataclasses: `archgen validate` starts faster
    """A model file after loading and validation; `data` is None when it has errors."""

    file: str
    path: Path
    document: LoadedDocument | None
    validation: Validation | None
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return errors_in(self.problems)

    @property
    def warnings(self) -> list[Problem]:
        return warnings_in(self.problems)

    @property
    def data(self) -> dict[str, Any] | None:
        """The valid model as plain data, in the schema's shape."""
        return self.validation.data if self.validation else None

    def failed(self, *, strict: bool) -> bool:
        """Errors always fail; warnings fail too under --strict."""
        return bool(self.errors or (strict and self.warnings))


class ValidModel(NamedTuple):
    """A model that passed validation, with everything the renderers need to find."""

    file: str
    path: Path
    document: LoadedDocument
    model: Architecture
    icon_files: dict[str, Path]
    warnings: list[Problem]

    @property
    def directory(self) -> Path:
        return self.path.resolve().parent


def check_model_file(path: Path, display_name: str | None = None) -> CheckedModel:
    """Load and validate; user mistakes come back as problems, never as exceptions."""
    file = display_name or str(path)
    try:
        source = read_file_bytes(path, file)
    except ArchgenError as error:
        return CheckedModel(file, path, None, None, sort_problems(error.problems))
    return check_model_source(source, path, file)


def check_model_source(source: bytes | str, path: Path, file: str) -> CheckedModel:
    """Load and validate a model's bytes or text (an editor's unsaved buffer) as if read from
    `path`. A file with syntax errors is read past them: the problems of every round, and the
    model errors the lines left out cannot explain."""
    return check_model_readable(source, path, file)[0]


def check_model_readable(
    source: bytes | str, path: Path, file: str
) -> tuple[CheckedModel, LoadedDocument | None]:
    """`check_model_source`, and the model as far as it could be read: the whole document, or
    what was read past its syntax errors (None when nothing could be)."""
    try:
        document = load_model_text(source, file)
    except ArchgenError as error:
        problems, readable = _read_past(source, path, file, error)
        return CheckedModel(file, path, None, None, problems), readable
    validation = validate_document(document, model_dir=path.resolve().parent)
    checked = CheckedModel(file, path, document, validation, sort_problems(validation.problems))
    return checked, document


def _read_past(
    source: bytes | str, path: Path, file: str, error: ArchgenError
) -> tuple[list[Problem], LoadedDocument | None]:
    from archgen.load.recover import load_recovering
    from archgen.validate.partial import check_partial

    recovered = load_recovering(source, file, error.problems)
    if not recovered.problems:
        return sort_problems(error.problems), None
    partial = check_partial(recovered, path.resolve().parent)
    return sort_problems([*recovered.problems, *partial]), recovered.document


def require_valid(
    checked: CheckedModel, *, strict: bool = False, outcome: str = "nothing was written"
) -> ValidModel:
    """The valid model, or an ArchgenError carrying every problem found and what the verb
    therefore did not do (`outcome`)."""
    if checked.failed(strict=strict) or checked.document is None or checked.validation is None:
        count = len(checked.errors) + (len(checked.warnings) if strict else 0)
        noun = "problem" if count == 1 else "problems"
        raise ArchgenError(f"{checked.file}: {count} {noun}; {outcome}", checked.problems)
    data = checked.validation.data
    assert data is not None  # no errors means validation passed the data on
    return ValidModel(
        file=checked.file,
        path=checked.path,
        document=checked.document,
        model=typed_model(checked.document, data),
        icon_files=checked.validation.icon_files,
        warnings=checked.warnings,
    )


def typed_model(document: LoadedDocument, data: dict[str, Any]) -> Architecture:
    """The pydantic model of data the validator passed; the two check the same schema.

    Should pydantic still refuse something (a bug: tests/validate guards their agreement), the
    student gets located problems rather than a traceback.
    """
    from pydantic import ValidationError

    from archgen.model.schema import Architecture

    try:
        return Architecture.model_validate(data)
    except ValidationError as error:
        problems = disagreements(document, error)
        raise ArchgenError(f"{document.file}: the model could not be built", problems) from None


def disagreements(document: LoadedDocument, error: ValidationError) -> list[Problem]:
    """pydantic's errors, located, as AG199 problems."""
    from archgen.validate.codes import BAD_STRUCTURE

    problems = []
    for detail in error.errors(include_url=False):
        path = tuple(part for part in detail["loc"] if part != "[key]")
        where = document.position(path)
        problems.append(
            Problem(
                document.file,
                where.line,
                where.column,
                BAD_STRUCTURE,
                detail["msg"],
                path=format_path(path),
            )
        )
    return problems
