"""`archgen diff OLD [NEW] [-- FILE]`: which side is a file and which a git revision.

`archgen diff main` compares arch.yaml as `main` holds it with the file on disk;
`archgen diff v1.0 HEAD -- arch.yaml` compares two revisions; `archgen diff a.yaml b.yaml`
two files. A revision reads the model file named after `--`, else the side that is a file,
else arch.yaml.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from archgen.diff.compare import ModelDiff, compare_models
from archgen.diff.report import format_diff
from archgen.diff.sides import Side, read_side
from archgen.problems import ArchgenError

if TYPE_CHECKING:
    from archgen.commands.model import ValidModel

DEFAULT_MODEL = Path("arch.yaml")


@dataclass(frozen=True)
class DiffResult:
    diff: ModelDiff
    old: Side
    new: Side

    def format(self, output_format: str) -> str:
        return format_diff(self.diff, self.old, self.new, output_format)


def run_diff(sides: tuple[str, ...], files: tuple[str, ...] = ()) -> DiffResult:
    """Read both sides (each validated) and compare them."""
    if not 1 <= len(sides) <= 2 or len(files) > 1:
        raise ArchgenError(
            "give OLD and NEW (each a model file or a git revision) and at most one FILE "
            "after --, e.g. `archgen diff main` or `archgen diff v1.0 HEAD -- arch.yaml`"
        )
    model_file = Path(files[0]) if files else _model_file(sides)
    old_spec = sides[0]
    new_spec = sides[1] if len(sides) == 2 else str(model_file)
    if files and len(sides) == 1:
        new_spec = files[0]
    old = read_side(old_spec, model_file)
    new = read_side(new_spec, model_file)
    return DiffResult(compare_models(old.data, new.data), old, new)


def _model_file(sides: tuple[str, ...]) -> Path:
    """The file a revision side is read from: the side that is a file, else arch.yaml."""
    return next((Path(s) for s in sides if Path(s).is_file()), DEFAULT_MODEL)


def changelog_for(since: str, valid: ValidModel) -> Changelog:
    """The brief's "Changes since" section: `since` (a file or a git revision of the model
    file) against the valid model being rendered."""
    old = read_side(since, valid.path)
    new = valid.model.model_dump(mode="json", by_alias=True)
    return Changelog.of(compare_models(old.data, new), old)


@dataclass(frozen=True)
class Changelog:
    """The diff as the brief templates get it: plain text only (they escape it)."""

    since: str
    sections: tuple[tuple[str, tuple[str, ...]], ...]
    consequences: tuple[str, ...]

    @classmethod
    def of(cls, diff: ModelDiff, old: Side) -> Changelog:
        from archgen.diff.report import TITLES

        sections = tuple(
            (TITLES[name], tuple(c.text for c in changes)) for name, changes in diff.sections()
        )
        return cls(old.version, sections, tuple(diff.consequences()))

    def as_context(self) -> dict[str, object]:
        """Plain values, which the template sandbox lets through."""
        return {
            "since": self.since,
            "sections": [{"title": t, "changes": list(c)} for t, c in self.sections],
            "consequences": list(self.consequences),
            "empty": not self.sections,
        }

    def digest_input(self) -> list[object]:
        return [self.since, [list(s) for s in self.sections], list(self.consequences)]
