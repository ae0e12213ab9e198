"""Prose fields as safe HTML and as safe Markdown."""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt

from archgen.render.brief.prose import (
    is_safe_href,
    markdown_cell,
    markdown_literal,
    markdown_prose,
    prose,
    prose_inline,
)


@pytest.mark.parametrize(
    "href",
    [
        "https://aws.amazon.com/",
        "http://example.org",
        "mailto:a@b.org",
        "#req-security",
        "HTTPS://X",
    ],
)
def test_safe_hrefs(href: str) -> None:
    assert is_safe_href(href)


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        " javascript:alert(1)",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "data:text/html,<script>alert(1)</script>",
        "//evil.example/",
        "relative/page.html",
        "",
    ],
)
def test_unsafe_hrefs(href: str) -> None:
    assert not is_safe_href(href)


def test_markdown_becomes_html() -> None:
    html = prose("Uses **S3** and `GET /x`.\n\n- one\n- two")
    assert html == (
        "<p>Uses <strong>S3</strong> and <code>GET /x</code>.</p>\n<ul>\n<li>one</li>\n"
        "<li>two</li>\n</ul>\n"
    )


def test_raw_html_is_text() -> None:
    html = prose("<script>alert(1)</script> <img src=x onerror=alert(2)>")
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_template_syntax_is_text() -> None:
    assert prose("{{7*7}} {% raw %}") == "<p>{{7*7}} {% raw %}</p>\n"


@pytest.mark.parametrize(
    "source",
    [
        "[x](javascript:alert(3))",
        "[x](vbscript:msgbox(1))",
        "[x](file:///etc/passwd)",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "[x][r]\n\n[r]: javascript:alert(1)",
    ],
)
def test_unsafe_link_keeps_only_its_text(source: str) -> None:
    assert prose(source) == "<p>x</p>\n"


def test_safe_links_stay_and_external_ones_get_noopener() -> None:
    html = prose("[docs](https://aws.amazon.com/s3/) [mail](mailto:a@b.org) [see](#req-x)")
    assert '<a href="https://aws.amazon.com/s3/" rel="noopener">docs</a>' in html
    assert '<a href="mailto:a@b.org" rel="noopener">mail</a>' in html
    assert '<a href="#req-x">see</a>' in html


@pytest.mark.parametrize(
    "source",
    ["![](http://169.254.169.254/)", "![](file:///etc/passwd)", "![a *b*](https://x.org/i.png)"],
)
def test_images_become_their_alt_text(source: str) -> None:
    html = prose(source)
    assert "<img" not in html and "src" not in html and "169.254" not in html
    if "a *b*" in source:
        assert html == "<p>a b</p>\n"


def test_headings_cannot_enter_the_outline() -> None:
    html = prose("# Big\n\ntext")
    assert "<h1" not in html
    assert '<p class="prose-heading">Big</p>' in html


def test_lead_is_set_in_the_first_paragraph() -> None:
    assert prose("Does *this*.", lead="What it does.") == (
        '<p><span class="lead">What it does.</span> Does <em>this</em>.</p>\n'
    )
    assert prose("- a", lead="<Lead>").startswith('<p><span class="lead">&lt;Lead&gt;</span></p>')


def test_inline_unwraps_a_single_paragraph_only() -> None:
    assert prose_inline("Fast *and* safe.") == "Fast <em>and</em> safe."
    assert prose_inline("One.\n\nTwo.") == "<p>One.</p>\n<p>Two.</p>\n"
    assert prose_inline(None) == ""


def test_markdown_prose_passes_markdown_through() -> None:
    text = "Uses **S3**, `code` and [docs](https://x.org).\n\n- one\n- two"
    assert markdown_prose(text) == text


def test_markdown_prose_neutralises_html_images_links_and_headings() -> None:
    text = markdown_prose(
        "<script>x</script> ![](http://169.254.169.254/) [a](javascript:alert(1)) "
        "[b](https://ok.org)\n# Heading"
    )
    assert text == "&lt;script>x&lt;/script>  a [b](https://ok.org)\n\\# Heading"


def test_markdown_prose_falls_back_to_escaping_everything() -> None:
    text = markdown_prose("[a [b]](javascript:alert(1))")
    assert _unsafe_tokens(text) == []
    assert "javascript\\:" in text


def test_markdown_lead_before_a_list_gets_its_own_paragraph() -> None:
    assert markdown_prose("- a", lead="Why.") == "**Why.**\n\n- a"
    assert markdown_prose("Because.", lead="Why.") == "**Why.** Because."


def test_markdown_literal_escapes_markup() -> None:
    assert markdown_literal("S3 *hot* | [x] <b> & a_b") == (
        "S3 \\*hot\\* \\| \\[x\\] &lt;b&gt; &amp; a\\_b"
    )


def test_markdown_cell_is_one_line_with_pipes_escaped() -> None:
    assert markdown_cell("a | b\nc\n\nd", is_prose=True) == "a \\| b c<br><br>d"
    assert markdown_cell("a \\| b", is_prose=True) == "a \\| b"
    assert markdown_cell("x|y") == "x\\|y"


def _unsafe_tokens(text: str) -> list[str]:
    parser = MarkdownIt("commonmark", {"html": True})
    found = []
    for block in parser.parse(text):
        for token in [block, *(block.children or [])]:
            if token.type in ("image", "html_inline", "html_block", "link_open"):
                found.append(token.type)
    return found
