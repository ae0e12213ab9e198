"""The `archgen` command line: thin verbs over the pipeline.

Each command imports what it needs only when it runs, so `archgen validate` never pays for
Graphviz or WeasyPrint. User mistakes become `UserError` (a `click.ClickException`): printed
without a traceback, exit status 1; usage mistakes exit 2 (click's convention).
"""

from __future__ import annotations

import dataclasses
import math
import os
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TextIO

import click

from archgen import __version__
from archgen.outputs import DEFAULT as DEFAULT_OUTPUTS
from archgen.outputs import NAMES as OUTPUT_NAMES

if TYPE_CHECKING:
    from archgen.commands.render import RenderOptions
    from archgen.commands.render_many import ModelResult
    from archgen.problems import ArchgenError
    from archgen.render.brief.printer import Printer

FORMAT_OPTION = click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="text for people, json for tools, github for workflow annotations.",
)


class UserError(click.ClickException):
    """A mistake the user can fix: message and located problems, no traceback."""

    def show(self, file: object = None) -> None:
        click.echo(self.message, err=True)


def fail(error: ArchgenError, output_format: str = "text") -> NoReturn:
    """Report an ArchgenError with every problem it carries, then exit 1."""
    from archgen.validate import format_problems

    if not error.problems:
        raise UserError(error.message)
    report = format_problems(error.problems, output_format)
    if output_format != "text":
        click.echo(report, nl=not report.endswith("\n"))
        sys.exit(1)
    raise UserError(report.rstrip("\n") + "\n" + error.message)


def _named_folder(value: str | None) -> Path | None:
    """`-o ""` would otherwise become the current folder; `-o .` says so on purpose."""
    if value is None:
        return None
    if not value.strip():
        raise click.BadParameter("give a folder name, e.g. -o output")
    return Path(value)


def _finite(value: float) -> float:
    """FloatRange lets `nan` through (every comparison with it is false)."""
    if not math.isfinite(value):
        raise click.BadParameter(f"{value} is not a number of seconds")
    return value


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="archgen")
def main() -> None:
    """Architecture as code: one YAML model renders the diagram and the project brief."""


MODELS_ARGUMENT = click.argument(
    "model_paths", metavar="[FILE|DIR]...", nargs=-1, type=click.Path(path_type=Path)
)


def _several_models(model_paths: tuple[Path, ...], output_format: str) -> list[Path] | None:
    """The models of a class folder, project folders or several files; None for one file."""
    if len(model_paths) == 1 and not model_paths[0].is_dir():
        return None
    if not model_paths:
        return None
    from archgen.commands.render_many import find_models
    from archgen.problems import ArchgenError

    try:
        found = find_models(model_paths)
    except ArchgenError as error:
        fail(error, output_format)
    return found.files if found.several else None


def _batch_exit(text: str, failed: int) -> None:
    click.echo(text, nl=False)
    if failed:
        sys.exit(1)


@main.command()
@MODELS_ARGUMENT
@click.option("--strict", is_flag=True, help="Treat warnings as problems (exit 1).")
@FORMAT_OPTION
def validate(model_paths: tuple[Path, ...], strict: bool, output_format: str) -> None:
    """Check FILE (default: arch.yaml) and report every problem with its line.

    Give several files, project folders or a class folder to check them all: one summary
    line per model, exit 1 if any fails.
    """
    from archgen.commands.model import check_model_file
    from archgen.validate import format_problems

    several = _several_models(model_paths, output_format)
    if several is not None:
        from archgen.commands.batch import validate_many

        report = validate_many(several, strict=strict, fmt=output_format)
        _batch_exit(report.text, report.failed)
        return
    model_file = _one_model(model_paths)
    checked = check_model_file(model_file)
    summary = format_problems(
        checked.problems, output_format, strict=strict, data=checked.data, file=checked.file
    )
    click.echo(summary, nl=not summary.endswith("\n"))
    if checked.failed(strict=strict):
        sys.exit(1)


