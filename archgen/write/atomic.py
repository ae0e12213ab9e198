"""All-or-nothing writes: every output is staged in full first, then all are named at once.

A render that fails half-way leaves the previous outputs exactly as they were, a render that is
killed leaves no temporary file behind (see `archgen.write.stage`), and nothing is ever written
outside the output folder.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from contextlib import suppress
from pathlib import Path

from archgen.problems import ArchgenError
from archgen.write.errors import write_error
from archgen.write.folder import (
    Folder,
    ensure_folder,
    ensure_subfolder,
    is_real_subfolder,
    opened_folder,
    sweep_leftovers,
)
from archgen.write.stage import Staged, discard, publish, stage


def write_outputs(
    out_dir: Path, files: Mapping[str, bytes], *, remove: Sequence[str] = ()
) -> list[Path]:
    """Write `files` (file name → bytes; a plain name, or one in a folder of the output
    folder, `views/a.svg`) into `out_dir`, then remove the outputs named in `remove` (those
    of views the model no longer has); returns the paths written."""
    for name in [*files, *remove]:
        _check_output_name(name)
    try:
        ensure_folder(out_dir)
        _check_targets(out_dir, files)
        with opened_folder(out_dir) as folder:
            for subfolder in sorted({name.rpartition("/")[0] for name in files} - {""}):
                ensure_subfolder(folder, subfolder)
            sweep_leftovers(folder, sorted({name.rpartition("/")[0] for name in files}))
            staged = _stage_all(folder, files)
            _publish_all(folder, staged)
            _remove_all(folder, remove)
    except OSError as error:
        raise write_error(error, out_dir) from None
    return [out_dir / name for name in sorted(files)]


def _remove_all(folder: Folder, names: Sequence[str]) -> None:
    """Remove outputs that are no longer made: only the file (or link) of that name, which
    never leads out of the output folder (its folder was checked to be no link)."""
    for name in names:
        parent = name.rpartition("/")[0]
        if parent and not is_real_subfolder(folder, parent):
            continue
        with suppress(FileNotFoundError):
            os.unlink(name, dir_fd=folder.fd)


def _check_targets(out_dir: Path, files: Mapping[str, bytes]) -> None:
    """Every target is absent, a file or a link: a folder in the way is found before writing."""
    blocked = [
        name
        for name in sorted(files)
        if (out_dir / name).exists()
        and not (out_dir / name).is_file()
        and not (out_dir / name).is_symlink()
    ]
    if blocked:
        names = ", ".join(str(out_dir / name) for name in blocked)
        raise ArchgenError(f"cannot write {names}: not a file; move it away and render again")


def _stage_all(folder: Folder, files: Mapping[str, bytes]) -> list[Staged]:
    """Every output staged, or none: a failure drops those already staged."""
    staged: list[Staged] = []
    try:
        for name in sorted(files):
            staged.append(stage(folder, name, files[name]))
    except BaseException:
        for done in staged:
            discard(folder, done)
        raise
    return staged


def _publish_all(folder: Folder, staged: list[Staged]) -> None:
    """Name every staged output; a failure drops the rest of the stage."""
    for index, output in enumerate(staged):
        try:
            publish(folder, output)
        except OSError as error:
            for rest in staged[index:]:
                discard(folder, rest)
            raise ArchgenError(
                f"cannot write {folder.path / output.name}: {error.strerror or error}; outputs "
                f"in {folder.path} may be a mix of old and new: render again"
            ) from None
    with suppress(OSError):  # the names are durable once the folder is flushed too
        os.fsync(folder.fd)


def _check_output_name(name: str) -> None:
    """Output names come from archgen itself; refuse anything that could leave the folder:
    a plain name, or a plain name in a plain folder name."""
    parts = name.split("/")
    if len(parts) > 2 or not all(_plain(part) for part in parts):
        raise ValueError(f"not a plain output file name: {name!r}")


def _plain(name: str) -> bool:
    return bool(name) and name not in {".", ".."} and "\\" not in name and "\0" not in name
