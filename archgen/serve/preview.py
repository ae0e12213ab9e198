"""The preview's renders: the model rendered in memory as `archgen render` renders it, again on
every save, keeping only what the next render and the PDF need.

Only the outputs a browser shows are rendered (the HTML and SVG ones of `archgen.outputs`); the
PDF is laid out when asked for (`pdf_job`). The last drawing is kept with the diagram's
fingerprint, which covers everything the drawing shows: while it is unchanged (a prose edit,
a template edit) Graphviz does not run again. Nothing is written anywhere.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from archgen import outputs
from archgen.commands import render
from archgen.commands.model import ValidModel, check_model_file, require_valid
from archgen.problems import ArchgenError, Problem, errors_in, os_error_message
from archgen.render.rendering import Rendering

if TYPE_CHECKING:
    from archgen.render.brief.pdf import PdfJob
    from archgen.render.diagram import DiagramResult

SHOWN_SUFFIXES = (".html", ".svg")  # what a browser shows; a PDF only on demand
SERVED = tuple(
    output.name
    for output in outputs.OUTPUTS
    if output.file.endswith(SHOWN_SUFFIXES) and not output.each_view  # the brief shows views
)


@dataclass(frozen=True)
class Outcome:
    """One render: its files (file name → bytes) when it worked, else why not."""

    files: dict[str, bytes] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()  # every located problem: warnings, or what failed
    failure: str = ""  # what stopped the render; "" when it worked
    warnings: tuple[str, ...] = ()  # the renderers' own (e.g. Graphviz)
    drew: bool = False  # Graphviz ran (False: the last drawing was kept)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failure


@dataclass(frozen=True)
class KeptDrawing:
    """The last diagram Graphviz drew, under the diagram fingerprint it was drawn for."""

    fingerprint: str
    drawn: DiagramResult


class Preview:
    """Renders one model again and again; holds the last good render and the last drawing."""

    def __init__(
        self,
        model_file: Path,
        *,
        shown_name: str | None = None,
        templates_dir: Path | None = None,
        dot_timeout: float = 120.0,
    ) -> None:
        self.model_file = model_file
        self.shown_name = shown_name or str(model_file)
        self.options = render.RenderOptions(
            formats=SERVED, templates_dir=templates_dir, dot_timeout=dot_timeout,
            use_cache=False, pdf_aside=False,
        )  # fmt: skip
        self.good: Rendering | None = None  # the last render that worked: the PDF's source
        self.kept: KeptDrawing | None = None
        self.current: Rendering | None = None  # the render under way, to cancel
        self.inputs = Inputs.of_model(model_file)

    def render(self) -> Outcome:
        """Load, validate and render; a mistake in the model comes back as problems."""
        began = time.perf_counter()
        checked = check_model_file(self.model_file, self.shown_name)
        try:
            valid = require_valid(checked)
            self.inputs = Inputs.of(valid, self.options)
            rendering, files, drew = self.render_valid(valid)
        except ArchgenError as error:
            problems = tuple(error.problems) or tuple(checked.problems)
            return Outcome(problems=problems, failure=self.failure(error, problems))
        except OSError as error:
            return Outcome(problems=tuple(checked.problems), failure=os_error_message(error))
        self.good = rendering
        return Outcome(
            files=files,
            problems=tuple(checked.warnings),
            warnings=tuple(render.collected_warnings(rendering)),
            drew=drew,
            seconds=time.perf_counter() - began,
        )

    def failure(self, error: ArchgenError, problems: Sequence[Problem]) -> str:
        """What stopped the render: the count of located problems (the render's own message
        says nothing was written, which is always so here), else its message."""
        count = len(errors_in(problems))
        if not count:
            return error.message
        return f"{self.shown_name}: {count} {'error' if count == 1 else 'errors'}"

    def render_valid(self, valid: ValidModel) -> tuple[Rendering, dict[str, bytes], bool]:
        """`archgen render`'s in-memory steps, with the kept drawing when it still fits."""
        from archgen.resolve.view import resolve_view

        prints = render.fingerprints_for(valid, self.options)
        view = resolve_view(valid.model, valid.icon_files)
        rendering = Rendering(view, prints, render.brief_settings(valid, self.options))
        wanted = self.options.outputs
        self.current = rendering
        try:
            drew = self.draw(rendering, wanted)
            render.start_views(rendering, wanted, self.options, valid.model)
            with render.cancelled_on_failure(rendering):
                render.compile_templates(rendering)  # while Graphviz lays the diagram out
                files = render.render_outputs(rendering, wanted)
        finally:
            self.current = None
        if drew:
            self.kept = KeptDrawing(prints.diagram, rendering.drawn())
        return rendering, files, drew

    def draw(self, rendering: Rendering, wanted: Sequence[outputs.Output]) -> bool:
        """Reuse the kept drawing when its fingerprint is this render's, else start Graphviz;
        whether Graphviz runs."""
        from archgen.render.diagram.cache import ReusedDiagram

        if self.kept is not None and self.kept.fingerprint == rendering.prints.diagram:
            rendering.drawing = ReusedDiagram(self.kept.drawn)
            return False
        render.start_diagram(rendering, wanted, self.options, None)
        return rendering.drawing is not None

    def cancel(self) -> None:
        """Stop the Graphviz run of the render under way, if any (the server stops)."""
        rendering = self.current
        if rendering is not None and rendering.drawing is not None:
            rendering.drawing.cancel()
        if rendering is not None and rendering.views is not None:
            rendering.views.cancel()

    def pdf_job(self) -> tuple[PdfJob, str, list[str]] | None:
        """The last good render's PDF job, its fingerprint and its warnings; None before any
        render worked."""
        from archgen.render.brief.files import paper_warnings, pdf_job

        if self.good is None:
            return None
        rendering = self.good
        warnings = paper_warnings(rendering.svg(), rendering.brief.page_size)
        return pdf_job(rendering), rendering.prints.pdf, warnings