@main.command()
@click.argument("model_paths", metavar="[FILE|DIR]...", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    "output_dir",
    type=click.Path(file_okay=False),
    callback=lambda _ctx, _param, value: _named_folder(value),
    help="Folder for the outputs (default: output/ beside FILE); with several models, "
    "each goes into DIR/<project>/.",
)
@click.option(
    "--only",
    "formats",
    multiple=True,
    type=click.Choice(list(OUTPUT_NAMES)),
    help=f"Render only these outputs (repeatable). Default: {', '.join(DEFAULT_OUTPUTS)}.",
)
@click.option("--dot", "with_dot", is_flag=True, help="Also write the DOT source (diagram.dot).")
@click.option(
    "--templates",
    "templates_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Folder of templates overriding the built-in ones (default: templates/ beside FILE).",
)
@click.option(
    "--own-templates",
    is_flag=True,
    help="With several models: use each project's own templates/ folder (sandboxed); "
    "by default a class render uses the built-in templates (or --templates DIR).",
)
@click.option("--page-size", type=click.Choice(["A4", "Letter"]), default="A4", show_default=True)
@click.option(
    "--pdf-variant",
    type=click.Choice(["pdf/a-3b", "pdf/ua-1"]),
    help="PDF/A-3b for archiving, PDF/UA-1 for accessibility.",
)
@click.option(
    "--dot-timeout",
    type=click.FloatRange(min=0, min_open=True, max=3600),
    default=120.0,
    show_default=True,
    callback=lambda _ctx, _param, value: _finite(value),
    help="Seconds Graphviz may take (up to 3600).",
)
@click.option("--strict", is_flag=True, help="Refuse to render when there are warnings.")
@click.option(
    "--force",
    is_flag=True,
    help="Render even when every output is fresh already (by default archgen says so and "
    "renders nothing).",
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Draw the diagram again instead of reusing it from the output folder's "
    ".archgen-cache/ (safe to delete at any time).",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    help="Models rendered at once (default: one per usable core); 1 renders them one by one.",
)
@click.option(
    "--since",
    metavar="REV|FILE",
    help="Add a 'Changes since' chapter to the briefs: what changed since this git revision "
    "of the model (e.g. main, v1.0) or this model file (see `archgen diff`).",
)
@FORMAT_OPTION
def render(
    model_paths: tuple[Path, ...],
    output_dir: Path | None,
    formats: tuple[str, ...],
    with_dot: bool,
    templates_dir: Path | None,
    own_templates: bool,
    page_size: str,
    pdf_variant: str | None,
    dot_timeout: float,
    strict: bool,
    force: bool,
    no_cache: bool,
    jobs: int | None,
    since: str | None,
    output_format: str,
) -> None:
    """Render FILE (default: arch.yaml) into the diagram and the brief.

    Give several files, a project folder (holding arch.yaml) or a class folder (one project
    per subfolder) to render them all at once, each into output/ beside its model.
    """
    with _early_printer(model_paths, formats) as printer:
        from archgen.commands.render import RenderOptions
        from archgen.commands.render_many import find_models
        from archgen.problems import ArchgenError

        options = RenderOptions.from_cli(
            formats=formats,
            with_dot=with_dot,
            templates_dir=templates_dir,
            page_size=page_size,
            pdf_variant=pdf_variant,
            dot_timeout=dot_timeout,
            use_cache=not no_cache,
            force=force,
            since=since,
        )
        try:
            found = find_models(model_paths)
        except ArchgenError as error:
            fail(error, output_format)
        if found.several:
            if printer is not None:
                printer.stop()  # batch workers print their own PDFs
            # strangers' folders: their templates run only when asked for
            options = dataclasses.replace(options, own_templates=own_templates)
            _render_batch(found.files, output_dir, options, strict, jobs, output_format)
        else:
            _render_one(found.files[0], output_dir, options, strict, output_format, printer)


def _one_model(model_paths: tuple[Path, ...]) -> Path:
    """The one model meant: arch.yaml by default, or in a project folder."""
    if not model_paths:
        return Path("arch.yaml")
    path = model_paths[0]
    return path / "arch.yaml" if path.is_dir() else path


def _early_printer(
    model_paths: tuple[Path, ...], formats: tuple[str, ...]
) -> AbstractContextManager[Printer | None]:
    """The PDF's printer, started before anything else is imported when one model may want a
    PDF: WeasyPrint's half-second import then overlaps all of archgen's own work. Stopped on
    the way out (already done once its PDF came back; a batch renders without it)."""
    from archgen.render.brief.printer import Printer, stopped_after

    wanted = len(model_paths) <= 1 and (not formats or "pdf" in formats)
    return stopped_after(Printer() if wanted else None)


