"""What `archgen render` does at the terminal: one model with its report, or a class of models
with a progress bar and the results grouped by model."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import click

from archgen.commands.console import UserError, fail

if TYPE_CHECKING:
    from archgen.commands.render import RenderOptions
    from archgen.commands.render_many import ModelResult
    from archgen.render.brief.printer import Printer


def early_printer(
    model_paths: tuple[Path, ...], formats: tuple[str, ...]
) -> AbstractContextManager[Printer | None]:
    """The PDF's printer, started before anything else is imported when one model may want a
    PDF; its workers load WeasyPrint once the render knows it will print (`render_model`), and
    that half-second import overlaps the rest of archgen's work. Stopped on the way out
    (already done once its PDF came back; a batch renders without it)."""
    from archgen.render.brief.printer import Printer, stopped_after

    wanted = len(model_paths) <= 1 and (not formats or "pdf" in formats)
    return stopped_after(Printer(warm=False) if wanted else None)


def render_one(
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


def render_batch(
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
        with progress(len(planned)) as shown:

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
def progress(total: int) -> Iterator[Callable[[ModelResult], None]]:
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
