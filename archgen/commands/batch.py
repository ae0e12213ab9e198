"""`archgen validate` and `archgen check` of several models: a class folder, project folders or
files, as `render` takes them (`archgen.commands.render_many.find_models`).

Each model is reported as it would be alone, but `check` leaves out its fresh outputs; every
model ends with its one summary line, and the run with the totals. A failing model never
stops the others. Both are quick (no rendering), so the models are taken one by one.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from archgen.commands.model import check_model_file
from archgen.problems import ArchgenError, os_error_message


@dataclass(frozen=True)
class BatchReport:
    text: str
    failed: int


def validate_many(files: Sequence[Path], *, strict: bool, fmt: str) -> BatchReport:
    from archgen.validate import format_problems

    parts: list[str] = []
    documents: list[Any] = []
    failed = 0
    for file in files:
        checked = check_model_file(file)
        failed += checked.failed(strict=strict)
        report = format_problems(
            checked.problems, fmt, strict=strict, data=checked.data, file=checked.file
        )
        if fmt == "json":
            documents.append(json.loads(report))
        else:
            parts.append(report.rstrip("\n"))
    total = f"{len(files)} models: {len(files) - failed} valid, {failed} failed"
    if fmt == "json":
        document = {"valid": len(files) - failed, "failed": failed, "models": documents}
        return BatchReport(json.dumps(document, indent=2, ensure_ascii=False) + "\n", failed)
    return BatchReport("\n".join([*parts, total]) + "\n", failed)


def check_many(
    files: Sequence[Path],
    output_dir: Path | None,
    *,
    fmt: str,
    deep: bool = False,
    consistency: bool = False,
    templates_dir: Path | None = None,
    since: str | None = None,
) -> BatchReport:
    from archgen.commands.check import run_check
    from archgen.commands.render_many import plan_jobs

    parts: list[str] = []
    documents: list[Any] = []
    failed = 0
    for job in plan_jobs(files, output_dir):
        try:
            result = run_check(
                job.model_file, job.output_dir, deep=deep, consistency=consistency,
                templates_dir=templates_dir, since=since,
            )  # fmt: skip
        except (ArchgenError, OSError) as error:
            failed += 1
            text, document = _broken(job.file, error, fmt)
            parts.append(text)
            documents.append(document)
            continue
        failed += not result.ok
        if fmt == "json":
            documents.append(json.loads(result.format("json")))
        elif fmt == "github":
            parts.append(result.format(fmt) + result.summary())
        else:
            parts.append(result.format(fmt, fresh_lines=False).rstrip("\n"))
    if fmt == "json":
        document = {"fresh": len(files) - failed, "failed": failed, "models": documents}
        return BatchReport(json.dumps(document, indent=2, ensure_ascii=False) + "\n", failed)
    total = f"{len(files)} models: {len(files) - failed} fresh, {failed} need attention"
    return BatchReport("\n".join([p for p in parts if p] + [total]) + "\n", failed)


def _broken(file: str, error: ArchgenError | OSError, fmt: str) -> tuple[str, dict[str, Any]]:
    """A model that cannot be checked: its problems, then its summary line."""
    from archgen.validate import format_problems

    message = error.message if isinstance(error, ArchgenError) else os_error_message(error)
    problems = error.problems if isinstance(error, ArchgenError) else []
    if problems:
        message = f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in the model"
    document = {"model": file, "ok": False, "message": message}
    if fmt == "json":
        return "", document
    lines = [format_problems(problems, fmt).rsplit("\n", 1)[0]] if problems else []
    if fmt == "github" and not problems:
        lines.append(f"::error file={file},line=1,title=archgen check::{message}")
    return "\n".join([*lines, f"{file}: cannot check: {message}"]), document
