"""`archgen render` of one model: every output gathered in memory, then written at once.

The render reads as its steps, each a function below that turns its own failures into an
ArchgenError the user can act on:

    load and validate → check the output folder → resolve (view, fingerprints) → start the
    diagram (Graphviz, or the render cache) → render the outputs (the PDF laid out aside while
    the HTML and Markdown briefs render here) → stage and commit (`archgen.write`) → keep the
    drawing in the cache

What the outputs are comes from `archgen.outputs`; nothing reaches the output folder until
every requested output has rendered.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from archgen import outputs
from archgen.commands.model import ValidModel, check_model_file, require_valid
from archgen.outputs import Output
from archgen.problems import ArchgenError, Problem
from archgen.render.brief.printer import Printer, stopped_after
from archgen.render.rendering import BriefSettings, Rendered, Rendering
from archgen.render.stamp import Stamp
from archgen.resolve.fingerprint import Fingerprints, compute_fingerprints

if TYPE_CHECKING:
    from archgen.model.schema import Architecture

DOT_COMMAND = "dot"
TEMPLATES_FOLDER = "templates"


@dataclass(frozen=True)
class RenderOptions:
    """What to render and how."""

    formats: tuple[str, ...] = outputs.DEFAULT  # names of `archgen.outputs.OUTPUTS`
    templates_dir: Path | None = None
    page_size: str = "A4"
    pdf_variant: str | None = None
    dot_timeout: float = 120.0
    use_cache: bool = True  # reuse the diagram and the PDF's parts laid out before
    pdf_aside: bool = True  # the PDF laid out by a worker started with the render (a free core)
    own_templates: bool = True  # a templates/ folder beside the model overrides the built-in
    force: bool = False  # render even when every requested output is fresh already
    kept_too: bool = False  # also the outputs not rendered by default that the folder keeps
    since: str | None = None  # a model file or git revision: the briefs say what changed since

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
        force: bool = False,
        since: str | None = None,
    ) -> RenderOptions:
        chosen = list(formats) or list(outputs.DEFAULT)
        if with_dot:
            chosen.append("dot")
        names = tuple(output.name for output in outputs.chosen(chosen))
        return cls(
            names, templates_dir, page_size, pdf_variant, dot_timeout, use_cache,
            force=force, kept_too=not formats, since=since,
        )  # fmt: skip

    @property
    def outputs(self) -> tuple[Output, ...]:
        return outputs.chosen(self.formats)


@dataclass(frozen=True)
class RenderedFiles:
    """Every requested output as bytes (file name → bytes), before anything is written."""

    files: dict[str, bytes]
    warnings: list[str] = field(default_factory=list)
    cache_files: dict[str, bytes] = field(default_factory=dict)  # a new render cache entry
    dropped: list[str] = field(default_factory=list)  # what the user's templates left out


@dataclass(frozen=True)
class RenderReport:
    out_dir: Path
    written: list[Path]
    warnings: list[str]
    problems: list[Problem]
    notes: list[str] = field(default_factory=list)  # e.g. which templates the brief used
    unchanged: list[Path] = field(default_factory=list)  # rendered to the bytes already there
    removed: list[Path] = field(default_factory=list)  # files of views the model no longer has

    def without_problems(self) -> RenderReport:
        """The report once its validation warnings were printed in another format."""
        return dataclasses.replace(self, problems=[])

    def lines(self) -> list[str]:
        shown = [f"note: {note}" for note in self.notes]
        shown += [p.format() for p in self.problems]
        shown += [f"warning: {w}" for w in self.warnings]
        shown += [f"wrote {path}" for path in self.written]
        shown += [f"unchanged {path}" for path in self.unchanged]
        shown += [f"removed {path}" for path in self.removed]
        return shown


def render_model(
    model_file: Path,
    output_dir: Path | None,
    options: RenderOptions,
    *,
    strict: bool = False,
    printer: Printer | None = None,
) -> RenderReport:
    """Validate, render every requested output in memory, then write them all at once.

    `printer` lays out the PDF, started by the caller even earlier; without one it starts
    here, so that WeasyPrint loads while the model is checked. It is stopped however the
    render ends.
    """
    with stopped_after(printer or printer_for(options)) as printer:
        valid = load_and_validate(model_file, strict)
        out_dir = output_folder(valid, output_dir)
        options = with_kept_outputs(options, out_dir)
        changelog = changelog_of(valid, options)
        prints = fingerprints_for(valid, options, changelog)
        if not options.force and up_to_date(out_dir, options, prints):
            note = f"{out_dir} is up to date: nothing rendered (--force renders anyway)"
            return RenderReport(out_dir, [], [], valid.warnings, [note])
        if printer is not None:
            printer.warm_up()  # it will print: WeasyPrint loads while the rest renders
        cache_dir = cache_folder_of(out_dir, options)
        rendered = render_in_memory(
            valid, options, cache_dir=cache_dir, printer=printer, prints=prints,
            changelog=changelog,
        )  # fmt: skip
    if strict and rendered.dropped:
        raise ArchgenError(f"{valid.file}: under --strict, {'; '.join(rendered.dropped)}; "
                           "nothing was written")  # fmt: skip
    files = with_record(out_dir, options, rendered.files, prints)
    changed = files if options.force else changed_files(out_dir, files)
    gone = stray_files(out_dir, options.outputs, prints.views)
    written = stage_and_commit(out_dir, changed, gone)
    keep_in_cache(cache_dir, rendered.cache_files)
    notes = [note for note in [templates_note(valid, options)] if note]
    unchanged = [out_dir / name for name in sorted(set(rendered.files) - set(changed))]
    removed = [out_dir / name for name in gone]
    return RenderReport(
        out_dir, written, rendered.warnings, valid.warnings, notes, unchanged, removed
    )


def printer_for(options: RenderOptions) -> Printer | None:
    """The PDF's printer, when a PDF is asked for: a worker unless `options.pdf_aside` is off."""
    return Printer(aside=options.pdf_aside) if "pdf" in options.formats else None


