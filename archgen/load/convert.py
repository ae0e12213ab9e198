"""Turn the node tree into plain Python data, recording where each key and value was written.

Aliases are expanded here. Their total size was already bounded while the tree was built
(AG010), so this only guards depth: an alias can put a deep value under another deep value.
"""

from __future__ import annotations

from typing import Any

from archgen.load.document import PathKey, Positions
from archgen.load.limits import MAX_DEPTH
from archgen.load.source import Locator, load_error, too_deep_problem
from archgen.load.tree import AliasNode, MappingNode, Node, ScalarNode, SequenceNode


class PlainData:
    """The plain data of one document and the positions of its keys and values."""

    def __init__(self, locator: Locator) -> None:
        self.locator = locator
        self._key_offsets: dict[PathKey, int] = {}
        self._value_offsets: dict[PathKey, int] = {}
        self.key_positions = Positions(self._key_offsets, locator.lines.position)
        self.value_positions = Positions(self._value_offsets, locator.lines.position)

    def convert_root(self, root: MappingNode) -> dict[str, Any]:
        data = self._value(root, (), depth=1, site=None)
        assert isinstance(data, dict)  # the tree builder only returns a mapping root
        return data

    def _value(self, node: Node, path: PathKey, depth: int, site: int | None) -> Any:
        """`site` is where the outermost alias being expanded was written, if any."""
        self._value_offsets[path] = node.start
        if isinstance(node, AliasNode):
            site = node.start if site is None else site
            node = node.target
        if isinstance(node, ScalarNode):
            return node.value
        if depth > MAX_DEPTH:
            where = node.start if site is None else site
            raise load_error(self.locator.file, [too_deep_problem(self.locator, where)])
        if isinstance(node, SequenceNode):
            return [
                self._value(item, (*path, index), depth + 1, site)
                for index, item in enumerate(node.items)
            ]
        assert isinstance(node, MappingNode)  # an alias never targets another alias
        return self._mapping(node, path, depth, site)

    def _mapping(self, node: MappingNode, path: PathKey, depth: int, site: int | None) -> Any:
        result: dict[str, Any] = {}
        key_offsets = self._key_offsets
        for entry in node.entries:
            child = (*path, entry.key)
            key_offsets[child] = entry.key_start
            entry_site = entry.key_start if site is None and entry.merged else site
            result[entry.key] = self._value(entry.value, child, depth + 1, entry_site)
        return result
