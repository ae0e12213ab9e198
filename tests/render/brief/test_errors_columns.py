"""A template mistake's column: found on its line from what Jinja's message names."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from archgen.problems import ArchgenError
from archgen.render.brief.columns import code_spans, error_column
from archgen.render.brief.markdown import render_markdown
from archgen.resolve.view import RenderView

UserTemplates = Callable[[dict[str, str]], Path]


@pytest.mark.parametrize(
    ("line", "message", "column"),
    [
        ("<p>{{ foo }}</p>", "'foo' is undefined", 7),
        ("<p>{{ food }} {{ x.foo }} {{ foo }}</p>", "'foo' is undefined", 30),
        ("{{ view.title }}{{ view.titel }}", "'RenderView object' has no attribute 'titel'", 25),
        ("{{ view['titel'] }}", "'dict object' has no attribute 'titel'", 10),
        ("{{ a }} {{ a|nofilt }}", "No filter named 'nofilt'.", 14),
        ("{% if x is nonesuch %}", "No test named 'nonesuch'.", 12),
        ("x {% endfo %}", "Encountered unknown tag 'endfo'.", 6),
        ("<b>{% if %}", "Expected an expression, got 'end of statement block'", 10),
        ("<i>{}</i> {{ a }", "unexpected '}'", 16),
        ("{{ range(10**9)|list }}", "a range of more than 100,000 numbers is too big", 4),
        ("{{ 2 ** 9999999 }}", "2 ** 9999999 is too big a number for a template", 6),
        ("  missing }}", "'missing' is undefined", 3),  # inside a tag over several lines
    ],
)
def test_column_of_what_the_message_names(line: str, message: str, column: int) -> None:
    assert error_column(message, line) == column


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{{ foo }} {{ foo }}", "'foo' is undefined"),  # two places: which one is unclear
        ("<p>foo</p>{{ bar }}", "'foo' is undefined"),  # only in the HTML, not in code
        ("{% for x in y %}", "Unexpected end of template."),
        ("{{ loop_forever() }}", "the template ran for more than 20 s; does a loop never end?"),
    ],
)
def test_no_column_when_the_place_is_unclear(line: str, message: str) -> None:
    assert error_column(message, line) == 0


def test_code_spans_cover_tags_only() -> None:
    line = "<p>{{ a }}</p>{% if b %}c"
    assert [line[start:end] for start, end in code_spans(line)] == ["{{ a }}", "{% if b %}"]


def _problem_line(folder: Path, view: RenderView) -> str:
    with pytest.raises(ArchgenError) as caught:
        render_markdown(view, template_dirs=[folder])
    (problem,) = caught.value.problems
    return problem.format()


@pytest.mark.parametrize(
    ("second_line", "where", "code"),
    [
        ("Hello {{ foo }}", ":2:10: error[AG402] 'foo' is undefined", "AG402"),
        ("{{ view.projekt }}", ":2:9: error[AG402] ", "AG402"),
        ("Bye {{ view|nofilt }}", ":2:13: error[AG401] template syntax error: No filter", "AG401"),
        ("{% endfo %}", ":2:4: error[AG401] template syntax error: Encountered unknown", "AG401"),
        ("* {{ range(10**9)|list }}", ":2:6: error[AG404] a range of more than", "AG404"),
        ("{{ 1 }}{% if %}", ":2:14: error[AG401] template syntax error: Expected", "AG401"),
    ],
)
def test_rendered_template_errors_carry_the_column(
    user_templates: UserTemplates,
    example_view: RenderView,
    second_line: str,
    where: str,
    code: str,
) -> None:
    folder = user_templates({"brief.md.j2": f"# Title\n{second_line}\n"})
    shown = _problem_line(folder, example_view)
    assert shown.startswith(f"{folder / 'brief.md.j2'}{where}"), shown
    assert f"[{code}]" in shown


def test_a_name_written_twice_keeps_the_line_only(
    user_templates: UserTemplates, example_view: RenderView
) -> None:
    folder = user_templates({"brief.md.j2": "# Title\n{{ foo }} and {{ foo }}\n"})
    assert _problem_line(folder, example_view).startswith(f"{folder / 'brief.md.j2'}:2: error")