def _render_one(
    model_file: Path,
    output_dir: Path | None,
    options: RenderOptions,
    strict: bool,
    output_format: str,
    printer: Printer | None = None,
) -> None:
    """One model, as archgen always rendered it: its warnings, then each file written."""
    from archgen.commands.render import render_model
    from archgen.problems import ArchgenError, os_error_message

    try:
        report = render_model(model_file, output_dir, options, strict=strict, printer=printer)
    except ArchgenError as error:
        fail(error, output_format)
    except OSError as error:
        raise UserError(os_error_message(error)) from None
    if output_format != "text" and report.problems:
        from archgen.validate import format_problems

        click.echo(format_problems(report.problems, output_format), nl=False)
        report = report.without_problems()
    for line in report.lines():
        click.echo(line)


def _render_batch(
    files: list[Path],
    output_dir: Path | None,
    options: RenderOptions,
    strict: bool,
    jobs: int | None,
    output_format: str,
) -> None:
    """Several models on every core: progress on stderr, then the results grouped by model."""
    from archgen.commands.render_many import (
        format_results,
        plan_jobs,
        render_all,
        summary_line,
        usable_cores,
    )
    from archgen.problems import ArchgenError

    try:
        planned = plan_jobs(files, output_dir)
    except ArchgenError as error:
        fail(error, output_format)
    workers = jobs or usable_cores()
    finished: list[ModelResult] = []
    try:
        with _progress(len(planned)) as shown:

            def done(result: ModelResult) -> None:
                finished.append(result)
                shown(result)

            results = render_all(planned, options, strict=strict, workers=workers, done=done)
    except KeyboardInterrupt:
        left = len(planned) - len(finished)
        click.echo(f"\ninterrupted: {summary_line(finished)}, {left} not rendered", err=True)
        sys.exit(130)
    click.echo(format_results(results, output_format), nl=False)
    if any(not result.ok for result in results):
        sys.exit(1)


@contextmanager
def _progress(total: int) -> Iterator[Callable[[ModelResult], None]]:
    """A progress bar on a terminal; elsewhere (pipes, CI logs) one line per finished model."""
    from archgen.commands.render_many import progress_line

    if not wants_progress_bar(sys.stderr, os.environ):
        yield lambda result: click.echo(progress_line(result), err=True)
        return
    with click.progressbar(
        length=total, label="Rendering", file=sys.stderr, item_show_func=_shown_file
    ) as bar:
        yield lambda result: bar.update(1, result)


def _shown_file(result: ModelResult | None) -> str | None:
    return result.job.file if result else None


def wants_progress_bar(stream: TextIO, environment: Mapping[str, str]) -> bool:
    """A bar only for a person watching a terminal; CI logs and pipes get plain lines."""
    return stream.isatty() and not environment.get("CI")


@main.command()
@click.option("--markdown", is_flag=True, help="Print the model reference (docs/model.md) instead.")
@click.option(
    "--write",
    "write_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file instead of printing.",
)
def schema(markdown: bool, write_path: Path | None) -> None:
    """Print the JSON Schema of arch.yaml (draft-07, for editors)."""
    if markdown:
        from archgen.model.reference import render_reference as render_text
    else:
        from archgen.model.jsonschema import render_json_schema as render_text
    text = render_text()
    if write_path is None:
        click.echo(text, nl=False)
        return
    try:
        write_path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise UserError(f"cannot write {write_path}: {error.strerror or error}") from None
    click.echo(f"wrote {write_path}")


@main.command()
@click.argument("query", nargs=-1)
@click.option("--limit", type=click.IntRange(1, 500), default=20, show_default=True)
def icons(query: tuple[str, ...], limit: int) -> None:
    """Find icon kinds for `icon:` — e.g. `archgen icons app runner`."""
    from archgen.icons.catalog import load_catalog

    words = " ".join(query)
    found = load_catalog().search(words, limit=limit)
    if not found:
        raise UserError(f"no icon kind matches {words!r}; try a shorter word, e.g. a service name")
    for kind in found:
        click.echo(kind.kind)


