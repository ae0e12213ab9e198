"""Hidden characters in text (AG308): which ones, and where the warning points."""

from __future__ import annotations

import pytest

from archgen.load import load_model_text
from archgen.validate.text import check_text, first_hidden


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("plain ASCII", None),
        ("café naïve 日本", None),
        ("txt.\u202eexe", "\u202e"),
        ("a\u2066b\u2069", "\u2066"),
        ("zero\u200bwidth", "\u200b"),
        ("soft\u00adhyphen", "\u00ad"),
        ("Back\u200dend", "\u200d"),  # a joiner between ASCII letters only hides a difference
        ("\u0645\u06cc\u200c\u062e", None),  # a non-joiner inside Persian is spelling
        ("\U0001f468\u200d\U0001f469", None),  # a joiner inside an emoji sequence
        ("\u200dstart", "\u200d"),
    ],
)
def test_first_hidden(text: str, found: str | None) -> None:
    assert first_hidden(text) == found


def test_warning_points_at_the_character_or_at_an_escaped_value() -> None:
    text = (
        "project:\n  title: ab\u200bc\n"
        '  subtitle: "x\\u202ey"\n'  # an escape: the warning goes to the value
        "  summary: |\n    one\n    t\u2060wo\n"
    )
    problems = check_text(load_model_text(text, "arch.yaml"))
    assert [(p.line, p.column, p.path, p.severity) for p in problems] == [
        (2, 12, "project.title", "warning"),
        (3, 13, "project.subtitle", "warning"),
        (6, 6, "project.summary", "warning"),
    ]
