"""The Markdown brief as its reader sees it, parsed as GitHub would (markdown-it-py): each
section's heading under its `<a id="…">` anchor, each step of a flow with the number its list
item shows, the two services it links to and its label in italics; every in-page link must
reach an anchor, and the diagram's image must name a file of the output folder."""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterator, Sequence

from markdown_it import MarkdownIt
from markdown_it.token import Token

from archgen.check.read import Flaw, ReadContext, Reading, Shown, Unreadable, words
from archgen.check.read.html import KINDS, SECTION_KINDS

ANCHOR = re.compile(r"""<a\s+id=["']([^"']+)["']""")
NUMBERED = re.compile(r"^(?:\d+(?:\.\d+)*|A) ")
STEP_ANCHOR = "step-detail-"


def read_markdown(data: bytes, context: ReadContext) -> Reading:
    """brief.md, as `archgen.outputs` names the reader."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise Unreadable(f"is not UTF-8 ({error})") from None
    return read_brief_markdown(text, context.siblings)


def read_brief_markdown(text: str, siblings: frozenset[str] | None = None) -> Reading:
    """The sections, steps and links of a Markdown brief; images are checked against
    `siblings`, the files beside it, unless that is None (a brief still in memory)."""
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    reading = Reading(KINDS, brief=True)
    anchors: set[str] = set()
    links: list[tuple[int, str, str]] = []  # line, "link" or "image", target
    pending = ""  # the anchor just before a heading names its section
    item = ""  # the number of the list item last opened
    for index, token in enumerate(tokens):
        line = token.map[0] + 1 if token.map else 0
        if token.type in ("list_item_open", "list_item_close"):
            item = token.info if token.type == "list_item_open" else ""
        if token.type in ("html_block", "inline"):
            found = ANCHOR.findall(token.content)
            anchors.update(found)
            if found and token.content.strip().endswith("</a>"):
                pending = found[-1]
        if token.type == "inline":
            links += [(line, kind, target) for kind, target in _targets(token.children or [])]
            _read_step(token, item, line, reading)
        elif token.type == "heading_open" and pending:
            _read_heading(pending, tokens[index + 1], line, reading)
            pending = ""
    reading.flaws += _broken(links, anchors, siblings)
    return reading


def _read_heading(anchor: str, inline: Token, line: int, reading: Reading) -> None:
    for prefix, kind in SECTION_KINDS.items():
        if anchor.startswith(prefix):
            title = _plain(inline.children or [])
            if kind != "service":
                title = NUMBERED.sub("", title, count=1)
            reading.add(Shown(kind, anchor.removeprefix(prefix), title, f"line {line}"))
            return


def _plain(children: Sequence[Token]) -> str:
    """The text a reader reads: text and code, no markup."""
    return words("".join(c.content for c in children if c.type in ("text", "code_inline")))


def _read_step(inline: Token, number: str, line: int, reading: Reading) -> None:
    """A list item (numbered `number`) opened by a step anchor: its number, route, label."""
    children = inline.children or []
    opening = next((c.content for c in children if c.type == "html_inline"), "")
    if STEP_ANCHOR not in opening:
        return
    hrefs = [c.attrs.get("href", "") for c in children if c.type == "link_open"]
    services = [str(h).removeprefix("#service-") for h in hrefs if str(h).startswith("#service-")]
    ends = (services[0], services[1]) if len(services) >= 2 else None
    place = f"line {line}"
    if not number.isdigit():
        reading.flaws.append(Flaw(place, "a step of a flow shows no step number"))
        return
    reading.add(Shown("step", number, _emphasised(children), place, ends=ends))


def _emphasised(children: Sequence[Token]) -> str:
    """The first text in italics: the step's label."""
    start = next((i for i, c in enumerate(children) if c.type == "em_open"), None)
    if start is None:
        return ""
    end = next((i for i, c in enumerate(children) if c.type == "em_close" and i > start), None)
    return _plain(children[start + 1 : end])


def _targets(children: Sequence[Token]) -> Iterator[tuple[str, str]]:
    for child in children:
        if child.type == "link_open":
            yield "link", str(child.attrs.get("href", ""))
        elif child.type == "image":
            yield "image", str(child.attrs.get("src", ""))


def _broken(
    links: list[tuple[int, str, str]], anchors: set[str], siblings: frozenset[str] | None
) -> list[Flaw]:
    flaws = []
    for line, kind, target in links:
        if kind == "link" and target.startswith("#") and target[1:] not in anchors:
            flaws.append(Flaw(f"line {line}", f"a link to {target} reaches nothing"))
        elif kind == "image" and siblings is not None and "://" not in target:
            name = urllib.parse.unquote(target)
            if name not in siblings:
                flaws.append(Flaw(f"line {line}", f"the image {name} is not in the folder"))
    return flaws
