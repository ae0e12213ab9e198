"""Properties over arbitrary text: whatever a model may hold, the outputs show it as text.

Each example is a real model file: the data is written as YAML, loaded and validated the way
`archgen render` does it (an example the validator refuses is skipped: refusing is its job),
then rendered.

- Diagram: arbitrary service names, step labels, group labels, link labels, flow names and
  titles go through real Graphviz, which must accept them; the SVG's text shows each one as
  written. archgen legitimately changes only whitespace: names and labels wrap at spaces into
  lines, line breaks and tabs become spaces, and Graphviz writes a run of spaces as a space
  and no-break spaces. So the text is compared with runs of spaces (and no-break spaces)
  collapsed; every other character must be there, in order.
- Brief HTML (both media, in-process): arbitrary text in every name and title creates no
  element and no attribute, and each visible one reads back literally; arbitrary Markdown in
  every prose field creates only Markdown's own elements, no raw HTML, and no link or source
  that could run script or read a file.

Examples are few (tens) and derandomized, with no deadline: the suite stays fast and stable.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
from collections import Counter
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from archgen.commands.model import check_model_file, require_valid
from archgen.render.brief.html import Medium, render_html
from archgen.render.diagram import render_diagram
from archgen.resolve.view import RenderView, resolve_view
from tests.e2e.support import DANGEROUS_TAGS, URL_ATTRIBUTES, read_html
from tests.render.brief.conftest import stub_svg
from tests.render.diagram.conftest import small_model
from tests.render.diagram.svgtools import SVG, Drawing, texts

pytestmark = pytest.mark.slow  # generated inputs, each rendered

# ARCHGEN_PROPERTY_EXAMPLES=1000 explores further by hand; the suite runs 40 of each.
PROPERTY_SETTINGS = settings(
    max_examples=int(os.environ.get("ARCHGEN_PROPERTY_EXAMPLES", "40")),
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

# ---- what a model's text can hold --------------------------------------------------------------

# The loader refuses controls (but tab and line breaks), surrogates and U+FFFE/U+FFFF in text.
REFUSED = "".join(
    chr(code) for code in [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)]
)
CHARACTERS = st.characters(exclude_categories=["Cs"], exclude_characters=REFUSED + "\ufffe\uffff")
LABEL_FRAGMENTS = (
    '"', "'", "<", ">", "&", "\\", "{", "}", "|", "[", "]", ";", "=", "->", "--", "\\n", "\\l",
    "\\r", "\\N", "\\G", "\\E", "\\T", "\\H", "\\L", "\\\\", "&amp;", "&#60;", "&lt;", "<b>",
    "</TD>", "<BR/>", "<TABLE>", '"]; evil [label="', "}}", "{{7*7}}", "{% raw %}", "\n",
    "\r\n", "\t", "  ", "\xa0", "\u2028", "\u3000", "\u202e", "\u200b", "e\u0301", "😀",
    "\U0010fffd", "שלום", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
)  # fmt: skip
MARKDOWN_FRAGMENTS = (
    "**b**", "*i*", "_u_", "`code`", "``", "```", "~~~", "\n\n", "\n", "- ", "* ", "1. ",
    "3) ", "> ", "# ", "## ", "    ", "---", "|a|b|\n|-|:-:|\n|c|d|", "\\", "\\*", "&amp;",
    "&#x3C;script&#x3E;", "&lt;", "[x](#sec)", "[x](https://example.com)", "[x](mailto:a@b.c)",
    "[x](javascript:alert(1))", "[x](JaVaScRiPt:alert(1))", "[x](java\tscript:alert(1))",
    "[x](file:///etc/passwd)", "[x](data:text/html,<b>x</b>)", "[x](vbscript:x)",
    "[x](//evil.example/x)", "[x](../secret.png)", "![i](http://169.254.169.254/)",
    "![i](file:///etc/passwd)", "![i](data:image/png;base64,AAAA)", "<https://example.com>",
    "<javascript:alert(1)>", "<mailto:a@b.c>", "[r]", "\n[r]: file:///etc/passwd\n",
    "\n[r]: javascript:alert(1)\n", "<script>alert(1)</script>", "<img src=x onerror=a()>",
    "<a href=javascript:x>y</a>", "<!-- c -->", "<![CDATA[x]]>", "<style>*{}</style>",
    "<iframe src=//x>", "<svg onload=a()>", '" onmouseover="a()', "{{7*7}}", "{% if %}", "\t",
)  # fmt: skip


def hostile_text(fragments: tuple[str, ...], max_size: int) -> st.SearchStrategy[str]:
    """Arbitrary characters mixed with syntax that means something to one of the outputs."""
    piece = st.one_of(st.text(CHARACTERS, min_size=1, max_size=12), st.sampled_from(fragments))
    joined = st.lists(piece, min_size=1, max_size=8).map("".join)
    return joined.filter(lambda text: 1 <= len(text) <= max_size and text.strip() != "")


LABELS = hostile_text(LABEL_FRAGMENTS, 120)
PROSE = hostile_text(MARKDOWN_FRAGMENTS + LABEL_FRAGMENTS, 400)


# ---- models through the real loader and validator ----------------------------------------------


def to_yaml(data: dict[str, Any]) -> str:
    yaml = YAML(typ="safe", pure=True)
    yaml.allow_unicode = True
    yaml.width = 4096
    stream = io.StringIO()
    yaml.dump(data, stream)
    return stream.getvalue()


def valid_view(data: dict[str, Any]) -> RenderView:
    """The view `archgen render` would draw from `data`; skips data the validator refuses."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "arch.yaml"
        path.write_text(to_yaml(data), encoding="utf-8")
        checked = check_model_file(path, display_name="arch.yaml")
    assume(not checked.errors)
    valid = require_valid(checked)
    return resolve_view(valid.model, valid.icon_files)


