"""`archgen render`: model file → every output, gathered in memory, then written at once.

load → validate → resolve → render diagram → render brief → stamp → write. Nothing reaches
the output folder until every requested output has rendered.
"""

from __future__ import annotations

import contextlib
import datetime
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from archgen.cache import (
    CachedDiagram,
    cache_folder,
    diagram_entry,
    diagram_key,
    load_diagram,
    missing_markers,
    prune,
)
from archgen.pipeline import ValidModel, check_model_file, require_valid
from archgen.printer import PdfJob, Printer, start_printer, stopped_after
from archgen.problems import ArchgenError, Problem
from archgen.render.diagram import DiagramJob, DiagramResult, start_diagram
from archgen.render.diagram.dot import LAYOUTS, build_dot, icon_names
from archgen.render.diagram.svg import is_plain_drawing
from archgen.render.stamp import seal_text, stamp_brief, stamp_png
from archgen.resolve.fingerprint import Fingerprints, compute_fingerprints
from archgen.resolve.view import RenderView, resolve_view
from archgen.validate.images import is_png

OUTPUT_FILES = {
    "svg": "diagram.svg",
    "png": "diagram.png",
    "dot": "diagram.dot",
    "html": "brief.html",
    "pdf": "brief.pdf",
    "md": "brief.md",
}
DEFAULT_FORMATS = ("svg", "png", "pdf", "html", "md")
DOT_COMMAND = "dot"
TEMPLATES_FOLDER = "templates"
LAST_EPOCH = 253_402_300_799  # 9999-12-31 23:59:59 UTC, the last second a PDF date can hold
DRAWN = ("svg", "png", "dot", "html", "pdf")  # the formats that need Graphviz's drawing


@dataclass(frozen=True)
class RenderOptions:
    """What to render and how."""

    formats: tuple[str, ...] = DEFAULT_FORMATS
    templates_dir: Path | None = None
    page_size: str = "A4"
    pdf_variant: str | None = None
    dot_timeout: float = 120.0
    use_cache: bool = True  # reuse a diagram drawn before from the output folder's cache
    own_templates: bool = True  # a templates/ folder beside the model overrides the built-in
    pdf_aside: bool = True  # the PDF laid out by a child started with the render (a free core)

    @classmethod
    def from_cli(
        cls,
        *,
        formats: Sequence[str],
        with_dot: bool,
        templates_dir: Path | None,
        page_size: str,
        pdf_variant: str | None,
        dot_timeout: float,
        use_cache: bool = True,
    ) -> RenderOptions:
        chosen = tuple(formats) or DEFAULT_FORMATS
        if with_dot and "dot" not in chosen:
            chosen = (*chosen, "dot")
        ordered = tuple(f for f in OUTPUT_FILES if f in chosen)
        return cls(ordered, templates_dir, page_size, pdf_variant, dot_timeout, use_cache)


@dataclass(frozen=True)
class Rendered:
    files: dict[str, bytes]
    warnings: list[str] = field(default_factory=list)
    cache_files: dict[str, bytes] = field(default_factory=dict)  # a new render cache entry


@dataclass(frozen=True)
class BuildReport:
    out_dir: Path
    written: list[Path]
    warnings: list[str]
    problems: list[Problem]
    notes: list[str] = field(default_factory=list)  # e.g. which templates the brief used

    def without_problems(self) -> BuildReport:
        """The report once its validation warnings were printed in another format."""
        return BuildReport(self.out_dir, self.written, self.warnings, [], self.notes)

    def lines(self) -> list[str]:
        shown = [f"note: {note}" for note in self.notes]
        shown += [p.format() for p in self.problems]
        shown += [f"warning: {w}" for w in self.warnings]
        shown += [f"wrote {path}" for path in self.written]
        return shown


