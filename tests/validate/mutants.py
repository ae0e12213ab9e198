"""Seeded mutants of the example model: one mistake each, of the kinds students make.

Each mutant changes one place of the loaded data: a value of the wrong type, a bad id or date,
a number written as text, a key removed, renamed or added. The same seed gives the same
mutants, so a failure names a reproducible case.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

Path = tuple[str | int, ...]

# Values that break some rule somewhere, and a few that are fine in most places.
REPLACEMENTS: tuple[Any, ...] = (
    None,
    True,
    False,
    0,
    -5,
    12.5,
    10**400,
    float("inf"),
    float("nan"),
    "12",
    "",
    " ",
    "x" * 201,
    "Bad Id",
    "app-runner",
    "web\n",
    "2026-11-24",
    "2026-13-01",
    "2026-02-30",
    "2026-1-5",
    "2026-11-24T00:00:00",
    "2026-11-24 10:00",
    "20261124",
    "VPC",
    "vpc",
    "async",
    "TB",
    "USD",
    "eur",
    [],
    ["a"],
    [5],
    {},
    {"a": 1},
    {"title": "T"},
)
UNKNOWN_KEYS = ("nmae", "colour", "why", "title", "id", "Steps")


@dataclass(frozen=True)
class Mutant:
    """The mutated data and what was done, for a readable failure."""

    data: dict[str, Any]
    change: str


def places(data: Any, path: Path = ()) -> Iterator[Path]:
    """Every path below the root: mapping values and list items, depth first."""
    items: list[tuple[str | int, Any]] = []
    if isinstance(data, dict):
        items = list(data.items())
    elif isinstance(data, list):
        items = list(enumerate(data))
    for part, value in items:
        yield (*path, part)
        yield from places(value, (*path, part))


def parent_of(data: Any, path: Path) -> Any:
    for part in path[:-1]:
        data = data[part]
    return data


def mutate(data: dict[str, Any], rng: random.Random) -> Mutant:
    """One mistake at one randomly chosen place of a deep copy of `data`."""
    mutated = copy.deepcopy(data)
    path = rng.choice(list(places(mutated)))
    parent, last = parent_of(mutated, path), path[-1]
    action = rng.choice(("replace", "replace", "replace", "drop", "rename", "add"))
    if action == "drop" and isinstance(parent, dict):
        del parent[last]
        return Mutant(mutated, f"removed {path}")
    if action == "rename" and isinstance(parent, dict) and isinstance(last, str):
        parent[last[::-1] if len(last) > 2 else last + "x"] = parent.pop(last)
        return Mutant(mutated, f"renamed {path}")
    if action == "add" and isinstance(parent, dict):
        key = rng.choice(UNKNOWN_KEYS)
        parent[key] = rng.choice(REPLACEMENTS)
        return Mutant(mutated, f"added {key!r}={parent[key]!r} beside {path}")
    value = copy.deepcopy(rng.choice(REPLACEMENTS))
    parent[last] = value
    return Mutant(mutated, f"set {path} to {value!r}")


def mutants(data: dict[str, Any], count: int, seed: int) -> list[Mutant]:
    rng = random.Random(seed)
    return [mutate(data, rng) for _ in range(count)]
