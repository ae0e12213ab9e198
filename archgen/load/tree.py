"""Build a light node tree from ruamel's parser events, checking the model's YAML as it goes.

Working on the event stream (never ruamel's composer or constructor) keeps loading iterative and
safe: nesting depth is checked before anything recursive runs, no tag can construct an object,
and duplicate keys, non-text keys, refused tags and bad aliases are all gathered at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple, NoReturn

from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

from archgen.load.limits import ALIAS_BUDGET, MAX_DEPTH, MAX_VALUES
from archgen.load.scalars import (
    Scalar,
    TagError,
    collection_tag_ok,
    refused_tag,
    resolve_plain,
    resolve_scalar,
)
from archgen.load.source import Locator, load_error, shorten, too_deep_problem
from archgen.problems import ArchgenError, Problem

# C0 and C1 controls but tab and line breaks: the file's own are refused by `check_characters`.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Code points that are no characters: surrogate halves (`"\ud83d"`) cannot be written as UTF-8,
# and U+FFFE/U+FFFF are refused by every XML parser, Graphviz's included.
_NOT_CHARACTER = re.compile("[\ud800-\udfff\ufffe\uffff]")


# Plain slotted classes rather than dataclasses: creating six dataclasses took ~4 ms of every
# start-up (`archgen validate` included).
class ScalarNode:
    __slots__ = ("merge", "placeholder", "size", "start", "text", "value")

    def __init__(
        self,
        start: int,
        value: Scalar,
        text: str = "",
        *,
        merge: bool = False,
        placeholder: bool = False,
    ) -> None:
        self.start = start
        self.value = value
        self.text = text
        self.merge = merge  # a plain, untagged `<<` key
        self.placeholder = placeholder  # stands in for a broken alias already reported
        self.size = 1


class SequenceNode:
    __slots__ = ("closed", "items", "size", "start")

    def __init__(self, start: int) -> None:
        self.start = start
        self.items: list[Node] = []
        self.closed = False
        self.size = 1  # values once aliases are expanded, capped just above ALIAS_BUDGET


class Entry(NamedTuple):
    key: str
    key_start: int
    value: Node
    merged: bool = False  # copied in by a `<<` merge key, so its value is an expansion


class MappingNode:
    __slots__ = ("closed", "entries", "size", "start")

    def __init__(self, start: int) -> None:
        self.start = start
        self.entries: list[Entry] = []
        self.closed = False
        self.size = 1  # values once aliases are expanded, capped just above ALIAS_BUDGET


class AliasNode:
    __slots__ = ("start", "target")

    def __init__(self, start: int, target: Node) -> None:
        self.start = start  # where `*name` is written; the target keeps its own positions
        self.target = target

    @property
    def size(self) -> int:
        return self.target.size


Node = ScalarNode | SequenceNode | MappingNode | AliasNode


class BoundExceeded(ArchgenError):
    """A file past a bound on values or on alias expansion: refused as soon as it is met, and
    never read again by the other parser, which would only spend longer meeting it too."""


class ValueLimit(NamedTuple):
    """How many values a file may hold, and what AG012 says past them."""

    limit: int = MAX_VALUES
    reason: str = ""  # why this parser's limit applies, e.g. ", the limit when it holds a tab"
    hint: str = "a model has a few hundred thousand at most; remove generated or pasted data"


class _Frame:
    __slots__ = ("merge_values", "node", "part", "pending_key", "seen")

    def __init__(self, node: SequenceNode | MappingNode, part: str | int | None) -> None:
        self.node = node
        self.part = part  # how the parent names this node, for problem paths
        self.pending_key: Node | None = None
        self.seen: dict[str, int] = {}  # key -> where it was first written
        self.merge_values: list[tuple[int, Node]] = []


class TreeBuilder:
    """Consumes parser events one by one; `finish()` returns the root mapping."""

    def __init__(self, locator: Locator, values: ValueLimit | None = None) -> None:
        self.locator = locator
        self.problems: list[Problem] = []
        self.root: Node | None = None
        self.documents = 0
        self.values = 0  # values read so far
        self._limit = values or ValueLimit()
        self._stack: list[_Frame] = []
        self._anchors: dict[str, Node] = {}
        self._last_end = 0
        self._expanded = 0  # values that alias and merge expansion will produce
        # By exact type, not isinstance chains: a 10,000-service model feeds 330,000 events.
        self._handlers: dict[type, Callable[[Any], None]] = {
            ScalarEvent: self._scalar,
            AliasEvent: self._alias,
            SequenceStartEvent: self._open,
            MappingStartEvent: self._open,
            SequenceEndEvent: self._close,
            MappingEndEvent: self._close,
            DocumentStartEvent: self._document,
        }

    def feed(self, event: Any) -> None:
        handler = self._handlers.get(type(event))
        if handler is None:
            handler = self._handlers[type(event)] = self._handler_for(event)
        handler(event)
        if event.end_mark is not None:
            self._last_end = event.end_mark.index

    def _handler_for(self, event: Any) -> Callable[[Any], None]:
        """The handler of an event type not in the table: a subclass, or one that adds nothing."""
        for kind in (ScalarEvent, AliasEvent, SequenceStartEvent, MappingStartEvent):
            if isinstance(event, kind):
                return self._handlers[kind]
        if isinstance(event, CollectionEndEvent):
            return self._close
        if isinstance(event, DocumentStartEvent):
            return self._document
        return _ignore

    def finish(self) -> MappingNode:
        """The root mapping, or every problem gathered (plus AG003/AG008 for a wrong root)."""
        root = self.root
        if self.documents == 0 or _is_empty(root):
            self._fail_with(self._empty_problem())
        if not isinstance(root, MappingNode):
            self._fail_with(self._root_kind_problem(root))
        if self.problems:
            raise load_error(self.locator.file, self.problems)
        return root

    def _fail_with(self, problem: Problem) -> NoReturn:
        raise load_error(self.locator.file, [*self.problems, problem])

    def _past_bound(self, problem: Problem) -> NoReturn:
        error = load_error(self.locator.file, [*self.problems, problem])
        raise BoundExceeded(error.message, error.problems)

    def _report(
        self, index: int, code: str, message: str, hint: str, path: Sequence[str | int]
    ) -> None:
        self.problems.append(self.locator.problem(index, code, message, hint, path))

    def _document(self, event: Any) -> None:
        self.documents += 1
        if self.documents > 1:
            message = "a second YAML document starts here"
            hint = "a model is one document: remove the '---' or '...' line and merge the parts"
            self._fail_with(self.locator.problem(event.start_mark.index, "AG009", message, hint))

    def _scalar(self, event: Any) -> None:
        start, text, tag = event.start_mark.index, event.value, event.tag
        self._count_value(start)
        plain = event.style is None
        if plain and text == "" and tag is None:
            start = self._last_end  # an empty value's own mark is on the next token's line
        if tag is None:
            value = resolve_plain(text) if plain else text
        else:
            value = self._tagged(start, text, tag, plain)
        # Printable ASCII holds no control and no non-character: most text skips the searches.
        if isinstance(value, str) and not (value.isascii() and value.isprintable()):
            self._check_controls(start, value)
        node = ScalarNode(start, value, text)
        if plain and tag is None and text == "<<":
            node.merge = True
        if event.anchor:  # YAML lets a later anchor of the same name win
            self._anchors[event.anchor] = node
        self._attach(node)

    def _tagged(self, start: int, text: str, tag: str, plain: bool) -> Scalar:
        try:
            return resolve_scalar(text, tag, plain)
        except TagError as err:
            self._report(start, "AG007", err.message, err.hint, self._here())
            return text

    def _check_controls(self, start: int, value: str) -> None:
        """Refuse control characters that quoted escapes (`\\e`, `\\0`) put into text: they
        would reach terminals, Markdown and HTML as raw bytes."""
        found = _CONTROL.search(value)
        if found is not None:
            message = f"control character U+{ord(found.group()):04X} is not allowed in text"
            hint = "delete it, or the escape that writes it (such as `\\e`, `\\x1b` or `\\0`)"
            self._report(start, "AG002", message, hint, self._here())
            return
        odd = _NOT_CHARACTER.search(value)
        if odd is not None:
            message, hint = _not_character_message(ord(odd.group()))
            self._report(start, "AG002", message, hint, self._here())

    def _alias(self, event: Any) -> None:
        start, name = event.start_mark.index, event.anchor
        self._count_value(start)
        target = self._anchors.get(name)
        shown = shorten(name)
        if target is None:
            message = f"the alias *{shown} has no anchor &{shown} above it"
            hint = f"define &{shown} on a value above, or quote the text if it is not an alias"
            self._report(start, "AG004", message, hint, self._here())
        elif isinstance(target, SequenceNode | MappingNode) and not target.closed:
            message = f"the alias *{shown} is used inside the value &{shown} it refers to"
            hint = "that would repeat forever; move the alias out of the anchored value"
            self._report(start, "AG010", message, hint, self._here())
            target = None
        if target is None:
            self._attach(ScalarNode(start, None, placeholder=True))
        else:
            self._count_expansion(target.size, start)
            self._attach(AliasNode(start, target))

    def _open(self, event: Any) -> None:
        start = event.start_mark.index
        self._count_value(start)
        if len(self._stack) >= MAX_DEPTH:  # read again: the Python parser's scan says where
            self._fail_with(too_deep_problem(self.locator, start))
        kind = "seq" if isinstance(event, SequenceStartEvent) else "map"
        if event.tag is not None and not collection_tag_ok(event.tag, kind):
            err = refused_tag(event.tag)
            self._report(start, "AG007", err.message, err.hint, self._here())
        node: SequenceNode | MappingNode = (
            SequenceNode(start) if kind == "seq" else MappingNode(start)
        )
        if event.anchor:
            self._anchors[event.anchor] = node
        part = self._child_part()
        self._attach(node)  # attached on open so items keep their order; contents follow
        self._stack.append(_Frame(node, part))

    def _close(self, _event: Any = None) -> None:
        frame = self._stack[-1]
        if frame.merge_values:
            self._apply_merges(frame)
        self._stack.pop()
        frame.node.closed = True
        frame.node.size = _expanded_size(frame.node)

    def _count_value(self, index: int) -> None:
        self.values += 1
        if self.values > self._limit.limit:  # inlined: this runs for every value
            message = f"the file holds more than {self._limit.limit:,} values{self._limit.reason}"
            self._past_bound(self.locator.problem(index, "AG012", message, self._limit.hint))

    def _count_expansion(self, size: int, index: int) -> None:
        """Count what an alias or merge adds; anchors' sizes include their inner aliases."""
        self._expanded += size
        if self._expanded > ALIAS_BUDGET:
            self._past_bound(alias_bomb_problem(self.locator, index))

    def _child_part(self) -> str | int | None:
        if not self._stack:
            return None
        frame = self._stack[-1]
        if isinstance(frame.node, SequenceNode):
            return len(frame.node.items)
        key = frame.pending_key
        if key is None:
            return None  # the node being read is itself a key: its problems belong to the mapping
        key = key.target if isinstance(key, AliasNode) else key
        return key.text if isinstance(key, ScalarNode) else "?"

    def _path(self) -> list[str | int]:
        """The path of the innermost open collection."""
        return [frame.part for frame in self._stack if frame.part is not None]

    def _here(self) -> list[str | int]:
        """The path the node being read now will have."""
        part = self._child_part()
        return self._path() if part is None else [*self._path(), part]

    def _attach(self, node: Node) -> None:
        if not self._stack:
            self.root = node
            return
        frame = self._stack[-1]
        if isinstance(frame.node, SequenceNode):
            frame.node.items.append(node)
        elif frame.pending_key is None:
            frame.pending_key = node
        else:
            key, frame.pending_key = frame.pending_key, None
            self._add_entry(frame, key, node)

    def _add_entry(self, frame: _Frame, key: Node, value: Node) -> None:
        target = key.target if isinstance(key, AliasNode) else key
        text = self._key_text(target, key.start)
        if text is None:
            return
        first = frame.seen.get(text)
        if first is not None:
            line = self.locator.lines.position(first).line
            message = f"duplicate key {shorten(text)!r} (first defined on line {line})"
            hint = "keep one of them, or rename this one"
            self._report(key.start, "AG006", message, hint, [*self._path(), text])
            return
        frame.seen[text] = key.start
        if isinstance(target, ScalarNode) and target.merge:
            frame.merge_values.append((key.start, value))
        else:
            assert isinstance(frame.node, MappingNode)  # only mappings collect keys
            frame.node.entries.append(Entry(text, key.start, value))

    def _key_text(self, key: Node, start: int) -> str | None:
        if isinstance(key, ScalarNode) and isinstance(key.value, str):
            return key.value
        if isinstance(key, ScalarNode) and key.placeholder:
            return None
        message, hint = _bad_key_message(key)
        self._report(start, "AG013", message, hint, self._path())
        return None

    def _apply_merges(self, frame: _Frame) -> None:
        assert isinstance(frame.node, MappingNode)  # only mappings hold `<<` keys
        for key_start, value in frame.merge_values:
            for source in self._merge_sources(key_start, value):
                self._merge_from(frame, source, key_start)

    def _merge_from(self, frame: _Frame, source: MappingNode, key_start: int) -> None:
        assert isinstance(frame.node, MappingNode)  # only mappings hold `<<` keys
        for entry in source.entries:
            self._count_expansion(1 + entry.value.size, key_start)
            if entry.key not in frame.seen:  # keys written here, then earlier sources, win
                frame.seen[entry.key] = entry.key_start
                frame.node.entries.append(Entry(entry.key, entry.key_start, entry.value, True))

    def _merge_sources(self, key_start: int, value: Node) -> list[MappingNode]:
        value = value.target if isinstance(value, AliasNode) else value
        items = value.items if isinstance(value, SequenceNode) else [value]
        targets = [item.target if isinstance(item, AliasNode) else item for item in items]
        if all(isinstance(target, MappingNode) for target in targets):
            return [target for target in targets if isinstance(target, MappingNode)]
        if not any(isinstance(t, ScalarNode) and t.placeholder for t in targets):
            message = "the merge key '<<' needs a mapping or a list of mappings"
            hint = "write it as '<<: *defaults', where &defaults marks a mapping"
            self._report(key_start, "AG004", message, hint, self._path())
        return []

    def _empty_problem(self) -> Problem:
        message = "the file is empty"
        hint = "it should start with a `project:` mapping; run `archgen init` for a starter model"
        return Problem(self.locator.file, 1, 1, "AG003", message, hint=hint)

    def _root_kind_problem(self, root: Node | None) -> Problem:
        kind = "a list" if isinstance(root, SequenceNode) else "a single value"
        message = f"the file holds {kind}, but a model must be a mapping of keys"
        hint = "start the file with `project:` and the other top-level keys (see `archgen init`)"
        return self.locator.problem(root.start if root else 0, "AG008", message, hint)


