"""What a stale output says changed: the model (at its line), a template, an icon, archgen."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from archgen.check.changes import what_changed
from archgen.commands.check import run_check
from archgen.load import load_model_text
from archgen.resolve.record import RECORD_FILE, read_renders

TEMPLATE = '{% extends "partials/base.md.j2" %}\n{% block cover %}# Ours\n{% endblock %}\n'


def reasons(project: Path) -> dict[str, tuple[str, str, int]]:
    result = run_check(project / "arch.yaml", None)
    return {f.output: (f.status, f.reason, f.line) for f in result.findings}


def test_the_render_records_its_inputs(project: Path) -> None:
    (render,) = read_renders(project / "output")
    assert render["inputs"]["model_file"] == "arch.yaml"
    assert "brief.html.j2" in render["inputs"]["templates"]
    assert set(render["inputs"]["icons"]) >= {"cloudfront", "route53"}


def test_a_changed_template_is_named(project: Path) -> None:
    (project / "templates").mkdir()
    (project / "templates" / "brief.md.j2").write_text(TEMPLATE, encoding="utf-8")
    found = reasons(project)
    assert found["brief.md"] == (
        "stale", "template 'brief.md.j2' changed; run `archgen render`", 0
    )  # fmt: skip
    assert found["diagram.svg"][0] == "fresh"


def test_a_new_archgen_is_named(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("archgen.resolve.fingerprint.__version__", "9.9.9")
    found = reasons(project)
    assert {status for status, _, _ in found.values()} == {"stale"}
    assert all(r.startswith("archgen changed from 0.1.0 to 9.9.9;") for _, r, _ in found.values())


def test_a_model_change_is_located(project: Path) -> None:
    model = project / "arch.yaml"
    text = model.read_text(encoding="utf-8")
    model.write_text(text.replace("    name: Route 53\n", "    name: DNS\n"), encoding="utf-8")
    line = model.read_text(encoding="utf-8").splitlines().index("    name: DNS") + 1
    status, reason, at = reasons(project)["diagram.svg"]
    assert (status, at) == ("stale", line)
    assert reason == (
        f"the model changed: {model}:{line}: service 'route53': name 'Route 53' → 'DNS'; "
        "run `archgen render`"
    )


def test_many_model_changes_show_three(project: Path) -> None:
    model = project / "arch.yaml"
    text = model.read_text(encoding="utf-8")
    edited = text.replace("    analogy: >-\n", "    analogy: >-\n      Also.\n", 5)
    model.write_text(edited, encoding="utf-8")
    reason = reasons(project)["brief.md"][1]
    assert reason.count("analogy changed") == 3 and " and 2 more (see `archgen diff`)" in reason


def test_icons_are_compared_by_service() -> None:
    document = load_model_text("project: {}\n", "arch.yaml")
    then = {"archgen": "1", "icons": {"web": "a", "db": "b"}, "templates": {}}
    now = {"archgen": "1", "icons": {"web": "c", "cache": "d"}, "templates": {"x.j2": "e"}}
    said, line = what_changed(then, now, document, brief=False)
    assert said == [
        "icon of service 'cache' added",
        "icon of service 'db' removed",
        "icon of service 'web' changed",
    ]  # the diagram does not use templates
    assert line == 0
    said, _ = what_changed(then, now, document, brief=True)
    assert said[-1] == "template 'x.j2' added"


@pytest.mark.parametrize(
    "record",
    [
        b"not json",
        b'{"archgen-inputs": 1, "renders": "x"}',
        b'{"archgen-inputs": 2, "renders": []}',
        b"[" * 100_000,
    ],
)
def test_a_broken_record_leaves_the_plain_message(project: Path, record: bytes) -> None:
    model = project / "arch.yaml"
    model.write_text(model.read_text(encoding="utf-8").replace("Route 53", "DNS"), "utf-8")
    (project / "output" / RECORD_FILE).write_bytes(record)
    status, reason, _line = reasons(project)["diagram.svg"]
    assert status == "stale" and reason.startswith("the model, templates or archgen changed")


def test_a_record_with_a_foreign_model_says_only_that_it_changed(project: Path) -> None:
    path = project / "output" / RECORD_FILE
    document = json.loads(path.read_bytes())
    document["renders"][0]["inputs"]["model"] = {"services": "not a list"}
    path.write_text(json.dumps(document), encoding="utf-8")
    model = project / "arch.yaml"
    model.write_text(model.read_text(encoding="utf-8").replace("Route 53", "DNS"), "utf-8")
    assert reasons(project)["brief.md"][:2] == (
        "stale", "the model changed; run `archgen render`"
    )  # fmt: skip


def test_the_record_never_makes_a_stale_output_fresh(project: Path) -> None:
    """Freshness comes from the stamps: the record only explains."""
    (project / "output" / RECORD_FILE).unlink()
    model = project / "arch.yaml"
    model.write_text(model.read_text(encoding="utf-8").replace("Route 53", "DNS"), "utf-8")
    assert reasons(project)["diagram.svg"][0] == "stale"


def test_a_record_that_is_a_link_is_not_followed(project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.json"
    record = project / "output" / RECORD_FILE
    outside.write_bytes(record.read_bytes())
    record.unlink()
    record.symlink_to(outside)
    assert read_renders(project / "output") == []
