"""The HTML brief: structure, links, media, and injection; golden files in ../test_golden.py."""

from __future__ import annotations

import base64
import re

import pytest

from archgen.render.brief.html import inline_diagram, render_html
from archgen.render.brief.paper import plan_paper
from archgen.resolve.view import RenderView
from tests.render.brief.conftest import (
    FINGERPRINT,
    PAYLOAD,
    ParsedHtml,
    ViewFactory,
    example_data,
    parse_html,
    real_svg,
    stub_svg,
)


@pytest.fixture
def example_html(example_view: RenderView) -> str:
    return render_html(example_view, diagram_svg=stub_svg(example_view), fingerprint=FINGERPRINT)


def test_rendering_is_deterministic(example_view: RenderView, example_html: str) -> None:
    again = render_html(example_view, diagram_svg=stub_svg(example_view), fingerprint=FINGERPRINT)
    assert again == example_html


def assert_links_resolve(parsed: ParsedHtml) -> None:
    ids = parsed.ids
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    missing = sorted(set(parsed.fragment_links) - set(ids))
    assert not missing, f"links to missing ids: {missing}"


def test_every_internal_link_resolves(example_html: str) -> None:
    assert_links_resolve(parse_html(example_html))


def test_every_part_of_the_model_is_shown(example_view: RenderView, example_html: str) -> None:
    parsed = parse_html(example_html)
    ids = set(parsed.ids)
    text = " ".join(parsed.text)
    for service in example_view.services:
        assert f"service-{service.id}" in ids
        assert f"#service-{service.id}" in parsed.attribute_values("href")
    for requirement in example_view.requirements:
        assert f"req-{requirement.id}" in ids
    for tradeoff in example_view.tradeoffs:
        assert f"tradeoff-{tradeoff.id}" in ids
    for flow in example_view.flows:
        assert f"flow-{flow.id}" in ids
    for group in example_view.groups:
        assert f"group-{group.id}" in ids
    for step in example_view.steps:
        assert f"step-detail-{step.number}" in ids
        n = step.number
        item = rf'<li id="step-detail-{n}" value="{n}" data-step="{n}"'
        badge = rf'<span class="step-number"[^>]*>{step.number}</span>'
        assert re.search(item + r"[^>]*>\s*" + badge, example_html)
    for section in ("overview", "flows", "services", "requirements", "coverage", "tradeoffs",
                    "challenges", "costs", "reflection", "appendix"):  # fmt: skip
        assert f"sec-{section}" in ids
    assert "1 Overview" in " ".join(text.split())


def test_steps_carry_the_global_numbers(example_view: RenderView, example_html: str) -> None:
    for flow in example_view.flows:
        assert f'<ol class="steps" start="{flow.steps[0].number}">' in example_html
        assert f"background-color: {flow.colour}" in example_html


def test_head_and_metadata(example_view: RenderView, example_html: str) -> None:
    project = example_view.project
    assert example_html.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in example_html
    assert f'<meta name="archgen-fingerprint" content="{FINGERPRINT}">' in example_html
    assert f'<meta name="author" content="{", ".join(project.authors)}">' in example_html
    assert '<meta name="keywords" content="AWS, e-commerce' in example_html
    assert '<meta name="description"' in example_html
    assert "Content-Security-Policy" in example_html


def test_self_contained_html(example_html: str) -> None:
    parsed = parse_html(example_html)
    assert not [tag for tag, _ in parsed.tags if tag in ("link", "script", "img", "iframe")]
    assert not parsed.attribute_values("src")
    assert "@import" not in example_html and "url(" not in example_html
    assert "<?xml" not in example_html and "<!DOCTYPE svg" not in example_html


def test_inline_diagram_links_every_service(example_view: RenderView) -> None:
    diagram = inline_diagram(stub_svg(example_view), example_view)
    for service in example_view.services:
        assert (
            f'<a href="#service-{service.id}" class="service-link" '
            f'aria-label="{service.name}: details"><g id="svc-{service.id}"'
        ) in diagram.svg
        assert f'id="icon-{service.id}"' in diagram.svg
    assert diagram.svg.startswith("<svg ")
    assert diagram.icon_boxes["users"] == "25 25 24 24"


def test_service_headings_reuse_the_diagram_icons(example_html: str) -> None:
    assert (
        '<h4 class="service-name"><svg class="service-icon" viewBox="175 25 24 24" '
        'aria-hidden="true" focusable="false"><use href="#icon-route53"></use></svg>Route 53</h4>'
    ) in example_html


def test_real_diagram_links_every_service(example_view: RenderView) -> None:
    svg = real_svg(example_view)
    if svg is None:
        pytest.skip("the diagram renderer is not available")
    html = render_html(example_view, diagram_svg=svg)
    parsed = parse_html(html)
    assert_links_resolve(parsed)
    linked = [
        a["href"] for tag, a in parsed.tags if tag == "a" and "service-link" in a.get("class", "")
    ]
    assert sorted(linked) == sorted(f"#service-{s.id}" for s in example_view.services)
    steps = [a["href"] for tag, a in parsed.tags if tag == "a" and a.get("class") == "step-link"]
    assert sorted(steps) == sorted(f"#step-detail-{s.number}" for s in example_view.steps)


