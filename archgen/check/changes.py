"""What changed since a stale output was rendered: read from the inputs record
(`archgen.resolve.record`) and said in words, with the model's line when the model changed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from archgen import outputs
from archgen.check.findings import Finding
from archgen.load import LoadedDocument
from archgen.resolve.record import inputs_for, read_renders

SHOWN_CHANGES = 3


def explain_stale(
    findings: list[Finding], out_dir: Path, now: Mapping[str, Any], document: LoadedDocument
) -> list[Finding]:
    """Each stale finding with what changed since, where the record knows it."""
    if not any(f.status == "stale" for f in findings):
        return findings
    renders = read_renders(out_dir)
    return [_explained(f, out_dir, renders, now, document) for f in findings]


def _explained(
    finding: Finding,
    out_dir: Path,
    renders: list[dict[str, Any]],
    now: Mapping[str, Any],
    document: LoadedDocument,
) -> Finding:
    output = outputs.by_file(finding.output)
    if finding.status != "stale" or output is None or not renders:
        return finding
    try:
        stamp = output.stamping.read((out_dir / finding.output).read_bytes())
    except OSError:
        return finding
    then = inputs_for(renders, stamp.fingerprint) if stamp else None
    if then is None:
        return finding
    reasons, line = what_changed(then, now, document, brief=output.covers != "diagram")
    if not reasons:
        return finding
    return replace(finding, reason=f"{'; '.join(reasons)}; run `archgen render`", line=line)


def what_changed(
    then: Mapping[str, Any], now: Mapping[str, Any], document: LoadedDocument, *, brief: bool
) -> tuple[list[str], int]:
    """Sentences naming each input that differs, and the model's line of the first change."""
    reasons: list[str] = []
    if then.get("archgen") != now.get("archgen"):
        reasons.append(f"archgen changed from {then.get('archgen')} to {now.get('archgen')}")
    model, line = model_change(then, now, document)
    reasons += model
    reasons += _keyed_changes("icon of service", then.get("icons"), now.get("icons"))
    if brief:
        reasons += _keyed_changes("template", then.get("templates"), now.get("templates"))
        if then.get("since") != now.get("since"):
            reasons.append("the changelog of `--since` differs (render and check with the same)")
    return reasons, line


def model_change(
    then: Mapping[str, Any], now: Mapping[str, Any], document: LoadedDocument
) -> tuple[list[str], int]:
    if then.get("model_digest") == now.get("model_digest"):
        return [], 0
    old = then.get("model")
    if not isinstance(old, dict):
        return ["the model changed"], 0
    from archgen.diff.compare import compare_models

    try:
        diff = compare_models(old, now["model"])
    except (KeyError, TypeError, AttributeError, ValueError):  # a record edited by hand
        return ["the model changed"], 0
    if diff.equal:
        return ["the model changed (order or layout of its parts)"], 0
    located = [(_line(document, c.path if c.side == "new" else c.path[:1]), c.text)
               for c in diff.changes]  # fmt: skip
    shown = [f"{document.file}:{line}: {text}" for line, text in located[:SHOWN_CHANGES]]
    more = len(located) - SHOWN_CHANGES
    tail = f" and {more} more (see `archgen diff`)" if more > 0 else ""
    return [f"the model changed: {'; '.join(shown)}{tail}"], located[0][0]


def _line(document: LoadedDocument, path: tuple[str | int, ...]) -> int:
    return document.position(path).line


def _keyed_changes(noun: str, then: object, now: object) -> list[str]:
    """`template brief.html.j2 changed`, `icon of service 'cdn' added`…"""
    before = then if isinstance(then, dict) else {}
    after = now if isinstance(now, dict) else {}
    found = []
    for key in sorted(set(before) | set(after), key=str):
        if key not in before:
            found.append(f"{noun} {key!r} added")
        elif key not in after:
            found.append(f"{noun} {key!r} removed")
        elif before[key] != after[key]:
            found.append(f"{noun} {key!r} changed")
    return found
