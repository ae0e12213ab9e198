"""Staged outputs: each written and flushed in full before any of them gets its final name.

On Linux an output is staged as an unnamed file (`O_TMPFILE`) in the output folder: if the
process dies, the kernel drops it, so a killed render leaves nothing behind. It is named only
when published: straight under its final name when that is free, else under a hidden temporary
name renamed over the old file at once. Where `O_TMPFILE` is missing (macOS, some file systems)
the output is staged under the hidden temporary name from the start; the next write sweeps any
such file a killed render left (`folder.sweep_leftovers`).
"""

from __future__ import annotations

import errno
import os
import secrets
import tempfile
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from archgen.write.folder import TEMP_MARK, Folder

MODE = 0o644  # outputs are documents to share, whatever the umask of the staging process
PROC_FD = Path("/proc/self/fd")  # names an open unnamed file for linkat(2)
# What open(O_TMPFILE) fails with where the kernel or the file system lacks it.
NO_TMPFILE = {errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL, errno.ENOENT}


@dataclass
class Staged:
    """One output on its way: its open file (`fd`, -1 once closed), unnamed unless it has a
    temporary name."""

    name: str
    fd: int
    temp: str | None = None


def stage(folder: Folder, name: str, content: bytes) -> Staged:
    """Write `content` for the output `name` into the folder without touching `name` itself."""
    staged = _open_unnamed(folder, name) or _open_named(folder, name)
    try:
        _fill(staged.fd, content)
    except BaseException:
        discard(folder, staged)
        raise
    return staged


def publish(folder: Folder, staged: Staged) -> None:
    """Give a staged output its final name, replacing any previous file or link of that name."""
    if staged.temp is None:
        staged.temp = _link_unnamed(folder, staged.name, staged.fd)
    if staged.temp is not None:
        os.replace(staged.temp, staged.name, src_dir_fd=folder.fd, dst_dir_fd=folder.fd)
        staged.temp = None
    discard(folder, staged)


def discard(folder: Folder, staged: Staged) -> None:
    """Drop whatever is left of a staged output: close its file, remove its temporary name."""
    if staged.fd >= 0:
        os.close(staged.fd)
        staged.fd = -1
    if staged.temp is not None:
        with suppress(FileNotFoundError):
            os.unlink(staged.temp, dir_fd=folder.fd)
        staged.temp = None


def _open_unnamed(folder: Folder, name: str) -> Staged | None:
    flag = getattr(os, "O_TMPFILE", 0)
    if not flag or not PROC_FD.is_dir():
        return None
    try:
        return Staged(name, os.open(".", flag | os.O_WRONLY, 0o600, dir_fd=folder.fd))
    except OSError as error:
        if error.errno in NO_TMPFILE:
            return None
        raise


def _open_named(folder: Folder, name: str) -> Staged:
    parent, _, base = name.rpartition("/")
    where = folder.path / parent if parent else folder.path
    fd, path = tempfile.mkstemp(prefix=f".{base}{TEMP_MARK}", suffix=".tmp", dir=where)
    return Staged(name, fd, _beside(name, os.path.basename(path)))


def _beside(name: str, temp: str) -> str:
    """A temporary name in the folder of the output `name`, so the rename stays in it."""
    parent = name.rpartition("/")[0]
    return f"{parent}/{temp}" if parent else temp


def _fill(fd: int, content: bytes) -> None:
    """Every byte written (a write may take only part) and on disk before anything is named."""
    view = memoryview(content)
    while view:
        view = view[os.write(fd, view) :]
    os.fchmod(fd, MODE)
    os.fsync(fd)


def _link_unnamed(folder: Folder, name: str, fd: int) -> str | None:
    """Link the unnamed file in as `name` if that is free (returns None), else under a fresh
    temporary name (returned) for the caller to rename over `name`."""
    source = str(PROC_FD / str(fd))
    try:
        os.link(source, name, dst_dir_fd=folder.fd)  # dst_dir_fd makes it linkat(…FOLLOW)
        return None
    except FileExistsError:
        pass
    temp = _beside(name, f".{name.rpartition('/')[2]}{TEMP_MARK}{secrets.token_hex(4)}.tmp")
    os.link(source, temp, dst_dir_fd=folder.fd)
    return temp
