"""Prose fields as safe HTML and as safe Markdown."""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from archgen.render.brief.prose import (
    is_safe_href,
    markdown_cell,
    markdown_code,
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


@pytest.mark.parametrize(
    "definition",
    [
        "- [pwn]: javascript:alert(1)",
        "> [pwn]: file:///etc/passwd",
        "text\n\n> - > [pwn]: vbscript:x 'title'",
        "[a\\]b]: javascript:alert(2)",
        "[m\nn]: data:text/html;base64,PHNjcmlwdD4=",
        "[ok]: https://ok.org\n[pwn]: javascript:alert(1)",
        "[pwn]: https://ok.org\n[pwn]: javascript:alert(1)",
    ],
)
def test_markdown_prose_shows_unsafe_reference_definitions_as_text(definition: str) -> None:
    """brief.md is one document: a definition in one field would define a link for all."""
    field = str(markdown_prose(definition))
    labels = ("[pwn]", "[a\\]b]", "[m n]")
    document = " ".join(f"[click]{label}" for label in labels) + "\n\n" + field
    hrefs = [str(t.attrGet("href")) for t in _parse(document) if t.type == "link_open"]
    assert [href for href in hrefs if not is_safe_href(href)] == []
    assert "javascript:" in field or "file:" in field or "data:" in field or "vbscript:" in field


def test_markdown_prose_keeps_safe_reference_definitions() -> None:
    text = "[docs][aws]\n\n[aws]: https://aws.amazon.com/ 'AWS'"
    assert markdown_prose(text) == text


@pytest.mark.parametrize(
    ("source", "closing"),
    [
        ("A small site.\n\n```\nan unclosed code fence\n", "```"),
        ("````py\ncode\n```", "````"),
        ("~~~\ncode", "~~~"),
        ("```", "```"),
    ],
)
def test_markdown_prose_closes_a_code_fence_left_open(source: str, closing: str) -> None:
    field = str(markdown_prose(source))
    assert field.endswith("\n" + closing)
    tokens = _parse(field + "\n\n# Next section\n")
    assert [t.type for t in tokens if t.type == "heading_open"] == ["heading_open"]


@pytest.mark.parametrize(
    "source",
    [
        "```\nclosed\n```",
        "   ~~~~\nx\n   ~~~~~  ",
        "- item\n\n  ```\n  in the item",
        "    indented",
    ],
)
def test_markdown_prose_leaves_contained_code_alone(source: str) -> None:
    assert markdown_prose(source) == source
    assert "heading_open" in [t.type for t in _parse(source + "\n\n# Next section\n")]


def test_markdown_literal_shows_quotes_as_typed() -> None:
    name = """O'Brien's "hot" #1 & <b>"""
    text = markdown_literal(name)
    assert text == """O'Brien's "hot" \\#1 &amp; &lt;b&gt;"""
    assert MarkdownIt("commonmark").renderInline(str(text)) == (
        "O'Brien's &quot;hot&quot; #1 &amp; &lt;b&gt;"
    )


@pytest.mark.parametrize(
    "text",
    [
        "arch.yaml",
        "x`[pwn](javascript:alert(1))`.yaml",
        "`starts",
        "ends``",
        "a ``` b",
        " spaced ",
        "<b>&amp; \\*",
    ],
)
def test_markdown_code_shows_the_text_as_typed_in_one_code_span(text: str) -> None:
    tokens = _parse("run " + markdown_code(text) + ".")[1].children or []
    assert [t.type for t in tokens] == ["text", "code_inline", "text"]
    assert tokens[1].content == text


def test_markdown_code_puts_line_breaks_on_one_line() -> None:
    assert markdown_code("a\n# b\r\n- c") == "`a # b - c`"
    assert markdown_code("") == ""


class _EveryLinkParser(MarkdownIt):
    """Makes every link a link, unlike markdown-it's default, which drops `javascript:` ones:
    the viewer of brief.md may not be so careful."""

    def validateLink(self, url: str) -> bool:  # markdown-it names it so
        return True


def _parse(text: str) -> list[Token]:
    """Every token of `text`, inline ones included, as a permissive viewer parses it."""
    found: list[Token] = []
    for block in _EveryLinkParser("commonmark", {"html": True}).parse(text):
        found.extend([block, *(block.children or [])])
    return found


def _unsafe_tokens(text: str) -> list[str]:
    parser = MarkdownIt("commonmark", {"html": True})
    found = []
    for block in parser.parse(text):
        for token in [block, *(block.children or [])]:
            if token.type in ("image", "html_inline", "html_block", "link_open"):
                found.append(token.type)
    return found
