"""Load `arch.yaml` into plain data that remembers where every key and value was written.

The pipeline: read bytes (size-checked) → decode UTF-8 → refuse control characters and absurd
bracket nesting → ruamel parser events → node tree (all YAML-level problems gathered) → plain
data with positions (alias expansion bounded). Every failure is an `ArchgenError` whose problems
point at a line and column; no input produces a traceback or a hang.
"""

from __future__ import annotations

import re
from pathlib import Path

from archgen.load.convert import PlainData
from archgen.load.document import LoadedDocument
from archgen.load.limits import MAX_FILE_BYTES
from archgen.load.source import (
    LineIndex,
    Locator,
    check_characters,
    check_flow_depth,
    check_size,
    decode_utf8,
    load_error,
    read_file_bytes,
    too_deep_problem,
)
from archgen.load.syntax import SyntaxFailure, parse_events, use_libyaml
from archgen.load.tree import MappingNode, TreeBuilder
from archgen.problems import ArchgenError

__all__ = ["MAX_FILE_BYTES", "load_model_file", "load_model_text"]

# libyaml reads these unlike ruamel's Python parser (a tab as a separator, NEL, LS and PS as line
# breaks): a file holding one is read by the Python parser alone, so that it means the same
# with or without libyaml installed.
_READ_DIFFERENTLY = re.compile("[\t\x85\u2028\u2029]")


def load_model_file(path: Path, display_name: str | None = None) -> LoadedDocument:
    """Load the model at `path`; messages name it `display_name` (default: the path as given)."""
    file = display_name if display_name is not None else str(path)
    return load_model_text(read_file_bytes(path, file), file)


def load_model_text(source: bytes | str, file: str) -> LoadedDocument:
    """Load a model from its bytes (UTF-8, optional BOM) or its already-decoded text."""
    check_size(len(source), file)
    text = decode_utf8(source, file) if isinstance(source, bytes) else source.removeprefix("\ufeff")
    locator = Locator(file, LineIndex(text))
    check_characters(text, locator)
    check_flow_depth(text, locator)
    if use_libyaml() and _READ_DIFFERENTLY.search(text) is None:
        try:
            return _load_events(text, locator, fast=True)
        except ArchgenError:
            pass  # a broken file: ruamel's own parser gives the precise, tested messages
    return _load_events(text, locator, fast=False)


def _load_events(text: str, locator: Locator, *, fast: bool) -> LoadedDocument:
    try:
        root = _build_tree(text, locator, fast=fast)
        plain = PlainData(locator)
        data = plain.convert_root(root)
    except RecursionError:  # a last guard: the depth limits should make this unreachable
        raise load_error(locator.file, [too_deep_problem(locator, 0)]) from None
    return LoadedDocument(locator.file, text, data, plain.key_positions, plain.value_positions)


def _build_tree(text: str, locator: Locator, *, fast: bool) -> MappingNode:
    builder = TreeBuilder(locator)
    try:
        for event in parse_events(text, locator, fast=fast):
            builder.feed(event)
    except SyntaxFailure as failure:  # parsing cannot go on; report it after what came before
        raise load_error(locator.file, [*builder.problems, failure.problem]) from None
    return builder.finish()