def build_outputs(
    model_file: Path,
    output_dir: Path | None,
    options: RenderOptions,
    *,
    strict: bool = False,
    printer: Printer | None = None,
) -> BuildReport:
    """Validate, render every requested output in memory, then write them all atomically.

    `printer` is the PDF's, started by the caller even earlier; it is stopped if the render
    fails. Without one, it starts here: WeasyPrint loads while the model is checked.
    """
    with stopped_after(printer if printer is not None else printer_for(options)) as printer:
        valid = require_valid(check_model_file(model_file), strict=strict)
        out_dir = output_dir if output_dir is not None else model_file.parent / "output"
        from archgen.write import check_output_folder

        check_output_folder(model_file.parent, out_dir)
        cache_dir = cache_folder(out_dir) if options.use_cache else None
        rendered = render_files(valid, options, cache_dir=cache_dir, printer=printer)
    from archgen.write import write_outputs

    written = write_outputs(out_dir, rendered.files)
    if cache_dir is not None:
        store_in_cache(cache_dir, rendered.cache_files)
    notes = [note for note in [templates_note(valid, options)] if note]
    return BuildReport(out_dir, written, rendered.warnings, valid.warnings, notes)


def printer_for(options: RenderOptions) -> Printer | None:
    """The PDF's printer, when a PDF is asked for: a child unless `options.pdf_aside` is off."""
    return start_printer(aside=options.pdf_aside) if "pdf" in options.formats else None


def store_in_cache(folder: Path, files: dict[str, bytes]) -> None:
    """Keep a new cache entry, after the outputs: a cache that cannot be written is skipped."""
    if not files or folder.is_symlink():
        return  # a link could lead out of the output folder
    from archgen.write import write_outputs

    with contextlib.suppress(ArchgenError, OSError):
        write_outputs(folder, {**missing_markers(folder), **files})
        prune(folder)


def template_dirs_for(valid: ValidModel, options: RenderOptions) -> tuple[Path, ...]:
    """--templates, else a templates/ folder beside the model (unless a class render left
    projects' own templates out), else none (built-in only)."""
    if options.templates_dir is not None:
        return (options.templates_dir,)
    beside = valid.directory / TEMPLATES_FOLDER
    return (beside,) if options.own_templates and beside.is_dir() else ()


def templates_note(valid: ValidModel, options: RenderOptions) -> str:
    """Which templates the brief came from, when not only the built-in ones."""
    folders = template_dirs_for(valid, options)
    beside = Path(valid.path).parent / TEMPLATES_FOLDER
    if not folders:
        if beside.is_dir():
            return (
                f"{beside}/ not used: a class render uses the built-in templates; "
                "--own-templates uses each project's own (sandboxed)"
            )
        return ""
    folder = folders[0]
    shown = beside if folder == valid.directory / TEMPLATES_FOLDER else folder
    names = sorted(name for name in _user_templates(folder) if name.endswith(".j2"))
    listed = ", ".join(names) if names else "no .j2 files"
    return f"templates: {listed} from {shown}/ (sandboxed), the rest built-in"


def _user_templates(folder: Path) -> list[str]:
    from archgen.render.brief.environment import make_environment, template_files

    files = template_files(make_environment((folder,)))
    return [name for name, path in files.items() if path.is_relative_to(folder)]


def fingerprints_for(valid: ValidModel, options: RenderOptions) -> Fingerprints:
    """What the outputs of this model with these options must carry to be fresh."""
    from archgen.render.brief.environment import make_environment, template_files

    templates = template_files(make_environment(template_dirs_for(valid, options)))
    return compute_fingerprints(
        valid.model,
        icon_files=valid.icon_files,
        template_files=templates,
        model_name=valid.path.name,
        model_text=valid.document.text,
    )


def _compile_templates(valid: ValidModel, options: RenderOptions) -> None:
    from archgen.render.brief.environment import compile_templates, make_environment

    compile_templates(make_environment(template_dirs_for(valid, options)))


def render_files(
    valid: ValidModel,
    options: RenderOptions,
    *,
    cache_dir: Path | None = None,
    printer: Printer | None = None,
) -> Rendered:
    """Every requested output as bytes, stamped with its fingerprint; nothing written.

    Graphviz lays the diagram out while `printer` (started here if not given) loads WeasyPrint;
    the PNG is drawn and the HTML and Markdown briefs rendered while it lays out the PDF. A
    diagram found in `cache_dir` is not drawn at all.
    """
    with stopped_after(printer if printer is not None else printer_for(options)) as printer:
        return _render_files(valid, options, cache_dir, printer)


