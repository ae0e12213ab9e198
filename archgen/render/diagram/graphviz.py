"""Run Graphviz in a private folder and collect what it wrote.

Ordinary diagrams take one `dot` run that writes every format. Large ones are laid out once into
positioned DOT beside the SVG; the PNG is then drawn from those positions (`-Kneato -n2`, no
second layout) at a resolution that fits cairo's limits, or skipped when it could not be read.
"""

from __future__ import annotations

import math
import re
import shutil
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from archgen.problems import ArchgenError

NOT_FOUND = (
    "Graphviz's `dot` was not found. Install it: sudo apt-get install graphviz (Debian/Ubuntu) · "
    "sudo dnf install graphviz (Fedora) · brew install graphviz (macOS)"
)
BASENAME = "diagram"
LAID_OUT = "laid-out.dot"  # positioned DOT of a large diagram (-Tdot)

PNG_DPI = 96.0  # Graphviz's cairo default
MAX_PNG_SIDE = 16_000  # px; cairo's hard limit is 32767, and memory grows with the area
MAX_PNG_PIXELS = 40_000_000  # ~160 MiB of cairo surface
MIN_PNG_SCALE = 0.25  # below a quarter of the normal resolution the text is unreadable

# Graphviz messages that say nothing a user can act on: the drawing is complete regardless.
NOISE = ("size too small for label", "Unable to reclaim box space")
MAX_MESSAGES = 20
MAX_MESSAGE = 300
_CAIRO_SCALED = re.compile(r"too large for cairo-renderer bitmaps\. Scaling by ([\d.]+)")
_NUMBER = r"([-+.\deE]+)"
_BB = re.compile(rf'\bbb="{_NUMBER},{_NUMBER},{_NUMBER},{_NUMBER}"')


@dataclass(frozen=True)
class GraphvizOutput:
    """The files Graphviz wrote, by format, and what it said worth telling the user."""

    files: dict[str, bytes]
    warnings: list[str] = field(default_factory=list)


class RankingFailed(ArchgenError):
    """Graphviz 2.43 could not rank this graph ("trouble in init_rank"); a relaxed layout may."""


