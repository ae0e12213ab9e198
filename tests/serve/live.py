"""`archgen serve` as a real process on a copy of the example, for the live tests.

The server listens on a free port (`--port 0`) and prints its address; the terminal's lines are
gathered by a thread, so a test can wait for one. `stop()` sends SIGINT as Ctrl-C would.
"""

from __future__ import annotations

import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "arch.yaml"
ARCHGEN = [sys.executable, "-m", "archgen"]
SERVING = re.compile(r"serving \S+ at (http://\S+/) ")
WAIT_SECONDS = 60.0  # for the first render on two busy cores


class LiveServer:
    """One `archgen serve` process on `project/arch.yaml`."""

    def __init__(self, project: Path, *args: str) -> None:
        self.project = project
        self.model = project / "arch.yaml"
        self.temp = project.parent / "tmp"  # the server's TMPDIR: must stay empty
        self.temp.mkdir(exist_ok=True)
        env = {**os.environ, "TMPDIR": str(self.temp), "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            [*ARCHGEN, "serve", "arch.yaml", "--port", "0", *args],
            cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True, encoding="utf-8",
        )  # fmt: skip
        self.lines: list[str] = []
        self._new: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        found = self.wait_for_line(SERVING)
        self.url = SERVING.search(found).group(1)  # type: ignore[union-attr]
        self.netloc = self.url.removeprefix("http://").rstrip("/")
        self.port = int(self.netloc.rsplit(":", 1)[1])

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self._new.put(line.rstrip("\n"))
        self._new.put(None)

    def wait_for_line(self, pattern: re.Pattern[str] | str, after: int = 0) -> str:
        """The first line from index `after` on that matches; fails after WAIT_SECONDS."""
        pattern = re.compile(pattern) if isinstance(pattern, str) else pattern
        deadline = time.monotonic() + WAIT_SECONDS
        seen = after
        while True:
            for line in self.lines[seen:]:
                if pattern.search(line):
                    return line
            seen = len(self.lines)
            left = deadline - time.monotonic()
            try:
                line = self._new.get(timeout=max(0.01, left))
            except queue.Empty:
                line = None
            if line is None:
                raise AssertionError(f"no line matching {pattern.pattern!r}:\n" + self.output())
            self.lines.append(line)

    def output(self) -> str:
        while not self._new.empty():
            line = self._new.get()
            if line is not None:
                self.lines.append(line)
        return "\n".join(self.lines)

    def edit(self, old: str, new: str) -> int:
        """Replace the first `old` in the model, as an editor saves; the index of the next
        line the server prints."""
        self.output()
        mark = len(self.lines)
        text = self.model.read_text(encoding="utf-8")
        assert old in text, old
        self.model.write_text(text.replace(old, new, 1), encoding="utf-8")
        return mark

    def line_of(self, text: str) -> int:
        """The line number (from 1) where `text` first starts in the model."""
        model = self.model.read_text(encoding="utf-8")
        return model[: model.index(text)].count("\n") + 1

    def stop(self) -> int:
        """Ctrl-C, then the exit status."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(timeout=WAIT_SECONDS)
        finally:
            if self.process.poll() is None:
                self.process.kill()


def copy_example(folder: Path) -> Path:
    project = folder / "project"
    project.mkdir()
    shutil.copyfile(EXAMPLE, project / "arch.yaml")
    return project


def descendants(pid: int) -> set[int]:
    """Every live process started by `pid`, however deep (Linux's /proc); zombies excluded."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        stat = process_stat(entry)
        if stat is not None and stat[1] != "Z":
            children.setdefault(stat[2], []).append(stat[0])
    found: set[int] = set()
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def alive(pid: int) -> bool:
    stat = process_stat(Path("/proc") / str(pid))
    return stat is not None and stat[1] != "Z"


def process_stat(entry: Path) -> tuple[int, str, int] | None:
    """(pid, state, parent pid) of a /proc entry, or None when it is gone or no process."""
    if not entry.name.isdigit():
        return None
    try:
        text = (entry / "stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()
    return int(entry.name), fields[0], int(fields[1])