def _render_files(
    valid: ValidModel, options: RenderOptions, cache_dir: Path | None, printer: Printer | None
) -> Rendered:
    view = resolve_view(valid.model, valid.icon_files)
    if not any(fmt in options.formats for fmt in DRAWN):  # Markdown only links the drawing
        prints = fingerprints_for(valid, options)
        return Rendered(_render_brief(valid, view, b"", options, prints, printer))
    diagram, key = _start_diagram(view, options, cache_dir)
    try:
        fingerprints = fingerprints_for(valid, options)
        _compile_templates(valid, options)  # while Graphviz lays the diagram out
        svg = seal_text(_stamp_svg(diagram.svg(), fingerprints.diagram))
        files = _render_brief(valid, view, svg, options, fingerprints, printer)
        drawn = diagram.result()
    except BaseException:
        diagram.cancel()
        raise
    files.update(_diagram_files(drawn, svg, options, fingerprints))
    entry: dict[str, bytes] = {}
    if isinstance(diagram, DiagramJob) and key is not None:
        entry = diagram_entry(key, CachedDiagram(drawn.dot, drawn.files, drawn.warnings))
    return Rendered(files, [*drawn.warnings, *_brief_warnings(svg, options)], entry)


def _brief_warnings(svg: bytes, options: RenderOptions) -> list[str]:
    from archgen.render.brief.html import MIN_PAPER_SCALE, paper_scale

    scale = paper_scale(svg) if "pdf" in options.formats else 1.0
    if scale >= MIN_PAPER_SCALE:
        return []
    return [
        f"brief.pdf shows no diagram: on a page it would be shown at {scale:.1%} of "
        "its size, too small to read; diagram.svg and brief.html have it"
    ]


def _start_diagram(
    view: RenderView, options: RenderOptions, cache_dir: Path | None
) -> tuple[DiagramJob | ReusedDiagram, str | None]:
    """The cached diagram when there is one, else a Graphviz run started now; and its key."""
    wanted = [f for f in ("svg", "png") if f == "svg" or f in options.formats]
    key = None
    if cache_dir is not None:
        key = diagram_key(build_dot(view), icon_names(view), wanted, DOT_COMMAND)
        cached = load_diagram(cache_dir, key)
        if cached is not None and is_trusted(cached, view, wanted):
            return ReusedDiagram(DiagramResult(cached.dot, cached.files, cached.warnings)), key
    job = start_diagram(view, formats=wanted, timeout=options.dot_timeout, dot_command=DOT_COMMAND)
    return job, key


def is_trusted(cached: CachedDiagram, view: RenderView, formats: Sequence[str]) -> bool:
    """Whether a cache entry is what archgen itself would draw for this view.

    The cache sits in a folder others can write to (a cloned repository may carry one), and its
    SVG goes into the brief: only a plain drawing of one of this view's own layouts, a real PNG
    and printable warnings are taken.
    """
    return (
        sorted(cached.files) == sorted(formats)
        and cached.dot in {build_dot(view, layout=layout) for layout in LAYOUTS}
        and is_plain_drawing(cached.files["svg"])
        and ("png" not in cached.files or is_png(cached.files["png"]))
        and all(warning.isprintable() for warning in cached.warnings)
    )


@dataclass(frozen=True)
class ReusedDiagram:
    """A diagram read from the render cache, in the shape of a Graphviz run."""

    drawn: DiagramResult

    def svg(self) -> bytes:
        return self.drawn.files["svg"]

    def result(self) -> DiagramResult:
        return self.drawn

    def cancel(self) -> None:
        """Nothing runs."""