def normal(text: str) -> str:
    """Text as a reader sees it in the diagram: line breaks, tabs and no-break spaces as
    spaces, runs of spaces as one, no space at either end."""
    return re.sub(" +", " ", re.sub(r"[\t\n\r\xa0]", " ", text)).strip()


# ---- diagram -----------------------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(name=LABELS, step=LABELS, group=LABELS, link=LABELS, flow=LABELS, title=LABELS)
@example(
    name="]", step="]]", group="]", link="a ]", flow="]", title="]"
)  # Graphviz 2.43: `<B>]</B>`
def test_graphviz_draws_any_label_as_written(
    name: str, step: str, group: str, link: str, flow: str, title: str
) -> None:
    data = small_model()
    data["project"]["title"] = title
    data["services"][0]["name"] = name
    data["groups"][0]["label"] = group
    data["flows"][0]["name"] = flow
    data["flows"][0]["steps"][0]["label"] = step
    data["links"][0]["label"] = link
    result = render_diagram(valid_view(data), formats=["svg"])  # raises if dot exits non-zero
    drawing = Drawing(result.files["svg"])
    assert normal(" ".join(texts(drawing.one("svc-users")))) == normal(name)
    number, *label = texts(drawing.one("step-1"))
    assert (number, normal(" ".join(label))) == ("1", normal(step))
    assert normal(" ".join(texts(drawing.one("grp-backend")))) == normal(group)
    assert normal(" ".join(texts(drawing.one("link-1")))) == normal(link)
    legend = normal(" ".join(texts(drawing.one("legend"))))
    assert legend.startswith(f"Legend 1–2 {normal(flow)} ")
    headline = [text.text or "" for text in drawing.one("diagram").findall(f"{SVG}text")]
    assert normal(headline[0]) == normal(title)
    assert normal(drawing.root[0].text or "") == normal(title)  # the <title> screen readers use


# ---- brief HTML --------------------------------------------------------------------------------

Writer = Callable[[str], str]  # a field's tag → the text it holds


def full_model(text: Writer, prose: Writer) -> dict[str, Any]:
    """A model with every text and prose field filled; each field's value depends on its tag."""
    data = small_model()
    data["project"] = {
        "title": text("t01"), "subtitle": text("t02"), "authors": [text("t03"), text("t04")],
        "course": text("t05"), "organisation": text("t06"), "version": text("t07"),
        "keywords": [text("t08")], "summary": prose("p01"), "date": "2026-11-24",
    }  # fmt: skip
    data["requirements"] = [{"id": "fast", "title": text("t09"), "description": prose("p02")}]
    data["groups"][0].update(label=text("t10"), description=prose("p03"))
    for index, service in enumerate(data["services"]):
        tag = f"{index}"
        service.update(
            name=text(f"t4{tag}"), does=prose(f"p1{tag}"), why=prose(f"p2{tag}"),
            analogy=prose(f"p3{tag}"), serves={"fast": prose(f"p4{tag}")},
            cost={"monthly": 1.5, "assumptions": prose(f"p5{tag}")},
        )  # fmt: skip
    flow = data["flows"][0]
    flow.update(name=text("t20"), description=prose("p60"))
    for index, step in enumerate(flow["steps"]):
        step.update(label=text(f"t2{index + 1}"), detail=prose(f"p6{index + 1}"))
    data["links"][0]["label"] = text("t30")
    data["tradeoffs"] = [
        {
            "id": "choice", "title": text("t31"), "decision": prose("p70"),
            "alternatives": [prose("p71")], "benefits": [prose("p72")], "costs": [prose("p73")],
            "risks": [prose("p74")], "services": ["api"], "requirements": ["fast"],
        }
    ]  # fmt: skip
    data["challenges"] = [{"title": text("t32"), "text": prose("p80"), "resolution": prose("p81")}]
    data["reflection"] = {
        "text": prose("p90"),
        "team": [{"name": text("t33"), "role": text("t34"), "contribution": prose("p91")}],
    }
    return data


def tagged(tag: str) -> str:
    return f"zq{tag}z"


def brief(data: dict[str, Any], medium: Medium) -> str:
    view = valid_view(data)
    return render_html(view, diagram_svg=stub_svg(view), medium=medium)


