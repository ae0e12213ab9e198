"""Read a rendered SVG back: the groups Graphviz wrote, by id, and the text they show."""

from __future__ import annotations

import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
XLINK_TITLE = "{http://www.w3.org/1999/xlink}title"


class Drawing:
    """A parsed SVG with lookups by element id."""

    def __init__(self, data: bytes) -> None:
        self.root = ET.fromstring(data)

    def groups(self, element_id: str) -> list[ET.Element]:
        return [g for g in self.root.iter(f"{SVG}g") if g.get("id") == element_id]

    def one(self, element_id: str) -> ET.Element:
        found = self.groups(element_id)
        assert len(found) == 1, f"{element_id}: found {len(found)} times"
        return found[0]

    def ids(self, prefix: str) -> list[str]:
        return [
            g.get("id", "")
            for g in self.root.iter(f"{SVG}g")
            if g.get("id", "").startswith(prefix) and not g.get("id", "").startswith("a_")
        ]


def title_of(group: ET.Element) -> str:
    """Graphviz's `<title>` of a node, edge or cluster: the node name or `tail->head`."""
    title = group.find(f"{SVG}title")
    assert title is not None
    return title.text or ""


def texts(group: ET.Element) -> list[str]:
    """Every `<text>` inside, in document order."""
    return [text.text or "" for text in group.iter(f"{SVG}text")]


def tooltip(group: ET.Element) -> str | None:
    link = group.find(f".//{SVG}a")
    return None if link is None else link.get(XLINK_TITLE)


def classes(group: ET.Element) -> set[str]:
    return set(group.get("class", "").split())


def references(root: ET.Element) -> list[str]:
    """Every href and xlink:href value in the document."""
    return [
        value
        for element in root.iter()
        for name in (XLINK_HREF, "href")
        if (value := element.get(name)) is not None
    ]
