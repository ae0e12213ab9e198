"""What the cursor is writing: which kind of id (or an icon) belongs where it stands.

Read from the lines of the text, not from the parsed model: while a student types, the file is
often not valid YAML (`group: fr` half written, a list item with no value yet). A slot is known
from the key on the cursor's line (`group:`, `to:`, `icon:`) or, for a list item or a mapping
key, from the keys that enclose it (`serves:`, a trade-off's `services:` and `requirements:`).
"""

from __future__ import annotations

import re
from typing import NamedTuple

# key on the line → what its value names
VALUE_SLOTS = {
    "group": "groups",
    "parent": "groups",
    "from": "services",
    "to": "services",
    "icon": "icons",
}
# enclosing key → what its list items name, with the keys that must enclose that key
ITEM_SLOTS = {
    "services": ("services", "tradeoffs"),
    "requirements": ("requirements", "tradeoffs"),
}

_KEY_VALUE = re.compile(r"^(?P<indent>\s*(?:-\s+)*)(?P<key>[\w-]+):\s+(?P<value>.*)$")
_FLOW_ITEM = re.compile(r"\[(?:[^\]]*,)?\s*(?P<word>[^,\[\]\s]*)$")
_LIST_ITEM = re.compile(r"^(?P<dash>\s*)-\s*(?P<word>[^\s:#]*)$")
_BARE_KEY = re.compile(r"^(?P<indent>\s*)(?P<word>[\w-]*)$")
_FLOW_VALUE = re.compile(r"[{,]\s*(?P<key>[\w-]+):\s*['\"]?(?P<word>[^,{}\[\]\s'\"]*)$")
_FLOW_SERVES = re.compile(r"\bserves:\s*\{(?:[^{}]*,)?\s*(?P<word>[\w-]*)$")
_WORD_REST = re.compile(r"[\s,\]}#:]")
_KEY_LINE = re.compile(r"^(?P<indent>\s*(?:-\s+)*)(?P<key>[\w-]+):(?:\s|$)")


class Slot(NamedTuple):
    """What belongs at the cursor: `services`, `groups`, `requirements` or `icons`, and the
    span of the word being written (0-based columns of the cursor's line)."""

    kind: str
    start: int
    end: int
    typed: str
    as_key: bool = False  # a key of `serves:` (completed as `id: `)


def slot_at(lines: list[str], line: int, character: int) -> Slot | None:
    """The slot at a cursor, or None where no id or icon is expected."""
    if not 0 <= line < len(lines):
        return None
    text = lines[line]
    before = text[:character]
    word_end = character + len(_WORD_REST.split(text[character:], maxsplit=1)[0])
    found = (
        _value_slot(before)
        or _flow_slot(before)
        or _item_slot(lines, line, before)
        or _key_slot(lines, line, before)
    )
    if found is None:
        return None
    kind, start, as_key = found
    as_key = as_key and not text[word_end:].lstrip().startswith(":")  # the key has its colon
    return Slot(kind, start, word_end, text[start:character], as_key)


def _flow_slot(before: str) -> tuple[str, int, bool] | None:
    """`- {from: web, to: d|}` and `serves: {secu|: …}`, in flow mappings."""
    value = _FLOW_VALUE.search(before)
    if value is not None and value.group("key") in VALUE_SLOTS:
        return VALUE_SLOTS[value.group("key")], value.start("word"), False
    key = _FLOW_SERVES.search(before)
    if key is not None:
        return "requirements", key.start("word"), True
    return None


def _value_slot(before: str) -> tuple[str, int, bool] | None:
    """`group: fr|`, `- to: cl|`, `icon: aws.comp|`, `services: [app-runner, s|`."""
    match = _KEY_VALUE.match(before)
    if match is None:
        return None
    key, value = match.group("key"), match.group("value")
    if key in VALUE_SLOTS and re.fullmatch(r"['\"]?[^\s'\"#]*", value):
        start = match.start("value") + (1 if value[:1] in ("'", '"') else 0)
        return VALUE_SLOTS[key], start, False
    flow = _FLOW_ITEM.search(value)
    if key in ITEM_SLOTS and value.startswith("[") and flow is not None:
        return ITEM_SLOTS[key][0], match.start("value") + flow.start("word"), False
    return None


def _item_slot(lines: list[str], line: int, before: str) -> tuple[str, int, bool] | None:
    """`- app-ru|` in a trade-off's `services:` or `requirements:` list."""
    match = _LIST_ITEM.match(before)
    if match is None:
        return None
    chain = enclosing_keys(lines, line, len(match.group("dash")), item=True)
    if len(chain) >= 2 and chain[0] in ITEM_SLOTS and chain[-1] == ITEM_SLOTS[chain[0]][1]:
        return ITEM_SLOTS[chain[0]][0], match.start("word"), False
    return None


def _key_slot(lines: list[str], line: int, before: str) -> tuple[str, int, bool] | None:
    """`secu|` on its own line under a service's `serves:`."""
    match = _BARE_KEY.match(before)
    if match is None:
        return None
    chain = enclosing_keys(lines, line, len(match.group("indent")), item=False)
    if len(chain) >= 2 and chain[0] == "serves" and chain[-1] == "services":
        return "requirements", match.start("word"), True
    return None


def enclosing_keys(lines: list[str], line: int, column: int, *, item: bool) -> list[str]:
    """The keys around a line whose content starts at `column`, innermost first.

    A list item's dash may stand at its key's own indentation (`services:` then `- a`)."""
    chain: list[str] = []
    for above in range(line - 1, -1, -1):
        match = _KEY_LINE.match(lines[above])
        if match is None:
            continue
        at = len(match.group("indent"))
        if at < column or (item and at == column and not chain and _opens_block(lines[above])):
            chain.append(match.group("key"))
            column, item = len(lines[above]) - len(lines[above].lstrip(" ")), False
            if column == 0:
                break
    return chain


def _opens_block(text: str) -> bool:
    """`key:` with nothing (but a comment) after it: the lines below are its value."""
    return re.match(r"^\s*(?:-\s+)*[\w-]+:\s*(?:#.*)?$", text) is not None