@main.command()
@click.argument(
    "directory", default=".", type=click.Path(file_okay=False, path_type=Path), metavar="[DIR]"
)
def init(directory: Path) -> None:
    """Start a project in DIR: a commented arch.yaml, its schema and a .gitignore."""
    from archgen.commands.init import create_project
    from archgen.problems import ArchgenError

    try:
        lines = create_project(directory)
    except ArchgenError as error:
        fail(error)
    for line in lines:
        click.echo(line)


@main.command()
@MODELS_ARGUMENT
@click.option(
    "-o",
    "--output",
    "output_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder holding the outputs (default: output/ beside FILE); with several models, "
    "DIR/<project>/ for each.",
)
@click.option(
    "--templates",
    "templates_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="The templates folder the outputs were rendered with (default: templates/ beside FILE).",
)
@click.option("--deep", is_flag=True, help="Re-render the text outputs in memory and compare.")
@click.option("--consistency", is_flag=True, help="Read the outputs back and prove they agree.")
@click.option(
    "--since", metavar="REV|FILE", help="The outputs were rendered with `render --since` this."
)
@FORMAT_OPTION
def check(
    model_paths: tuple[Path, ...],
    output_dir: Path | None,
    templates_dir: Path | None,
    deep: bool,
    consistency: bool,
    since: str | None,
    output_format: str,
) -> None:
    """Exit 1 when an output in output/ is missing, stale or edited by hand; a stale one
    says what changed since (the model, at its line; a template; an icon; archgen).

    Give several files, project folders or a class folder to check them all.
    """
    from archgen.commands.check import run_check
    from archgen.problems import ArchgenError, os_error_message

    several = _several_models(model_paths, output_format)
    if several is not None:
        from archgen.commands.batch import check_many

        report = check_many(
            several, output_dir, fmt=output_format, deep=deep, consistency=consistency,
            templates_dir=templates_dir, since=since,
        )  # fmt: skip
        _batch_exit(report.text, report.failed)
        return
    model_file = _one_model(model_paths)
    try:
        result = run_check(
            model_file,
            output_dir,
            deep=deep,
            consistency=consistency,
            templates_dir=templates_dir,
            since=since,
        )
    except ArchgenError as error:
        fail(error, output_format)
    except OSError as error:
        raise UserError(os_error_message(error)) from None
    click.echo(result.format(output_format), nl=False)
    if not result.ok:
        sys.exit(1)


class _AfterDashes(click.Command):
    """Keeps what follows `--` apart (`archgen diff v1.0 HEAD -- arch.yaml`), as git does."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if "--" in args:
            at = args.index("--")
            ctx.meta["archgen.after_dashes"] = tuple(args[at + 1 :])
            args = args[:at]
        return super().parse_args(ctx, args)


@main.command(cls=_AfterDashes)
@click.argument("sides", metavar="OLD [NEW] [-- FILE]", nargs=-1, required=True)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "markdown", "json", "github"]),
    default="text",
    show_default=True,
    help="text for people, markdown for a pull-request comment, json for tools, github for "
    "workflow annotations.",
)
@click.pass_context
def diff(ctx: click.Context, sides: tuple[str, ...], output_format: str) -> None:
    """What changed in the model between OLD and NEW, by id (exit 1 when they differ).

    Each side is a model file or a git revision of FILE (default: arch.yaml); NEW defaults to
    FILE as it is on disk: `archgen diff main`, `archgen diff v1.0 HEAD -- arch.yaml`.
    """
    from archgen.commands.diff import run_diff
    from archgen.problems import ArchgenError

    try:
        result = run_diff(sides, ctx.meta.get("archgen.after_dashes", ()))
    except ArchgenError as error:
        _fail_with(error, 2)
    click.echo(result.format(output_format), nl=False)
    sys.exit(0 if result.diff.equal else 1)


def _fail_with(error: ArchgenError, status: int) -> NoReturn:
    """Every located problem, then the message, on stderr; exit `status`."""
    lines = [problem.format() for problem in error.problems] + [error.message]
    click.echo("\n".join(lines), err=True)
    sys.exit(status)
