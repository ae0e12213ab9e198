"""Fingerprints: a digest of everything that produced an output.

Each output records the fingerprint of its inputs, so `archgen check` can tell a fresh output
from a stale one without rendering. The diagram's fingerprint covers only what the diagram
shows (names, icons, groups, steps, links, and what each service does, its tooltip),
so a new rationale or trade-off leaves it fresh; the brief's covers the whole model, the
templates in use and the diagram. Render options (page size, PDF variant) are not inputs:
`archgen check` cannot know which ones a project wants.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archgen import __version__
from archgen.model.schema import Architecture
from archgen.resolve.views import view_ids

PREFIX = "archgen-"


@dataclass(frozen=True)
class Fingerprints:
    diagram: str
    brief: str
    pdf: str  # the brief's, plus the model file exactly as written: the PDF attaches it
    views: tuple[str, ...] = ()  # the ids of the model's views: which files `views/` holds
    # What went in, piece by piece (`archgen.resolve.record`): lets `check` say what changed.
    inputs: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)


def canonical_model(model: Architecture) -> str:
    """The model as sorted JSON: formatting, comments and key order do not count, nor where
    `archgen import` found a service (`origin`), which no output shows."""
    return _canonical(model_data(model))


def model_data(model: Architecture) -> dict[str, Any]:
    """The model as plain data, without the services' `origin`."""
    data: dict[str, Any] = model.model_dump(
        mode="json", by_alias=True, exclude={"services": {"__all__": {"origin"}}}
    )
    return data


def _canonical(data: Mapping[str, Any]) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def diagram_inputs(model: Architecture) -> dict[str, Any]:
    """The part of the model the diagram draws."""
    dumped = model.model_dump(mode="json", by_alias=True)
    return {
        "title": model.project.title,
        "subtitle": model.project.subtitle,
        "diagram": dumped["diagram"],
        "groups": [_pick(g, "id", "label", "kind", "parent") for g in dumped["groups"]],
        "services": [_pick(s, "id", "name", "icon", "group", "does") for s in dumped["services"]],
        "flows": [
            {
                "id": f["id"],
                "name": f["name"],
                "steps": [_pick(s, "from", "to", "label", "mode") for s in f["steps"]],
            }
            for f in dumped["flows"]
        ],
        "links": dumped["links"],
        "views": dumped["views"],
    }


def compute_fingerprints(
    model: Architecture,
    *,
    icon_files: Mapping[str, Path],
    template_files: Mapping[str, Path],
    model_name: str,
    model_text: str = "",
    changelog: Any = None,
) -> Fingerprints:
    """Fingerprints of the diagram and of the brief for this model and these settings;
    `changelog` (plain data, `render --since`) is one more input of the brief's."""
    read = {path: _file_digest(path) for path in set(icon_files.values())}  # services share
    icons = {service_id: read[path] for service_id, path in sorted(icon_files.items())}
    diagram = _digest("diagram", __version__, diagram_inputs(model), icons)
    templates = {name: _file_digest(path) for name, path in template_files.items()}
    data = model_data(model)
    canonical = _canonical(data)
    parts = [canonical, templates, model_name, diagram]
    brief = _digest("brief", __version__, *parts, *([changelog] if changelog else []))
    source = hashlib.sha256(model_text.encode("utf-8")).hexdigest()
    inputs: dict[str, Any] = {
        "archgen": __version__,
        "model_file": model_name,
        "model": data,
        "model_digest": hashlib.sha256(canonical.encode("utf-8")).hexdigest(),
        "templates": templates,
        "icons": icons,
        "since": _digest("since", changelog) if changelog else None,
    }
    pdf = _digest("pdf", brief, source)
    views = view_ids(model)
    return Fingerprints(diagram=diagram, brief=brief, pdf=pdf, views=views, inputs=inputs)


def _pick(data: Mapping[str, Any], *keys: str) -> dict[str, Any]:
    return {key: data.get(key) for key in keys}


def _digest(*parts: Any) -> str:
    text = json.dumps(parts, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return PREFIX + hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
