"""Freshness: compare the fingerprint each output carries with the one the model gives now.

No rendering is needed for that, so the check is fast enough for a pre-commit hook. `--deep`
re-renders in memory and compares the text outputs byte for byte; `--consistency` reads the
outputs back and proves the diagram and the brief tell the same story.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from archgen.build import DEFAULT_FORMATS, OUTPUT_FILES, RenderOptions, fingerprints_for
from archgen.pipeline import ValidModel, check_model_file, require_valid
from archgen.render.stamp import read_stamp
from archgen.resolve.fingerprint import Fingerprints

Status = Literal["fresh", "missing", "stale", "edited", "unstamped", "differs", "inconsistent"]
TEXT_OUTPUTS = ("diagram.svg", "diagram.dot", "brief.html", "brief.md")


@dataclass(frozen=True)
class Finding:
    output: str
    status: Status
    reason: str = ""


@dataclass(frozen=True)
class CheckResult:
    model_file: str
    out_dir: str
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(f.status == "fresh" for f in self.findings)

    def format(self, output_format: str) -> str:
        if output_format == "json":
            return json.dumps(self._as_json(), indent=2) + "\n"
        if output_format == "github":
            return "".join(self._github_line(f) for f in self.findings if f.status != "fresh")
        return self._as_text()

    def _as_json(self) -> dict[str, object]:
        return {
            "model": self.model_file,
            "output": self.out_dir,
            "ok": self.ok,
            "outputs": [
                {"file": f.output, "status": f.status, "reason": f.reason} for f in self.findings
            ],
        }

    def _github_line(self, finding: Finding) -> str:
        message = f"{finding.output} is {finding.status}: {finding.reason}"
        message = message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::error file={self.model_file},line=1,title=archgen check::{message}\n"

    def _as_text(self) -> str:
        lines = [
            f"{f.status:<12} {f.output}" + (f"  ({f.reason})" if f.reason else "")
            for f in self.findings
        ]
        bad = sum(f.status != "fresh" for f in self.findings)
        verdict = "all outputs are fresh" if not bad else f"{bad} output(s) need `archgen render`"
        return "\n".join([*lines, f"{self.model_file}: {verdict}"]) + "\n"


def run_check(
    model_file: Path,
    output_dir: Path | None,
    *,
    deep: bool = False,
    consistency: bool = False,
    templates_dir: Path | None = None,
) -> CheckResult:
    """Check every expected output in the output folder; raises ArchgenError on model errors."""
    valid = require_valid(check_model_file(model_file))
    out_dir = output_dir if output_dir is not None else model_file.parent / "output"
    options = RenderOptions(templates_dir=templates_dir)
    findings = check_fingerprints(valid, out_dir, fingerprints_for(valid, options))
    if deep:
        findings = merge(findings, compare_rerender(valid, out_dir, options))
    if consistency:
        from archgen.check.consistency import verify_outputs

        findings = merge(findings, verify_outputs(valid, out_dir))
    return CheckResult(str(model_file), str(out_dir), findings)


def expected_outputs(out_dir: Path) -> list[str]:
    """The default outputs, plus the DOT source when the project keeps one."""
    names = [OUTPUT_FILES[f] for f in DEFAULT_FORMATS]
    if (out_dir / OUTPUT_FILES["dot"]).exists():
        names.append(OUTPUT_FILES["dot"])
    return sorted(names)


def check_fingerprints(
    valid: ValidModel, out_dir: Path, fingerprints: Fingerprints
) -> list[Finding]:
    return [
        check_one(out_dir / name, fingerprints.for_output(name))
        for name in expected_outputs(out_dir)
    ]


def check_one(path: Path, expected: str) -> Finding:
    name = path.name
    if not path.is_file():
        return Finding(name, "missing", f"run `{render_command(name)}`")
    stamp = read_stamp(name, path.read_bytes())
    if stamp is None:
        return Finding(name, "unstamped", "no archgen fingerprint; was it made by archgen?")
    if stamp.intact is False:
        return Finding(name, "edited", "changed by hand since archgen wrote it")
    if stamp.fingerprint != expected:
        reason = "the model, templates or archgen changed since"
        return Finding(name, "stale", f"{reason}; run `{render_command(name)}`")
    return Finding(name, "fresh")


def render_command(name: str) -> str:
    """The command that rewrites this output: the DOT source only comes with --dot."""
    return "archgen render --dot" if name == OUTPUT_FILES["dot"] else "archgen render"


def compare_rerender(valid: ValidModel, out_dir: Path, options: RenderOptions) -> list[Finding]:
    """Render the text outputs again in memory and compare them with what is on disk."""
    from archgen.build import render_files

    wanted = tuple(f for f, name in OUTPUT_FILES.items() if name in TEXT_OUTPUTS)
    rendered = render_files(
        valid, RenderOptions(formats=wanted, templates_dir=options.templates_dir)
    )
    findings = []
    for name in TEXT_OUTPUTS:
        path = out_dir / name
        if name not in rendered.files or not path.is_file():
            continue
        same = path.read_bytes() == rendered.files[name]
        findings.append(
            Finding(
                name, "fresh" if same else "differs", "" if same else "differs from a fresh render"
            )
        )
    return findings


def merge(first: list[Finding], second: list[Finding]) -> list[Finding]:
    """One finding per output: the first problem found wins over `fresh`."""
    by_name = {f.output: f for f in first}
    for finding in second:
        current = by_name.get(finding.output)
        if current is None or current.status == "fresh":
            by_name[finding.output] = finding
    return [by_name[name] for name in sorted(by_name)]
