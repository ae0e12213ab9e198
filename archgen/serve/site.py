"""What the preview serves now, and the pages waiting to hear of the next render.

`Site` keeps one render: the files of the last one that worked and, when the latest failed, its
problems. Each render that changes what is shown gets a new number; an open page that shows
another number reloads. Everything here runs on the server's event loop.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from archgen.problems import Problem
from archgen.serve.page import empty_page, served_page
from archgen.serve.preview import Outcome

HEARTBEAT_SECONDS = 15.0  # a comment on the event stream, so that a dead connection is noticed
PAGE_FILE = "brief.html"  # what `/` shows


@dataclass(frozen=True)
class Shown:
    """One state of the site: the files of the last good render and the latest problems."""

    number: int
    files: Mapping[str, bytes] = field(default_factory=lambda: MappingProxyType({}))
    problems: tuple[Problem, ...] = ()
    failure: str = ""  # why the latest render failed; "" when it worked


class Site:
    """The latest render, served from memory, and the event streams of the open pages."""

    def __init__(self, model_name: str) -> None:
        self.model_name = model_name
        self.shown = Shown(0, failure="not rendered yet")
        self.streams = 0
        self._changed = asyncio.Event()
        self._closing = asyncio.Event()

    def publish(self, outcome: Outcome) -> bool:
        """Show what a render gave (a failure keeps the last good files); whether that
        changed anything, in which case every open page hears of it."""
        files = MappingProxyType(dict(outcome.files)) if outcome.ok else self.shown.files
        problems = () if outcome.ok else outcome.problems
        same = (
            files == self.shown.files
            and problems == self.shown.problems
            and outcome.failure == self.shown.failure
        )
        if same:
            return False
        self.shown = Shown(self.shown.number + 1, files, problems, outcome.failure)
        self._changed.set()
        self._changed = asyncio.Event()
        return True

    def page(self, name: str) -> str | None:
        """An HTML file of the render, as served: reload script, problems overlay."""
        shown = self.shown
        data = shown.files.get(name)
        if data is None:
            if name != PAGE_FILE or shown.files:
                return None
            text = empty_page(self.model_name)
        else:
            text = data.decode("utf-8")
        return served_page(text, shown.number, shown.problems, shown.failure)

    def file(self, name: str) -> bytes | None:
        """Any other file of the render, as rendered."""
        return self.shown.files.get(name)

    def close(self) -> None:
        """The server stops: every event stream ends."""
        self._closing.set()

    async def events(self) -> AsyncIterator[str]:
        """Server-sent events: the number shown now, then each new one, until closing."""
        self.streams += 1
        try:
            told = -1
            while not self._closing.is_set():
                number = self.shown.number
                if number != told:
                    told = number
                    yield f"event: render\ndata: {number}\n\n"
                elif not await self._next_change():
                    yield ": waiting for a save\n\n"
        finally:
            self.streams -= 1

    async def _next_change(self) -> bool:
        """Wait for a render, the server's stop or the heartbeat; whether anything happened."""
        changed, closing = self._changed, self._closing
        waits = {asyncio.ensure_future(changed.wait()), asyncio.ensure_future(closing.wait())}
        try:
            done, _ = await asyncio.wait(
                waits, timeout=HEARTBEAT_SECONDS, return_when=asyncio.FIRST_COMPLETED
            )
        finally:
            for wait in waits:
                wait.cancel()
        return bool(done)
