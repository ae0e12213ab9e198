"""The consistency verifier: read every output back by what a reader sees, against the model.

Fingerprints say an output was produced from the model; this reads what the outputs show.
Each output names its reader in `archgen.outputs` (`archgen.check.read`: the diagram's names,
boxes, arrows and legend; the briefs' headings, steps and links; the PDF's outline, text and
attached model; the exports' boxes and arrows). Each output is parsed once, and every
difference becomes a `Contradiction` naming the place in the output and the model line it
contradicts (`archgen.check.compare`).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from archgen.check.compare import contradictions
from archgen.check.expect import Model, model_of
from archgen.check.findings import Contradiction, Finding, Status
from archgen.check.freshness import expected_outputs
from archgen.check.read import ReadContext, Unreadable, load_reader
from archgen.commands.model import ValidModel
from archgen.outputs import OUTPUTS, Output
from archgen.resolve.view import resolve_view


def verify_outputs(
    valid: ValidModel, out_dir: Path, only: Iterable[str] | None = None
) -> list[Finding]:
    """One finding for each output that has a reader (or each of `only`, by file name):
    `fresh` when it shows what the model says, else `inconsistent` with what it contradicts."""
    wanted = set(only) if only is not None else None
    chosen = [
        output
        for output in expected_outputs(out_dir)
        if output.reader and (wanted is None or output.file in wanted)
    ]
    if not chosen:
        return []
    model = model_of(valid, resolve_view(valid.model, valid.icon_files))
    context = read_context(valid, out_dir, model)
    return [verify_one(output, out_dir, model, context) for output in chosen]


def output_files(out_dir: Path) -> list[str]:
    """The files of the output folder by name, those in its folders (`views/a.svg`) too."""
    if not out_dir.is_dir():
        return []
    names = [p.name for p in out_dir.iterdir()]
    for folder in {o.folder for o in OUTPUTS if o.folder}:
        if (out_dir / folder).is_dir() and not (out_dir / folder).is_symlink():
            names += [f"{folder}/{p.name}" for p in (out_dir / folder).iterdir()]
    return names


def read_context(valid: ValidModel, out_dir: Path, model: Model) -> ReadContext:
    siblings = frozenset(output_files(out_dir))
    try:
        source = valid.path.read_bytes()
    except OSError:
        source = valid.document.text.encode("utf-8")
    return ReadContext(siblings, valid.path.name, source, model)


def verify_one(output: Output, out_dir: Path, model: Model, context: ReadContext) -> Finding:
    path = out_dir / output.file
    if not path.is_file():
        return Finding(output.file, "missing", "run `archgen render`")
    assert output.reader is not None
    try:
        reading = load_reader(output.reader)(path.read_bytes(), context)
    except Unreadable as error:
        unread = Contradiction(str(path), "", f"cannot be read back: it {error}")
        return Finding(output.file, "inconsistent", unread.shown, (unread,))
    found = tuple(contradictions(model, reading, str(path)))
    status: Status = "inconsistent" if found else "fresh"
    return Finding(output.file, status, _summary(found), found)


def _summary(found: tuple[Contradiction, ...]) -> str:
    if not found:
        return ""
    count = len(found)
    return f"{count} thing{'s' if count > 1 else ''} it shows contradict the model"
