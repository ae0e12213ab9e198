"""Freshness: compare the fingerprint each output carries with the one the model gives now.

No rendering is needed for that, so the check is fast enough for a pre-commit hook. Which
outputs are expected, which fingerprint each must carry and how its stamp is read back all
come from `archgen.outputs`.
"""

from __future__ import annotations

from pathlib import Path

from archgen import outputs
from archgen.check.findings import Finding
from archgen.outputs import Output
from archgen.resolve.fingerprint import Fingerprints


def expected_outputs(out_dir: Path) -> list[Output]:
    """The default outputs, plus each other one the project keeps (e.g. the DOT source)."""
    return [o for o in outputs.OUTPUTS if o.default or (out_dir / o.file).exists()]


def check_fingerprints(out_dir: Path, fingerprints: Fingerprints) -> list[Finding]:
    expected = sorted(expected_outputs(out_dir), key=lambda output: output.file)
    return [check_one(out_dir, output, getattr(fingerprints, output.covers)) for output in expected]


def check_one(out_dir: Path, output: Output, expected: str) -> Finding:
    name = output.file
    path = out_dir / name
    if not path.is_file():
        return Finding(name, "missing", f"run `{render_command(output)}`")
    stamp = output.stamping.read(path.read_bytes())
    if stamp is None and output.stamping.at_end:  # the PDF: its stamp is in its trailer
        reason = "no archgen stamp at its end: cut short, damaged or replaced"
        return Finding(name, "edited", f"{reason}; run `{render_command(output)}`")
    if stamp is None:
        return Finding(name, "unstamped", "no archgen fingerprint; was it made by archgen?")
    if stamp.intact is False:
        return Finding(name, "edited", "changed by hand since archgen wrote it")
    if stamp.fingerprint != expected:
        reason = "the model, templates or archgen changed since"
        return Finding(name, "stale", f"{reason}; run `{render_command(output)}`")
    return Finding(name, "fresh")


def render_command(output: Output) -> str:
    """The command that rewrites this output: a plain render also refreshes the outputs a
    project keeps beside the default ones (`diagram.dot`, `diagram.mmd`)."""
    return "archgen render"
