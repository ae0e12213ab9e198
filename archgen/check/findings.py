"""What `archgen check` finds about each output, and how it is reported."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Literal

Status = Literal["fresh", "missing", "stale", "edited", "unstamped", "differs", "inconsistent"]


@dataclass(frozen=True)
class Contradiction:
    """One thing an output shows that the model does not say, where each says it:
    `output/brief.pdf page 9: service 'kms' is titled "WAF" — arch.yaml:588 names it "KMS"`."""

    output: str  # the output's path as the user named the folder: "output/brief.pdf"
    place: str  # where in it: "page 9", "element svc-kms", "line 120"; "" for the whole file
    shown: str  # what it shows: `service 'kms' is titled "WAF"`
    model_file: str = ""
    line: int = 0  # the model line it contradicts, 0 when none does (a link to nowhere)
    says: str = ""  # what that line says: `names it "KMS"`

    def format(self) -> str:
        where = f"{self.output} {self.place}" if self.place else self.output
        text = f"{where}: {self.shown}"
        if self.line:
            text += f" — {self.model_file}:{self.line} {self.says}".rstrip()
        elif self.says:
            text += f" — {self.says}"
        return text


@dataclass(frozen=True)
class Finding:
    output: str
    status: Status
    reason: str = ""
    details: tuple[Contradiction, ...] = ()  # what reading the output back found
    line: int = 0  # the model's line it concerns (a stale output: the first change), if known


@dataclass(frozen=True)
class CheckResult:
    model_file: str
    out_dir: str
    findings: list[Finding] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # worth fixing, but every output is sound

    @property
    def ok(self) -> bool:
        return all(f.status == "fresh" for f in self.findings)

    def format(self, output_format: str, *, fresh_lines: bool = True) -> str:
        """The findings in `output_format`; `fresh_lines=False` (a class folder) leaves the
        fresh outputs out of the text, down to the model's summary line."""
        if output_format == "json":
            return json.dumps(self._as_json(), indent=2) + "\n"
        if output_format == "github":
            notes = "".join(self._github_warning(w) for w in self.warnings)
            return notes + "".join(
                self._github_line(f) for f in self.findings if f.status != "fresh"
            )
        return self._as_text(fresh_lines)

    def _as_json(self) -> dict[str, object]:
        return {
            "model": self.model_file,
            "output": self.out_dir,
            "ok": self.ok,
            "warnings": self.warnings,
            "outputs": [_finding_json(f) for f in self.findings],
        }

    def _github_line(self, finding: Finding) -> str:
        message = f"{finding.output} is {finding.status}: {finding.reason}"
        lines = [_annotation(self.model_file, finding.line or 1, message)]
        lines += [_annotation(self.model_file, d.line or 1, d.format()) for d in finding.details]
        return "".join(lines)

    def _github_warning(self, warning: str) -> str:
        message = warning.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::warning file={self.model_file},line=1,title=archgen check::{message}\n"

    def _as_text(self, fresh_lines: bool = True) -> str:
        lines = []
        for f in self.findings:
            if fresh_lines or f.status != "fresh" or f.details:
                lines.append(f"{f.status:<12} {f.output}" + (f"  ({f.reason})" if f.reason else ""))
            lines += [f"  {detail.format()}" for detail in f.details]
        lines += [f"warning: {warning}" for warning in self.warnings]
        return "\n".join([*lines, self.summary()]) + "\n"

    def summary(self) -> str:
        """`arch.yaml: all outputs are fresh`, or how many need a render and how many a render
        would not mend: an output rendered from these very inputs that contradicts the model
        (`check --consistency`) comes from templates that leave things out."""
        contradicting = sum(f.status == "inconsistent" for f in self.findings)
        bad = sum(f.status not in ("fresh", "inconsistent") for f in self.findings)
        verdicts = [f"{bad} output(s) need `archgen render`"] if bad else []
        if contradicting:
            verdicts.append(
                f"{contradicting} output(s) contradict the model as rendered from these inputs: "
                "rendering again gives the same; mend the templates that cause it (listed above)"
            )
        return f"{self.model_file}: {'; '.join(verdicts) or 'all outputs are fresh'}"


def _finding_json(finding: Finding) -> dict[str, object]:
    shown: dict[str, object] = {
        "file": finding.output, "status": finding.status, "reason": finding.reason,
    }  # fmt: skip
    if finding.details:
        shown["contradictions"] = [
            {"place": d.place, "shows": d.shown, "model_line": d.line or None, "says": d.says,
             "text": d.format()}
            for d in finding.details
        ]  # fmt: skip
    return shown


def _annotation(model_file: str, line: int, message: str) -> str:
    message = message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return f"::error file={model_file},line={line},title=archgen check::{message}\n"


def merge(first: list[Finding], second: list[Finding]) -> list[Finding]:
    """One finding per output: the first problem found wins over `fresh`, and what reading
    an output back found is kept whatever its status (an edited file is also checked)."""
    by_name = {f.output: f for f in first}
    for finding in second:
        current = by_name.get(finding.output)
        if current is None or current.status == "fresh":
            by_name[finding.output] = finding
        elif finding.details:
            details = (*current.details, *finding.details)
            by_name[finding.output] = Finding(current.output, current.status, current.reason,
                                              details, current.line)  # fmt: skip
    return [by_name[name] for name in sorted(by_name)]
