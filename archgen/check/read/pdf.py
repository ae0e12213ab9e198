"""The PDF brief as its reader sees it: the outline (bookmarks) a viewer shows in its side
bar, the text of each page, and the model file attached to it.

A PDF names no ids, so its outline is read against the headings the brief must have, in
their order (`expected_headings`): an entry that stands where the model's "KMS" should stand
but says "WAF" is the service 'kms' titled "WAF". Each entry must be on the page it points
at; each step must be in the text as "5 App Runner → ElastiCache (Redis): read cache", the
way the walk-through prints it; the attachment must be the model file, byte for byte.

Page text comes from poppler's `pdftotext` when it is installed (20 times quicker), else
from pypdf, which also reads the outline and the attachment.
"""

from __future__ import annotations

import difflib
import io
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from archgen.check.read import Flaw, Kind, ReadContext, Reading, Shown, Unreadable, words

if TYPE_CHECKING:
    from archgen.check.expect import Model

KINDS: frozenset[Kind] = frozenset({"service", "group", "flow", "step", "requirement", "tradeoff"})
NUMBERED = re.compile(r"^(?:\d+(?:\.\d+)*|A) ")
PDFTOTEXT_SECONDS = 120


@dataclass(frozen=True)
class Heading:
    """A heading the brief must have, as its outline entry reads: "3.2.6 Security", "KMS"."""

    title: str
    kind: Kind | None  # None for a chapter the model has no entry for ("1 Overview")
    key: str = ""


@dataclass(frozen=True)
class Entry:
    title: str
    page: int | None  # 1-based; None when it points at no page of the document


