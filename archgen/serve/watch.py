"""Render again on every save of the model, one of its icons or templates (watchfiles).

The folders of the render's inputs are watched without their subfolders (a project folder may
hold a virtual environment of thousands), and a change counts only at a path the last render
read or in a template folder. A save that brings in other folders (a new icon elsewhere, a
templates/ folder created) makes the watch start again over the new set. Renders run one at a
time in a thread; saves made meanwhile are taken by the next.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path

from watchfiles import Change, awatch

from archgen.serve.preview import Outcome, Preview
from archgen.serve.site import Site

STEP_MS = 30  # a save is taken this long after the last change seen (editors write in bursts)
LONGEST_MS = 800  # …or this long after the first, during a stream of changes
RETRY_SECONDS = 0.5  # after a watched folder vanished (a branch switch): look again


async def watch_and_render(
    preview: Preview, site: Site, stop: asyncio.Event, say: Callable[[str], None]
) -> None:
    """Until `stop` is set: render after each relevant change, publish, tell the terminal."""

    def relevant(_change: Change, path: str) -> bool:
        return preview.inputs.covers(Path(path))

    while not stop.is_set():
        folders = preview.inputs.watched_folders()
        try:
            async for _changes in awatch(
                *folders, watch_filter=relevant, stop_event=stop, recursive=False,
                step=STEP_MS, debounce=LONGEST_MS,
            ):  # fmt: skip
                outcome = await asyncio.to_thread(preview.render)
                site.publish(outcome)
                for line in outcome_lines(outcome, preview.shown_name):
                    say(line)
                if preview.inputs.watched_folders() != folders:
                    break
        except OSError:  # a watched folder went away meanwhile
            await asyncio.sleep(RETRY_SECONDS)


def outcome_lines(outcome: Outcome, model_name: str) -> list[str]:
    """What the terminal shows for a render: the same problems the page lists."""
    stamp = time.strftime("%H:%M:%S")
    lines = [problem.format() for problem in outcome.problems]
    if not outcome.ok:
        lines.append(f"{stamp} {outcome.failure}: the page keeps the last render that worked")
        return lines
    lines += [f"warning: {warning}" for warning in outcome.warnings]
    layout = "diagram drawn" if outcome.drew else "diagram kept"
    files = ", ".join(sorted(outcome.files))
    lines.append(f"{stamp} rendered {model_name} ({files}; {layout}) in {outcome.seconds:.2f} s")
    return lines
