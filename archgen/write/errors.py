"""File-system failures while writing the outputs, as messages that say what to do next."""

from __future__ import annotations

import errno
from pathlib import Path

from archgen.problems import ArchgenError

# errno → what went wrong and what the user can do about it; `{folder}` is the output folder.
_ADVICE = {
    errno.ENOSPC: "no space left on the device holding {folder} — free some space and render again",
    errno.EDQUOT: "disk quota exceeded on the device holding {folder} — free some space (or raise "
    "the quota) and render again",
    errno.EROFS: "{folder} is on a read-only file system — render into another folder with "
    "--output",
    errno.EACCES: "no permission to write into {folder} — allow writing there, or render into "
    "another folder with --output",
    errno.EPERM: "not permitted to write into {folder} — allow writing there, or render into "
    "another folder with --output",
}


def write_error(error: OSError, folder: Path) -> ArchgenError:
    """The user-facing error for `error`, raised while writing into the output `folder`."""
    advice = _ADVICE.get(error.errno or 0)
    if advice is not None:
        return ArchgenError(advice.format(folder=folder))
    return ArchgenError(f"cannot write into {folder}: {error.strerror or error}")