def read_pdf(data: bytes, context: ReadContext) -> Reading:
    """brief.pdf, as `archgen.outputs` names the reader."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        document = PdfReader(io.BytesIO(data))
        entries = list(_entries(document, document.outline))
        raw = page_texts(data, document)
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        raise Unreadable(f"is not a PDF pypdf can read ({error})") from None
    reading = Reading(KINDS)
    if context.model is not None:
        _read_outline(context.model, entries, [words(text) for text in raw], reading)
        _read_steps(context.model, raw, reading)
    reading.flaws += _attachment_flaws(document, context)
    return reading


def _entries(document: Any, outline: list[Any]) -> Iterator[Entry]:
    for item in outline:
        if isinstance(item, list):
            yield from _entries(document, item)
            continue
        number = document.get_destination_page_number(item)
        page = number + 1 if number is not None and number >= 0 else None
        yield Entry(words(str(item.title)), page)


def page_texts(data: bytes, document: Any) -> list[str]:
    """The text of each page, its lines as the PDF lays them out."""
    command = shutil.which("pdftotext")
    if command is not None:
        done = subprocess.run(
            [command, "-q", "-enc", "UTF-8", "-", "-"],
            input=data, capture_output=True, timeout=PDFTOTEXT_SECONDS, check=False,
        )  # fmt: skip
        if done.returncode == 0:
            texts = done.stdout.decode("utf-8", "replace").split("\f")
            return texts[: len(document.pages)]
    return [page.extract_text() or "" for page in document.pages]


def expected_headings(model: Model) -> list[Heading]:
    """Every outline entry of the brief, in order, with the model entry each stands for."""
    from archgen.render.brief import UNGROUPED_ID, build_outline

    view = model.view
    found: list[Heading] = [Heading("Contents", None)]
    kinds: dict[str, Kind] = {"flow-": "flow", "req-": "requirement", "tradeoff-": "tradeoff"}
    kinds["group-"] = "group"

    def service(service_id: str) -> None:
        found.append(Heading(model.name_of(service_id), "service", service_id))

    def section(entry: Any) -> None:
        kind = next((k for p, k in kinds.items() if entry.id.startswith(p)), None)
        key = entry.id.partition("-")[2] if kind else ""
        found.append(Heading(words(entry.label), kind, key))
        if entry.id == UNGROUPED_ID:
            for ungrouped in view.ungrouped_services:
                service(ungrouped.id)
        if kind == "group":
            for service_id in view.group(key).service_ids:
                service(service_id)
        for child in entry.children:
            section(child)
        if entry.id == "sec-services" and not view.groups:
            for each in view.services:
                service(each.id)

    for chapter in build_outline(view).sections:
        section(chapter)
    return found


def _read_outline(model: Model, entries: list[Entry], pages: list[str], reading: Reading) -> None:
    """Each outline entry against the heading that should stand in its place."""
    wanted = expected_headings(model)
    matcher = difflib.SequenceMatcher(
        None, [h.title for h in wanted], [e.title for e in entries], autojunk=False
    )
    for tag, first, last, start, end in matcher.get_opcodes():
        if tag not in ("equal", "replace"):
            continue
        for heading, entry in zip(wanted[first:last], entries[start:end], strict=False):
            _read_entry(heading, entry, pages, reading)


def _read_entry(heading: Heading, entry: Entry, pages: list[str], reading: Reading) -> None:
    if entry.page is None:
        reading.flaws.append(Flaw("outline", f'the entry "{entry.title}" points at no page'))
        return
    place = f"page {entry.page}"
    if not _on_page(entry.title, pages[entry.page - 1]):
        reading.flaws.append(Flaw(place, f'the outline entry "{entry.title}" is not on its page'))
    if heading.kind is not None:
        title = entry.title if heading.kind == "service" else NUMBERED.sub("", entry.title, 1)
        reading.add(Shown(heading.kind, heading.key, title, place))


def _on_page(title: str, text: str) -> bool:
    """Whether a heading is on the page: its number and its title may be printed apart (a
    running header can come between them in the text's order)."""
    if title in text:
        return True
    number = NUMBERED.match(title)
    rest = title[number.end() :] if number else title
    return number is not None and rest in text and f" {number[0]}" in f" {text} "


def _read_steps(model: Model, pages: list[str], reading: Reading) -> None:
    """Each step as the walk-through prints it, "5 App Runner → ElastiCache (Redis): read
    cache" on one line (a label that wraps goes on to the next): what follows its route.
    A step whose number ends one page and its route starts the next is found by its route."""
    flat = [words(text) for text in pages]
    for step in model.view.steps:
        number = str(step.number)
        route = words(f"{model.name_of(step.source)} → {model.name_of(step.target)}:")
        meant = model.get("step", number)
        label = meant.text if meant else words(step.label)
        found = _find_step(f"{number} {route}", label, flat, pages) or _find_step(
            route, label, flat, pages, whole=True
        )
        if found is not None:
            shown, page = found
            reading.add(Shown("step", number, shown, f"page {page}",
                              ends=(step.source, step.target)))  # fmt: skip


def _find_step(
    route: str, label: str, flat: list[str], pages: list[str], *, whole: bool = False
) -> tuple[str, int] | None:
    """The label after `route` and its page: `label` itself where it is there, else (unless
    `whole`) whatever follows the route on its line."""
    for page, text in enumerate(flat, start=1):
        if f" {route} {label}" in f" {text}":  # " 1 Shoppers", not "11 Shoppers"
            return label, page
    if whole:
        return None
    for page, text in enumerate(flat, start=1):
        shown = _label_after(route, pages[page - 1]) if f" {route} " in f" {text}" else None
        if shown is not None:
            return shown, page
    return None


def _label_after(route: str, page: str) -> str | None:
    """The rest of the line the route is printed on, without the "asynchronous" tag."""
    pattern = r"(?:^|\s)" + r"\s+".join(re.escape(w) for w in route.split()) + r"[ \t]*([^\n]*)"
    match = re.search(pattern, page)
    return words(match[1]).removesuffix(" ASYNCHRONOUS") if match else None


def _attachment_flaws(document: Any, context: ReadContext) -> list[Flaw]:
    """The model file must be attached, byte for byte."""
    if context.model_bytes is None or not context.model_name:
        return []
    attached = document.attachments.get(context.model_name)
    if not attached:
        return [Flaw("attachments", f"{context.model_name} is not attached")]
    changed = next((copy for copy in attached if copy != context.model_bytes), None)
    if changed is not None:
        sizes = f"{len(changed):,} bytes attached, {len(context.model_bytes):,} in the file"
        return [Flaw(f"attachment {context.model_name}",
                     f"is not the model file byte for byte ({sizes})")]  # fmt: skip
    return []