# ---- the steps ---------------------------------------------------------------------------------


def load_and_validate(model_file: Path, strict: bool) -> ValidModel:
    """The typed model, or an ArchgenError with every problem found."""
    return require_valid(check_model_file(model_file), strict=strict)


def output_folder(valid: ValidModel, output_dir: Path | None) -> Path:
    """`output/` beside the model unless told otherwise; never the model's own folder."""
    from archgen.write import check_output_folder

    out_dir = output_dir if output_dir is not None else valid.path.parent / "output"
    check_output_folder(valid.path.parent, out_dir)
    return out_dir


def with_kept_outputs(options: RenderOptions, out_dir: Path) -> RenderOptions:
    """A plain render also refreshes the outputs the project keeps that are not rendered by
    default (`diagram.dot`, `diagram.mmd`): `archgen check` expects them once they exist."""
    if not options.kept_too:
        return options
    kept = [o.name for o in outputs.OUTPUTS if not o.default and (out_dir / o.file).is_file()]
    names = tuple(o.name for o in outputs.chosen([*options.formats, *kept]))
    return dataclasses.replace(options, formats=names)


def up_to_date(out_dir: Path, options: RenderOptions, prints: Fingerprints) -> bool:
    """Whether every requested output is in `out_dir`, as archgen wrote it, with the
    fingerprint the model gives now: rendering again would write the same bytes."""
    from archgen.check.freshness import check_one

    if not out_dir.is_dir():
        return False
    return all(
        check_one(out_dir, output, getattr(prints, output.covers), name).status == "fresh"
        for output in options.outputs
        for name in output.files(prints.views)
    ) and not stray_files(out_dir, options.outputs, prints.views)


def cache_folder_of(out_dir: Path, options: RenderOptions) -> Path | None:
    from archgen.render.diagram.cache import cache_folder

    return cache_folder(out_dir) if options.use_cache else None


def render_in_memory(
    valid: ValidModel,
    options: RenderOptions,
    *,
    cache_dir: Path | None = None,
    printer: Printer | None = None,
    prints: Fingerprints | None = None,
    changelog: dict[str, Any] | None = None,
) -> RenderedFiles:
    """Every requested output as bytes, sealed with its fingerprint (`prints`, computed here
    unless the caller has them); nothing written. `changelog`: see `changelog_of`."""
    from archgen.check.templates import dropped_by_templates
    from archgen.resolve.view import resolve_view

    view = resolve_view(valid.model, valid.icon_files, changelog)
    prints = prints or fingerprints_for(valid, options, changelog)
    rendering = Rendering(view, prints, brief_settings(valid, options))
    rendering.printer = printer
    wanted = options.outputs
    key = start_diagram(rendering, wanted, options, cache_dir)
    start_views(rendering, wanted, options, valid.model, cache_dir)
    with cancelled_on_failure(rendering):
        if any(output.covers != "diagram" for output in wanted):
            compile_templates(rendering)  # while Graphviz lays the diagram out
        files = render_outputs(rendering, wanted)
    dropped = dropped_by_templates(rendering, files)
    warnings = [*collected_warnings(rendering), *dropped]
    return RenderedFiles(files, warnings, cache_entry(rendering, key), dropped)


