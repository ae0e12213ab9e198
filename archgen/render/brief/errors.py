"""A template's mistakes as located problems: `templates/brief.md.j2:7: error[AG403] …`.

Jinja rewrites tracebacks so that the frames of compiled templates carry the template's file
and line; the innermost such frame is where the mistake is. Errors met outside any template
line (a file refused by the loader, the output growing past its bound) point at line 1 of the
template being rendered. The column is found in the template's line (`columns.py`): where the
undefined name, unknown filter or unexpected token is written; the line alone when unclear.
"""

from __future__ import annotations

import traceback
from pathlib import Path
from types import TracebackType

import jinja2
import jinja2.exceptions

from archgen.problems import Problem
from archgen.render.brief.columns import error_column, source_line
from archgen.render.brief.sandbox import TemplateFileError, TemplateLimitError
from archgen.validate import codes

HINTS = {
    codes.TEMPLATE_SYNTAX: "compare with the built-in template of the same name",
    codes.TEMPLATE_UNDEFINED: "templates are given view, project, outline, fingerprint, "
    "model_file and archgen_version; see the built-in templates for what each holds",
    codes.TEMPLATE_UNSAFE: "templates run in a sandbox: use the brief's data and archgen's "
    "filters, not Python internals",
    codes.TEMPLATE_LIMIT: "a template may not loop without end or build huge values",
    codes.TEMPLATE_NOT_FOUND: "name a template of your templates folder or a built-in one, "
    "relative to its folder, e.g. 'base.html.j2'",
    codes.TEMPLATE_FILE: "keep templates as UTF-8 files inside the templates folder",
}


def template_problem(error: BaseException, name: str) -> Problem:
    """The located problem for an error raised while rendering template `name` (its file,
    where known: the place to point at when the error has no template line of its own)."""
    code = error_code(error)
    file, line, block = error_location(error, name)
    text = error_message(error, code)
    column = error_column(text, source_line(file, line, _source(error)))
    message = text + (f" (in {block})" if block else "")
    return Problem(shown_path(file), line, column, code, message, hint=HINTS.get(code, ""))


def _source(error: BaseException) -> str | None:
    """The template text Jinja kept with a syntax error, if any."""
    return getattr(error, "source", None) if isinstance(error, jinja2.TemplateSyntaxError) else None


def error_code(error: BaseException) -> str:
    """AG401 … AG407, by what kind of mistake `error` is."""
    if isinstance(error, jinja2.TemplateSyntaxError):
        return codes.TEMPLATE_SYNTAX
    if isinstance(error, jinja2.exceptions.SecurityError):
        return codes.TEMPLATE_UNSAFE
    if isinstance(error, jinja2.UndefinedError):
        return codes.TEMPLATE_UNDEFINED
    if isinstance(error, TemplateFileError):
        return codes.TEMPLATE_FILE
    if isinstance(error, jinja2.TemplateNotFound):
        return codes.TEMPLATE_NOT_FOUND
    if isinstance(error, TemplateLimitError | RecursionError | MemoryError) or _too_big(error):
        return codes.TEMPLATE_LIMIT
    return codes.TEMPLATE_ERROR


def _too_big(error: BaseException) -> bool:
    """The sandbox's refusal of `range(10**9)` is an OverflowError."""
    return isinstance(error, OverflowError) and "MAX_RANGE" in str(error)


def error_message(error: BaseException, code: str) -> str:
    if isinstance(error, jinja2.TemplateSyntaxError):
        return f"template syntax error: {error.message}"
    if isinstance(error, jinja2.TemplateNotFound) and code == codes.TEMPLATE_NOT_FOUND:
        text = error.message or ""
        return text if "outside" in text else f"template not found: '{error.name}'"
    if isinstance(error, RecursionError):
        return "macros or blocks call themselves too deeply"
    if _too_big(error):
        return "a range of more than 100,000 numbers is too big for a template"
    detail = str(error) or type(error).__name__
    return detail if code != codes.TEMPLATE_ERROR else f"{type(error).__name__}: {detail}"


def error_location(error: BaseException, name: str) -> tuple[str, int, str]:
    """The template file and line the mistake is on, and the block it is in ("" if none)."""
    if isinstance(error, jinja2.TemplateSyntaxError):
        return error.filename or error.name or name, error.lineno or 1, ""
    found = template_frame(error.__traceback__)
    if found is not None:
        return found
    if isinstance(error, TemplateFileError):
        return error.filename, 1, ""
    return name, 1, ""


def template_frame(tb: TracebackType | None) -> tuple[str, int, str] | None:
    """(file, line, block) of the innermost template frame of a traceback, if any."""
    frames = [
        frame for frame in traceback.extract_tb(tb) if not frame.filename.endswith((".py", ">"))
    ]
    if not frames:
        return None
    frame = frames[-1]
    block = frame.name if frame.name.startswith("block ") else ""
    return frame.filename, frame.lineno or 1, block


def shown_path(file: str) -> str:
    """A template's path as the user typed it: relative to the current folder when inside."""
    path = Path(file)
    here = Path.cwd()
    if path.is_absolute() and path.is_relative_to(here):
        return str(path.relative_to(here))
    return file
