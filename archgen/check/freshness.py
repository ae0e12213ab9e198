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
    """One finding per file expected (each file of a family of view files on its own), and
    one for each file of a view that the model no longer has."""
    found = []
    for output in expected_outputs(out_dir):
        expected = getattr(fingerprints, output.covers)
        names = output.files(fingerprints.views)
        found += [check_one(out_dir, output, expected, name) for name in names]
        found += [gone_view(name) for name in family_files(out_dir, output) if name not in names]
    return sorted(found, key=lambda finding: finding.output)


def family_files(out_dir: Path, output: Output) -> list[str]:
    """The files of a family of view files in the output folder now, whatever their views
    (none for an output of one file, or when its folder is a link or missing)."""
    folder = out_dir / output.folder
    if not output.each_view or folder.is_symlink() or not folder.is_dir():
        return []
    names = (f"{output.folder}/{entry.name}" for entry in folder.iterdir())
    return sorted(name for name in names if output.holds(name) and (out_dir / name).is_file())


def gone_view(name: str) -> Finding:
    reason = "no view of the model has this file now; `archgen render` removes it"
    return Finding(name, "stale", reason)


def check_one(out_dir: Path, output: Output, expected: str, name: str | None = None) -> Finding:
    """The finding of one file of an output (`name`: which, for a family of view files)."""
    name = name or output.file
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
