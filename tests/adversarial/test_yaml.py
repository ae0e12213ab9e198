"""YAML and structure: hostile or broken files end with exit 1 and a located message, leave the
previous render as it was and write nothing else; the YAML 1.1 surprises stay YAML 1.2 text.

Line numbers refer to tests/fixtures/models/minimal.yaml, which most cases edit.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from archgen.load import MAX_FILE_BYTES
from tests.adversarial.harness import Project, minimal_with

COST = ("    why: Durable and cheap.\n", "    why: Durable and cheap.\n    cost: {monthly: %s}\n")


def deep(opening: str, closing: str, depth: int = 5_000) -> str:
    return f"project:\n  title: x\n  summary: {opening * depth}x{closing * depth}\n"


@dataclass(frozen=True)
class Refusal:
    """A model file (text or bytes), where it must be refused, and with which code."""

    content: str | bytes
    line: int
    code: str
    says: str = ""  # a fragment the message must hold
    real: bool = False  # run as a real process (a sample; in-process is faster)


MINIMAL_BYTES = minimal_with().encode("utf-8")

REFUSALS: dict[str, Refusal] = {
    "python-object-tag": Refusal(
        "project: !!python/object:archgen.model.schema.Project {title: x}\n", 1, "AG007"
    ),
    "python-apply-tag": Refusal(
        'project: !!python/object/apply:os.system ["touch pwned"]\n', 1, "AG007", real=True
    ),
    "set-tag": Refusal("project: !!set {a, b}\n", 1, "AG007", "!!set"),
    "binary-tag": Refusal("project:\n  title: !!binary aGVsbG8=\n", 2, "AG007", "!!binary"),
    "custom-tag": Refusal(minimal_with(("title: Photo", "title: !custom Photo")), 3, "AG007"),
    "alias-inside-its-own-anchor": Refusal(
        "project: &a\n  title: x\n  self: *a\n", 3, "AG010", "repeat forever"
    ),
    "undefined-alias": Refusal("project:\n  title: *nope\n", 2, "AG004", "*nope"),
    "number-and-list-keys": Refusal(
        minimal_with(("  date: 2026-11-24\n", "  date: 2026-11-24\n  1: x\n  [a]: b\n")),
        7,
        "AG013",
        "put the key in quotes",
    ),
    "duplicate-key": Refusal(
        minimal_with(("  title: Photo sharing\n", "  title: Photo sharing\n  title: Again\n")),
        4,
        "AG006",
        "first defined on line 3",
    ),
    "duplicate-top-level-key": Refusal(minimal_with()[:-1] + "\nservices: []\n", 42, "AG006"),
    "0755-in-text-field": Refusal(
        minimal_with(("title: Photo sharing", "title: 0755")), 3, "AG103", "got 755"
    ),
    "no-in-number-field": Refusal(minimal_with((COST[0], COST[1] % "no")), 32, "AG103", "got 'no'"),
    "12:30-in-number-field": Refusal(
        minimal_with((COST[0], COST[1] % "12:30")), 32, "AG103", "got '12:30'"
    ),
    "on-as-key-stays-text": Refusal(
        minimal_with(("  date: 2026-11-24\n", "  date: 2026-11-24\n  on: push\n")),
        7,
        "AG101",
        "unknown key 'on'",
    ),
    "invalid-date": Refusal(
        minimal_with(("2026-11-24", "2026-02-30")), 6, "AG109", "'2026-02-30' is not a real date"
    ),
    "5000-nested-flow-lists": Refusal(deep("[", "]"), 3, "AG011", real=True),
    "5000-nested-flow-mappings": Refusal(deep("{a: ", "}"), 3, "AG011"),
    "5000-nested-block-lists": Refusal(
        "project:\n  title: x\n  summary:\n    " + "- " * 5_000 + "x\n", 4, "AG011"
    ),
    "tab-indentation": Refusal(
        minimal_with(("\n  title: Photo", "\n\ttitle: Photo")), 3, "AG005", "tab"
    ),
    "nul-byte": Refusal(
        MINIMAL_BYTES.replace(b"Photo sharing", b"Photo\x00sharing"), 3, "AG002", "U+0000", True
    ),
    "nul-escape-in-text": Refusal(
        minimal_with(("name: Web app", 'name: "Web\\0app"')), 19, "AG002", "U+0000"
    ),
    "terminal-escape-in-text": Refusal(
        minimal_with(("label: PUT photo", 'label: "\\e[2J\\e]0;owned\\a"')), 41, "AG002", "U+001B"
    ),
    "invalid-utf-8": Refusal(
        MINIMAL_BYTES.replace(b"Photo sharing", b"Photo \xff\xfe sharing"), 3, "AG002", "0xFF"
    ),
    "bom-and-crlf-error-on-its-line": Refusal(
        b"\xef\xbb\xbf"
        + MINIMAL_BYTES.replace(b"to: photos", b"to: photoz").replace(b"\n", b"\r\n"),
        40,
        "AG201",
        "did you mean 'photos'?",
    ),
    "empty-file": Refusal(b"", 1, "AG003"),
    "only-comments": Refusal("# nothing yet\n\n   \n", 1, "AG003"),
    "list-at-root": Refusal("- project: x\n- services: []\n", 1, "AG008", "holds a list"),
    "scalar-at-root": Refusal("an architecture\n", 1, "AG008", "single value"),
    "several-documents": Refusal(minimal_with() + "---\nproject: {}\n", 42, "AG009"),
    "over-the-size-cap": Refusal(
        MINIMAL_BYTES + b"#" * (MAX_FILE_BYTES + 1 - len(MINIMAL_BYTES)), 1, "AG012", "16 MiB"
    ),
}


@pytest.mark.parametrize("case", REFUSALS.values(), ids=REFUSALS.keys())
def test_refused(project: Project, case: Refusal) -> None:
    project.write(case.content)
    run = project.refused("render", "arch.yaml", line=case.line, code=case.code, real=case.real)
    assert case.says in run.output, run


@pytest.mark.slow
def test_the_size_cap_is_exact(project: Project) -> None:
    """A file of exactly the cap is read (and is then a valid model)."""
    project.write(MINIMAL_BYTES + b"#" * (MAX_FILE_BYTES - len(MINIMAL_BYTES)))
    run = project.run("validate", "arch.yaml")
    assert run.code == 0, run


@pytest.mark.slow
def test_alias_bomb_fails_fast_with_its_code(
    project: Project, record_property: Callable[[str, object], None]
) -> None:
    """A billion laughs: nine levels of ten aliases each. The time is recorded, not asserted
    (shared machines); the subprocess timeout only guards against a hang."""
    lines = ['a0: &a0 ["lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    project.write("project:\n  title: x\n" + "\n".join(f"  {line}" for line in lines) + "\n")
    started = time.perf_counter()
    run = project.run("render", "arch.yaml", real=True, timeout=60)
    record_property("seconds", round(time.perf_counter() - started, 3))
    assert "alias bomb" in run.output, run
    project.refused("render", "arch.yaml", line=None, code="AG010")


# ---- YAML 1.1 spellings are YAML 1.2 text ------------------------------------------------------

YAML_12 = minimal_with(
    ("title: Photo sharing", "title: no"),
    ("name: Web app", "name: on"),
    ("label: Backend", "label: off"),
    ("label: PUT photo", "label: 12:30"),
    ("authors: [Ana, Bo]", "authors: [yes, n]"),
)


@pytest.mark.slow
def test_yaml_11_booleans_and_times_render_as_the_text_written(project: Project) -> None:
    project.write(YAML_12)
    project.rendered()
    markdown = (project.output / "brief.md").read_text(encoding="utf-8")
    svg = (project.output / "diagram.svg").read_text(encoding="utf-8")
    assert "\n# no\n" in markdown and "**Authors:** yes and n\\" in markdown
    assert ">on</text>" in svg and ">off</text>" in svg and "12:30</text>" in svg
    assert "750" not in svg + markdown  # YAML 1.1 read 12:30 as sexagesimal 750


@pytest.mark.slow
def test_bom_and_crlf_are_accepted(project: Project) -> None:
    project.write(b"\xef\xbb\xbf" + MINIMAL_BYTES.replace(b"\n", b"\r\n"))
    project.rendered()
    assert "Photo sharing" in (project.output / "brief.md").read_text(encoding="utf-8")


# ---- unknown keys, and Graphviz attributes passed through them ----------------------------------

# After this line of the minimal model, indented like it, the keys are added. A `serves` key
# names a requirement, so there they are unknown requirements.
PLACES = {
    "project": ("  date: 2026-11-24\n", "AG101", "unknown key"),
    "requirement": (
        "    description: The site stays up when one server fails.\n",
        "AG101",
        "unknown key",
    ),
    "group": ("    label: Backend\n", "AG101", "unknown key"),
    "service": ("    why: Scales without servers to manage.\n", "AG101", "unknown key"),
    "serves": ("      availability: Runs in several zones.\n", "AG203", "unknown requirement"),
    "flow": ("    name: Upload a photo\n", "AG101", "unknown key"),
    "step": ("        label: PUT photo\n", "AG101", "unknown key"),
}
PASSTHROUGH = {
    "image": "/etc/passwd",
    "URL": "javascript:alert(1)",
    "style": "invis",
    "color": "red;background:url(file:///etc/passwd)",
}


def with_keys(after: str) -> str:
    indent = after[: len(after) - len(after.lstrip())]
    keys = "".join(f'{indent}{key}: "{value}"\n' for key, value in PASSTHROUGH.items())
    return minimal_with((after, after + keys))


def key_lines(after: str) -> list[int]:
    first = minimal_with().splitlines(keepends=True).index(after) + 2
    return list(range(first, first + len(PASSTHROUGH)))


@pytest.mark.parametrize(("after", "code", "says"), PLACES.values(), ids=PLACES.keys())
def test_unknown_keys_are_each_refused(project: Project, after: str, code: str, says: str) -> None:
    project.write(with_keys(after))
    run = project.refused("render", "arch.yaml", line=None, code=code)
    for line, key in zip(key_lines(after), PASSTHROUGH, strict=True):
        assert f"arch.yaml:{line}:" in run.output, (key, run)
        assert f"{says} '{key}'" in run.output, run
    assert run.output.count(f"error[{code}]") == len(PASSTHROUGH), run


def test_unknown_keys_at_a_link_and_the_diagram(project: Project) -> None:
    model = minimal_with() + (
        "\nlinks:\n  - from: web\n    to: photos\n    image: x.png\n    URL: javascript:x\n"
        "diagram:\n  direction: LR\n  bgcolor: red\n  rankdir: TB\n"
    )
    project.write(model)
    run = project.refused("render", "arch.yaml", line=46, code="AG101")
    for line in (46, 47, 50, 51):
        assert f"arch.yaml:{line}:" in run.output, run
    assert run.output.count("error[AG101]") == 4, run
