"""Model prose as safe HTML, and as safe Markdown for brief.md.

Prose fields accept light Markdown. The HTML side parses it with markdown-it-py's `js-default`
preset (raw HTML is shown as text) and then, on the parsed tokens: keeps links only to
http(s), mailto and #fragments (any other link keeps its text and loses its target), replaces
images by their alt text (the brief never asks to fetch anything), gives external links
rel="noopener", and turns headings into styled paragraphs so prose cannot add entries to the
outline or the PDF bookmarks. The Markdown side keeps the user's Markdown but neutralises the
same things in the source text, and checks the result by parsing it.
"""

from __future__ import annotations

import functools
import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markupsafe import Markup

SAFE_PREFIXES = ("http://", "https://", "mailto:", "#")
SINGLE_PARAGRAPH = re.compile(r"\A<p>((?:(?!</?p>).)*)</p>\n?\Z", re.DOTALL)


def is_safe_href(href: str) -> bool:
    """Whether a link target may stay a link: http(s), mailto or a #fragment.

    Browsers ignore whitespace and control characters inside a scheme (`java\\tscript:`), so
    they are dropped before comparing.
    """
    cleaned = "".join(ch for ch in href if ch > " ").lower()
    return cleaned.startswith(SAFE_PREFIXES)


class _PermissiveParser(MarkdownIt):
    """Parses every link, so the safety rules can judge targets on tokens (and keep the text
    of a refused link instead of leaving its Markdown source in the output)."""

    def validateLink(self, url: str) -> bool:  # markdown-it names it so
        return True


@functools.cache
def _html_parser() -> MarkdownIt:
    parser = _PermissiveParser("js-default")
    parser.core.ruler.push("archgen_safety", _make_tokens_safe)
    return parser


@functools.cache
def _checking_parser() -> MarkdownIt:
    """A parser as lenient as GitHub's (raw HTML on), to check neutralised Markdown; it also
    emits a `definition` token, with its source lines, for each link reference definition."""
    options = {"html": True, "inline_definitions": True}
    return _PermissiveParser("commonmark", options).enable("table")


def _make_tokens_safe(state: StateCore) -> None:
    for token in state.tokens:
        if token.type == "inline" and token.children:
            token.children = safe_inline_tokens(token.children)
        elif token.type in ("heading_open", "heading_close"):
            token.tag = "p"
            if token.type == "heading_open":
                token.attrSet("class", "prose-heading")


def safe_inline_tokens(children: list[Token]) -> list[Token]:
    """Drop unsafe link targets (keeping the text), images become their alt text."""
    kept: list[Token] = []
    open_links: list[bool] = []
    for child in children:
        if child.type == "link_open":
            href = str(child.attrGet("href") or "")
            open_links.append(is_safe_href(href))
            if open_links[-1]:
                if not href.startswith("#"):
                    child.attrSet("rel", "noopener")
                kept.append(child)
        elif child.type == "link_close":
            if open_links.pop():
                kept.append(child)
        elif child.type == "image":
            kept.append(_text_token(plain_text(child.children or [])))
        else:
            kept.append(child)
    return kept


def plain_text(tokens: list[Token]) -> str:
    """The text of inline tokens with every bit of markup dropped."""
    parts: list[str] = []
    for token in tokens:
        if token.type in ("text", "code_inline"):
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif token.children:
            parts.append(plain_text(token.children))
    return "".join(parts)


