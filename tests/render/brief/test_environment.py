"""The Jinja environment: safety settings, template lookup, errors, helpers, the outline."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path

import jinja2
import pytest

from archgen.problems import ArchgenError
from archgen.render.brief import build_outline
from archgen.render.brief.environment import (
    builtin_templates_dir,
    compile_templates,
    count,
    ink_on,
    long_date,
    lower_first,
    make_environment,
    money,
    render_template,
)
from archgen.render.brief.html import render_html
from archgen.render.brief.markdown import render_markdown
from archgen.render.brief.template_files import search_path, template_files
from archgen.resolve.view import RenderView
from tests.render.brief.conftest import ViewFactory, stub_svg

UserTemplates = Callable[[dict[str, str]], Path]


def test_builtin_templates_are_found() -> None:
    folder = builtin_templates_dir()
    for name in ("base.html.j2", "brief.html.j2", "brief.md.j2", "screen.css"):
        assert (folder / name).is_file()


@pytest.mark.parametrize("name", ["page.j2", "brief.md.j2", "notes.txt", "page.html"])
def test_every_template_autoescapes_whatever_its_name(
    user_templates: UserTemplates, name: str
) -> None:
    folder = user_templates({name: "{{ value }}"})
    env = make_environment([folder])
    assert render_template(env, name, {"value": "<b>&"}) == "&lt;b&gt;&amp;"


def test_user_text_is_never_compiled(user_templates: UserTemplates) -> None:
    folder = user_templates({"t.j2": "{{ value }}|{{ value|prose }}"})
    env = make_environment([folder])
    out = render_template(env, "t.j2", {"value": "{{7*7}} {% raw %}"})
    assert out == "{{7*7}} {% raw %}|<p>{{7*7}} {% raw %}</p>\n"


def test_undefined_name_names_template_and_line(
    user_templates: UserTemplates, example_view: RenderView
) -> None:
    folder = user_templates(
        {
            "brief.html.j2": '{% extends "base.html.j2" %}\n'
            "{% block challenges %}\n<p>{{ view.challengez }}</p>\n{% endblock %}\n"
        }
    )
    with pytest.raises(ArchgenError) as caught:
        render_html(example_view, diagram_svg=stub_svg(example_view), template_dirs=[folder])
    (problem,) = caught.value.problems
    shown = problem.format()
    assert shown.startswith(f"{folder / 'brief.html.j2'}:3:12: error[AG402] ")
    assert "challengez" in shown
    assert "block 'challenges'" in shown


def test_syntax_error_names_template_and_line(
    user_templates: UserTemplates, example_view: RenderView
) -> None:
    folder = user_templates({"brief.md.j2": "# Title\n\n{% if %}\n"})
    with pytest.raises(ArchgenError) as caught:
        render_markdown(example_view, template_dirs=[folder])
    assert (
        "brief.md.j2:3:7: error[AG401] template syntax error" in caught.value.problems[0].format()
    )


def test_compiling_ahead_leaves_a_syntax_error_to_its_render(
    user_templates: UserTemplates, example_view: RenderView
) -> None:
    folder = user_templates({"brief.md.j2": "# Title\n\n{% if %}\n"})
    env = make_environment([folder])
    compile_templates(env)  # while Graphviz works: no error yet, the rest compiled
    assert env.cache is not None
    compiled = {template.name for template in env.cache.values()}
    assert {"brief.html.j2", "partials/services.html.j2"} <= compiled
    assert "brief.md.j2" not in compiled
    with pytest.raises(ArchgenError) as caught:
        render_markdown(example_view, template_dirs=[folder])
    assert (
        "brief.md.j2:3:7: error[AG401] template syntax error" in caught.value.problems[0].format()
    )


def test_missing_template_folder_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(ArchgenError, match="templates folder not found"):
        make_environment([tmp_path / "nope"])


def test_template_files_lists_the_effective_file_per_name(user_templates: UserTemplates) -> None:
    folder = user_templates({"brief.html.j2": '{% extends "base.html.j2" %}', ".hidden": "x"})
    files = template_files(search_path([folder]))
    assert files["brief.html.j2"] == folder / "brief.html.j2"
    assert files["base.html.j2"] == builtin_templates_dir() / "base.html.j2"
    assert files["partials/base.md.j2"] == builtin_templates_dir() / "partials" / "base.md.j2"
    assert ".hidden" not in files


def test_user_block_override_keeps_the_rest(
    user_templates: UserTemplates, example_view: RenderView
) -> None:
    folder = user_templates(
        {
            "brief.html.j2": '{% extends "base.html.j2" %}\n{% block challenges %}'
            '<section class="chapter" id="sec-challenges"><h2>Our struggles</h2>'
            '{{ super()|length > 0 }} {{ m.ref("sec-costs") }}</section>{% endblock %}',
        }
    )
    html = render_html(example_view, diagram_svg=stub_svg(example_view), template_dirs=[folder])
    assert '<h2>Our struggles</h2>True <a href="#sec-costs">section 8</a></section>' in html
    assert 'id="sec-overview"' in html and 'id="sec-costs"' in html
    assert 'id="challenge-1"' not in html


def test_user_reflection_blocks_override(
    user_templates: UserTemplates, example_view: RenderView
) -> None:
    folder = user_templates(
        {
            "brief.html.j2": '{% extends "base.html.j2" %}\n'
            "{% block reflection_intro %}<p>Looking back.</p>{% endblock %}"
            "{% block reflection_team %}{% endblock %}",
            "brief.md.j2": '{% extends "partials/base.md.j2" %}\n'
            "{% block reflection_intro %}Looking back.{% endblock %}",
        }
    )
    html = render_html(example_view, diagram_svg=stub_svg(example_view), template_dirs=[folder])
    assert '<h2><span class="num">9</span> Reflection</h2>\n<p>Looking back.</p>' in html
    assert '<table class="team">' not in html and "Requirements write-up" not in html
    text = render_markdown(example_view, template_dirs=[folder])
    assert "## 9 Reflection\n\nLooking back." in text
    assert "| Author | Requirements write-up |" in text


def test_user_markdown_block_override(
    user_templates: UserTemplates, example_view: RenderView
) -> None:
    folder = user_templates(
        {
            "brief.md.j2": '{% extends "partials/base.md.j2" %}\n'
            "{% block appendix %}Made with care.{% endblock %}"
        }
    )
    text = render_markdown(example_view, template_dirs=[folder])
    assert text.endswith("Made with care.\n")
    assert "## 1 Overview" in text


def test_user_partial_replaces_the_builtin_one(
    user_templates: UserTemplates, make_view: ViewFactory
) -> None:
    folder = user_templates(
        {
            "partials/flows.html.j2": "{% macro flow_section(flow) %}"
            "<p>FLOW {{ flow.id }}</p>{% endmacro %}"
        }
    )
    view = make_view(minimal_data())
    html = render_html(view, diagram_svg=stub_svg(view), template_dirs=[folder])
    assert "<p>FLOW upload</p>" in html


def test_money() -> None:
    assert money(1234.5, "USD") == "$1,234.50"
    assert money(0, "EUR") == "€0.00"
    assert money(12, "CHF") == "CHF\N{NO-BREAK SPACE}12.00"


def test_count() -> None:
    assert count(0, "service") == "no services"
    assert count(1, "service") == "one service"
    assert count(5, "service") == "five services"
    assert count(21, "service") == "21 services"
    assert count(5, "service", words=False) == "5 services"
    assert count(2, "analysis", "analyses") == "two analyses"


def test_long_date_and_lower_first() -> None:
    assert long_date(datetime.date(2026, 11, 4)) == "4 November 2026"
    assert lower_first("High availability") == "high availability"
    assert lower_first("AWS costs") == "AWS costs"
    assert lower_first("iOS support") == "iOS support"
    assert lower_first("X") == "x"


def test_ink_on_picks_the_readable_colour() -> None:
    assert ink_on("#000000") == "#ffffff"
    assert ink_on("#E69F00") == "#000000"
    assert ink_on("#0072B2") == "#ffffff"


def minimal_data() -> dict[str, object]:
    service = {"icon": "aws.compute.Lambda", "does": "Does.", "why": "Why."}
    step = {"from": "web", "to": "db", "label": "put"}
    return {
        "project": {"title": "Tiny", "summary": "Small."},
        "services": [
            {**service, "id": "web", "name": "Web"},
            {**service, "id": "db", "name": "DB"},
        ],
        "flows": [{"id": "upload", "name": "Upload", "steps": [step]}],
    }


def test_outline_numbers_only_what_the_model_has(make_view: ViewFactory) -> None:
    outline = build_outline(make_view(minimal_data()))
    assert [s.label for s in outline] == [
        "1 Overview",
        "2 How information flows",
        "3 Services",
        "A About this document",
    ]
    assert outline["flow-upload"].number == "2.1"
    assert "sec-costs" not in outline and "sec-requirements" not in outline


def test_outline_of_the_example(example_view: RenderView) -> None:
    outline = build_outline(example_view)
    labels = [s.label for s in outline]
    assert labels[0] == "1 Overview" and labels[-1] == "A About this document"
    assert outline["services-outside"].number == "3.1"
    assert "group-aws-cloud" not in outline  # a boundary around groups only: no empty heading
    assert outline["group-frontend"].number == "3.2"
    assert outline["group-monitoring"].number == "3.8"
    assert max(section.depth for top in outline for section in top.walk()) == 1
    ids = [section.id for top in outline for section in top.walk()]
    assert len(ids) == len(set(ids))


def test_compiled_templates_are_kept_in_the_users_cache_by_file_and_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from archgen.render.brief import environment

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    kept = environment.compiled_templates()
    assert kept is not None
    folder = Path(kept.directory)
    assert folder == tmp_path / "cache" / "archgen" / "templates"
    one, other = kept.get_cache_key("a.j2", "/x/a.j2"), kept.get_cache_key("a.j2", "/y/a.j2")
    assert one != other
    with monkeypatch.context() as patched:
        patched.setattr(environment, "_compiler_digest", lambda: "another archgen")
        assert kept.get_cache_key("a.j2", "/x/a.j2") != one
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "t.j2").write_text("{{ 6 * 7 }} one", encoding="utf-8")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(templates), bytecode_cache=kept)
    assert env.get_template("t.j2").render() == "42 one"
    assert len(list(folder.glob("*.jinja"))) == 1
    (templates / "t.j2").write_text("{{ 6 * 7 }} two", encoding="utf-8")
    again = jinja2.Environment(loader=jinja2.FileSystemLoader(templates), bytecode_cache=kept)
    assert again.get_template("t.j2").render() == "42 two"  # the source changed: compiled anew
    brief = environment.make_environment((templates,))
    assert isinstance(brief.bytecode_cache, environment.CompiledTemplates)
