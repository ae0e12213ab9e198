"""The loaded model: plain data plus where each part of it was written.

Later stages (schema, validation) only see `data`; they ask `position()` to point their
problems at the right line, so they never need to know about YAML nodes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, NamedTuple

PathKey = tuple[str | int, ...]


class Position(NamedTuple):  # NamedTuple and a plain class here: dataclasses slow start-up
    """A 1-based line and column, the way editors count them."""

    line: int
    column: int


ROOT_POSITION = Position(1, 1)


class Positions(Mapping[PathKey, Position]):
    """Where each path was written, kept as character offsets and turned into a line and
    column only when asked: a 10,000-service model has 300,000 paths, its problems name a few."""

    __slots__ = ("_locate", "_offsets")

    def __init__(self, offsets: dict[PathKey, int], locate: Callable[[int], Position]) -> None:
        self._offsets = offsets
        self._locate = locate

    def __getitem__(self, path: PathKey) -> Position:
        return self._locate(self._offsets[path])

    def get(self, path: PathKey, default: Any = None) -> Any:
        offset = self._offsets.get(path)
        return default if offset is None else self._locate(offset)

    def __contains__(self, path: object) -> bool:
        return path in self._offsets

    def __iter__(self) -> Iterator[PathKey]:
        return iter(self._offsets)

    def __len__(self) -> int:
        return len(self._offsets)

    def __repr__(self) -> str:
        return repr(dict(self.items()))

    def offsets(self) -> Iterable[int]:
        """Every character offset a path was written at, without locating each one."""
        return self._offsets.values()


class LoadedDocument:
    """One parsed YAML file: data made of dict/list/str/int/float/bool/None, and positions."""

    def __init__(
        self,
        file: str,
        text: str,
        data: dict[str, Any],
        key_positions: Mapping[PathKey, Position] | None = None,
        value_positions: Mapping[PathKey, Position] | None = None,
    ) -> None:
        self.file = file
        self.text = text
        self.data = data
        self.key_positions: Mapping[PathKey, Position] = key_positions or {}
        self.value_positions: Mapping[PathKey, Position] = value_positions or {}

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
