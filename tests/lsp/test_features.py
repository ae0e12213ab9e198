"""The language features on buffers, without a process: slots, occurrences, hover, rename."""

from __future__ import annotations

from pathlib import Path

import pytest

from archgen.lsp import features
from archgen.lsp.analysis import analyse
from archgen.lsp.slots import Slot, slot_at

TRADEOFF = """\
services:
  - id: web
    group: fr
    serves:
      secu
tradeoffs:
  - id: x
    services:
      - app-runner
      - la
    requirements: [perf, sc]
    services:
    - ca
links:
  - from: we
    to: 'd
"""


@pytest.mark.parametrize(
    ("line", "character", "slot"),
    [
        (2, 13, Slot("groups", 11, 13, "fr")),
        (4, 10, Slot("requirements", 6, 10, "secu", as_key=True)),
        (9, 10, Slot("services", 8, 10, "la")),
        (8, 9, Slot("services", 8, 18, "a")),  # the whole word is replaced
        (10, 25, Slot("requirements", 25, 27, "")),  # in a flow list, after a comma
        (12, 8, Slot("services", 6, 8, "ca")),  # a list item at its key's indentation
        (14, 12, Slot("services", 10, 12, "we")),
        (15, 11, Slot("services", 9, 11, "d")),  # inside an opening quote
        (1, 8, None),  # an id being defined is no reference
        (0, 3, None),
    ],
)
def test_the_slot_under_the_cursor(line: int, character: int, slot: Slot | None) -> None:
    assert slot_at(TRADEOFF.split("\n"), line, character) == slot


@pytest.mark.parametrize(
    ("text", "character", "slot"),
    [
        ("  - {from: web, to: d}", 20, Slot("services", 20, 21, "")),
        ("  - {id: web, group: fr", 23, Slot("groups", 21, 23, "fr")),
        ("    serves: {securty: x}", 17, Slot("requirements", 13, 20, "secu")),  # has its ':'
        ("    serves: {a: b, sc", 21, Slot("requirements", 19, 21, "sc", as_key=True)),
        ("      securty: text", 10, Slot("requirements", 6, 13, "secu")),
    ],
)
def test_slots_in_flow_mappings_and_keys_being_corrected(
    text: str, character: int, slot: Slot
) -> None:
    lines = ["services:", "  - id: web", "    serves:", text]
    assert slot_at(lines, 3, character) == slot


def test_a_bare_list_item_of_the_top_level_services_is_no_reference() -> None:
    assert slot_at(["services:", "  - we"], 1, 6) is None


HOSTILE = """\
project: {title: T, summary: S}
groups:
  - {id: g, label: "<img src=x onerror=alert(1)>"}
services:
  - id: web
    name: "<script>alert(1)</script>"
    icon: aws.compute.Lambda
    group: g
    does: "Serves <b>pages</b>."
    why: W
links:
  - {from: web, to: web}
"""


def test_hover_never_carries_the_models_html(tmp_path: Path) -> None:
    analysis = analyse(HOSTILE, tmp_path / "arch.yaml")
    hover = features.hover(analysis, 11, 13)
    assert hover is not None
    text = hover.contents.value  # type: ignore[union-attr]
    assert "<" not in text and ">" not in text
    assert "&lt;script&gt;" in text and "Serves &lt;b&gt;pages&lt;/b&gt;." in text


def test_an_empty_buffer_keeps_the_last_ids_for_completion(tmp_path: Path) -> None:
    path = tmp_path / "arch.yaml"
    before = analyse(HOSTILE, path)
    after = analyse("", path, before)
    assert [p.code for p in after.problems] == ["AG003"]
    assert after.document is before.document


def test_diagnostics_point_at_the_word(tmp_path: Path) -> None:
    text = HOSTILE.replace("group: g", "group: gg")
    (diagnostic,) = features.diagnostics(analyse(text, tmp_path / "arch.yaml"))
    assert (diagnostic.range.start.line, diagnostic.range.start.character) == (7, 11)
    assert (diagnostic.range.end.line, diagnostic.range.end.character) == (7, 13)
    assert diagnostic.code == "AG202"
    assert diagnostic.message == "services[0].group: unknown group 'gg' — did you mean 'g'?"


def test_a_buffer_past_the_size_limit_is_one_problem_not_a_hang(tmp_path: Path) -> None:
    analysis = analyse("x: " + "y" * (17 * 1024 * 1024), tmp_path / "arch.yaml")
    assert [p.code for p in analysis.problems] == ["AG012"]
    assert analysis.found == []


def test_rename_keeps_ids_apart_by_kind(tmp_path: Path) -> None:
    """The example's `performance` is a group and a requirement: renaming one leaves the
    other alone."""
    from tests.conftest import EXAMPLE_MODEL

    text = EXAMPLE_MODEL.read_text(encoding="utf-8")
    analysis = analyse(text, EXAMPLE_MODEL)
    lines = text.split("\n")
    line = next(n for n, t in enumerate(lines) if t == "    group: performance")
    edit = features.rename(analysis, "file:///arch.yaml", line, 12, "speed")
    assert edit is not None and edit.changes is not None
    changed = {e.range.start.line for e in edit.changes["file:///arch.yaml"]}
    group_lines = {
        n
        for n, t in enumerate(lines)
        if t in ("    group: performance", "  - id: performance") and n > 90
    }
    assert changed == group_lines and len(changed) == 4
