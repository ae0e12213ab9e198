"""Model: references, ids and hidden characters. Each broken model is refused at its line with
its code, leaving the previous render untouched; text holding bidi controls or invisible
characters is a located warning (AG308) that --strict turns into a refusal.

Line numbers refer to tests/fixtures/models/minimal.yaml, which every case edits.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import pytest

from tests.adversarial.harness import Project, assert_clean, assert_warned, minimal_with
from tests.e2e.support import read_html

GROUP = ("    label: Backend\n", "    label: Backend\n%s")
TRADEOFF = (
    "\ntradeoffs:\n  - id: managed\n    title: Managed services\n    decision: Use them.\n"
    "    services: [%s]\n    requirements: [%s]\n"
)


@dataclass(frozen=True)
class Refusal:
    model: str
    line: int
    code: str
    says: str = ""
    real: bool = False


REFUSALS: dict[str, Refusal] = {
    "unknown-flow-source": Refusal(
        minimal_with(("from: web", "from: wbe")), 39, "AG201", "did you mean 'web'?", real=True
    ),
    "unknown-flow-target": Refusal(
        minimal_with(("to: photos", "to: ghost")), 40, "AG201", "known services: 'web', 'photos'"
    ),
    "duplicate-service-id": Refusal(
        minimal_with(("  - id: photos", "  - id: web")), 26, "AG204", "first is on line 18"
    ),
    "duplicate-group-id": Refusal(
        minimal_with((GROUP[0], GROUP[1] % "  - id: backend\n    label: Again\n")), 16, "AG204"
    ),
    "duplicate-requirement-id": Refusal(
        minimal_with(
            (
                "    description: The site stays up when one server fails.\n",
                "    description: The site stays up when one server fails.\n"
                "  - id: availability\n    title: Again\n    description: Twice.\n",
            )
        ),
        12,
        "AG204",
    ),
    "id-ending-in-a-separator": Refusal(
        minimal_with(("  - id: photos", "  - id: Web-")), 26, "AG105", "did you mean 'web'?"
    ),
    "id-with-doubled-separators": Refusal(
        minimal_with(("  - id: photos", "  - id: photo..store")), 26, "AG105", "'photo-store'"
    ),
    "group-cycle": Refusal(
        minimal_with(
            (
                GROUP[0],
                GROUP[1] % "    parent: edge\n  - id: edge\n    label: Edge\n    parent: backend\n",
            )
        ),
        16,
        "AG205",
        "'backend' → 'edge' → 'backend'",
    ),
    "group-is-its-own-parent": Refusal(
        minimal_with((GROUP[0], GROUP[1] % "    parent: backend\n")), 16, "AG205"
    ),
    "serves-unknown-requirement": Refusal(
        minimal_with(("      availability: Runs", "      speed: Runs")),
        25,
        "AG203",
        "unknown requirement 'speed'",
    ),
    "tradeoff-names-unknown-service": Refusal(
        minimal_with() + TRADEOFF % ("wbe", "availability"), 47, "AG201", "did you mean 'web'?"
    ),
    "tradeoff-names-unknown-requirement": Refusal(
        minimal_with() + TRADEOFF % ("web", "availabilty"), 48, "AG203"
    ),
    "id-with-a-space": Refusal(
        minimal_with(("  - id: photos", "  - id: photo store")), 26, "AG105", "'photo-store'"
    ),
    "id-with-a-slash": Refusal(
        minimal_with(("  - id: photos", "  - id: photos/v2")), 26, "AG105", "'photos-v2'"
    ),
    "id-with-a-cyrillic-look-alike": Refusal(
        minimal_with(("  - id: backend", "  - id: b\u0430ckend")),
        14,
        "AG105",
        "did you mean 'backend'?",
    ),
    "reference-with-a-cyrillic-look-alike": Refusal(
        minimal_with(("to: photos", "to: \u0440hotos")),
        40,
        "AG201",
        "did you mean 'photos'? ('р' is U+0440 CYRILLIC SMALL LETTER ER, not the ASCII letter 'p')",
    ),
    "reference-with-a-bidi-control": Refusal(
        minimal_with(("to: photos", "to: pho\u202etos")), 40, "AG201", "'pho\\u202etos'"
    ),
    "key-with-a-zero-width-space": Refusal(
        minimal_with(("    name: Web app", "    na\u200bme: Web app")),
        19,
        "AG101",
        "unknown key 'na\\u200bme' — did you mean 'name'?",
    ),
}


@pytest.mark.parametrize("case", REFUSALS.values(), ids=REFUSALS.keys())
def test_refused(project: Project, case: Refusal) -> None:
    project.write(case.model)
    run = project.refused("render", "arch.yaml", line=case.line, code=case.code, real=case.real)
    assert case.says in run.output, run


def test_every_reference_problem_is_reported_at_once(project: Project) -> None:
    """The cases above in one model: each at its line, none hiding another."""
    model = minimal_with(
        ("from: web", "from: wbe"),
        ("  - id: photos", "  - id: Photo store"),
        ("      availability: Runs", "      speed: Runs"),
        (GROUP[0], GROUP[1] % "    parent: backend\n"),
    )
    project.write(model + TRADEOFF % ("ghost", "speed"))
    run = project.refused("validate", "arch.yaml", line=16, code="AG205")
    # the parent line added at 16 moves every later line down by one
    for line, code in ((26, "AG203"), (27, "AG105"), (40, "AG201"), (48, "AG201"), (49, "AG203")):
        assert re.search(rf"^arch\.yaml:{line}:\d+: error\[{code}\]", run.output, re.M), run


# ---- bidi controls and invisible characters: located warnings ------------------------------------


@dataclass(frozen=True)
class Hidden:
    """A text edit of the minimal model putting `char` in a field, and where the warning goes."""

    old: str
    new: str
    line: int
    column: int
    char: str


HIDDEN: dict[str, Hidden] = {
    "right-to-left-override-in-a-name": Hidden(
        "name: Web app", "name: Web \u202eppa", 19, 15, "\u202e"
    ),
    "left-to-right-isolate-in-a-step-label": Hidden(
        "label: PUT photo", "label: PUT \u2066photo\u2069", 41, 20, "\u2066"
    ),
    "zero-width-space-in-a-group-label": Hidden(
        "label: Backend", "label: Back\u200bend", 15, 16, "\u200b"
    ),
    "zero-width-joiner-between-latin-letters": Hidden(
        "title: Photo sharing", "title: Photo\u200dsharing", 3, 15, "\u200d"
    ),
    "byte-order-mark-inside-prose": Hidden(
        "does: Keeps the photos.", "does: Keeps the\ufeff photos.", 30, 20, "\ufeff"
    ),
    "escaped-zero-width-space": Hidden(  # written as an escape: the warning is at the value
        "name: Photo store", 'name: "Photo\\u200bstore"', 27, 11, "\u200b"
    ),
    "word-joiner-in-a-multi-line-description": Hidden(
        "    description: The site stays up when one server fails.\n",
        "    description: |\n      The site stays up\n      when one\u2060server fails.\n",
        13,
        15,
        "\u2060",
    ),
}


@pytest.mark.parametrize("case", HIDDEN.values(), ids=HIDDEN.keys())
def test_hidden_character_is_a_located_warning(project: Project, case: Hidden) -> None:
    project.write(minimal_with((case.old, case.new)))
    run = project.run("validate", "arch.yaml")
    assert run.code == 0, run
    assert_warned(run, line=case.line, code="AG308")
    assert f"arch.yaml:{case.line}:{case.column}: warning[AG308]" in run.output, run
    assert f"U+{ord(case.char):04X}" in run.output, run
    assert case.char not in run.output  # the message itself shows no hidden character
    strict = project.run("validate", "arch.yaml", "--strict")
    assert strict.code == 1, strict
    assert_warned(strict, line=case.line, code="AG308")


def test_joiners_inside_their_own_scripts_are_not_warned_about(project: Project) -> None:
    """A zero-width non-joiner is spelling in Persian; a joiner builds emoji sequences."""
    project.write(
        minimal_with(
            ("title: Photo sharing", "title: \u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"),
            ("name: Web app", "name: Team \U0001f468\u200d\U0001f469\u200d\U0001f467"),
        )
    )
    run = project.run("validate", "arch.yaml", "--strict")
    assert_clean(run)
    assert run.code == 0, run
    assert "AG308" not in run.output, run


BIDI_NAME = "Web \u202eppa"
HIDDEN_MODEL = minimal_with(
    ("name: Web app", f"name: {BIDI_NAME}"),
    ("label: Backend", "label: Back\u200bend"),
)


@pytest.mark.slow
def test_strict_render_refuses_hidden_characters(project: Project) -> None:
    project.write(HIDDEN_MODEL)
    run = project.run("render", "arch.yaml", "--strict", real=True)
    assert run.code == 1, run
    assert_warned(run, line=19, code="AG308")
    assert_warned(run, line=15, code="AG308")
    project.assert_output_untouched(run)


@pytest.mark.slow
def test_render_keeps_hidden_characters_as_written(project: Project) -> None:
    project.write(HIDDEN_MODEL)
    run = project.rendered()
    assert_warned(run, line=19, code="AG308")
    svg = ET.parse(project.output / "diagram.svg").getroot()
    node = next(e for e in svg.iter() if e.get("id") == "svc-web")
    shown = " ".join(t.text or "" for t in node.iter("{http://www.w3.org/2000/svg}text"))
    assert shown.split() == BIDI_NAME.split()
    group = next(e for e in svg.iter() if e.get("id") == "grp-backend")
    assert "Back\u200bend" in [t.text for t in group.iter("{http://www.w3.org/2000/svg}text")]
    html = read_html((project.output / "brief.html").read_text(encoding="utf-8"))
    assert BIDI_NAME in html.text and "Back\u200bend" in html.text
    assert f"#### {BIDI_NAME}\n" in (project.output / "brief.md").read_text(encoding="utf-8")
