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
    line: int = 0  # the model's line it concerns (a stale output: the first change), if known


@dataclass(frozen=True)
class CheckResult:
    model_file: str
    out_dir: str
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(f.status == "fresh" for f in self.findings)

    def format(self, output_format: str, *, fresh_lines: bool = True) -> str:
        """The findings in `output_format`; `fresh_lines=False` (a class folder) leaves the
        fresh outputs out of the text, down to the model's summary line."""
        if output_format == "json":
            return json.dumps(self._as_json(), indent=2) + "\n"
        if output_format == "github":
            return "".join(self._github_line(f) for f in self.findings if f.status != "fresh")
        return self._as_text(fresh_lines)

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
        where = f"file={self.model_file},line={finding.line or 1}"
        return f"::error {where},title=archgen check::{message}\n"

    def _as_text(self, fresh_lines: bool = True) -> str:
        lines = [
            f"{f.status:<12} {f.output}" + (f"  ({f.reason})" if f.reason else "")
            for f in self.findings
            if fresh_lines or f.status != "fresh"
        ]
        return "\n".join([*lines, self.summary()]) + "\n"

    def summary(self) -> str:
        """`arch.yaml: all outputs are fresh`, or how many need a render."""
        bad = sum(f.status != "fresh" for f in self.findings)
        verdict = "all outputs are fresh" if not bad else f"{bad} output(s) need `archgen render`"
        return f"{self.model_file}: {verdict}"


def merge(first: list[Finding], second: list[Finding]) -> list[Finding]:
    """One finding per output: the first problem found wins over `fresh`."""
    by_name = {f.output: f for f in first}
    for finding in second:
        current = by_name.get(finding.output)
        if current is None or current.status == "fresh":
            by_name[finding.output] = finding
    return [by_name[name] for name in sorted(by_name)]