def _text_token(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token


def prose(text: str | None, lead: str = "") -> Markup:
    """Block HTML of a prose field; `lead` is a run-in label set in the first paragraph."""
    if not text:
        return Markup("")
    html = Markup(_html_parser().render(text))
    if lead:
        run_in = Markup('<span class="lead">{}</span>').format(lead)
        if html.startswith("<p>"):
            return Markup("<p>") + run_in + Markup(" ") + Markup(html[3:])
        return Markup("<p>{}</p>\n").format(run_in) + html
    return html


def prose_inline(text: str | None) -> Markup:
    """A prose field for a table cell or list item: a single paragraph loses its <p>."""
    html = prose(text)
    match = SINGLE_PARAGRAPH.match(html)
    return Markup(match.group(1)) if match else html


# ---- Markdown output -------------------------------------------------------------------------

TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
LINK_TARGET = r"<?((?:[^()\s<>]|\([^()\s]*\))*)>?"
INLINE_LINK = re.compile(r"(!?)\[([^\[\]\n]*)\]\(\s*" + LINK_TARGET + r"(?:\s+[^)]*)?\)")
ATX_HEADING = re.compile(r"^( {0,3})(#{1,6})(?=\s|$)", re.MULTILINE)
BLOCK_START = re.compile(r"\A\s*(?:[-+*]\s|\d{1,9}[.)]\s|>|```|~~~|    )")
LINE_BREAK = re.compile(r"\r\n?|\n")
TEXT_PUNCTUATION = re.compile(r"([\\`*_\[\]|~#])")
HTML_SPECIAL = re.compile(r"[&<>]")
HTML_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
ALL_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")
BACKTICKS = re.compile(r"`+")


def markdown_prose(text: str | None, lead: str = "") -> Markup:
    """The user's Markdown, passed through with raw HTML, images, unsafe links and headings
    neutralised, link reference definitions shown as text and a code fence left open closed;
    if the result still parses to any of them, all of its markup is escaped.
    `lead` is a bold run-in label before the first paragraph."""
    if not text:
        return Markup("")
    text = LINE_BREAK.sub("\n", text)
    neutral = _contain_blocks(_neutralise_markdown(text))
    if not _markdown_is_safe(neutral):
        neutral = ALL_PUNCTUATION.sub(r"\\\1", text)
    if lead:
        joint = "\n\n" if BLOCK_START.match(neutral) else " "
        neutral = f"**{markdown_literal(lead)}**{joint}{neutral}"
    return Markup(neutral)


def _neutralise_markdown(text: str) -> str:
    text = TAG_START.sub("&lt;", text)
    text = INLINE_LINK.sub(_neutral_link, text)
    text = text.replace("![", "!\\[")
    return ATX_HEADING.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def _neutral_link(match: re.Match[str]) -> str:
    bang, label, href = match.groups()
    if bang or not is_safe_href(href):
        return str(label)
    return match.group(0)


def _contain_blocks(text: str) -> str:
    """Keep a field's blocks inside the field once brief.md puts every field in one document.

    A link reference definition applies to the whole document, so one with an unsafe target
    could turn `[text][label]` in another field into a live link: it is shown as text (its `[`
    escaped), wherever it stands (list item, quote, label with `\\]` or a line break). A code
    fence left open would run to the end of brief.md: it is closed."""
    tokens = _checking_parser().parse(text)
    lines = text.split("\n")
    for token in tokens:
        if _is_unsafe_definition(token) and token.map:
            first = token.map[0]  # the label's `[` is the first one: container marks have none
            lines[first] = lines[first].replace("[", "\\[", 1)
    if tokens and _is_open_fence(tokens[-1], lines):
        if lines[-1]:
            lines.append("")
        lines[-1] = tokens[-1].markup
    return "\n".join(lines)


def _is_unsafe_definition(token: Token) -> bool:
    return token.type == "definition" and not is_safe_href(str(token.meta.get("url", "")))


def _is_open_fence(token: Token, lines: list[str]) -> bool:
    """Whether `token` is a top-level code fence that runs to the end without a closing line."""
    if token.type != "fence" or token.level != 0 or not token.map:
        return False
    start, end = token.map
    marker = re.escape(token.markup[:1]) + "{" + str(len(token.markup)) + ",}"
    closed = end - 1 > start and re.fullmatch(r" {0,3}" + marker + r"[ \t]*", lines[end - 1])
    return not closed


def _markdown_is_safe(text: str) -> bool:
    tokens = _checking_parser().parse(text)
    if tokens and _is_open_fence(tokens[-1], text.split("\n")):
        return False
    for token in _walk(tokens):
        if token.type in ("image", "html_inline", "html_block", "heading_open"):
            return False
        if _is_unsafe_definition(token):
            return False
        if token.type == "link_open" and not is_safe_href(str(token.attrGet("href") or "")):
            return False
    return True


def _walk(tokens: list[Token]) -> list[Token]:
    found: list[Token] = []
    for token in tokens:
        found.append(token)
        found.extend(_walk(token.children or []))
    return found


def _plain(text: str) -> str:
    """Text as typed: markup that reaches a Markdown filter is turned back into its text."""
    return text.unescape() if isinstance(text, Markup) else str(text)


def markdown_literal(text: str | None) -> Markup:
    """A name, title or label for Markdown output, shown as typed on one line: the punctuation
    that could start emphasis, code, a link or a table cell is backslash-escaped, and `&`, `<`
    and `>` become entities (quotes stay as they are: Markdown gives them no meaning)."""
    if not text:
        return Markup("")
    line = TEXT_PUNCTUATION.sub(r"\\\1", " ".join(_plain(text).split()))
    return Markup(HTML_SPECIAL.sub(lambda m: HTML_ENTITIES[m.group(0)], line))


def markdown_code(text: str | None) -> Markup:
    """Text as an inline code span, shown exactly as typed (CommonMark code spans): the
    backtick fence is longer than any run of backticks in the text, so none can close it, and a
    space pads a text that starts or ends with a backtick (or with spaces, which would be
    trimmed). Line breaks become spaces: they could otherwise start a block."""
    if not text:
        return Markup("")
    content = LINE_BREAK.sub(" ", _plain(text))
    fence = "`" * (max((len(run) for run in BACKTICKS.findall(content)), default=0) + 1)
    spaced = content.startswith(" ") and content.endswith(" ") and content.strip(" ")
    pad = " " if spaced or content.startswith("`") or content.endswith("`") else ""
    return Markup(f"{fence}{pad}{content}{pad}{fence}")


def markdown_cell(text: str | None, *, is_prose: bool = False) -> Markup:
    """One table cell: prose neutralised (or text escaped), pipes escaped, on a single line."""
    if not text:
        return Markup("")
    if not is_prose:
        return markdown_literal(text)
    cell = UNESCAPED_PIPE.sub(r"\\|", str(markdown_prose(text)).strip())
    paragraphs = [" ".join(part.split()) for part in re.split(r"\n\s*\n", cell)]
    return Markup("<br><br>".join(p for p in paragraphs if p))