def test_pdf_medium_embeds_the_diagram_once_as_an_image(example_view: RenderView) -> None:
    svg = stub_svg(example_view)
    html = render_html(example_view, diagram_svg=svg, medium="pdf", fingerprint=FINGERPRINT)
    parsed = parse_html(html)
    sources = parsed.attribute_values("src")
    assert sources == ["data:image/svg+xml;base64," + base64.b64encode(svg).decode()]
    assert "<svg" not in html and "<use" not in html and "Content-Security-Policy" not in html
    assert "attached to this PDF" in html
    assert "Select a service" not in html
    toc = re.search(r'<nav class="toc".*?</nav>', html, re.DOTALL)
    assert toc is not None and '<a href="#sec-overview">' in toc.group()
    assert_links_resolve(parsed)


def test_extra_head_meta_is_escaped(example_view: RenderView) -> None:
    html = render_html(
        example_view, diagram_svg=stub_svg(example_view), extra_head={"dcterms.x": '"><b>'}
    )
    assert '<meta name="dcterms.x" content="&#34;&gt;&lt;b&gt;">' in html


def test_small_model_without_optional_sections(make_view: ViewFactory) -> None:
    view = make_view(
        {
            "project": {"title": "Tiny", "summary": "Small."},
            "services": [
                {
                    "id": "web",
                    "name": "Web",
                    "icon": "aws.compute.Lambda",
                    "does": "Does.",
                    "why": "Why.",
                }
            ],
        }
    )
    html = render_html(view, diagram_svg=stub_svg(view))
    parsed = parse_html(html)
    assert_links_resolve(parsed)
    assert 'id="sec-costs"' not in html and 'id="sec-flows"' not in html
    assert 'id="sec-reflection"' not in html and "Reflection" not in html
    assert '<h2><span class="num">2</span> Services</h2>' in html


@pytest.mark.parametrize("medium", ["html", "pdf"])
def test_injection_never_becomes_markup(hostile_view: RenderView, medium: str) -> None:
    html = render_html(hostile_view, diagram_svg=stub_svg(hostile_view), medium=medium)  # type: ignore[arg-type]
    parsed = parse_html(html)
    assert "<script" not in html.lower()
    assert not [tag for tag, _ in parsed.tags if tag in ("script", "iframe", "object", "embed")]
    for tag, attributes in parsed.tags:
        assert not [name for name in attributes if name.startswith("on")], tag
        if tag == "img":
            assert attributes["src"].startswith("data:image/svg+xml;base64,")
    for href in parsed.attribute_values("href"):
        assert href.startswith(("#", "http://", "https://", "mailto:")), href
    assert "169.254.169.254" not in "".join(parsed.attribute_values("src"))
    text = " ".join(parsed.text)
    assert "{{7*7}}" in text and "{% raw %}" in text
    assert "<script>alert(1)</script>" in text  # shown as typed, as text
    assert_links_resolve(parsed)
    assert PAYLOAD.split()[0] in html


def test_requirement_without_contributions_is_called_a_gap(hostile_view: RenderView) -> None:
    html = render_html(hostile_view, diagram_svg=stub_svg(hostile_view))
    gap = re.search(r'<section class="requirement" id="req-gap">.*?</section>', html, re.DOTALL)
    assert gap is not None and "A gap." in gap.group()
    assert "Still open." in html


def test_services_sharing_an_icon_each_show_it_in_their_heading(
    make_view: ViewFactory,
) -> None:
    """The diagram keeps an icon drawn twice once, in <defs>; both headings still show it."""
    data = example_data()
    lambdas = [s for s in data["services"] if s["icon"] == "aws.compute.Lambda"]
    assert len(lambdas) >= 1
    data["services"][0]["icon"] = "aws.compute.Lambda"  # now shared with the Lambda services
    view = make_view(data)
    svg = real_svg(view)
    if svg is None:
        pytest.skip("the diagram renderer is not available")
    html = render_html(view, diagram_svg=svg)
    sharing = [view.services[0].id, *(s["id"] for s in lambdas)]
    for service_id in sharing:
        assert f'<use href="#icon-{service_id}"></use>' in html, service_id
        assert f'id="icon-{service_id}"' in html, service_id


def test_a_diagram_too_large_to_print_is_named_not_embedded(example_view: RenderView) -> None:
    svg = stub_svg(example_view)
    size = re.search(rb'width="940pt" height="\d+pt" viewBox="0 0 940 \d+"', svg)
    assert size is not None
    huge = svg.replace(size[0], b'width="500pt" height="80000pt" viewBox="0 0 500 80000"')
    plan = plan_paper(huge)
    assert plan.layout == "omitted" and plan.scale < 0.01
    html = render_html(example_view, diagram_svg=huge, medium="pdf", fingerprint=FINGERPRINT)
    parsed = parse_html(html)
    assert not [a for tag, a in parsed.tags if tag == "img" and "svg" in a.get("src", "")]
    assert "too large to\nprint" in html and "diagram.svg" in html
    assert "Figure 1." not in html  # no caption for a figure that is not there
    printable = render_html(example_view, diagram_svg=svg, medium="pdf", fingerprint=FINGERPRINT)
    assert "data:image/svg+xml;base64," in printable and "too large to" not in printable


