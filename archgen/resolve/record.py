"""The inputs record: what each render was made from, piece by piece, kept beside the outputs.

An output's stamp is one digest: it says *that* something changed, not what. The render also
writes `.archgen-inputs.json` into the output folder: for each set of fingerprints it wrote,
archgen's version, the model (as data), and a digest of each template and each icon. `archgen
check` reads it back to say what changed since (the model, at which line; which template; which
icon; archgen's version). The record only explains: freshness is decided by the stamps alone,
so an edited or missing record can never make a stale output look fresh.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from archgen.resolve.fingerprint import Fingerprints

RECORD_FILE = ".archgen-inputs.json"
FORMAT = 1
MAX_RECORD_BYTES = 16 * 1024 * 1024  # read back no bigger record than this (it is untrusted)
MAX_MODEL_BYTES = 4 * 1024 * 1024  # a bigger model is recorded by its digests alone
KEPT_RENDERS = 4


def record_bytes(prints: Fingerprints, kept: Iterable[Mapping[str, Any]] = ()) -> bytes:
    """The record of this render, after those of earlier renders whose outputs are still there."""
    inputs = dict(prints.inputs)
    if len(json.dumps(inputs.get("model"), ensure_ascii=False)) > MAX_MODEL_BYTES:
        inputs["model"] = None
    this = {"fingerprints": [prints.diagram, prints.brief, prints.pdf], "inputs": inputs}
    renders = [r for r in kept if r.get("fingerprints") != this["fingerprints"]]
    document = {"archgen-inputs": FORMAT, "renders": [*renders[-(KEPT_RENDERS - 1) :], this]}
    return (json.dumps(document, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode()


def read_renders(out_dir: Path) -> list[dict[str, Any]]:
    """The renders a record holds; none when it is missing, too big or not archgen's."""
    path = out_dir / RECORD_FILE
    try:
        if path.is_symlink() or not path.is_file() or path.stat().st_size > MAX_RECORD_BYTES:
            return []
        document = json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError):
        return []
    if not isinstance(document, dict) or document.get("archgen-inputs") != FORMAT:
        return []
    renders = document.get("renders")
    if not isinstance(renders, list):
        return []
    return [r for r in renders if _well_formed(r)]


def inputs_for(renders: Iterable[Mapping[str, Any]], fingerprint: str) -> Mapping[str, Any] | None:
    """The inputs of the render that wrote an output stamped `fingerprint`."""
    for render in reversed(list(renders)):
        if fingerprint in render["fingerprints"]:
            inputs: Mapping[str, Any] = render["inputs"]
            return inputs
    return None


def _well_formed(render: object) -> bool:
    if not isinstance(render, dict):
        return False
    prints, inputs = render.get("fingerprints"), render.get("inputs")
    return (
        isinstance(prints, list)
        and all(isinstance(p, str) for p in prints)
        and isinstance(inputs, dict)
        and isinstance(inputs.get("templates", {}), dict)
        and isinstance(inputs.get("icons", {}), dict)
    )
