"""A big model's brief draws each of its groups on its own, in an appendix."""

from __future__ import annotations

import base64
import re

from archgen.render.brief.html import render_html
from archgen.render.diagram import render_diagram
from archgen.resolve.collapse import detail_groups, overview, restricted_to
from bench.synthetic import synthetic_view


def test_each_group_of_a_big_model_has_its_figure_in_the_appendix() -> None:
    view = synthetic_view(96)
    drawn = render_diagram(overview(view), formats=["svg"]).files["svg"]
    groups = {
        g.id: render_diagram(restricted_to(view, g.id), formats=["svg"]).files["svg"]
        for g in detail_groups(view)
    }
    for medium in ("html", "pdf"):
        html = render_html(view, diagram_svg=drawn, group_svgs=groups, medium=medium)  # type: ignore[arg-type]
        assert '<section class="chapter appendix" id="sec-groups-detail">' in html
        figures = re.findall(r'<figure class="diagram group-diagram" id="fig-group-([^"]+)">', html)
        assert sorted(figures) == sorted(groups)
        assert "Figure 2.</span> Group 0: 8 services, and " in html
        sources = re.findall(r'<img src="data:image/svg\+xml;base64,([^"]+)" alt="Diagram of', html)
        assert len(sources) == len(groups)
        assert base64.b64decode(sources[0]) == groups["g0"]  # embedded, never read from a file
        if medium == "html":  # each group's node on the overview links to the group's figure
            hrefs = set(re.findall(r'href="#fig-group-([^"]+)"', html))
            assert hrefs == set(groups)


def test_a_small_models_brief_has_no_such_appendix() -> None:
    view = synthetic_view(16)
    drawn = render_diagram(view, formats=["svg"]).files["svg"]
    html = render_html(view, diagram_svg=drawn)
    assert "sec-groups-detail" not in html
    assert "Groups are drawn as one box each" not in html
