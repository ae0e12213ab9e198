"""The two sides of a diff: a model file as it is on disk, or as a git revision holds it.

A revision is read with `git show REV:./FILE` run in the file's folder, with a fixed argument
list and no shell; a revision that looks like an option is refused before git sees it.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from archgen.load import LoadedDocument, load_model_text
from archgen.problems import ArchgenError, Problem, errors_in
from archgen.validate import validate_document

GIT_TIMEOUT = 60.0
REVISION = re.compile(r"^[A-Za-z0-9_./@^~{}+-][^\s:]*$")


@dataclass(frozen=True)
class Side:
    """One version of the model: its label (`arch.yaml`, `main:arch.yaml`), where it was read
    from (`file` names it in messages) and its valid data."""

    label: str
    file: str
    document: LoadedDocument
    data: dict[str, Any]
    revision: str | None = None

    @property
    def version(self) -> str:
        """What the brief calls this version: the model's own `version`, else where it is from."""
        version = self.data.get("project", {}).get("version")
        if version:
            return f"version {version}"
        return self.revision or Path(self.file).name  # never a path of this machine


def read_side(spec: str, model_file: Path) -> Side:
    """`spec` is a model file when one exists at that path, else a revision of `model_file`."""
    path = Path(spec)
    if path.is_file():
        return file_side(path)
    return revision_side(spec, model_file)


def file_side(path: Path) -> Side:
    try:
        source = path.read_bytes()
    except OSError as error:
        raise ArchgenError(f"{path}: cannot read it: {error.strerror or error}") from None
    return valid_side(str(path), str(path), source, path.resolve().parent)


def revision_side(revision: str, model_file: Path) -> Side:
    """The model file as `revision` holds it (`main`, `v1.0`, `HEAD~2`)."""
    label = f"{revision}:{model_file.as_posix()}"
    if revision.startswith("-") or not REVISION.match(revision):
        raise ArchgenError(
            f"{revision!r} is neither a model file nor a git revision; give a file, or a "
            "revision such as main, v1.0 or HEAD~1"
        )
    folder = model_file.resolve().parent
    argv = ["git", "-C", str(folder), "show", f"{revision}:./{model_file.name}"]
    try:
        done = subprocess.run(argv, capture_output=True, timeout=GIT_TIMEOUT, check=False)
    except FileNotFoundError:
        raise ArchgenError(f"{label}: git is not installed; compare two files instead") from None
    except subprocess.TimeoutExpired:
        raise ArchgenError(f"{label}: git took longer than {GIT_TIMEOUT:.0f} s") from None
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        reason = said[-1].removeprefix("fatal: ") if said else f"git exited {done.returncode}"
        raise ArchgenError(f"{label}: cannot read it from git: {reason}")
    return valid_side(label, label, done.stdout, folder, revision)


def valid_side(
    label: str, file: str, source: bytes, model_dir: Path, revision: str | None = None
) -> Side:
    """Load and validate one side; its errors are located in `file` (`main:arch.yaml:12:7`)."""
    document = load_model_text(source, file)
    validation = validate_document(document, model_dir=model_dir)
    problems: list[Problem] = errors_in(validation.problems)
    if problems or validation.data is None:
        count = len(problems)
        raise ArchgenError(f"{file}: {count} problem{'s' if count != 1 else ''}", problems)
    return Side(label, file, document, normalised(validation.data), revision)


def normalised(data: dict[str, Any]) -> dict[str, Any]:
    """The data with every default filled in, so `mode: sync` written out equals it left out."""
    from archgen.model.schema import Architecture

    model = Architecture.model_validate(data)
    dumped: dict[str, Any] = model.model_dump(mode="json", by_alias=True)
    return dumped
