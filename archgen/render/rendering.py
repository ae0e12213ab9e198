"""What every output's renderer is given: one render's view, fingerprints and settings, the
diagram being drawn and the PDF's printer.

The renderers (`archgen.render.diagram.files`, `archgen.render.brief.files`, named in
`archgen.outputs`) read this and return bytes; they know nothing of YAML, the command line or
where files go. This module stays light: importing it loads no renderer.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from archgen.render.stamp import seal_svg

if TYPE_CHECKING:
    from archgen.render.brief.printer import Printer
    from archgen.render.diagram import DiagramResult
    from archgen.render.diagram.views import ViewsJob
    from archgen.resolve.fingerprint import Fingerprints
    from archgen.resolve.view import RenderView

# an output's bytes, or a wait for them; a family of files (one per view) by file name
Rendered = bytes | Callable[[], bytes] | Mapping[str, bytes]


class Drawing(Protocol):
    """The diagram: drawn by Graphviz meanwhile, or read from the render cache."""

    def svg(self) -> bytes: ...

    def result(self) -> DiagramResult: ...

    def cancel(self) -> None: ...


@dataclass(frozen=True)
class BriefSettings:
    """What the brief needs beyond the view: its templates, the model file it names and
    attaches, the paper, and SOURCE_DATE_EPOCH for a model without a date."""

    template_dirs: tuple[Path, ...] = ()
    model_file: str = "arch.yaml"
    model_source: bytes = b""
    page_size: str = "A4"
    pdf_variant: str | None = None
    source_date_epoch: str | None = None
    use_cache: bool = False  # take what earlier renders laid out of the PDF (`part_cache`)


@dataclass
class Rendering:
    """One render in progress, shared by the renderers of its outputs."""

    view: RenderView
    prints: Fingerprints
    brief: BriefSettings
    drawing: Drawing | None = None
    printer: Printer | None = None
    warnings: list[str] = field(default_factory=list)
    printed_html: str | None = None  # the PDF's HTML, read back for what templates left out
    views: ViewsJob | None = None  # the views (`archgen.resolve.views`), drawn meanwhile
    _svg: bytes | None = None
    _view_svgs: dict[str, bytes] | None = None

    def svg(self) -> bytes:
        """The diagram's SVG as written, stamped: the brief embeds these very bytes (empty when
        nothing is drawn: Markdown alone only links to the diagram)."""
        if self._svg is None:
            drawn = self.drawing.svg() if self.drawing is not None else b""
            self._svg = seal_svg(drawn, self.prints.diagram) if drawn else b""
        return self._svg

    def drawn(self) -> DiagramResult:
        """Every file of the diagram, once Graphviz has drawn them all."""
        if self.drawing is None:
            raise RuntimeError("this render draws no diagram")
        return self.drawing.result()

    def view_svgs(self) -> dict[str, bytes]:
        """Each view's SVG as written, stamped, by view id: the briefs embed these very bytes
        (none when no view is drawn)."""
        if self._view_svgs is None:
            drawn = self.views.svgs() if self.views is not None else {}
            fingerprint = self.prints.diagram
            self._view_svgs = {key: seal_svg(svg, fingerprint) for key, svg in drawn.items()}
        return self._view_svgs

    def view_files(self, fmt: str) -> dict[str, bytes]:
        """Each view's file of one format ("svg", "png"), by view id."""
        if self.views is None:
            raise RuntimeError("this render draws no views")
        if fmt == "svg":
            return self.view_svgs()
        return self.views.result().files[fmt]
