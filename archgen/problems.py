"""Problems found in a model, located in its file, and the error that carries them to the CLI.

Every user mistake becomes a `Problem`; the pipeline gathers them all before reporting, so a
student sees every error at once, each pointing at its line.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One located finding: `arch.yaml:12:7: error[AG201] flows[0].steps[2].to: message`.

    Column 0 means the whole line (a template mistake whose place on its line is unclear)."""

    file: str
    line: int
    column: int
    code: str
    message: str
    path: str = ""
    severity: Severity = "error"
    hint: str = field(default="", compare=False)

    def format(self) -> str:
        """The one-line text form, the way compilers print it."""
        where = f"{self.file}:{self.line}" + (f":{self.column}" if self.column else "")
        subject = f" {self.path}:" if self.path else ""
        hint = f" — {self.hint}" if self.hint else ""
        return visible(f"{where}: {self.severity}[{self.code}]{subject} {self.message}{hint}")


def visible(text: str, keep: str = "") -> str:
    """Control and invisible format characters (but those in `keep`) as `\\u202e` escapes: a
    value quoted in a message must not reorder, hide or restyle the line it is printed on."""
    return "".join(
        f"\\u{ord(char):04x}"
        if unicodedata.category(char) in ("Cc", "Cf") and char not in keep
        else char
        for char in text
    )


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Order problems as they appear in the file, errors before warnings on the same spot;
    within a file its syntax errors (the loader's AG0xx) first, as the cause to fix first."""
    return sorted(
        problems,
        key=lambda p: (p.file, not is_syntax(p), p.line, p.column, p.severity, p.code, p.path),
    )


def is_syntax(problem: Problem) -> bool:
    """A problem the loader found reading the YAML (AG0xx), not one of the model's content."""
    return problem.code.startswith("AG0")


def errors_in(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


def warnings_in(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "warning"]


def format_path(parts: Iterable[str | int]) -> str:
    """Render a path like ('flows', 0, 'steps', 2, 'to') as `flows[0].steps[2].to`."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


class ArchgenError(Exception):
    """A failure the user can fix; the CLI prints it without a traceback.

    The CLI turns it into a `click.ClickException`; the pipeline itself never imports click.
    """

    exit_code = 1

    def __init__(self, message: str, problems: Iterable[Problem] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.problems = sort_problems(problems)

    def __reduce__(self) -> tuple[type[ArchgenError], tuple[str, list[Problem]]]:
        """Whole when it travels from a worker process, problems included."""
        return type(self), (self.message, self.problems)


def os_error_message(error: OSError) -> str:
    """A file-system failure the user can act on, e.g. a folder without permission."""
    where = f"{error.filename}: " if error.filename else ""
    return f"{where}{error.strerror or error}; check the path and its permissions"
