"""The views (`archgen.resolve.views`), drawn together: one Graphviz layout run for all of
them, one PNG run from those positions, each view's files cut out of the runs' output.

Graphviz lays out each graph of its input in turn and writes every drawing of one format into
that format's file one after another: SVG documents each start with an XML declaration, PNG
images each end with their IEND chunk, positioned graphs each start with `digraph`. A view
draws no overlay (they are the overview's), so no second drawing pass is needed.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Sequence
from dataclasses import dataclass

from archgen.render.diagram.dot import LAYOUTS, Layout, build_dot, icon_names, plain
from archgen.render.diagram.graphviz import (
    PNG_DPI,
    Deadline,
    GraphvizProcess,
    RankingFailed,
    bounding_box,
    png_scale,
    user_warnings,
    wrote_nothing,
)
from archgen.render.diagram.svg import NotSvg, describe, finish_svg
from archgen.resolve.view import RenderView

_GRAPH_START = re.compile(rb"(?m)^digraph ")
_SVG_START = b"<?xml"
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class ViewsResult:
    """Each view's DOT and drawn files, by view id, and what Graphviz said."""

    dots: dict[str, str]
    files: dict[str, dict[str, bytes]]  # format → view id → bytes
    warnings: list[str]


class ViewsJob:
    """Every view being drawn: the layout starts at once, the PNGs when `result` needs them."""

    def __init__(
        self,
        views: Sequence[tuple[str, RenderView]],
        formats: Sequence[str],
        deadline: Deadline,
        command: str = "dot",
    ) -> None:
        self.views, self.formats, self.deadline, self.command = views, formats, deadline, command
        self.icons = {path: str(path) for _, view in views for path in icon_names(view)}
        self.layout = LAYOUTS[0]
        self.process: GraphvizProcess | None = self._start(self.layout) if views else None
        self._svgs: dict[str, bytes] | None = None
        self._positioned = b""
        self._result: ViewsResult | None = None
        self.warnings: list[str] = []

    def _start(self, layout: Layout) -> GraphvizProcess:
        source = "".join(build_dot(view, layout=layout, icons=self.icons) for _, view in self.views)
        return self._run([], "dot", source.encode("utf-8"))

    def _run(self, options: list[str], fmt: str, source: bytes) -> GraphvizProcess:
        return GraphvizProcess(
            self.command, options, [fmt], source, self.deadline, one_stream=True
        )

    def _drawn(self, fmt: str, options: Sequence[str] = ()) -> tuple[bytes, list[str]]:
        """The positioned graphs drawn as they stand, in one format."""
        process = self._run(["-Kneato", "-n2", *options], fmt, self._positioned)
        files, messages = process.result()
        self.warnings += user_warnings(messages)
        return files[fmt], messages

    def svgs(self) -> dict[str, bytes]:
        """Each view's finished SVG, by view id."""
        if self._svgs is None:
            self._svgs = self._laid_out()
        return self._svgs

    def _laid_out(self) -> dict[str, bytes]:
        while self.process is not None:
            try:
                files, messages = self.process.result()
            except RankingFailed:
                if self.layout == LAYOUTS[-1]:
                    raise
                self.layout = LAYOUTS[LAYOUTS.index(self.layout) + 1]
                self.process = self._start(self.layout)
                continue
            self.process = None
            self.warnings += user_warnings(messages)
            self._positioned = files["dot"]
            svg, more = self._drawn("svg")
            return self._finished(split_svgs(svg), [*messages, *more])
        return {}

    def _finished(self, drawn: list[bytes], messages: list[str]) -> dict[str, bytes]:
        if len(drawn) != len(self.views):
            raise wrote_nothing("SVG", f"holds {len(drawn)} of {len(self.views)} views", messages)
        references = {reference: path for path, reference in self.icons.items()}
        finished = {}
        for (view_id, view), svg in zip(self.views, drawn, strict=True):
            title, description = plain(view.project.title), plain(describe(view))
            try:
                finished[view_id] = finish_svg(
                    svg, icons=references, title=title, description=description
                )
            except NotSvg as error:
                raise wrote_nothing("SVG", str(error), messages) from None
        return finished

    def result(self) -> ViewsResult:
        """Every view's DOT and files, the PNGs drawn (in one run) when asked for."""
        if self._result is None:
            svgs = self.svgs()
            files: dict[str, dict[str, bytes]] = {"svg": svgs}
            if "png" in self.formats and self.views:
                files["png"] = self._pngs()
            dots = {view_id: build_dot(view, layout=self.layout) for view_id, view in self.views}
            self._result = ViewsResult(dots, files, self.warnings)
        return self._result

    def _pngs(self) -> dict[str, bytes]:
        graphs = split_graphs(self._positioned)
        scale = min(png_scale(*bounding_box(graph)) for graph in graphs)
        drawn, messages = self._drawn("png", [f"-Gdpi={PNG_DPI * scale:.2f}"])
        pngs = split_pngs(drawn)
        if len(pngs) != len(self.views):
            raise wrote_nothing("PNG", f"holds {len(pngs)} of {len(self.views)} views", messages)
        return {view_id: png for (view_id, _), png in zip(self.views, pngs, strict=True)}

    def cancel(self) -> None:
        if self.process is not None:
            self.process.cancel()


def split_svgs(data: bytes) -> list[bytes]:
    """The SVG documents Graphviz wrote one after another."""
    starts = [m.start() for m in re.finditer(re.escape(_SVG_START), data)]
    return [data[a:b] for a, b in zip(starts, [*starts[1:], len(data)], strict=True)]


def split_graphs(data: bytes) -> list[bytes]:
    """The positioned graphs Graphviz wrote one after another."""
    starts = [m.start() for m in _GRAPH_START.finditer(data)]
    return [data[a:b] for a, b in zip(starts, [*starts[1:], len(data)], strict=True)]


def split_pngs(data: bytes) -> list[bytes]:
    """The PNG images Graphviz wrote one after another: each ends with its IEND chunk."""
    images, start = [], 0
    while data.startswith(_PNG_SIGNATURE, start):
        at = start + len(_PNG_SIGNATURE)
        while at + 8 <= len(data):
            length, kind = struct.unpack(">I4s", data[at : at + 8])
            at += 12 + length
            if kind == b"IEND":
                break
        images.append(data[start:at])
        start = at
    return images
