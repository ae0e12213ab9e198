"""The `archgen` command line: thin verbs over the pipeline.

Each command imports what it needs only when it runs, so `archgen validate` never pays for
Graphviz or WeasyPrint. User mistakes become `UserError` (a `click.ClickException`): printed
without a traceback, exit status 1; usage mistakes exit 2 (click's convention).
"""

from __future__ import annotations

import dataclasses
import math
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from archgen import __version__
from archgen.commands.console import UserError, fail
from archgen.outputs import DEFAULT as DEFAULT_OUTPUTS
from archgen.outputs import NAMES as OUTPUT_NAMES

if TYPE_CHECKING:
    from archgen.problems import ArchgenError

__all__ = ["UserError", "fail", "main"]

EXPORT_FORMATS = ("drawio", "mermaid", "d2", "structurizr")  # archgen.commands.export.EXPORTS


def _model_of(_context: click.Context, _parameter: click.Parameter, path: Path) -> Path:
    """A project folder means the arch.yaml in it, as for `render` and `check`."""
    return path / "arch.yaml" if path.is_dir() else path


MODEL_ARGUMENT = click.argument(
    "model_file",
    metavar="[FILE|DIR]",
    default="arch.yaml",
    type=click.Path(path_type=Path),
    callback=_model_of,
)
FORMAT_OPTION = click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="text for people, json for tools, github for workflow annotations.",
)


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
@click.version_option(__version__, prog_name="archgen", message="%(prog)s %(version)s")
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
    help="Render and write every output even when it is fresh already (by default archgen "
    "says so and renders nothing, and leaves outputs whose bytes did not change as they are).",
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Draw the diagram and lay out the PDF again instead of reusing the output folder's "
    ".archgen-cache/ and the PDF parts kept in ~/.cache/archgen/ (both safe to delete).",
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
    from archgen.commands.render_verb import early_printer, render_batch, render_one

    with early_printer(model_paths, formats) as printer:
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
            if output_format == "text":
                for note in found.notes():
                    click.echo(note, err=True)
            # strangers' folders: their templates run only when asked for
            options = dataclasses.replace(options, own_templates=own_templates)
            render_batch(found.files, output_dir, options, strict, jobs, output_format)
        else:
            render_one(found.files[0], output_dir, options, strict, output_format, printer)


def _one_model(model_paths: tuple[Path, ...]) -> Path:
    """The one model meant: arch.yaml by default, or in a project folder."""
    if not model_paths:
        return Path("arch.yaml")
    path = model_paths[0]
    return path / "arch.yaml" if path.is_dir() else path


@main.command()
@click.argument("export_format", metavar="FORMAT", type=click.Choice(EXPORT_FORMATS))
@MODEL_ARGUMENT
@click.option(
    "-o",
    "--output",
    "output_dir",
    type=click.Path(file_okay=False),
    callback=lambda _ctx, _param, value: _named_folder(value),
    help="Folder to write into (default: output/ beside FILE).",
)
def export(export_format: str, model_file: Path, output_dir: Path | None) -> None:
    """Export FILE (default: arch.yaml) for another tool: drawio (diagram.drawio), mermaid
    (diagram.architecture.mmd), d2 (diagram.d2) or structurizr (workspace.dsl)."""
    from archgen.commands.export import export_options
    from archgen.commands.render_verb import render_one

    render_one(model_file, output_dir, export_options(export_format), False, "text")


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
    """Find icon kinds for a service's `icon:`.

    E.g. `archgen icons app runner` or `archgen icons load balancer`."""
    from archgen.icons.catalog import load_catalog

    words = " ".join(query)
    if not words.strip():
        raise UserError(
            "say what to look for, e.g. `archgen icons load balancer` or `archgen icons s3`"
        )
    found = load_catalog().search_names(words, limit=limit)
    if not found:
        raise UserError(f"no icon kind matches {words!r}; try a shorter word, e.g. a service name")
    for name in found:
        click.echo(name)


@main.command()
def lsp() -> None:
    """Run the language server for arch.yaml over stdio (started by an editor; docs/editor.md)."""
    from archgen.lsp.server import serve

    serve()


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


@main.command(name="import")
@click.argument("language", type=click.Choice(["cloudformation", "terraform"]))
@click.argument("source", type=click.Path(path_type=Path))
@click.option(
    "-o", "--output", default="arch.yaml", show_default=True, help="File to write; - prints."
)
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
def import_source(language: str, source: Path, output: str, force: bool) -> None:
    """Start arch.yaml from a CloudFormation template or a Terraform folder / show -json file."""
    from archgen.commands.import_ import run_import
    from archgen.problems import ArchgenError

    try:
        lines = run_import(language, source, None if output == "-" else Path(output), force=force)
    except ArchgenError as error:
        fail(error)
    for line in lines:
        click.echo(line, nl=not line.endswith("\n"))


@main.command()
@MODEL_ARGUMENT
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port to listen on (0: any free one).",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; another than this machine's own lets others read it.",
)
@click.option("--open", "open_browser", is_flag=True, help="Open the page in the web browser.")
@click.option(
    "--templates",
    "templates_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Folder of templates overriding the built-in ones.",
)
def serve(
    model_file: Path, port: int, host: str, open_browser: bool, templates_dir: Path | None
) -> None:
    """Preview FILE's brief in the browser at http://127.0.0.1:PORT/, redrawn on every save."""
    from archgen.commands.serve import serve_model
    from archgen.problems import ArchgenError

    try:
        serve_model(
            model_file,
            port=port,
            host=host,
            open_browser=open_browser,
            templates_dir=templates_dir,
            say=lambda line: click.echo(line),
        )
    except ArchgenError as error:
        fail(error)


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
@click.option(
    "--consistency", is_flag=True, help="Read every output back as a reader sees it; compare."
)
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
