"""The views (`archgen.resolve.views`), drawn beside the overview: each laid out once, by a
Graphviz process of its own started at once (they run side by side), its PNG drawn from that
layout when asked for.

One process for every view would start fewer programs, but Graphviz 2.43 lays out the second
and later graphs of one input differently from run to run (cluster order, curves): the views
would never be the same bytes twice. A view draws no overlay (they are the overview's), so no
second drawing pass is needed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from archgen.render.diagram.dot import LAYOUTS, Layout, build_dot, icon_names, plain
from archgen.render.diagram.graphviz import (
    Deadline,
    GraphvizProcess,
    RankingFailed,
    start_layout,
    start_raster,
    user_warnings,
    wrote_nothing,
)
from archgen.render.diagram.svg import NotSvg, describe, finish_svg
from archgen.resolve.view import RenderView


@dataclass(frozen=True)
class ViewsResult:
    """Each view's DOT and drawn files, by view id, and what Graphviz said."""

    dots: dict[str, str]
    files: dict[str, dict[str, bytes]]  # format → view id → bytes
    warnings: list[str]


class ViewDrawing:
    """One view being drawn: laid out with the first layout Graphviz can rank."""

    def __init__(self, view_id: str, view: RenderView, deadline: Deadline, command: str) -> None:
        self.view_id, self.view, self.deadline, self.command = view_id, view, deadline, command
        self.icons = {path: str(path) for path in icon_names(view)}
        self.layout = LAYOUTS[0]
        self.process: GraphvizProcess | None = self._start(self.layout)
        self.positioned = b""
        self.warnings: list[str] = []

    def _start(self, layout: Layout) -> GraphvizProcess:
        source = build_dot(self.view, layout=layout, icons=self.icons)
        return start_layout(source, ["svg"], deadline=self.deadline, command=self.command)

    def svg(self) -> bytes:
        """The finished SVG (icons inlined, titled), once the layout is done."""
        while True:
            assert self.process is not None, "a view's SVG is taken once"
            try:
                files, messages = self.process.result()
                break
            except RankingFailed:
                if self.layout == LAYOUTS[-1]:
                    raise
                self.layout = LAYOUTS[LAYOUTS.index(self.layout) + 1]
                self.process = self._start(self.layout)
        self.process = None
        self.warnings += user_warnings(messages)
        self.positioned = files["dot"]
        references = {reference: path for path, reference in self.icons.items()}
        title, description = plain(self.view.project.title), plain(describe(self.view))
        try:
            return finish_svg(files["svg"], icons=references, title=title, description=description)
        except NotSvg as error:
            raise wrote_nothing("SVG", str(error), messages) from None

    def cancel(self) -> None:
        if self.process is not None:
            self.process.cancel()


class ViewsJob:
    """Every view being drawn: the layouts start at once, the PNGs once the SVGs are done."""

    def __init__(
        self,
        views: Sequence[tuple[str, RenderView]],
        formats: Sequence[str],
        deadline: Deadline,
        command: str = "dot",
    ) -> None:
        self.formats = formats
        self.drawings = [ViewDrawing(key, view, deadline, command) for key, view in views]
        self.deadline, self.command = deadline, command
        self._svgs: dict[str, bytes] | None = None
        self._result: ViewsResult | None = None

    def svgs(self) -> dict[str, bytes]:
        """Each view's finished SVG, by view id."""
        if self._svgs is None:
            self._svgs = {drawing.view_id: drawing.svg() for drawing in self.drawings}
        return self._svgs

    def result(self) -> ViewsResult:
        """Every view's DOT and files, the PNGs drawn side by side when asked for."""
        if self._result is None:
            files: dict[str, dict[str, bytes]] = {"svg": self.svgs()}
            if "png" in self.formats:
                files["png"] = self._pngs()
            dots = {d.view_id: build_dot(d.view, layout=d.layout) for d in self.drawings}
            warnings = [warning for d in self.drawings for warning in d.warnings]
            self._result = ViewsResult(dots, files, warnings)
        return self._result

    def _pngs(self) -> dict[str, bytes]:
        pending = [
            start_raster(
                d.positioned, deadline=self.deadline, command=self.command,
                name=f"views/{d.view_id}",
            )
            for d in self.drawings
        ]  # fmt: skip
        pngs = {}
        for drawing, raster in zip(self.drawings, pending, strict=True):
            drawn = raster.result()
            drawing.warnings += drawn.warnings
            pngs[drawing.view_id] = drawn.files["png"]
        return pngs

    def cancel(self) -> None:
        for drawing in self.drawings:
            drawing.cancel()
