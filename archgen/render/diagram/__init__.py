"""The diagram: render view → DOT → one Graphviz run → self-contained SVG and PNG bytes.

The DOT is written here, not by `diagrams.Diagram` (random node ids, clusters merged by label,
files in the current folder, one `dot` run per format); diagrams supplies the icons and the look.
Graphviz runs in a private temporary folder; nothing is written anywhere else.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from archgen.problems import ArchgenError
from archgen.render.diagram.dot import LAYOUTS, Layout, build_dot, icon_names, plain
from archgen.render.diagram.graphviz import (
    Deadline,
    GraphvizOutput,
    RankingFailed,
    render_formats,
)
from archgen.render.diagram.svg import describe, finish_svg
from archgen.resolve.view import RenderView

__all__ = [
    "FORMATS",
    "LARGE_DIAGRAM",
    "DiagramResult",
    "Layout",
    "build_dot",
    "render_diagram",
]

FORMATS = ("svg", "png")
LARGE_DIAGRAM = 150  # services; above this the PNG size is checked before it is drawn


@dataclass(frozen=True)
class DiagramResult:
    """The DOT source, the files Graphviz produced by format, and warnings for the user."""

    dot: str
    files: dict[str, bytes]
    warnings: list[str]


def render_diagram(
    view: RenderView,
    *,
    formats: Sequence[str] = FORMATS,
    timeout: float = 120.0,
    dot_command: str = "dot",
) -> DiagramResult:
    """Draw the view in every requested format ("svg", "png") from one layout.

    A second layout happens only when Graphviz cannot rank the first (see `Layout`).
    """
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown:
        raise ValueError(f"unknown diagram formats {unknown}; choose from {list(FORMATS)}")
    wanted = [fmt for fmt in FORMATS if fmt in formats]
    icons = icon_names(view)
    deadline = Deadline(timeout)
    with tempfile.TemporaryDirectory(prefix="archgen-diagram-") as folder:
        workdir = Path(folder)
        place_icons(icons, workdir)
        source, output = _lay_out(view, workdir, wanted, deadline, dot_command)
    files = dict(output.files)
    if "svg" in files:
        references = {name: path for path, name in icons.items()}
        title, description = plain(view.project.title), plain(describe(view))
        files["svg"] = finish_svg(
            files["svg"], icons=references, title=title, description=description
        )
    return DiagramResult(source, files, list(output.warnings))


def _lay_out(
    view: RenderView, workdir: Path, formats: list[str], deadline: Deadline, command: str
) -> tuple[str, GraphvizOutput]:
    """Render with the first layout Graphviz can rank; returns the DOT that worked."""
    for layout in LAYOUTS:
        source = build_dot(view, layout=layout)
        try:
            output = render_formats(
                source,
                workdir,
                formats,
                deadline=deadline,
                command=command,
                large=len(view.services) > LARGE_DIAGRAM,
            )
        except RankingFailed:
            if layout == LAYOUTS[-1]:
                raise
            continue
        return source, output
    raise AssertionError("unreachable: the last layout re-raises")


def place_icons(icons: dict[Path, str], workdir: Path) -> None:
    """Copy each icon file to the name the DOT gives it, inside the Graphviz folder."""
    for path, name in icons.items():
        target = workdir / name
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            shutil.copyfile(path, target)
        except OSError as error:
            raise ArchgenError(f"cannot read the icon {path}: {error.strerror}") from error
