"""Run Graphviz with nothing on disk, and collect what it wrote.

Each run reads its DOT from, and writes every format and its messages into, anonymous files
(memfd on Linux, unlinked temporary files elsewhere): a render killed half-way leaves nothing
behind. A diagram is laid out once into SVG plus positioned DOT; the PNG is then drawn from
those positions (`-Kneato -n2`, no second layout) in a second process that runs while the
brief renders, at a resolution that fits cairo's limits, or skipped when it could not be read.
"""

from __future__ import annotations

import contextlib
import math
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from archgen.problems import ArchgenError
from archgen.validate.images import BadImage, png_outline

NOT_FOUND = (
    "Graphviz's `dot` was not found. Install it: sudo apt-get install graphviz (Debian/Ubuntu) · "
    "sudo dnf install graphviz (Fedora) · brew install graphviz (macOS)"
)

PNG_DPI = 96.0  # Graphviz's cairo default
MAX_PNG_SIDE = 16_000  # px; cairo's hard limit is 32767, and memory grows with the area
MAX_PNG_PIXELS = 40_000_000  # ~160 MiB of cairo surface
MIN_PNG_SCALE = 0.25  # below a quarter of the normal resolution the text is unreadable

# Graphviz messages that say nothing a user can act on: the drawing is complete regardless.
NOISE = (
    "size too small for label",
    "Unable to reclaim box space",
    # the JSON layout read for overlays draws no image, and says so for each kind of icon
    *(f'No loadimage plugin for "{kind}:json"' for kind in ("png", "jpeg", "jpg")),
)
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


def anonymous_file(name: str) -> int:
    """A file descriptor of a file without a name: it vanishes with the last descriptor."""
    if hasattr(os, "memfd_create"):
        return os.memfd_create(f"archgen-{name}", os.MFD_CLOEXEC)
    with tempfile.TemporaryFile(prefix="archgen-") as stream:  # unlinked where it can be
        return os.dup(stream.fileno())  # the duplicate outlives the stream


