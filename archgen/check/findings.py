"""What `archgen check` finds about each output, and how it is reported."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Literal

Status = Literal["fresh", "missing", "stale", "edited", "unstamped", "differs", "inconsistent"]


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
    warnings: list[str] = field(default_factory=list)  # worth fixing, but every output is sound

    @property
    def ok(self) -> bool:
        return all(f.status == "fresh" for f in self.findings)

    def format(self, output_format: str) -> str:
        if output_format == "json":
            return json.dumps(self._as_json(), indent=2) + "\n"
        if output_format == "github":
            notes = "".join(self._github_warning(w) for w in self.warnings)
            return notes + "".join(
                self._github_line(f) for f in self.findings if f.status != "fresh"
            )
        return self._as_text()

    def _as_json(self) -> dict[str, object]:
        return {
            "model": self.model_file,
            "output": self.out_dir,
            "ok": self.ok,
            "warnings": self.warnings,
            "outputs": [
                {"file": f.output, "status": f.status, "reason": f.reason} for f in self.findings
            ],
        }

    def _github_line(self, finding: Finding) -> str:
        message = f"{finding.output} is {finding.status}: {finding.reason}"
        message = message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::error file={self.model_file},line=1,title=archgen check::{message}\n"

    def _github_warning(self, warning: str) -> str:
        message = warning.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::warning file={self.model_file},line=1,title=archgen check::{message}\n"

    def _as_text(self) -> str:
        lines = [
            f"{f.status:<12} {f.output}" + (f"  ({f.reason})" if f.reason else "")
            for f in self.findings
        ]
        lines += [f"warning: {warning}" for warning in self.warnings]
        bad = sum(f.status != "fresh" for f in self.findings)
        verdict = "all outputs are fresh" if not bad else f"{bad} output(s) need `archgen render`"
        return "\n".join([*lines, f"{self.model_file}: {verdict}"]) + "\n"


def merge(first: list[Finding], second: list[Finding]) -> list[Finding]:
    """One finding per output: the first problem found wins over `fresh`."""
    by_name = {f.output: f for f in first}
    for finding in second:
        current = by_name.get(finding.output)
        if current is None or current.status == "fresh":
            by_name[finding.output] = finding
    return [by_name[name] for name in sorted(by_name)]