class Deadline:
    """The time left of one budget shared by every Graphviz run of a render."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def left(self) -> float:
        return max(0.0, self.end - time.monotonic())


def render_formats(
    source: str,
    workdir: Path,
    formats: Sequence[str],
    *,
    deadline: Deadline,
    command: str = "dot",
    large: bool = False,
) -> GraphvizOutput:
    """Lay `source` out once in `workdir` and write every format asked for ("svg", "png")."""
    if not large or "png" not in formats:
        files, messages = run_dot(source, workdir, formats, deadline=deadline, command=command)
        return GraphvizOutput(files, user_warnings(messages))
    vector = [fmt for fmt in formats if fmt != "png"]
    files, messages = run_dot(source, workdir, [*vector, "dot"], deadline=deadline, command=command)
    del files["dot"]  # the positioned graph stays on disk for the raster run
    png, notes = raster_from_layout(workdir, deadline=deadline, command=command)
    if png is not None:
        files["png"] = png
    return GraphvizOutput(files, user_warnings([*messages, *notes]))


def raster_from_layout(
    workdir: Path, *, deadline: Deadline, command: str
) -> tuple[bytes | None, list[str]]:
    """The PNG of the positioned graph in `workdir`, scaled to fit, or None if it cannot fit."""
    width, height = bounding_box((workdir / LAID_OUT).read_bytes())
    scale = png_scale(width, height)
    size = f"{width / 72:.0f} × {height / 72:.0f} in"
    if scale < MIN_PNG_SCALE:
        return None, [
            f"diagram.png skipped: the diagram is {size}, too large for a readable PNG; "
            "diagram.svg has all of it"
        ]
    dpi = PNG_DPI * scale
    args = ["-Kneato", "-n2", f"-Gdpi={dpi:.2f}", "-Tpng", "-o", f"{BASENAME}.png", LAID_OUT]
    _, messages = _run(command, args, workdir, None, deadline)
    if scale < 1:
        note = f"diagram.png scaled to {scale:.0%} ({dpi:.0f} dpi): the diagram is {size}"
        messages = [note, *messages]
    return (workdir / f"{BASENAME}.png").read_bytes(), messages


def bounding_box(laid_out: bytes) -> tuple[float, float]:
    """Width and height in points of the root graph of `-Tdot` output (its first `bb`)."""
    match = _BB.search(laid_out.decode("utf-8", errors="replace"))
    if match is None:
        raise ArchgenError("Graphviz wrote no bounding box for the diagram")
    x0, y0, x1, y1 = (float(value) for value in match.groups())
    return x1 - x0, y1 - y0


def png_scale(width_pt: float, height_pt: float) -> float:
    """How much to shrink the PNG so both sides and the area stay within the limits."""
    width, height = width_pt * PNG_DPI / 72, height_pt * PNG_DPI / 72
    if width <= 0 or height <= 0:
        return 1.0
    side = MAX_PNG_SIDE / max(width, height)
    area = math.sqrt(MAX_PNG_PIXELS / (width * height))
    return min(1.0, side, area)


def run_dot(
    source: str, workdir: Path, formats: Sequence[str], *, deadline: Deadline, command: str
) -> tuple[dict[str, bytes], list[str]]:
    """One `dot` run writing each format ("svg", "png", "dot") to a file; returns their bytes."""
    names = {fmt: LAID_OUT if fmt == "dot" else f"{BASENAME}.{fmt}" for fmt in formats}
    args = [arg for fmt, name in names.items() for arg in (f"-T{fmt}", "-o", name)]
    _, messages = _run(command, args, workdir, source, deadline)
    return {fmt: (workdir / name).read_bytes() for fmt, name in names.items()}, messages


def _run(
    command: str, args: list[str], workdir: Path, stdin: str | None, deadline: Deadline
) -> tuple[bytes, list[str]]:
    """Run Graphviz, killed at the deadline; its messages come back one per line."""
    executable = shutil.which(command)
    if executable is None:
        raise ArchgenError(NOT_FOUND)
    try:
        process = subprocess.Popen(
            [executable, *args],
            cwd=workdir,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
    except OSError as error:
        raise ArchgenError(f"{NOT_FOUND} ({error.strerror})") from error
    data = stdin.encode("utf-8") if stdin is not None else None
    try:
        out, err = process.communicate(data, timeout=deadline.left())
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise ArchgenError(
            f"Graphviz took longer than {deadline.seconds:g} s to draw the diagram; "
            "simplify the model or raise --dot-timeout"
        ) from None
    messages = graphviz_messages(err.decode("utf-8", errors="replace"))
    if process.returncode != 0:
        detail = "\n".join(messages) or f"exit status {process.returncode}"
        failure = RankingFailed if "trouble in init_rank" in detail else ArchgenError
        raise failure(f"Graphviz failed to draw the diagram:\n{detail}")
    return out, messages


def graphviz_messages(stderr: str) -> list[str]:
    """Graphviz's messages, one per line: continuation lines join the message they belong to."""
    messages: list[str] = []
    for line in stderr.splitlines():
        text = line.strip()
        if not text:
            continue
        if messages and not re.match(r"^(Warning|Error|Fatal|\w+:)", text):
            messages[-1] += " " + text
        else:
            messages.append(text)
    return [f"Graphviz: {_shorten(message)}" for message in messages[:MAX_MESSAGES]]


def _shorten(message: str) -> str:
    """Graphviz follows some errors with hundreds of lines of internal state; keep the start."""
    return message if len(message) <= MAX_MESSAGE else message[: MAX_MESSAGE - 1] + "…"


def user_warnings(messages: Sequence[str]) -> list[str]:
    """What a reader of the output should know: noise dropped, cairo's scaling explained."""
    found = []
    for message in messages:
        if any(noise in message for noise in NOISE):
            continue
        scaled = _CAIRO_SCALED.search(message)
        if scaled:
            found.append(
                f"diagram.png scaled to {float(scaled.group(1)):.0%}: the diagram is larger than "
                "a PNG can hold (32767 px a side); diagram.svg has every detail"
            )
        else:
            found.append(message)
    return found
