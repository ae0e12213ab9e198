"""The output folder: which folders may hold the outputs, and holding one open while writing."""

from __future__ import annotations

import fcntl
import os
import re
import stat
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from archgen.problems import ArchgenError

# `.<output name>.archgen-<8 characters>.tmp`: the only names a staged output ever has.
TEMP_MARK = ".archgen-"
LEFTOVER = re.compile(r"^\..+\.archgen-[a-z0-9_]{8}\.tmp$")


@dataclass(frozen=True)
class Folder:
    """The output folder, open: `fd` names files in it even if its path changes meanwhile."""

    path: Path
    fd: int


def check_output_folder(model_dir: Path, out_dir: Path) -> None:
    """Refuse an output folder that is the model's own folder or holds it: the outputs' fixed
    names would land among the project's files (and overwrite any of the same name)."""
    try:
        model, out = model_dir.resolve(), out_dir.resolve()
    except (OSError, RuntimeError):  # a link loop: writing there fails with its own message
        return
    if out == model:
        where = "is the model's own folder"
    elif out in model.parents:
        where = f"holds the model's folder {model_dir}"
    else:
        return
    suggestion = model_dir / "output"
    raise ArchgenError(
        f"cannot render into {out_dir}: it {where}; give the outputs a folder of their own, "
        f"e.g. --output {suggestion}"
    )


def ensure_folder(out_dir: Path) -> None:
    """Create the output folder (and its parents) unless it exists; a file in its place is an
    error the user must resolve."""
    if out_dir.exists() and not out_dir.is_dir():
        raise ArchgenError(f"{out_dir} exists and is not a folder; choose another --output")
    out_dir.mkdir(parents=True, exist_ok=True)


@contextmanager
def opened_folder(out_dir: Path) -> Iterator[Folder]:
    """The output folder, open and locked against another archgen writing into it meanwhile
    (the lock goes with the process, so a killed render never leaves it held)."""
    fd = os.open(out_dir, os.O_RDONLY | os.O_DIRECTORY)
    try:
        with suppress(OSError):  # a file system without locks: write unlocked, as before
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield Folder(out_dir, fd)
    finally:
        os.close(fd)


def sweep_leftovers(folder: Folder, subfolders: Sequence[str] = ("",)) -> list[str]:
    """Remove the named temporary files an earlier, killed render left in the folder (and in
    the `subfolders` of it outputs go in, "" being the folder itself); only archgen's own
    pattern, and only while holding the folder's lock. Returns the names removed."""
    removed = []
    for subfolder in subfolders:
        if subfolder and not is_real_subfolder(folder, subfolder):
            continue
        prefix = f"{subfolder}/" if subfolder else ""
        where = folder.path / subfolder if subfolder else folder.path
        fd = os.open(where, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
        try:
            for entry in os.scandir(fd):
                if LEFTOVER.match(entry.name) and entry.is_file(follow_symlinks=False):
                    with suppress(FileNotFoundError):
                        os.unlink(prefix + entry.name, dir_fd=folder.fd)
                        removed.append(prefix + entry.name)
        finally:
            os.close(fd)
    return sorted(removed)


def is_real_subfolder(folder: Folder, name: str) -> bool:
    """Whether `name` in the output folder is a folder itself, not a link to one elsewhere."""
    try:
        return stat.S_ISDIR(os.stat(name, dir_fd=folder.fd, follow_symlinks=False).st_mode)
    except FileNotFoundError:
        return False


def ensure_subfolder(folder: Folder, name: str) -> None:
    """Create a folder of the output folder for outputs to go in (`views`) unless it exists;
    a link or a file in its place is refused: outputs never go outside the output folder."""
    with suppress(FileExistsError):
        os.mkdir(name, 0o755, dir_fd=folder.fd)
    if not is_real_subfolder(folder, name):
        raise ArchgenError(
            f"cannot write into {folder.path / name}: it is not a folder of {folder.path} (a "
            "link or a file); move it away and render again"
        )
