"""The loaded model: plain data plus where each part of it was written.

Later stages (schema, validation) only see `data`; they ask `position()` to point their
problems at the right line, so they never need to know about YAML nodes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

PathKey = tuple[str | int, ...]


class Position(NamedTuple):  # NamedTuple and a plain class here: dataclasses slow start-up
    """A 1-based line and column, the way editors count them."""

    line: int
    column: int


ROOT_POSITION = Position(1, 1)


class LoadedDocument:
    """One parsed YAML file: data made of dict/list/str/int/float/bool/None, and positions."""

    def __init__(
        self,
        file: str,
        text: str,
        data: dict[str, Any],
        key_positions: dict[PathKey, Position] | None = None,
        value_positions: dict[PathKey, Position] | None = None,
    ) -> None:
        self.file = file
        self.text = text
        self.data = data
        self.key_positions: dict[PathKey, Position] = key_positions or {}
        self.value_positions: dict[PathKey, Position] = value_positions or {}

    def position(self, path: Sequence[str | int], *, key: bool = False) -> Position:
        """Where `path` was written, or its nearest known ancestor; the root falls back to 1:1.

        `key=True` prefers the key's position (for "unknown key" errors); otherwise the value's.
        """
        parts: PathKey = tuple(path)
        while True:
            found = self._exact(parts, key=key)
            if found is not None:
                return found
            if not parts:
                return ROOT_POSITION
            parts = parts[:-1]

    def _exact(self, parts: PathKey, *, key: bool) -> Position | None:
        first, second = (
            (self.key_positions, self.value_positions)
            if key
            else (self.value_positions, self.key_positions)
        )
        found = first.get(parts)
        return found if found is not None else second.get(parts)