@dataclass(frozen=True)
class Inputs:
    """The files a render read (model, icons, templates) and the folders that may gain one:
    what the preview watches."""

    files: frozenset[Path]
    folders: frozenset[Path]  # template folders: a new file there may override a template

    @classmethod
    def of_model(cls, model_file: Path) -> Inputs:
        """Before any render worked: the model alone, and a templates/ folder beside it."""
        model = model_file.resolve()
        return cls(frozenset({model}), frozenset({model.parent / render.TEMPLATES_FOLDER}))

    @classmethod
    def of(cls, valid: ValidModel, options: render.RenderOptions) -> Inputs:
        from archgen.render.brief.template_files import (
            builtin_templates_dir,
            search_path,
            template_files,
        )

        searched = render.template_dirs_for(valid, options)
        templates = template_files(search_path(searched)).values()
        files = {valid.path.resolve(), *(p.resolve() for p in valid.icon_files.values())}
        files.update(path.resolve() for path in templates)
        folders = {folder.resolve() for folder in (*searched, builtin_templates_dir())}
        folders.add(valid.directory / render.TEMPLATES_FOLDER)
        return cls(frozenset(files), frozenset(folders))

    def covers(self, path: Path) -> bool:
        """Whether a change at `path` can change the render."""
        return path in self.files or any(
            path == folder or path.is_relative_to(folder) for folder in self.folders
        )

    def watched_folders(self) -> frozenset[Path]:
        """The folders to watch, each without its subfolders (a project folder may hold a
        virtual environment of thousands): those of the files, and the template folders
        with theirs."""
        folders = {path.parent for path in self.files}
        for folder in self.folders:
            folders.add(folder if folder.is_dir() else folder.parent)
            if folder.is_dir():
                folders.update(sub for sub in folder.rglob("*") if sub.is_dir())
        return frozenset(folder for folder in folders if folder.is_dir())
