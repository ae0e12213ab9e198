"""The project brief: the document outline that the HTML, PDF and Markdown briefs share.

The outline numbers the sections ("1 Overview", "3.2 Frontend") and gives each a stable id
(`sec-overview`, `flow-<id>`, `group-<id>`, `req-<id>`, `tradeoff-<id>`, `challenge-<n>`,
`sec-reflection`), so headings, the table of contents and every cross-reference agree in every
format. Sections the model has nothing for (no flows, no costs, no reflection, ...) are left out
and the numbers close up.

This module stays light: importing it must not pull in Jinja2, markdown-it or WeasyPrint.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # a printer child imports the brief's package for WeasyPrint alone
    from archgen.resolve.view import RenderView

UNGROUPED_ID = "services-outside"
UNGROUPED_TITLE = "Outside any group"
APPENDIX_NUMBER = "A"
GROUPS_DETAIL_ID, GROUPS_DETAIL_NUMBER = "sec-groups-detail", "B"


@dataclass(frozen=True)
class Section:
    """One numbered heading of the brief and the subsections under it."""

    id: str
    number: str
    title: str
    children: tuple[Section, ...] = ()

    @property
    def label(self) -> str:
        """The heading as shown in the table of contents: `3.2 Frontend`."""
        return f"{self.number} {self.title}"

    @property
    def depth(self) -> int:
        """0 for a chapter ("3"), 1 for "3.2", 2 for "3.2.1"."""
        return self.number.count(".")

    def walk(self) -> Iterator[Section]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class Outline:
    """The chapters of the brief in order; `outline["req-security"]` finds any section by id."""

    sections: tuple[Section, ...]
    _by_id: dict[str, Section] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_id = {section.id: section for top in self.sections for section in top.walk()}
        object.__setattr__(self, "_by_id", by_id)

    def __getitem__(self, section_id: str) -> Section:
        return self._by_id[section_id]

    def __contains__(self, section_id: object) -> bool:
        return section_id in self._by_id

    def __iter__(self) -> Iterator[Section]:
        return iter(self.sections)


def build_outline(view: RenderView) -> Outline:
    """Number the chapters that have content, in the order the brief shows them."""
    chapters: list[Section] = []

    def add(section_id: str, title: str, entries: list[tuple[str, str]] | None = None) -> None:
        number = str(len(chapters) + 1)
        if section_id == "sec-services":
            children = service_sections(view, number)
        else:
            children = _numbered(number, entries or [])
        chapters.append(Section(section_id, number, title, children))

    add("sec-overview", "Overview")
    if view.flows:
        add("sec-flows", "How information flows", [(f"flow-{f.id}", f.name) for f in view.flows])
    add("sec-services", "Services")
    if view.requirements:
        add("sec-requirements", "Meeting the requirements", _requirement_entries(view))
        add("sec-coverage", "Coverage matrix")
    if view.tradeoffs:
        add("sec-tradeoffs", "Design trade-offs", _tradeoff_entries(view))
    if view.challenges:
        add("sec-challenges", "Challenges and resolutions", _challenge_entries(view))
    if view.costs:
        add("sec-costs", "Cost estimate")
    if view.reflection is not None:
        add("sec-reflection", "Reflection")
    if view.changelog is not None:
        add("sec-changes", f"Changes since {view.changelog['since']}")
    chapters.append(Section("sec-appendix", APPENDIX_NUMBER, "About this document"))
    from archgen.resolve.collapse import detail_groups  # the model's: not in a printer child

    if detail_groups(view):  # a big model's overview draws each group as one box
        chapters.append(Section(GROUPS_DETAIL_ID, GROUPS_DETAIL_NUMBER, "Groups in detail"))
    return Outline(tuple(chapters))


def _numbered(prefix: str, entries: list[tuple[str, str]]) -> tuple[Section, ...]:
    return tuple(
        Section(entry_id, f"{prefix}.{index}", title)
        for index, (entry_id, title) in enumerate(entries, start=1)
    )


def _requirement_entries(view: RenderView) -> list[tuple[str, str]]:
    return [(f"req-{req.id}", req.title) for req in view.requirements]


def _tradeoff_entries(view: RenderView) -> list[tuple[str, str]]:
    return [(f"tradeoff-{tradeoff.id}", tradeoff.title) for tradeoff in view.tradeoffs]


def _challenge_entries(view: RenderView) -> list[tuple[str, str]]:
    return [(f"challenge-{i}", c.title) for i, c in enumerate(view.challenges, start=1)]


def service_sections(view: RenderView, prefix: str) -> tuple[Section, ...]:
    """One subsection per group that holds services, in the tree's order (a parent before
    the groups inside it), and first the services outside every group unless there are no
    groups at all. A boundary holding only other groups gets no heading (it would stand empty
    over its children): the brief shows its description in a paragraph. So headings nest three
    deep at most: chapter, group, service."""
    sections: list[Section] = []
    if view.groups and view.ungrouped_services:
        sections.append(Section(UNGROUPED_ID, f"{prefix}.1", UNGROUPED_TITLE))
    for group in view.groups:
        if group.service_ids:
            number = f"{prefix}.{len(sections) + 1}"
            sections.append(Section(f"group-{group.id}", number, group.label))
    return tuple(sections)
