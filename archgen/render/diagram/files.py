"""The diagram's outputs, as `archgen.outputs` names them: each takes the render's
`Rendering` and returns the file's bytes (sealed by the caller)."""

from __future__ import annotations

from archgen.render.rendering import Rendering


def svg_file(rendering: Rendering) -> bytes:
    """diagram.svg: the very SVG the brief embeds."""
    return rendering.svg()


def png_file(rendering: Rendering) -> bytes:
    """diagram.png: drawn from the same layout as the SVG."""
    return rendering.drawn().files["png"]


def dot_file(rendering: Rendering) -> bytes:
    """diagram.dot: the DOT source of the layout that was drawn."""
    return rendering.drawn().dot.encode("utf-8")
