"""User text shows literally: quotes, `<`, `&`, backslashes, `\\n`, `\\l` and HTML-like tags."""

from __future__ import annotations

import pytest

from archgen.render.diagram import render_diagram
from archgen.render.diagram.dot import html_text, plain, tooltip_text
from tests.render.diagram.conftest import ViewFactory, small_model
from tests.render.diagram.svgtools import Drawing, texts, tooltip

NASTY_NAME = '<b>"A&B"</b> \\l \\n \\\\'
NASTY_STEP = "<<evil>>"
NASTY_TITLE = 'Shop <i>&amp;</i> "\\G" \\N'
NASTY_GROUP = "VPC \\E & <br/> 'x'"
NASTY_LINK = "\\T \\H \\L &#92;"


def nasty_model() -> dict[str, object]:
    data = small_model()
    data["project"] = {"title": NASTY_TITLE, "summary": "x", "subtitle": "a\\lb <u>"}
    data["services"][0]["name"] = NASTY_NAME
    data["services"][0]["does"] = "Sends \\N <script>&lt;"
    data["groups"][0]["label"] = NASTY_GROUP
    data["flows"][0]["steps"][0]["label"] = NASTY_STEP
    data["flows"][0]["name"] = "Read & <write>"
    data["links"][0]["label"] = NASTY_LINK
    return data


def test_nasty_text_shows_literally_in_the_svg(make_view: ViewFactory) -> None:
    view = make_view(nasty_model())
    drawing = Drawing(render_diagram(view, formats=["svg"]).files["svg"])
    # Names and link labels wrap at spaces into lines; joined with one space they read the same.
    assert " ".join(texts(drawing.one("svc-users"))) == NASTY_NAME
    assert "".join(texts(drawing.one("step-1"))) == f"1\N{NO-BREAK SPACE}{NASTY_STEP}"
    assert texts(drawing.one("grp-backend")) == [NASTY_GROUP]
    assert " ".join(texts(drawing.one("link-1"))) == NASTY_LINK
    graph = drawing.one("diagram")
    assert NASTY_TITLE in texts(graph)
    assert "a\\lb <u>" in texts(graph)
    assert drawing.root[0].text == NASTY_TITLE


def test_nasty_text_shows_literally_in_tooltips(make_view: ViewFactory) -> None:
    view = make_view(nasty_model())
    drawing = Drawing(render_diagram(view, formats=["svg"]).files["svg"])
    assert tooltip(drawing.one("svc-users")) == f"{NASTY_NAME}: Sends \\N <script>&lt;"
    assert tooltip(drawing.one("step-1")) == f"1. {NASTY_STEP} (Read & <write>)"
    assert tooltip(drawing.one("grp-backend")) == NASTY_GROUP
    assert tooltip(drawing.one("link-1")) == NASTY_LINK


def test_line_breaks_are_kept_and_other_controls_become_spaces(make_view: ViewFactory) -> None:
    data = small_model()
    data["services"][1]["name"] = "Line one\nline\ttwo"
    data["flows"][0]["steps"][0]["label"] = "GET\r\n/items"
    data["groups"][0]["label"] = "Back\nend"
    drawing = Drawing(render_diagram(make_view(data), formats=["svg"]).files["svg"])
    assert texts(drawing.one("svc-api")) == ["Line one", "line two"]
    assert texts(drawing.one("step-1")) == ["1", "\N{NO-BREAK SPACE}GET", "/items"]
    assert texts(drawing.one("grp-backend")) == ["Back", "end"]


def test_a_backslash_n_typed_in_a_name_shows_literally(make_view: ViewFactory) -> None:
    data = small_model()
    data["services"][1]["name"] = "Line one\\nline two"  # YAML `Line one\nline two`, unquoted
    drawing = Drawing(render_diagram(make_view(data), formats=["svg"]).files["svg"])
    assert " ".join(texts(drawing.one("svc-api"))) == "Line one\\nline two"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a & b", "a &amp; b"),
        ("<b>", "&lt;b&gt;"),
        ('say "hi"', "say &quot;hi&quot;"),
        ("\\n", "\\\\n"),
        ("one\ntwo", "one two"),
    ],
)
def test_html_text(text: str, expected: str) -> None:
    assert html_text(text) == expected


def test_tooltip_text_quadruples_backslashes_and_is_bounded() -> None:
    assert tooltip_text('\\ "x"') == "\\\\\\\\ &quot;x&quot;"
    assert len(tooltip_text("x" * 1000)) <= 300
    assert plain("a\x00b\x7fc") == "a b c"
