"""One editor buffer, checked: archgen's problems and where its ids are, from the text alone.

The buffer's text is what the editor holds, saved or not; nothing here reads the model from
disk (icon files named in it are looked up beside it, as `archgen validate` does). A buffer
with syntax errors is read past them (archgen.load.recover), so completion and navigation keep
working on the rest of the file while it is being fixed.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from archgen.commands.model import check_model_readable
from archgen.load import LoadedDocument
from archgen.lsp.ids import Occurrence, occurrences, text_lines
from archgen.problems import Problem


class Analysis(NamedTuple):
    text: str
    lines: list[str]
    document: LoadedDocument | None  # the model as far as it could be read
    found: list[Occurrence]
    problems: list[Problem]


def analyse(text: str, path: Path, previous: Analysis | None = None) -> Analysis:
    """Check `text` as the model at `path`. When nothing of it can be read (an empty buffer),
    the ids of the last readable version are kept for completion."""
    checked, document = check_model_readable(text, path, path.name)
    if document is None and previous is not None and previous.document is not None:
        return Analysis(text, text_lines(text), previous.document, [], checked.problems)
    found = occurrences(document) if document is not None else []
    return Analysis(text, text_lines(text), document, found, checked.problems)
