"""The diagram's outputs, as `archgen.outputs` names them: each takes the render's
`Rendering` and returns the file's bytes (sealed by the caller)."""

from __future__ import annotations

from archgen import outputs
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


def view_svg_files(rendering: Rendering) -> dict[str, bytes]:
    """views/<id>.svg: each view, drawn in the one run of them all."""
    return _named("views", rendering.view_files("svg"))


def view_png_files(rendering: Rendering) -> dict[str, bytes]:
    """views/<id>.png: each view, drawn from the same layout as its SVG."""
    return _named("views-png", rendering.view_files("png"))


def _named(output: str, by_view: dict[str, bytes]) -> dict[str, bytes]:
    pattern = outputs.by_name(output).file
    return {pattern.format(view_id): data for view_id, data in by_view.items()}
