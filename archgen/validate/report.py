"""Print problems for people (text), for tools (json) and for GitHub Actions annotations.

Text reads like a compiler's output, one line per problem, then a summary line. GitHub's
workflow commands make each problem an annotation on its line of the pull request.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any, Literal

from archgen.problems import Problem, sort_problems, visible

OutputFormat = Literal["text", "json", "github"]
DEFAULT_FILE = "arch.yaml"  # the CLI's default model file, named when no problem names one


def format_problems(
    problems: Sequence[Problem],
    fmt: str,
    *,
    strict: bool = False,
    data: Mapping[str, Any] | None = None,
    file: str | None = None,
) -> str:
    """Every problem in `fmt` ("text", "json" or "github"), ending with the summary.

    `strict` makes warnings fail; `data` (a valid model's) gives the summary's counts; `file`
    names the model when there are no problems to take its name from.
    """
    ordered = sort_problems(problems)
    name = file or (ordered[0].file if ordered else DEFAULT_FILE)
    if fmt == "text":
        return "\n".join([*(p.format() for p in ordered), summary(ordered, name, strict, data)])
    if fmt == "json":
        return as_json(ordered, name, strict)
    if fmt == "github":
        lines = [github_line(p) for p in ordered]
        return "\n".join([*lines, summary(ordered, name, strict, data)])
    raise ValueError(f"unknown output format {fmt!r}; use text, json or github")


def counted(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def is_valid(problems: Sequence[Problem], strict: bool) -> bool:
    """No errors, and under --strict no warnings either."""
    return not any(p.severity == "error" or strict for p in problems)


def summary(
    problems: Sequence[Problem], file: str, strict: bool, data: Mapping[str, Any] | None
) -> str:
    """'arch.yaml: 2 errors, 1 warning', or 'arch.yaml: valid (16 services, 3 flows, …)'."""
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    if errors:
        return f"{file}: {counted(errors, 'error')}, {counted(warnings, 'warning')}"
    if warnings and strict:
        return f"{file}: {counted(warnings, 'warning')} (--strict: warnings count as problems)"
    sizes = ""
    if data is not None:
        parts = [
            counted(len(data.get("services") or ()), "service"),
            counted(len(data.get("flows") or ()), "flow"),
            counted(len(data.get("requirements") or ()), "requirement"),
        ]
        sizes = f" ({', '.join(parts)})"
    tail = f", {counted(warnings, 'warning')}" if warnings else ""
    return f"{file}: valid{sizes}{tail}"


def as_json(problems: Sequence[Problem], file: str, strict: bool) -> str:
    errors = sum(p.severity == "error" for p in problems)
    document = {
        "file": file,
        "valid": is_valid(problems, strict),
        "errors": errors,
        "warnings": len(problems) - errors,
        "problems": [
            {
                "file": p.file,
                "line": p.line,
                "column": p.column,
                "severity": p.severity,
                "code": p.code,
                "path": p.path,
                "message": p.message,
                "hint": p.hint,
            }
            for p in problems
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False)


def escape_data(text: str) -> str:
    """GitHub workflow-command message escaping: '%', CR and LF."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Property values (file=, title=) also escape ':' and ','."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_line(problem: Problem) -> str:
    """`::error file=arch.yaml,line=12,col=7,title=AG201::flows[0].steps[2].to: message`."""
    column = [f"col={problem.column}"] if problem.column else []  # 0: the whole line
    properties = ",".join(
        [
            f"file={escape_property(problem.file)}",
            f"line={problem.line}",
            *column,
            f"title={escape_property(problem.code)}",
        ]
    )
    subject = f"{problem.path}: " if problem.path else ""
    hint = f" — {problem.hint}" if problem.hint else ""
    text = visible(subject + problem.message + hint, keep="\r\n")  # line breaks: see escape_data
    return f"::{problem.severity} {properties}::{escape_data(text)}"