def test_html_brief_nests_three_deep_and_names_what_the_cost_total_leaves_out(
    make_view: ViewFactory,
) -> None:
    from tests.render.brief.test_markdown import nested_boundaries

    view = make_view(nested_boundaries())
    html = render_html(view, diagram_svg=stub_svg(view), fingerprint=FINGERPRINT)
    assert re.findall(r"<h([5-6])", html) == []
    assert '<div class="group boundary group-depth-2" id="group-vpc">' in html
    text = " ".join(re.sub(r"<[^>]+>", "", html).split())
    assert "The total leaves out 2 of 3 services, which have no cost estimate: API and DB." in text


def test_reflection_chapter_holds_the_text_and_the_team_table(
    example_view: RenderView, example_html: str
) -> None:
    reflection = example_view.reflection
    assert reflection is not None
    found = re.search(
        r'<section class="chapter reflection" id="sec-reflection">(.*?)</section>',
        example_html,
        re.DOTALL,
    )
    assert found is not None
    chapter = found.group(1)
    assert '<h2><span class="num">9</span> Reflection</h2>' in chapter
    text = " ".join(" ".join(parse_html(chapter).text).split())
    for paragraph in reflection.text.split("\n\n"):
        assert " ".join(paragraph.split()) in text
    (member,) = reflection.team
    row = re.search(r'<table class="team">.*?<tbody>\s*<tr>(.*?)</tr>', chapter, re.DOTALL)
    assert row is not None
    cells = [" ".join(c.split()) for c in parse_html(row.group(1)).text if c.strip()]
    assert cells == [member.name, member.role, " ".join(str(member.contribution).split())]
    assert '<a href="#sec-reflection">' in example_html  # in the contents
    order = [example_html.index(f'id="sec-{name}"') for name in ("costs", "reflection", "appendix")]
    assert order == sorted(order)


def test_reflection_without_a_team_has_no_table(make_view: ViewFactory) -> None:
    view = make_view(
        {
            "project": {"title": "Tiny", "summary": "Small."},
            "services": [
                {
                    "id": "web",
                    "name": "Web",
                    "icon": "aws.compute.Lambda",
                    "does": "D.",
                    "why": "W.",
                }
            ],
            "reflection": {"text": "It went *well*."},
        }
    )
    html = render_html(view, diagram_svg=stub_svg(view))
    assert '<h2><span class="num">3</span> Reflection</h2>' in html
    assert "<p>It went <em>well</em>.</p>" in html
    assert '<table class="team">' not in html


def real_views(view: RenderView) -> dict[str, bytes]:
    from archgen.render.diagram.graphviz import Deadline
    from archgen.render.diagram.views import ViewsJob
    from archgen.resolve.views import all_views, flow_view_specs

    specs = flow_view_specs(flow.flow for flow in view.flows)
    return ViewsJob(all_views(view, specs), ["svg"], Deadline(60)).svgs()


def test_each_flow_shows_its_own_view_with_the_diagram_s_icons_and_ids_of_its_own(
    example_view: RenderView,
) -> None:
    svg = real_svg(example_view)
    if svg is None:
        pytest.skip("the diagram renderer is not available")
    html = render_html(example_view, diagram_svg=svg, view_svgs=real_views(example_view))
    parsed = parse_html(html)
    assert_links_resolve(parsed)
    assert len(parsed.ids) == len(set(parsed.ids)), "every id once in the page"
    for flow in example_view.flows:
        section = html[html.index(f'<section class="flow" id="flow-{flow.id}">') :]
        figure = section[: section.index("</figure>")]
        assert f'<figure class="flow-view" id="fig-flow-{flow.id}">' in figure
        assert "data:image" not in figure, "icons are the diagram's, not embedded again"
        drawn = sorted(re.findall(r'<use href="#icon-([^"]+)"', figure))
        touched = {end for step in flow.steps for end in (step.source, step.target)}
        assert drawn == sorted(touched)
        numbers = sorted(int(n) for n in re.findall(rf'id="view-{flow.id}-step-(\d+)"', figure))
        assert numbers == [step.number for step in flow.steps]


def test_pdf_medium_shows_each_flow_s_view_as_an_image(example_view: RenderView) -> None:
    views = {f"flow-{flow.id}": stub_svg(example_view) for flow in example_view.flows}
    html = render_html(example_view, diagram_svg=stub_svg(example_view), medium="pdf",
                       view_svgs=views)  # fmt: skip
    sources = parse_html(html).attribute_values("src")
    assert len(sources) == 1 + len(example_view.flows)
    assert "<svg" not in html
