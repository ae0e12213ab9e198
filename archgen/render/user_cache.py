"""This user's cache folder for archgen, `$XDG_CACHE_HOME/archgen` (else `~/.cache/archgen`).

What is kept there goes into outputs as it is (laid-out PDF parts) or runs (compiled
templates), so a folder is used only when it is the user's own and no one else may write to
it: only this user's archgen writes there. An output folder, often a stranger's, is never
used for such things. Everything in it is safe to delete at any time.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from pathlib import Path


def user_cache_folder(name: str, environ: Mapping[str, str] = os.environ) -> Path | None:
    """`archgen/<name>` in the user's cache folder, made if need be; None when it is not the
    user's own and private (a link, another owner, writable by others) or cannot be made."""
    base = environ.get("XDG_CACHE_HOME") or ""
    root = Path(base) if os.path.isabs(base) else Path.home() / ".cache"
    folder = root / "archgen" / name
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        return folder if _private(folder) and _private(folder.parent) else None
    except (OSError, RuntimeError):  # RuntimeError: no home folder to be found
        return None


def _private(folder: Path) -> bool:
    info = folder.lstat()
    own = not hasattr(os, "getuid") or info.st_uid == os.getuid()
    return stat.S_ISDIR(info.st_mode) and own and not info.st_mode & 0o022
