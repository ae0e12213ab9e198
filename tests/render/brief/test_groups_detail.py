"""A big model's brief draws each of its groups on its own, in an appendix; each group's
drawing is a view of its own, `views/group-<id>.svg`, which the Markdown brief links to."""

from __future__ import annotations

import base64
import re
from pathlib import Path

from archgen.render.brief.html import render_html
from archgen.render.diagram import render_diagram
from archgen.resolve.collapse import detail_group_ids, detail_groups, overview
from archgen.resolve.views import all_views, view_specs
from bench.synthetic import synthetic_model, synthetic_view, write_synthetic
from tests.e2e.support import cli


def test_each_group_of_a_big_model_has_its_figure_in_the_appendix() -> None:
    view = synthetic_view(96)
    drawn = render_diagram(overview(view), formats=["svg"]).files["svg"]
    groups = {
        view_id: render_diagram(group_view, formats=["svg"]).files["svg"]
        for view_id, group_view in all_views(view, view_specs(synthetic_model(96)))
        if view_id.startswith("group-")
    }
    assert sorted(groups) == sorted(f"group-{g.id}" for g in detail_groups(view))
    for medium in ("html", "pdf"):
        html = render_html(view, diagram_svg=drawn, view_svgs=groups, medium=medium)  # type: ignore[arg-type]
        assert '<section class="chapter appendix" id="sec-groups-detail">' in html
        figures = re.findall(r'<figure class="diagram group-diagram" id="fig-group-([^"]+)">', html)
        assert sorted(f"group-{figure}" for figure in figures) == sorted(groups)
        assert "Figure 2.</span> Group 0: 8 services, and " in html
        sources = re.findall(r'<img src="data:image/svg\+xml;base64,([^"]+)" alt="Diagram of', html)
        assert len(sources) == len(groups)
        assert (
            base64.b64decode(sources[0]) == groups["group-g0"]
        )  # embedded, never read from a file
        if medium == "html":  # each group's node on the overview links to the group's figure
            hrefs = set(re.findall(r'href="#fig-group-([^"]+)"', html))
            assert {f"group-{href}" for href in hrefs} == set(groups)


def test_the_groups_with_a_view_are_known_from_the_model_alone() -> None:
    """The names of the files in `views/` come from the model before anything is resolved:
    the same groups the brief draws one by one from the resolved view."""
    for services in (16, 64, 65, 96, 200, 1024):
        expected = [g.id for g in detail_groups(synthetic_view(services))]
        assert sorted(detail_group_ids(synthetic_model(services))) == sorted(expected), services
    assert detail_group_ids(synthetic_model(64)) == ()
    assert len(detail_group_ids(synthetic_model(96))) == 12


def test_a_big_models_render_writes_each_groups_view_and_the_markdown_shows_them(
    tmp_path: Path,
) -> None:
    model = write_synthetic(tmp_path / "arch.yaml", 96)
    run = cli("render", model, "--only", "views", "--only", "md")
    assert run.code == 0, run
    out = tmp_path / "output"
    ids = detail_group_ids(synthetic_model(96))
    drawn = sorted(path.name for path in (out / "views").glob("group-*.svg"))
    assert drawn == sorted(f"group-{group_id}.svg" for group_id in ids)
    svg = (out / "views" / "group-g0.svg").read_text(encoding="utf-8")
    assert "<title>Group 0</title>" in svg or ">Group 0<" in svg
    markdown = (out / "brief.md").read_text(encoding="utf-8")
    linked = re.findall(r"!\[Diagram of the group [^]]*\]\((views/group-[^)]+\.svg)\)", markdown)
    assert sorted(linked) == sorted(f"views/group-{group_id}.svg" for group_id in ids)
    assert "*Figure 2. Group 0: 8 services, and " in markdown


def test_a_small_models_brief_has_no_such_appendix() -> None:
    view = synthetic_view(16)
    drawn = render_diagram(view, formats=["svg"]).files["svg"]
    html = render_html(view, diagram_svg=drawn)
    assert "sec-groups-detail" not in html
    assert "Groups are drawn as one box each" not in html