def start_diagram(
    rendering: Rendering, wanted: Sequence[Output], options: RenderOptions, cache: Path | None
) -> str | None:
    """Start Graphviz (or take the drawing from the cache) when an output needs the drawing;
    the drawing's cache key, when it may be kept."""
    if not any(output.drawn for output in wanted):
        return None  # Markdown alone only links to the diagram
    from archgen.render.diagram.cache import reuse_or_draw
    from archgen.resolve.collapse import overview

    formats = ["svg", *(["png"] if any(o.name == "png" for o in wanted) else [])]
    drawing, key = reuse_or_draw(
        overview(rendering.view), formats, cache, timeout=options.dot_timeout, command=DOT_COMMAND
    )
    rendering.drawing = drawing
    return key


def start_views(
    rendering: Rendering,
    wanted: Sequence[Output],
    options: RenderOptions,
    model: Architecture,
    cache: Path | None = None,
) -> None:
    """Start drawing the views (one Graphviz run for them all) when an output shows them."""
    if not any(output.views for output in wanted):
        return
    from archgen.render.diagram.graphviz import Deadline
    from archgen.render.diagram.views import ViewsJob
    from archgen.resolve.views import all_views, view_specs

    views = all_views(rendering.view, view_specs(model))
    formats = ["svg", *(["png"] if any(o.name == "views-png" for o in wanted) else [])]
    deadline = Deadline(options.dot_timeout)
    rendering.views = ViewsJob(views, formats, deadline, command=DOT_COMMAND, cache=cache)


def compile_templates(rendering: Rendering) -> None:
    from archgen.render.brief.environment import compile_templates, make_environment

    compile_templates(make_environment(rendering.brief.template_dirs))


def render_outputs(rendering: Rendering, wanted: Sequence[Output]) -> dict[str, bytes]:
    """Each output rendered and sealed: those laid out aside start first, finish last."""
    started: dict[Output, Rendered] = {}
    for output in outputs.start_order(wanted):
        started[output] = output.render(rendering)
    files: dict[str, bytes] = {}
    for output in wanted:
        value = started[output]
        fingerprint = getattr(rendering.prints, output.covers)
        if isinstance(value, Mapping):  # a family of files, one per view
            files.update(
                {name: output.stamping.seal(data, fingerprint) for name, data in value.items()}
            )
            continue
        data = value if isinstance(value, bytes) else value()
        files[output.file] = output.stamping.seal(data, fingerprint)
    return files


@contextlib.contextmanager
def cancelled_on_failure(rendering: Rendering) -> Iterator[None]:
    """Stop whatever Graphviz still runs when a render fails (the printer stops with it)."""
    try:
        yield
    except BaseException:
        if rendering.drawing is not None:
            rendering.drawing.cancel()
        if rendering.views is not None:
            rendering.views.cancel()
        raise


def collected_warnings(rendering: Rendering) -> list[str]:
    drawn = rendering.drawn().warnings if rendering.drawing is not None else []
    views = rendering.views.result().warnings if rendering.views is not None else []
    return [*drawn, *views, *rendering.warnings]


def cache_entry(rendering: Rendering, key: str | None) -> dict[str, bytes]:
    """The files that keep a freshly drawn diagram in the cache (none for a reused one)."""
    from archgen.render.diagram.cache import new_entry

    views = rendering.views.cache_entries() if rendering.views is not None else {}
    if key is None or rendering.drawing is None:
        return views
    return {**new_entry(key, rendering.drawing), **views}


def changed_files(out_dir: Path, files: dict[str, bytes]) -> dict[str, bytes]:
    """The outputs whose bytes differ from the file already there: the others are left as
    they are (their dates too, so what watches the folder sees no change)."""
    return {name: data for name, data in files.items() if not _holds(out_dir / name, data)}


def _holds(path: Path, data: bytes) -> bool:
    try:
        return (
            not path.is_symlink()
            and path.stat().st_size == len(data)
            and (path.read_bytes() == data)
        )
    except OSError:
        return False


