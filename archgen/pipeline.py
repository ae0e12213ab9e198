"""Load and validate a model file: the first half of every command.

load → model → validate, gathering every problem before anything is rendered or written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from archgen.load import LoadedDocument, load_model_file
from archgen.model.schema import Architecture
from archgen.problems import ArchgenError, Problem, errors_in, sort_problems, warnings_in
from archgen.validate import Validation, validate_document


@dataclass(frozen=True)
class CheckedModel:
    """A model file after loading and validation; `model` is None when it has errors."""

    file: str
    path: Path
    document: LoadedDocument | None
    validation: Validation | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return errors_in(self.problems)

    @property
    def warnings(self) -> list[Problem]:
        return warnings_in(self.problems)

    @property
    def model(self) -> Architecture | None:
        return self.validation.model if self.validation else None

    def failed(self, *, strict: bool) -> bool:
        """Errors always fail; warnings fail too under --strict."""
        return bool(self.errors or (strict and self.warnings))


@dataclass(frozen=True)
class ValidModel:
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
        document = load_model_file(path, display_name=file)
    except ArchgenError as error:
        return CheckedModel(file, path, None, None, sort_problems(error.problems))
    validation = validate_document(document, model_dir=path.resolve().parent)
    return CheckedModel(file, path, document, validation, sort_problems(validation.problems))


def require_valid(checked: CheckedModel, *, strict: bool = False) -> ValidModel:
    """The valid model, or an ArchgenError carrying every problem found."""
    if checked.failed(strict=strict) or checked.document is None or checked.validation is None:
        count = len(checked.errors) + (len(checked.warnings) if strict else 0)
        noun = "problem" if count == 1 else "problems"
        raise ArchgenError(f"{checked.file}: {count} {noun}; nothing was written", checked.problems)
    model = checked.validation.model
    assert model is not None  # no errors means validation produced a model
    return ValidModel(
        file=checked.file,
        path=checked.path,
        document=checked.document,
        model=model,
        icon_files=checked.validation.icon_files,
        warnings=checked.warnings,
    )
