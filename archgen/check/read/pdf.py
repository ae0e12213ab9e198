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

import bisect
import difflib
import io
import re
import shutil
import subprocess
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
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

    started = start_pdftotext(data)
    try:
        document = PdfReader(io.BytesIO(data))
        entries = list(_entries(document, document.outline))
        raw = page_texts(data, document, started)
    except Exception as error:  # a doctored file can break pypdf in many ways
        raise Unreadable(f"is not a PDF pypdf can read ({type(error).__name__}: {error})") from None
    reading = Reading(KINDS, brief=True)
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


def page_texts(data: bytes, document: Any, started: Future[list[str] | None] | None) -> list[str]:
    """The text of each page, its lines as the PDF lays them out: from `pdftotext` when it
    was started (`start_pdftotext`) and succeeded, else from pypdf."""
    texts = started.result() if started is not None else None
    if texts is not None:
        return texts[: len(document.pages)]
    return [page.extract_text() or "" for page in document.pages]


def start_pdftotext(data: bytes) -> Future[list[str] | None] | None:
    """poppler's `pdftotext` reading `data` in its own process while pypdf reads the outline
    here (a thread waits for it); None when it is not installed."""
    command = shutil.which("pdftotext")
    if command is None:
        return None
    pool = ThreadPoolExecutor(max_workers=1)
    started = pool.submit(_pdftotext, command, data)
    pool.shutdown(wait=False)  # the thread ends with its one task
    return started


def _pdftotext(command: str, data: bytes) -> list[str] | None:
    try:
        done = subprocess.run(
            [command, "-q", "-enc", "UTF-8", "-", "-"],
            input=data, capture_output=True, timeout=PDFTOTEXT_SECONDS, check=False,
        )  # fmt: skip
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.decode("utf-8", "replace").split("\f") if done.returncode == 0 else None


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


class PageText:
    """The pages' text joined, as `words` and without white space, so that one search finds
    a step on whichever page it is (a search per step and page is slow at 300 pages)."""

    def __init__(self, pages: list[str]) -> None:
        self.raw = pages
        flat = [words(text) for text in pages]
        squeezed = ["".join(text.split()) for text in pages]
        self.flat, self.flat_starts = self._joined(flat, " ")
        self.squeezed, self.squeezed_starts = self._joined(squeezed, "")

    @staticmethod
    def _joined(texts: list[str], gap: str) -> tuple[str, list[int]]:
        starts, at = [], 1
        for text in texts:
            starts.append(at)
            at += len(text) + 1
        return "\f" + "\f".join(texts) + "\f", starts  # \f: no needle runs across pages

    def page_of(self, starts: list[int], at: int) -> int:
        return bisect.bisect_right(starts, at)

    def find_words(self, needle: str) -> int | None:
        """The page holding `needle` as words, with a word boundary before it."""
        at = self.flat.find(needle)
        while at >= 0:
            if self.flat[at - 1] in " \f":
                return self.page_of(self.flat_starts, at)
            at = self.flat.find(needle, at + 1)
        return None

    def find_squeezed(self, needle: str) -> int | None:
        """The page holding `needle` whatever the white space, no digit just before it."""
        needle = "".join(needle.split())
        at = self.squeezed.find(needle)
        while at >= 0:
            if not self.squeezed[at - 1].isdigit():
                return self.page_of(self.squeezed_starts, at)
            at = self.squeezed.find(needle, at + 1)
        return None


def _read_steps(model: Model, pages: list[str], reading: Reading) -> None:
    """Each step as the walk-through prints it, "5 App Runner → ElastiCache (Redis): read
    cache" (a line may break anywhere in it, even inside "http://…"). A step whose number
    ends one page and its route starts the next is found by its route and label; a step
    whose route is there with another label is shown with the rest of that line."""
    text = PageText(pages)
    for step in model.view.steps:
        number = str(step.number)
        route = words(f"{model.name_of(step.source)} → {model.name_of(step.target)}:")
        meant = model.get("step", number)
        label = meant.text if meant else words(step.label)
        found = _find_step(text, f"{number} {route}", label) or _find_step(text, route, label)
        if found is None:
            found = _shown_after(text, pages, f"{number} {route}") or _shown_after(
                text, pages, route
            )  # at the top of a page the number may be printed after its route
        if found is not None:
            reading.add(Shown("step", number, found[0], f"page {found[1]}",
                              ends=(step.source, step.target)))  # fmt: skip


def _shown_after(text: PageText, pages: list[str], route: str) -> tuple[str, int] | None:
    """The label printed after a route, and its page, when the route is there at all."""
    page = text.find_words(f"{route} ")
    shown = _label_after(route, pages[page - 1]) if page else None
    return (shown, page) if shown is not None and page else None


def _find_step(text: PageText, route: str, label: str) -> tuple[str, int] | None:
    page = text.find_words(f"{route} {label}") or text.find_squeezed(f"{route} {label}")
    return (label, page) if page else None


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
