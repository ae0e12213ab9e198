"""Every output archgen writes, declared once.

Each line of `OUTPUTS` says what an output is: the name `render --only` takes, its file in the
output folder, which fingerprint it carries (what inputs make it stale: `diagram`, `brief`, or
`pdf`, the brief's plus the model file as written), the function that renders it, how it is
sealed, how `archgen check` reads the seal back and which reader (`archgen.check.read`)
reads what it shows back for `check --consistency`. The CLI's `--only`, the render, `check`,
the fingerprints and the stamps all read this list: a new output is one renderer module and
one line here.

A renderer is named `module:function` and imported only when that output renders, so reading
this list costs nothing (`archgen validate` never imports a renderer). It takes the render's
`archgen.render.rendering.Rendering` and returns the output's bytes, or, for an output laid
out in another process (`aside`), a function that waits for them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from archgen.render import stamp
from archgen.render.stamp import Stamping

if TYPE_CHECKING:
    from archgen.render.rendering import Rendered, Rendering

Covers = Literal["diagram", "brief", "pdf"]


@dataclass(frozen=True)
class Output:
    """One output: see the module's docstring."""

    name: str
    file: str
    covers: Covers
    renderer: str
    stamping: Stamping
    default: bool = True  # rendered when `--only` is not given
    drawn: bool = True  # needs Graphviz's drawing (Markdown only links to it)
    text: bool = False  # `check --deep` renders it again and compares the bytes
    aside: bool = False  # started before the others and finished after them
    reader: str | None = None  # `check --consistency` reads it back with (archgen.check.read)
    each_view: bool = False  # one file per view: `file` holds `{}` where the view's id goes
    views: bool = False  # needs the views drawn (the briefs show each flow's own)

    def files(self, view_ids: Iterable[str]) -> tuple[str, ...]:
        """The files this output is written as, for a model with these views."""
        if not self.each_view:
            return (self.file,)
        return tuple(self.file.format(view_id) for view_id in view_ids)

    @property
    def folder(self) -> str:
        """The folder of the output folder its files go in ("" for the output folder itself)."""
        return self.file.rpartition("/")[0]

    def holds(self, name: str) -> bool:
        """Whether a file of this name (relative to the output folder) is one of this output's,
        whatever the view: how the render finds the files of views that are gone."""
        if not self.each_view:
            return name == self.file
        prefix, _, suffix = self.file.partition("{}")
        middle = name[len(prefix) : len(name) - len(suffix)]
        return (
            name.startswith(prefix) and name.endswith(suffix) and bool(middle)
            and "/" not in middle and not middle.startswith(".")
        )  # fmt: skip

    def render(self, rendering: Rendering) -> Rendered:
        module, _, function = self.renderer.partition(":")
        renderer: Callable[[Rendering], Rendered] = getattr(
            importlib.import_module(module), function
        )
        return renderer(rendering)


READ = "archgen.check.read."  # the readers' package

OUTPUTS: tuple[Output, ...] = (
    Output("svg", "diagram.svg", "diagram", "archgen.render.diagram.files:svg_file", stamp.SVG,
           text=True, reader=READ + "svg:read_svg"),
    Output("png", "diagram.png", "diagram", "archgen.render.diagram.files:png_file", stamp.PNG),
    Output("dot", "diagram.dot", "diagram", "archgen.render.diagram.files:dot_file", stamp.DOT,
           default=False, text=True, reader=READ + "dot:read_dot"),
    Output("mmd", "diagram.mmd", "diagram", "archgen.render.diagram.mermaid:mermaid_file",
           stamp.under_comment("%% "), default=False, drawn=False, text=True,
           reader=READ + "mermaid:read_mermaid"),
    Output("drawio", "diagram.drawio", "diagram", "archgen.render.export.drawio:drawio_file",
           stamp.BRIEF, default=False, text=True, reader=READ + "drawio:read_drawio"),
    Output("d2", "diagram.d2", "diagram", "archgen.render.export.d2:d2_file",
           stamp.under_comment("# "), default=False, drawn=False, text=True,
           reader=READ + "d2:read_d2"),
    Output("structurizr", "workspace.dsl", "diagram",
           "archgen.render.export.structurizr:structurizr_file", stamp.under_comment("// "),
           default=False, drawn=False, text=True, reader=READ + "structurizr:read_structurizr"),
    Output("mermaid", "diagram.architecture.mmd", "diagram",
           "archgen.render.export.mermaid_architecture:architecture_file",
           stamp.under_comment("%% "), default=False, text=True,
           reader=READ + "mermaid_architecture:read_mermaid_architecture"),
    Output("views", "views/{}.svg", "diagram", "archgen.render.diagram.files:view_svg_files",
           stamp.SVG, text=True, each_view=True, views=True),
    Output("views-png", "views/{}.png", "diagram", "archgen.render.diagram.files:view_png_files",
           stamp.PNG, each_view=True, views=True),
    Output("html", "brief.html", "brief", "archgen.render.brief.files:html_file", stamp.BRIEF,
           text=True, reader=READ + "html:read_html", views=True),
    Output("pdf", "brief.pdf", "pdf", "archgen.render.brief.files:pdf_file", stamp.PDF,
           aside=True, reader=READ + "pdf:read_pdf", views=True),
    Output("md", "brief.md", "brief", "archgen.render.brief.files:markdown_file", stamp.BRIEF,
           drawn=False, text=True, reader=READ + "markdown:read_markdown"),
)  # fmt: skip

NAMES = tuple(output.name for output in OUTPUTS)
DEFAULT = tuple(output.name for output in OUTPUTS if output.default)


def by_name(name: str) -> Output:
    """The output `render --only NAME` means."""
    return next(output for output in OUTPUTS if output.name == name)


def by_file(file: str) -> Output | None:
    """The output written as `file`, if archgen writes one of that name."""
    return next((output for output in OUTPUTS if output.holds(file)), None)


def chosen(names: Iterable[str]) -> tuple[Output, ...]:
    """The outputs named, in the list's order; every default one when none is named."""
    wanted = set(names) or set(DEFAULT)
    return tuple(output for output in OUTPUTS if output.name in wanted)


def start_order(outputs: Sequence[Output]) -> list[Output]:
    """The order to render in: outputs laid out aside first, so they work while the rest do."""
    return sorted(outputs, key=lambda output: not output.aside)
