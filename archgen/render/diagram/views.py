"""The views (`archgen.resolve.views`), drawn beside the overview: each laid out once, by a
Graphviz process of its own, two at a time (a big model has a view per flow: all at once, their
processes' memory added up), its PNG drawn from that layout when asked for.

One process for every view would start fewer programs, but Graphviz 2.43 lays out the second
and later graphs of one input differently from run to run (cluster order, curves): the views
would never be the same bytes twice. A view draws no overlay (they are the overview's), so no
second drawing pass is needed.

With a cache folder, each view is kept in the render cache (`archgen.render.diagram.cache`) as
the overview is: laid out from the marked DOT (tooltips as marks, filled in afterwards), so an
edit of prose alone draws no view again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from archgen.render.diagram.cache import (
    CachedDiagram,
    diagram_entry,
    diagram_key,
    load_diagram,
    trusted_layout,
)
from archgen.render.diagram.dot import LAYOUTS, Layout, build_dot, icon_names, plain
from archgen.render.diagram.graphviz import (
    Deadline,
    GraphvizProcess,
    PendingRaster,
    RankingFailed,
    start_layout,
    start_raster,
    user_warnings,
    wrote_nothing,
)
from archgen.render.diagram.svg import NotSvg, describe, fill_tooltips, finish_svg
from archgen.resolve.view import RenderView

# Graphviz processes drawing views at once: a big model has a view per flow, each a process of
# tens of MiB, beside the overview's and the PDF's workers; two keep both cores busy.
RUNNING = 2


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
        self.process: GraphvizProcess | None = None
        self.positioned = b""
        self.warnings: list[str] = []

    def start(self) -> None:
        """Start laying the view out (once)."""
        if self.process is None and not self.positioned:
            self.process = self._start(self.layout)

    def _start(self, layout: Layout) -> GraphvizProcess:
        source = build_dot(self.view, layout=layout, icons=self.icons, marked=True)
        return start_layout(source, ["svg"], deadline=self.deadline, command=self.command)

    def svg(self) -> bytes:
        """The finished SVG (icons inlined, titled; tooltips still marks), once the layout is
        done."""
        while True:
            self.start()
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
    """Every view being drawn, `RUNNING` Graphviz processes at a time: the layouts first,
    then the PNGs from them."""

    def __init__(
        self,
        views: Sequence[tuple[str, RenderView]],
        formats: Sequence[str],
        deadline: Deadline,
        command: str = "dot",
        cache: Path | None = None,
    ) -> None:
        self.formats = formats
        self.views = dict(views)
        self.keys = _keys(views, formats, command) if cache is not None else {}
        self.kept = _kept_views(cache, self.keys, self.views, formats)
        self._marked: dict[str, bytes] = {}
        self.drawings = [
            ViewDrawing(view_id, view, deadline, command)
            for view_id, view in views
            if view_id not in self.kept
        ]
        for drawing in self.drawings[:RUNNING]:
            drawing.start()  # beside the overview; the others as these finish
        self.deadline, self.command = deadline, command
        self._svgs: dict[str, bytes] | None = None
        self._result: ViewsResult | None = None

    def svgs(self) -> dict[str, bytes]:
        """Each view's finished SVG, by view id, its tooltips written in."""
        if self._svgs is None:
            drawn = {}
            for number, drawing in enumerate(self.drawings):
                for ahead in self.drawings[number + 1 : number + RUNNING]:
                    ahead.start()
                drawn[drawing.view_id] = drawing.svg()
            marked = {**{view_id: kept.files["svg"] for view_id, (_, kept) in self.kept.items()},
                      **drawn}  # fmt: skip
            self._marked = marked
            self._svgs = {view_id: fill_tooltips(marked[view_id], view)
                          for view_id, view in self.views.items()}  # fmt: skip
        return self._svgs

    def cache_entries(self) -> dict[str, bytes]:
        """The render cache's files for the views drawn afresh (after `result`)."""
        entries: dict[str, bytes] = {}
        if not self.keys or self._result is None:
            return entries
        drawn = {**self._result.files, "svg": self._marked}
        for drawing in self.drawings:
            files = {fmt: drawn[fmt][drawing.view_id] for fmt in self.formats}
            dot = build_dot(drawing.view, layout=drawing.layout, marked=True)
            kept = CachedDiagram(dot, files, drawing.warnings)
            entries.update(diagram_entry(self.keys[drawing.view_id], kept))
        return entries

    def result(self) -> ViewsResult:
        """Every view's DOT and files, the PNGs drawn side by side when asked for."""
        if self._result is None:
            files: dict[str, dict[str, bytes]] = {"svg": self.svgs()}
            if "png" in self.formats:
                drawn = self._pngs()
                kept = {view_id: k.files["png"] for view_id, (_, k) in self.kept.items()}
                files["png"] = {view_id: {**kept, **drawn}[view_id] for view_id in self.views}
            layouts = {**{view_id: layout for view_id, (layout, _) in self.kept.items()},
                       **{d.view_id: d.layout for d in self.drawings}}  # fmt: skip
            dots = {view_id: build_dot(view, layout=layouts[view_id])
                    for view_id, view in self.views.items()}  # fmt: skip
            warnings = [w for _, kept in self.kept.values() for w in kept.warnings]
            warnings += [warning for d in self.drawings for warning in d.warnings]
            self._result = ViewsResult(dots, files, warnings)
        return self._result

    def _pngs(self) -> dict[str, bytes]:
        """Each view's PNG, drawn from its layout, RUNNING Graphviz processes at a time."""
        started: dict[str, PendingRaster] = {}
        pngs = {}
        for number, drawing in enumerate(self.drawings):
            for ahead in self.drawings[number : number + RUNNING]:
                if ahead.view_id not in started:
                    started[ahead.view_id] = self._raster(ahead)
            drawn = started.pop(drawing.view_id).result()
            drawing.warnings += drawn.warnings
            pngs[drawing.view_id] = drawn.files["png"]
        return pngs

    def _raster(self, drawing: ViewDrawing) -> PendingRaster:
        return start_raster(
            drawing.positioned, deadline=self.deadline, command=self.command,
            name=f"views/{drawing.view_id}",
        )  # fmt: skip

    def cancel(self) -> None:
        for drawing in self.drawings:
            drawing.cancel()


def _keys(
    views: Sequence[tuple[str, RenderView]], formats: Sequence[str], command: str
) -> dict[str, str]:
    """Each view's render-cache key (`archgen.render.diagram.cache.diagram_key`)."""
    return {
        view_id: diagram_key(build_dot(view, marked=True), icon_names(view), formats, command)
        for view_id, view in views
    }


def _kept_views(
    cache: Path | None, keys: dict[str, str], views: dict[str, RenderView], formats: Sequence[str]
) -> dict[str, tuple[Layout, CachedDiagram]]:
    """The views whose drawing the render cache keeps, by view id."""
    found = {view_id: _kept(cache, key, views[view_id], formats) for view_id, key in keys.items()}
    return {view_id: kept for view_id, kept in found.items() if kept is not None}


def _kept(
    cache: Path | None, key: str, view: RenderView, formats: Sequence[str]
) -> tuple[Layout, CachedDiagram] | None:
    """A view's drawing kept in the render cache, when it is one archgen would draw."""
    cached = load_diagram(cache, key) if cache is not None else None
    layout = trusted_layout(cached, view, formats) if cached is not None else None
    return (layout, cached) if cached is not None and layout is not None else None
