"""`archgen check`: are the outputs in output/ what the model renders today?

Fingerprints first (`archgen.check.freshness`, no rendering); `--deep` renders the text
outputs again in memory and compares them byte for byte; `--consistency` reads the outputs
back by what a reader sees and proves each tells the model's story
(`archgen.check.consistency`). An output edited by hand is read back in any case, so the
report says what the edit broke.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from archgen import outputs
from archgen.check.changes import explain_stale
from archgen.check.findings import CheckResult, Finding, merge
from archgen.check.freshness import check_fingerprints
from archgen.check.schema_file import schema_file_warning
from archgen.commands.model import ValidModel, check_model_file, require_valid
from archgen.commands.render import RenderOptions, changelog_of, fingerprints_for


def run_check(
    model_file: Path,
    output_dir: Path | None,
    *,
    deep: bool = False,
    consistency: bool = False,
    templates_dir: Path | None = None,
    since: str | None = None,
) -> CheckResult:
    """Check every expected output in the output folder; raises ArchgenError on model errors."""
    valid = require_valid(check_model_file(model_file), outcome="no output was checked")
    out_dir = output_dir if output_dir is not None else model_file.parent / "output"
    options = RenderOptions(templates_dir=templates_dir, since=since)
    changelog = changelog_of(valid, options)
    prints = fingerprints_for(valid, options, changelog)
    findings = check_fingerprints(out_dir, prints)
    findings = explain_stale(findings, out_dir, prints.inputs, valid.document)
    if deep:
        findings = merge(findings, compare_rerender(valid, out_dir, options, changelog))
    edited = [f.output for f in findings if f.status == "edited"]
    if consistency or edited:
        from archgen.check.consistency import verify_outputs

        findings = merge(findings, verify_outputs(valid, out_dir, None if consistency else edited))
    warning = schema_file_warning(model_file)
    return CheckResult(str(model_file), str(out_dir), findings, [warning] if warning else [])


def compare_rerender(
    valid: ValidModel,
    out_dir: Path,
    options: RenderOptions,
    changelog: dict[str, Any] | None = None,
) -> list[Finding]:
    """Render the text outputs again in memory and compare them with what is on disk."""
    from archgen.commands.render import render_in_memory

    text = [output for output in outputs.OUTPUTS if output.text]
    wanted = RenderOptions(
        formats=tuple(output.name for output in text), templates_dir=options.templates_dir
    )
    rendered = render_in_memory(valid, wanted, changelog=changelog)
    findings = []
    for name, data in sorted(rendered.files.items()):  # each file of a family of views too
        path = out_dir / name
        if not path.is_file():
            continue
        same = path.read_bytes() == data
        reason = "" if same else "differs from a fresh render"
        findings.append(Finding(name, "fresh" if same else "differs", reason))
    return findings