def _diagram_files(
    drawn: DiagramResult, svg: bytes, options: RenderOptions, fingerprints: Fingerprints
) -> dict[str, bytes]:
    """The diagram outputs asked for, each stamped with the diagram's fingerprint."""
    stamped = {"svg": svg, "dot": seal_text(f"// {fingerprints.diagram}\n{drawn.dot}".encode())}
    if "png" in drawn.files:
        stamped["png"] = stamp_png(drawn.files["png"], fingerprints.diagram)
    return {OUTPUT_FILES[f]: data for f, data in stamped.items() if f in options.formats}


def _stamp_svg(svg: bytes, fingerprint: str) -> bytes:
    """Record the fingerprint in the SVG's <metadata>, right after its <desc> or root tag."""
    metadata = f'<metadata id="archgen-fingerprint">{fingerprint}</metadata>'.encode()
    anchor = svg.find(b"</desc>")
    if anchor >= 0:
        anchor += len(b"</desc>")
    else:
        anchor = svg.index(b">", svg.index(b"<svg")) + 1
    return svg[:anchor] + metadata + svg[anchor:]


def _render_brief(
    valid: ValidModel,
    view: RenderView,
    svg: bytes,
    options: RenderOptions,
    prints: Fingerprints,
    printer: Printer | None,
) -> dict[str, bytes]:
    """The brief's files: the PDF's HTML goes to `printer`, then HTML and Markdown render here."""
    if printer is None:
        return _render_text_briefs(valid, view, svg, options, prints)
    printer.submit(pdf_job(valid, view, svg, options, prints.pdf))
    files = _render_text_briefs(valid, view, svg, options, prints)
    files["brief.pdf"] = printer.result()
    return files


def _render_text_briefs(
    valid: ValidModel, view: RenderView, svg: bytes, options: RenderOptions, prints: Fingerprints
) -> dict[str, bytes]:
    from archgen.render.brief.html import render_html
    from archgen.render.brief.markdown import render_markdown

    dirs = template_dirs_for(valid, options)
    files: dict[str, bytes] = {}
    if "html" in options.formats:
        html = render_html(
            view,
            diagram_svg=svg,
            template_dirs=dirs,
            fingerprint=prints.brief,
            model_file=valid.path.name,
        )
        files["brief.html"] = stamp_brief(html.encode(), prints.brief)
    if "md" in options.formats:
        text = render_markdown(
            view, template_dirs=dirs, fingerprint=prints.brief, model_file=valid.path.name
        )
        files["brief.md"] = stamp_brief(text.encode(), prints.brief)
    return files


def pdf_job(
    valid: ValidModel, view: RenderView, svg: bytes, options: RenderOptions, fingerprint: str
) -> PdfJob:
    """The PDF's HTML rendered from the view, with the model's metadata."""
    from archgen.render.brief.html import render_html

    html = render_html(
        view,
        diagram_svg=svg,
        medium="pdf",
        template_dirs=template_dirs_for(valid, options),
        fingerprint=fingerprint,
        model_file=valid.path.name,
    )
    project = valid.model.project
    return PdfJob(
        html,
        title=project.title,
        authors=tuple(project.authors),
        keywords=tuple(project.keywords),
        description=project.subtitle or "",
        created=document_date(valid),
        page_size=options.page_size,
        variant=options.pdf_variant,
        attachment=(valid.path.name, valid.document.text.encode("utf-8")),
        fingerprint=fingerprint,
    )


def document_date(valid: ValidModel) -> datetime.datetime:
    """The model's date, else SOURCE_DATE_EPOCH, else the Unix epoch: never the clock."""
    if valid.model.project.date is not None:
        day = valid.model.project.date
        return datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "0")
    try:
        seconds = int(epoch)
    except ValueError:
        raise ArchgenError(f"SOURCE_DATE_EPOCH must be whole seconds, not {epoch!r}") from None
    if not 0 <= seconds <= LAST_EPOCH:
        raise ArchgenError(
            f"SOURCE_DATE_EPOCH {seconds} is out of range: give seconds since 1970 from 0 to "
            f"{LAST_EPOCH} (9999-12-31), e.g. `git log -1 --format=%ct`"
        )
    return datetime.datetime.fromtimestamp(seconds, tz=datetime.UTC)