def stage_and_commit(
    out_dir: Path, files: dict[str, bytes], gone: Sequence[str] = ()
) -> list[Path]:
    """Every output staged in full, then all named at once, and the files of views that are
    gone removed (`archgen.write`)."""
    from archgen.resolve.record import RECORD_FILE
    from archgen.write import write_outputs

    written = write_outputs(out_dir, files, remove=gone)
    return [path for path in written if path.name != RECORD_FILE]


def stray_files(out_dir: Path, chosen: Sequence[Output], view_ids: Sequence[str]) -> list[str]:
    """The files of the chosen families of view files that no view of the model has now."""
    from archgen.check.freshness import family_files

    found = []
    for output in chosen:
        current = set(output.files(view_ids))
        found += [name for name in family_files(out_dir, output) if name not in current]
    return found


def with_record(
    out_dir: Path, options: RenderOptions, files: dict[str, bytes], prints: Fingerprints
) -> dict[str, bytes]:
    """The outputs and the inputs record beside them (`archgen.resolve.record`), which keeps
    the earlier renders of the outputs this render leaves as they are."""
    from archgen.resolve.record import RECORD_FILE, read_renders, record_bytes

    left = [
        (o, name)
        for o in outputs.OUTPUTS
        if o not in options.outputs
        for name in o.files(prints.views)
        if (out_dir / name).is_file()
    ]
    stamps = {stamp.fingerprint for stamp in (_stamp_of(o, out_dir, n) for o, n in left) if stamp}
    kept = [r for r in read_renders(out_dir) if stamps & set(r["fingerprints"])] if stamps else []
    return {**files, RECORD_FILE: record_bytes(prints, kept)}


def _stamp_of(output: Output, out_dir: Path, name: str) -> Stamp | None:
    try:
        return output.stamping.read((out_dir / name).read_bytes())
    except OSError:
        return None


def keep_in_cache(folder: Path | None, files: dict[str, bytes]) -> None:
    """Keep a new cache entry, after the outputs: a cache that cannot be written is skipped."""
    from archgen.render.diagram.cache import store

    if folder is not None and files:
        store(folder, files)


# ---- what the render is given ------------------------------------------------------------------


def brief_settings(valid: ValidModel, options: RenderOptions) -> BriefSettings:
    return BriefSettings(
        template_dirs=template_dirs_for(valid, options),
        model_file=valid.path.name,
        model_source=valid.document.text.encode("utf-8"),
        page_size=options.page_size,
        pdf_variant=options.pdf_variant,
        source_date_epoch=os.environ.get("SOURCE_DATE_EPOCH"),
        use_cache=options.use_cache,
    )


def template_dirs_for(valid: ValidModel, options: RenderOptions) -> tuple[Path, ...]:
    """--templates, else a templates/ folder beside the model (unless a class render left
    projects' own templates out), else none (built-in only)."""
    from archgen.render.brief.template_files import builtin_templates_dir

    if options.templates_dir is not None:
        return (options.templates_dir,)
    beside = valid.directory / TEMPLATES_FOLDER
    if not options.own_templates or not beside.is_dir():
        return ()
    return () if beside.resolve() == builtin_templates_dir().resolve() else (beside,)


def changelog_of(valid: ValidModel, options: RenderOptions) -> dict[str, Any] | None:
    """`--since`: what changed since that file or revision, as the brief templates get it."""
    if options.since is None:
        return None
    from archgen.commands.diff import changelog_for

    return changelog_for(options.since, valid).as_context()


def fingerprints_for(
    valid: ValidModel, options: RenderOptions, changelog: dict[str, Any] | None = None
) -> Fingerprints:
    """What the outputs of this model with these options must carry to be fresh (the
    changelog of `--since` included: the briefs show it)."""
    from archgen.render.brief.template_files import search_path, template_files

    templates = template_files(search_path(template_dirs_for(valid, options)))
    return compute_fingerprints(
        valid.model,
        icon_files=valid.icon_files,
        template_files=templates,
        model_name=valid.path.name,
        model_text=valid.document.text,
        changelog=changelog,
    )


def templates_note(valid: ValidModel, options: RenderOptions) -> str:
    """Which templates the brief came from, when not only the built-in ones."""
    folders = template_dirs_for(valid, options)
    beside = Path(valid.path).parent / TEMPLATES_FOLDER
    if not folders:
        if beside.is_dir() and not options.own_templates:
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
    from archgen.render.brief.template_files import search_path, template_files

    files = template_files(search_path((folder,)))
    return [name for name, path in files.items() if path.is_relative_to(folder)]
