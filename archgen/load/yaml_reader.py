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
from archgen.load.limits import (
    MAX_FILE_BYTES,
    MAX_VALUES,
    PURE_MAX_FILE_BYTES,
    PURE_MAX_VALUES,
)
from archgen.load.source import (
    LineIndex,
    Locator,
    check_characters,
    check_flow_depth,
    check_line_count,
    check_size,
    decode_utf8,
    load_error,
    read_file_bytes,
    too_deep_problem,
)
from archgen.load.syntax import SyntaxFailure, parse_events, use_libyaml
from archgen.load.tree import BoundExceeded, MappingNode, TreeBuilder, ValueLimit
from archgen.problems import ArchgenError, Problem

__all__ = ["MAX_FILE_BYTES", "load_model_file", "load_model_text"]

# libyaml reads these unlike ruamel's Python parser (a tab as a separator, NEL, LS and PS as line
# breaks): a file holding one is read by the Python parser alone, so that it means the same
# with or without libyaml installed.
READ_DIFFERENTLY = re.compile("[\t\x85\u2028\u2029]")
_MEBIBYTE = 1024 * 1024


def load_model_file(path: Path, display_name: str | None = None) -> LoadedDocument:
    """Load the model at `path`; messages name it `display_name` (default: the path as given)."""
    file = display_name if display_name is not None else str(path)
    return load_model_text(read_file_bytes(path, file), file)


def load_model_text(source: bytes | str, file: str) -> LoadedDocument:
    """Load a model from its bytes (UTF-8, optional BOM) or its already-decoded text."""
    check_size(len(source), file)
    text = decode_utf8(source, file) if isinstance(source, bytes) else source.removeprefix("\ufeff")
    check_line_count(text, file)
    locator = Locator(file, LineIndex(text))
    check_characters(text, locator)
    different = READ_DIFFERENTLY.search(text)
    if use_libyaml() and different is None:
        document = _load_fast(text, locator, len(source))
        if document is not None:
            return document
        limit = ValueLimit(PURE_MAX_VALUES)  # a broken file, read again up to its problem
    else:
        limit = _pure_limit(text, locator, len(source), different)
    check_flow_depth(text, locator)
    return _load_events(text, locator, TreeBuilder(locator, limit), fast=False)


def _load_fast(text: str, locator: Locator, size: int) -> LoadedDocument | None:
    """libyaml's reading; None for a broken file small enough for ruamel's own parser to read
    again, whose messages are the precise, tested ones. A bigger file keeps libyaml's wording:
    the Python parser would take minutes to reach its problem."""
    builder = TreeBuilder(locator, ValueLimit(MAX_VALUES))
    try:
        return _load_events(text, locator, builder, fast=True)
    except BoundExceeded:
        raise  # met on the same values either parser reads: reading again cannot help
    except ArchgenError:
        if size <= PURE_MAX_FILE_BYTES and builder.values <= PURE_MAX_VALUES:
            return None
        raise


def _pure_limit(
    text: str, locator: Locator, size: int, different: re.Match[str] | None
) -> ValueLimit:
    """The Python parser's bounds, for a file it reads from the start: refused past its size,
    and the limit on values, each saying what would lift them."""
    if different is None:
        where = locator.lines.position(0)
        reason = ", the limit of the pure-Python YAML parser"
        fix = "install ruamel.yaml.clib and unset ARCHGEN_PURE_YAML"
    else:
        where = locator.lines.position(different.start())
        found = different.group()
        what = "a tab" if found == "\t" else f"U+{ord(found):04X}"
        reason = f", the limit for a file that holds {what} (line {where.line})"
        fix = (
            "replace it with spaces" if found == "\t" else "replace it with a line break or a space"
        )
    hint = f"{fix}: then the limits are {MAX_FILE_BYTES // _MEBIBYTE} MiB and {MAX_VALUES:,} values"
    if size > PURE_MAX_FILE_BYTES:
        message = f"the file is larger than {PURE_MAX_FILE_BYTES // _MEBIBYTE} MiB{reason}"
        problem = Problem(locator.file, where.line, where.column, "AG012", message, hint=hint)
        raise load_error(locator.file, [problem])
    return ValueLimit(PURE_MAX_VALUES, reason, hint)


def _load_events(
    text: str, locator: Locator, builder: TreeBuilder, *, fast: bool
) -> LoadedDocument:
    try:
        root = _build_tree(builder, text, locator, fast=fast)
        plain = PlainData(locator)
        data = plain.convert_root(root)
    except RecursionError:  # a last guard: the depth limits should make this unreachable
        raise load_error(locator.file, [too_deep_problem(locator, 0)]) from None
    return LoadedDocument(locator.file, text, data, plain.key_positions, plain.value_positions)


def _build_tree(builder: TreeBuilder, text: str, locator: Locator, *, fast: bool) -> MappingNode:
    try:
        for event in parse_events(text, locator, fast=fast):
            builder.feed(event)
    except SyntaxFailure as failure:  # parsing cannot go on; report it after what came before
        raise load_error(locator.file, [*builder.problems, failure.problem]) from None
    return builder.finish()
