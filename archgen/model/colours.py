"""Colour values of the model, turned into `#RRGGBB` before anything draws them.

The model takes `#rrggbb` or a CSS colour name in any case (the CSS3 list, from `webcolors`).
The renderers only ever see the hex form from `hex_colour`, so no text of the model reaches
Graphviz's or the brief's colour attributes as written.
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
    """`#rrggbb`, or a CSS colour name in any case (`SteelBlue` is `steelblue`)."""
    return bool(_HEX.match(value)) or value.lower() in colour_names()


def hex_colour(value: str) -> str:
    """`#RRGGBB` for a valid colour value (validation refused every other one)."""
    if _HEX.match(value):
        return value.upper()
    if value.lower() not in colour_names():
        raise ValueError(f"not a colour: {value!r}")
    return str(webcolors.name_to_hex(value.lower(), spec="css3")).upper()


def css_name(hex_value: str) -> str | None:
    """The CSS name of a `#RRGGBB` colour, if it has one (`#B22222` is `firebrick`)."""
    try:
        return str(webcolors.hex_to_name(hex_value.lower(), spec="css3"))
    except ValueError:
        return None
