"""The diagram: render view → DOT → one Graphviz layout → self-contained SVG and PNG bytes.

The DOT is written here, not by `diagrams.Diagram` (random node ids, clusters merged by label,
files in the current folder, one `dot` run per format); diagrams supplies the icons and the look.
Graphviz reads the DOT and the icon files and writes into anonymous files: nothing is written
anywhere on disk. `start_diagram` lets the caller work while Graphviz does: the layout starts at
once, the SVG is ready when it ends, and the PNG is drawn from that layout in the background.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from archgen.render.diagram.dot import LAYOUTS, Layout, build_dot, icon_names, plain
from archgen.render.diagram.graphviz import (
    Deadline,
    GraphvizProcess,
    PendingRaster,
    RankingFailed,
    draw_positioned,
    start_layout,
    start_raster,
    user_warnings,
    wrote_nothing,
)
from archgen.render.diagram.overlay import overlay_lines, with_overlays
from archgen.render.diagram.svg import NotSvg, describe, fill_tooltips, finish_svg
from archgen.resolve.view import RenderView

__all__ = [
    "FORMATS",
    "DiagramJob",
    "DiagramResult",
    "Layout",
    "build_dot",
    "render_diagram",
    "start_diagram",
]

FORMATS = ("svg", "png")
LARGE_DIAGRAM = 150  # services; above this two layouts start at once (see `DiagramJob`)


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
    """Draw the view in every requested format ("svg", "png") from one layout."""
    job = start_diagram(view, formats=formats, timeout=timeout, dot_command=dot_command)
    try:
        return job.result()
    except BaseException:
        job.cancel()
        raise


def start_diagram(
    view: RenderView,
    *,
    formats: Sequence[str] = FORMATS,
    timeout: float = 120.0,
    dot_command: str = "dot",
) -> DiagramJob:
    """Start laying the view out; the returned job hands over the SVG, then everything."""
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown:
        raise ValueError(f"unknown diagram formats {unknown}; choose from {list(FORMATS)}")
    wanted = tuple(fmt for fmt in FORMATS if fmt in formats)
    return DiagramJob(view, wanted, Deadline(timeout), dot_command)


class DiagramJob:
    """One diagram being drawn. A second layout happens only when Graphviz cannot rank the
    first (see `Layout`); every Graphviz run shares one deadline.

    Large graphs often fail to rank with links constraining the ranks, after a long try: for
    them the relaxed layout starts at the same time, on another core, and is used only if the
    preferred one fails.
    """

    def __init__(
        self, view: RenderView, formats: tuple[str, ...], deadline: Deadline, command: str
    ) -> None:
        self.view, self.formats, self.deadline, self.command = view, formats, deadline, command
        self.icons = icon_names(view)
        self.layout = LAYOUTS[0]
        self.files: dict[str, bytes] = {}
        self.warnings: list[str] = []
        self.raster: PendingRaster | None = None
        at_once = 2 if len(view.services) > LARGE_DIAGRAM else 1
        self.running: list[tuple[Layout, GraphvizProcess]] = []
        for layout in LAYOUTS[:at_once]:
            self.running.append((layout, self._start(layout)))

    def svg(self) -> bytes:
        """The finished SVG, once the layout is done; the PNG starts drawing then."""
        return fill_tooltips(self._marked_svg(), self.view)

    def result(self) -> DiagramResult:
        """Every format and every warning, once the PNG is drawn too."""
        marked = self.marked()
        files = {**marked.files, **({"svg": self.svg()} if "svg" in marked.files else {})}
        return DiagramResult(build_dot(self.view, layout=self.layout), files, self.warnings)

    def marked(self) -> DiagramResult:
        """What Graphviz drew from the marked DOT (`build_dot(marked=True)`): that DOT, and the
        SVG with the services' tooltips still marks; what the render cache keeps."""
        self._marked_svg()
        if self.raster is not None:
            drawn = self.raster.result()
            self.files.update(drawn.files)
            self.warnings += drawn.warnings
            self.raster = None
        files = {fmt: self.files[fmt] for fmt in self.formats if fmt in self.files}
        dot = build_dot(self.view, layout=self.layout, marked=True)
        return DiagramResult(dot, files, self.warnings)

    def _marked_svg(self) -> bytes:
        if "svg" not in self.files:
            self._finish_layout()
        return self.files["svg"]

    def cancel(self) -> None:
        """Stop whatever Graphviz still runs: the render failed elsewhere."""
        for _, process in self.running:
            process.cancel()
        if self.raster is not None:
            self.raster.cancel()

    def _start(self, layout: Layout) -> GraphvizProcess:
        located = {path: str(path) for path in self.icons}
        source = build_dot(self.view, layout=layout, icons=located, marked=True)
        # with overlays the SVG is drawn later, from the layout with the overlays added
        wanted = ["json"] if self.view.overlays else ["svg"]
        return start_layout(source, wanted, deadline=self.deadline, command=self.command)

    def _finish_layout(self) -> None:
        files, messages = self._laid_out()
        if self.view.overlays:
            files, messages = self._drawn_with_overlays(files, messages)
        self.warnings += user_warnings(messages)
        if "png" in self.formats:
            self.raster = start_raster(files["dot"], deadline=self.deadline, command=self.command)
        references = {str(path): path for path in self.icons}
        title, description = plain(self.view.project.title), plain(describe(self.view))
        try:
            self.files["svg"] = finish_svg(
                files["svg"], icons=references, title=title, description=description
            )
        except NotSvg as error:
            raise wrote_nothing("SVG", str(error), messages) from None

    def _drawn_with_overlays(
        self, files: dict[str, bytes], messages: list[str]
    ) -> tuple[dict[str, bytes], list[str]]:
        """The positioned graph with each overlay's outline added, and its SVG."""
        laid_out = with_overlays(files["dot"], overlay_lines(self.view, files["json"]))
        svg, more = draw_positioned(laid_out, "svg", deadline=self.deadline, command=self.command)
        return {"dot": laid_out, "svg": svg}, [*messages, *more]

    def _laid_out(self) -> tuple[dict[str, bytes], list[str]]:
        """SVG and positioned DOT from the first layout Graphviz can rank."""
        while self.running:
            self.layout, process = self.running.pop(0)
            try:
                found = process.result()
            except RankingFailed:
                if not self.running and self.layout != LAYOUTS[-1]:
                    following = LAYOUTS[LAYOUTS.index(self.layout) + 1]
                    self.running.append((following, self._start(following)))
                if self.running:
                    continue
                raise
            self.cancel()  # a relaxed layout still running is not needed
            self.running = []
            return found
        raise AssertionError("unreachable: a job always has a layout running")