def write_all(fd: int, data: bytes) -> None:
    """Write every byte (a single write may take only part of a large buffer)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def read_all(fd: int) -> bytes:
    """Everything in an anonymous file, from its start."""
    os.lseek(fd, 0, os.SEEK_SET)
    chunks = []
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)


class GraphvizProcess:
    """One Graphviz process, started now; `result()` waits for it under the shared deadline.

    Its input, each output format and its messages go through anonymous files, so no pipe can
    fill up and block it, and a killed render leaves no file behind.
    """

    def __init__(
        self,
        command: str,
        options: Sequence[str],
        formats: Sequence[str],
        source: bytes,
        deadline: Deadline,
    ) -> None:
        executable = shutil.which(command)
        if executable is None:
            raise ArchgenError(NOT_FOUND)
        self.deadline = deadline
        self.outputs = {fmt: anonymous_file(fmt) for fmt in formats}
        self.messages = anonymous_file("messages")
        stdin = anonymous_file("source")
        try:
            write_all(stdin, source)
            os.lseek(stdin, 0, os.SEEK_SET)
            targets = [
                arg for fmt, fd in self.outputs.items() for arg in (f"-T{fmt}", f"-o/dev/fd/{fd}")
            ]
            self.process = subprocess.Popen(
                [executable, *options, *targets],
                stdin=stdin,
                stdout=subprocess.DEVNULL,
                stderr=self.messages,
                pass_fds=tuple(self.outputs.values()),
            )
        except OSError as error:
            self.close()
            raise ArchgenError(f"{NOT_FOUND} ({error.strerror})") from error
        finally:
            os.close(stdin)

    def result(self) -> tuple[dict[str, bytes], list[str]]:
        """Each format's bytes and Graphviz's messages, once it has finished."""
        try:
            self._wait()
            messages = graphviz_messages(read_all(self.messages).decode("utf-8", "replace"))
            if self.process.returncode != 0:
                detail = "\n".join(messages) or f"exit status {self.process.returncode}"
                failure = RankingFailed if "trouble in init_rank" in detail else ArchgenError
                raise failure(f"Graphviz failed to draw the diagram:\n{detail}")
            return {fmt: read_all(fd) for fmt, fd in self.outputs.items()}, messages
        finally:
            self.close()

    def _wait(self) -> None:
        try:
            self.process.wait(timeout=self.deadline.left())
        except subprocess.TimeoutExpired:
            self.cancel()
            raise ArchgenError(
                f"Graphviz took longer than {self.deadline.seconds:g} s to draw the diagram; "
                "simplify the model or raise --dot-timeout"
            ) from None

    def cancel(self) -> None:
        """Stop the process if it still runs (a render that failed elsewhere)."""
        if getattr(self, "process", None) is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.close()

    def close(self) -> None:
        for fd in [*self.outputs.values(), self.messages]:
            with contextlib.suppress(OSError):  # already closed by an earlier call
                os.close(fd)
        self.outputs, self.messages = {}, -1


def start_layout(
    source: str, formats: Sequence[str], *, deadline: Deadline, command: str = "dot"
) -> GraphvizProcess:
    """Lay `source` out once, writing each vector format asked for plus the positioned DOT."""
    wanted = [fmt for fmt in formats if fmt != "png"]
    return GraphvizProcess(command, [], [*wanted, "dot"], source.encode("utf-8"), deadline)


def draw_positioned(
    laid_out: bytes, fmt: str, *, deadline: Deadline, command: str = "dot"
) -> tuple[bytes, list[str]]:
    """Draw a positioned graph as it stands (`-Kneato -n2`: no second layout) in one format."""
    process = GraphvizProcess(command, ["-Kneato", "-n2"], [fmt], laid_out, deadline)
    files, messages = process.result()
    return files[fmt], messages


@dataclass
class PendingRaster:
    """The PNG being drawn from a finished layout, or why it was skipped or shrunk."""

    process: GraphvizProcess | None
    notes: list[str]

    def result(self) -> GraphvizOutput:
        if self.process is None:
            return GraphvizOutput({}, user_warnings(self.notes))
        files, messages = self.process.result()
        try:
            png_outline(files["png"])
        except BadImage as error:  # cairo fails on an image too large for it, dot exits 0
            raise wrote_nothing("PNG", error.reason, messages) from None
        return GraphvizOutput({"png": files["png"]}, user_warnings([*self.notes, *messages]))

    def cancel(self) -> None:
        if self.process is not None:
            self.process.cancel()


def start_raster(
    laid_out: bytes, *, deadline: Deadline, command: str = "dot", name: str = "diagram"
) -> PendingRaster:
    """Start drawing the PNG of a positioned graph, scaled to fit cairo's limits: below
    `MIN_PNG_SCALE` it is only a thumbnail, and the warning says so (the SVG has it all)."""
    width, height = bounding_box(laid_out)
    scale = png_scale(width, height)
    size = f"{width / 72:.0f} × {height / 72:.0f} in"
    dpi = PNG_DPI * scale
    options = ["-Kneato", "-n2", f"-Gdpi={dpi:.2f}"]
    process = GraphvizProcess(command, options, ["png"], laid_out, deadline)
    notes = []
    if scale < MIN_PNG_SCALE:
        notes.append(
            f"{name}.png is a thumbnail at {scale:.0%} ({dpi:.0f} dpi): the diagram is {size}, "
            f"too large for a readable PNG; {name}.svg has all of it"
        )
    elif scale < 1:
        notes.append(f"{name}.png scaled to {scale:.0%} ({dpi:.0f} dpi): the diagram is {size}")
    return PendingRaster(process, notes)


def wrote_nothing(fmt: str, reason: str, messages: Sequence[str]) -> ArchgenError:
    """The error for a Graphviz run that succeeded but wrote no `fmt` file worth the name:
    what is wrong with its output, and what Graphviz said meanwhile."""
    said = "its messages:\n" + "\n".join(messages) if messages else "it printed no messages"
    return ArchgenError(f"Graphviz wrote no {fmt}: its output {reason}; {said}")


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
