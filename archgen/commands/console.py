"""What every verb prints for a mistake: the message and its located problems, no traceback.

User mistakes become `UserError` (a `click.ClickException`): printed without a traceback, exit
status 1; usage mistakes exit 2 (click's convention).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, NoReturn

import click

if TYPE_CHECKING:
    from archgen.problems import ArchgenError


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