def _ignore(_event: Any) -> None:
    """Stream and document ends, and the stream start, add nothing to the tree."""


def _not_character_message(code_point: int) -> tuple[str, str]:
    if 0xD800 <= code_point <= 0xDFFF:
        message = f"U+{code_point:04X} is half of a UTF-16 surrogate pair, not a character"
        return message, "write the character itself, or one 8-digit escape such as `\\U0001F600`"
    message = f"U+{code_point:04X} is not a character (Unicode reserves it)"
    return message, "delete it, or the escape that writes it"


def _expanded_size(node: SequenceNode | MappingNode) -> int:
    """How many values `node` becomes once aliases are expanded (capped: only the limit matters)."""
    if isinstance(node, SequenceNode):
        total = sum([item.size for item in node.items]) if node.items else 0
    else:
        total = sum([entry.value.size for entry in node.entries]) if node.entries else 0
    return min(1 + total, ALIAS_BUDGET + 1)


def _is_empty(root: Node | None) -> bool:
    """No node, or a document that is only `---` / comments (an empty plain scalar)."""
    return root is None or (isinstance(root, ScalarNode) and root.value is None and root.text == "")


def _bad_key_message(key: Node) -> tuple[str, str]:
    if isinstance(key, SequenceNode | MappingNode):
        kind = "list" if isinstance(key, SequenceNode) else "mapping"
        return f"a {kind} cannot be a key", "keys must be text, like `name:`"
    assert isinstance(key, ScalarNode)  # aliases are resolved before keys are checked
    if key.text == "":
        return "a key is missing before ':'", "write a text key, like `name:`"
    kind = {bool: "true/false", type(None): "null (no value)"}.get(type(key.value), "a number")
    text = shorten(key.text)
    return f"the key {text} is read as {kind}, not text", f"put the key in quotes: '{text}':"


def alias_bomb_problem(locator: Locator, index: int) -> Problem:
    """AG010: aliases or merges expand beyond ALIAS_BUDGET values."""
    message = f"aliases expand to more than {ALIAS_BUDGET:,} values (an 'alias bomb')"
    hint = "use fewer or smaller aliases; a model never needs this many values"
    return locator.problem(index, "AG010", message, hint)
