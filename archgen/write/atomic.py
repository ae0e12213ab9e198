"""All-or-nothing writes: every output goes to a temporary file first, then all are renamed.

A render that fails half-way leaves the previous outputs exactly as they were, and nothing is
ever written outside the output folder.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

from archgen.problems import ArchgenError


def write_outputs(out_dir: Path, files: Mapping[str, bytes]) -> list[Path]:
    """Write `files` (plain file name → bytes) into `out_dir`; returns the paths written."""
    for name in files:
        _check_plain_name(name)
    _ensure_folder(out_dir)
    _check_targets(out_dir, files)
    staged: list[tuple[Path, Path]] = []
    try:
        for name in sorted(files):
            staged.append((_stage(out_dir, name, files[name]), out_dir / name))
    except OSError as error:
        _discard(temp for temp, _ in staged)
        raise ArchgenError(f"cannot write into {out_dir}: {error.strerror or error}") from None
    _replace_all(staged, out_dir)
    return [final for _, final in staged]


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


def _replace_all(staged: list[tuple[Path, Path]], out_dir: Path) -> None:
    """Rename every staged file over its target; a failure discards the rest of the stage."""
    for index, (temp, final) in enumerate(staged):
        try:
            os.replace(temp, final)
        except OSError as error:
            _discard(t for t, _ in staged[index:])
            raise ArchgenError(
                f"cannot write {final}: {error.strerror or error}; outputs in {out_dir} may "
                "be a mix of old and new: render again"
            ) from None


def _check_plain_name(name: str) -> None:
    """Output names come from archgen itself; refuse anything that could leave the folder."""
    if not name or name in {".", ".."} or "/" in name or "\\" in name or "\0" in name:
        raise ValueError(f"not a plain output file name: {name!r}")


def _ensure_folder(out_dir: Path) -> None:
    if out_dir.exists() and not out_dir.is_dir():
        raise ArchgenError(f"{out_dir} exists and is not a folder; choose another --output")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ArchgenError(f"cannot create {out_dir}: {error.strerror or error}") from None


def _stage(out_dir: Path, name: str, content: bytes) -> Path:
    """Write to a hidden temporary file beside the final one, flushed to disk."""
    handle, temp_name = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=out_dir)
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp, 0o644)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp


def _discard(temps: Iterable[Path]) -> None:
    for temp in temps:
        temp.unlink(missing_ok=True)
