"""Colour values of the model, turned into `#RRGGBB` before anything draws them.

The model takes `#rrggbb` or a CSS colour name (the CSS3 list, from `webcolors`). The renderers
only ever see the hex form from `hex_colour`, so no text of the model reaches Graphviz's or the
brief's colour attributes as written.
"""

from __future__ import annotations

import functools
import re

import webcolors  # type: ignore[import-untyped]  # ships no type hints

_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")


@functools.cache
def colour_names() -> tuple[str, ...]:
    """Every CSS colour name archgen knows, sorted."""
    return tuple(sorted(webcolors.names("css3")))


def is_colour(value: str) -> bool:
    return bool(_HEX.match(value)) or value in colour_names()


def hex_colour(value: str) -> str:
    """`#RRGGBB` for a valid colour value (validation refused every other one)."""
    if _HEX.match(value):
        return value.upper()
    if value not in colour_names():
        raise ValueError(f"not a colour: {value!r}")
    return str(webcolors.name_to_hex(value, spec="css3")).upper()