@cache
def baseline(medium: Medium) -> str:
    return brief(full_model(tagged, tagged), medium)


def visible_tags(medium: Medium) -> list[str]:
    """The text fields whose tag the baseline brief shows as text (some are metadata only)."""
    shown = " ".join(read_html(baseline(medium)).text)
    return sorted(set(re.findall(r"zq(t\d\d)z", shown)))


def structure(html: str) -> list[tuple[str, tuple[str, ...]]]:
    """Every element and its attribute names, in document order."""
    return [(tag, tuple(sorted(attrs))) for tag, attrs in read_html(html).elements]


def collapse(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("medium", ["html", "pdf"])
@PROPERTY_SETTINGS
@given(value=LABELS)
def test_any_name_or_title_is_text_in_the_brief(medium: Medium, value: str) -> None:
    html = brief(full_model(lambda tag: f"{tagged(tag)} {value}", tagged), medium)
    assert structure(html) == structure(baseline(medium))  # no element or attribute added
    shown = collapse(" ".join(read_html(html).text))
    tags = visible_tags(medium)
    assert len(tags) >= 20  # every name and title but the keywords (metadata only)
    for tag in tags:
        assert collapse(f"{tagged(tag)} {value}") in shown, tag


# Markdown's own elements, and the attributes it may give them (values checked below).
MARKDOWN_ELEMENTS = {
    "p": {"class"}, "em": set(), "strong": set(), "s": set(), "code": {"class"}, "pre": set(),
    "ul": set(), "ol": {"start"}, "li": set(), "a": {"href", "rel"}, "br": set(), "hr": set(),
    "blockquote": set(), "table": set(), "thead": set(), "tbody": set(), "tr": set(),
    "th": {"style"}, "td": {"style"},
}  # fmt: skip
MARKDOWN_VALUES = {
    "class": re.compile(r"prose-heading|language-\S+"),
    "style": re.compile(r"text-align:(left|center|right)"),
    "start": re.compile(r"\d+"),
    "rel": re.compile(r"noopener"),
}
LINK_SCHEMES = ("https://", "http://", "mailto:", "#")


def link_target_is_safe(tag: str, name: str, value: str) -> bool:
    """Only <a href> may leave the page: for a web page or a mail address. Other references are
    to a part of the page (`#icon-web`) or to a picture archgen embeds itself."""
    cleaned = "".join(char for char in value if char > " ").lower()
    if tag == "a" and name in ("href", "xlink:href"):
        return cleaned.startswith(LINK_SCHEMES)
    if name in ("href", "xlink:href") and cleaned.startswith("#"):
        return True
    return cleaned.startswith(("data:image/png;base64,", "data:image/svg+xml;base64,"))


def added_markup(html: str, before: str) -> list[str]:
    """Elements and attributes in `html` that `before` does not have and Markdown cannot make."""
    found: list[str] = []
    old = Counter(structure(before))
    new = Counter(structure(html))
    for (tag, names), count in (new - old).items():
        allowed = MARKDOWN_ELEMENTS.get(tag)
        if allowed is None or not set(names) <= allowed:
            found.append(f"<{tag} {names}> ×{count}")
    return found


def unsafe_values(html: str) -> list[str]:
    found: list[str] = []
    for tag, attrs in read_html(html).elements:
        if tag in DANGEROUS_TAGS:
            found.append(f"<{tag}>")
        for name, value in attrs.items():
            handler = name.startswith("on") or name == "srcdoc"
            if handler or (name in URL_ATTRIBUTES and not link_target_is_safe(tag, name, value)):
                found.append(f"<{tag} {name}={value!r}>")
    return found


@pytest.mark.parametrize("medium", ["html", "pdf"])
@PROPERTY_SETTINGS
@given(value=PROSE)
def test_any_prose_is_only_markdown_in_the_brief(medium: Medium, value: str) -> None:
    html = brief(full_model(tagged, lambda tag: f"{tagged(tag)} {value}"), medium)
    assert added_markup(html, baseline(medium)) == []
    assert unsafe_values(html) == []
    before = {(tag, name) for tag, attrs in read_html(baseline(medium)).elements for name in attrs}
    for tag, attrs in read_html(html).elements:
        for name, attr in attrs.items():
            pattern = MARKDOWN_VALUES.get(name)
            if (tag, name) not in before and pattern is not None:
                assert pattern.fullmatch(attr), (tag, name, attr)


def test_the_checks_catch_raw_html() -> None:
    """The helpers are not vacuous: raw HTML or a javascript: link in a page is found."""
    page = '<p>x</p><img src="x" onerror="a()"><a href="javascript:alert(1)">y</a>'
    assert added_markup(page, "<p>x</p>") == ["<img ('onerror', 'src')> ×1"]
    assert len(unsafe_values(page)) == 3
    assert not link_target_is_safe("a", "href", "java\tscript:alert(1)")
    assert not link_target_is_safe("img", "src", "https://example.com/x.png")
    assert normal(" a\xa0 \n b ") == "a b"
