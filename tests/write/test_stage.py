"""Staging survives a killed process: unnamed files vanish with it, named leftovers are swept,
and a full or read-only disk is a clear error that leaves the previous outputs alone."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from archgen.problems import ArchgenError
from archgen.write import stage as staging
from archgen.write.atomic import write_outputs
from archgen.write.folder import LEFTOVER, Folder, opened_folder

OLD = {"brief.pdf": b"old pdf", "diagram.svg": b"<svg>old</svg>"}
NEW = {"brief.pdf": b"new pdf" * 1000, "diagram.svg": b"<svg>new</svg>"}

# Stages a big output, then dies by SIGKILL before publishing it. `named` forces the fallback
# of systems without O_TMPFILE.
KILLED_WHILE_STAGED = """
import os, signal, sys
from pathlib import Path
from archgen.write import stage as staging
from archgen.write.folder import opened_folder

if sys.argv[2] == "named":
    staging._open_unnamed = lambda folder, name: None
with opened_folder(Path(sys.argv[1])) as folder:
    staging.stage(folder, "brief.pdf", b"x" * 1_000_000)
    os.kill(os.getpid(), signal.SIGKILL)
"""

# Writes NEW over OLD and dies by SIGKILL just before its first rename: the one moment a
# staged output has a temporary name (linked in, not yet renamed over the old file).
KILLED_BEFORE_RENAME = """
import os, signal, sys
from pathlib import Path
from archgen.write.atomic import write_outputs

def hook(event, args):
    if event == "os.rename":
        os.kill(os.getpid(), signal.SIGKILL)

sys.addaudithook(hook)
write_outputs(Path(sys.argv[1]), {"brief.pdf": b"new pdf", "diagram.svg": b"<svg>new</svg>"})
"""


def previous(tmp_path: Path) -> Path:
    out = tmp_path / "output"
    write_outputs(out, OLD)
    return out


def contents(out: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(out.iterdir())}


def unnamed_supported(folder: Folder) -> bool:
    probe = staging._open_unnamed(folder, "probe")
    if probe is None:
        return False
    staging.discard(folder, probe)
    return True


def kill_while_staged(out: Path, mode: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", KILLED_WHILE_STAGED, str(out), mode], check=False, timeout=60
    )
    assert done.returncode == -signal.SIGKILL


def test_a_staged_output_has_no_name_until_published(tmp_path: Path) -> None:
    out = previous(tmp_path)
    with opened_folder(out) as folder:
        if not unnamed_supported(folder):
            pytest.skip("this file system has no O_TMPFILE: staging falls back to named files")
        staged = staging.stage(folder, "brief.pdf", NEW["brief.pdf"])
        assert contents(out) == OLD
        staging.publish(folder, staged)
    assert contents(out) == {**OLD, "brief.pdf": NEW["brief.pdf"]}
    assert staged.fd == -1 and staged.temp is None


def test_a_render_killed_while_staging_leaves_nothing_behind(tmp_path: Path) -> None:
    out = previous(tmp_path)
    with opened_folder(out) as folder:
        if not unnamed_supported(folder):
            pytest.skip("this file system has no O_TMPFILE: staging falls back to named files")
    kill_while_staged(out, "unnamed")
    assert contents(out) == OLD


def test_a_named_leftover_of_a_killed_render_is_swept_by_the_next_write(tmp_path: Path) -> None:
    out = previous(tmp_path)
    kill_while_staged(out, "named")
    leftovers = [name for name in os.listdir(out) if name not in OLD]
    assert len(leftovers) == 1 and leftovers[0].startswith(".brief.pdf.archgen-"), leftovers
    write_outputs(out, NEW)
    assert contents(out) == NEW


def test_a_kill_between_link_and_rename_leaves_one_leftover_that_the_next_write_sweeps(
    tmp_path: Path,
) -> None:
    out = previous(tmp_path)
    done = subprocess.run(
        [sys.executable, "-c", KILLED_BEFORE_RENAME, str(out)], check=False, timeout=60
    )
    assert done.returncode == -signal.SIGKILL
    found = contents(out)
    leftovers = sorted(set(found) - set(OLD))
    assert len(leftovers) == 1 and LEFTOVER.match(leftovers[0]), leftovers
    assert {name: found[name] for name in OLD} == OLD  # the old outputs are whole
    write_outputs(out, NEW)
    assert contents(out) == NEW


def test_without_o_tmpfile_the_named_fallback_writes_everything(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = previous(tmp_path)
    real_open = os.open

    def no_tmpfile(path: str, flags: int, *args: object, **kwargs: object) -> int:
        if flags & getattr(os, "O_TMPFILE", 0) == getattr(os, "O_TMPFILE", -1):
            raise OSError(errno.EOPNOTSUPP, "Operation not supported")
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", no_tmpfile)
    assert write_outputs(out, NEW) == [out / "brief.pdf", out / "diagram.svg"]
    assert contents(out) == NEW


def test_outputs_are_readable_by_everyone_whatever_the_umask(tmp_path: Path) -> None:
    previous_mask = os.umask(0o077)
    try:
        out = previous(tmp_path)
        write_outputs(out, NEW)
    finally:
        os.umask(previous_mask)
    assert {(out / name).stat().st_mode & 0o777 for name in NEW} == {0o644}


def test_a_free_name_is_linked_straight_in_without_a_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "output"
    out.mkdir()
    with opened_folder(out) as folder:
        if not unnamed_supported(folder):
            pytest.skip("this file system has no O_TMPFILE: staging falls back to named files")

    def no_rename(*args: object, **kwargs: object) -> None:
        raise AssertionError("a free name needs no rename")

    monkeypatch.setattr(os, "replace", no_rename)
    write_outputs(out, NEW)
    assert contents(out) == NEW


@pytest.mark.parametrize(
    ("number", "message"),
    [
        (errno.ENOSPC, r"no space left on the device holding .*output — free some space"),
        (errno.EDQUOT, r"disk quota exceeded on the device holding .*output"),
        (errno.EROFS, r"output is on a read-only file system — render into another folder"),
        (errno.EACCES, r"no permission to write into .*output — allow writing there"),
        (errno.EIO, r"cannot write into .*output: Input/output error"),
    ],
)
def test_a_failing_disk_is_a_clear_error_and_keeps_the_previous_outputs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, number: int, message: str
) -> None:
    out = previous(tmp_path)
    real_fill = staging._fill

    def fill_half_then_fail(fd: int, content: bytes) -> None:
        if len(content) > 100:
            real_fill(fd, content[: len(content) // 2])
            raise OSError(number, os.strerror(number))
        real_fill(fd, content)

    monkeypatch.setattr(staging, "_fill", fill_half_then_fail)
    with pytest.raises(ArchgenError, match=message):
        write_outputs(out, NEW)
    assert contents(out) == OLD  # and no temporary file, named or not


def test_a_failure_while_naming_says_the_outputs_may_be_mixed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = previous(tmp_path)
    real_publish = staging.publish

    def publish_then_fail(folder: Folder, staged: staging.Staged) -> None:
        if staged.name == "diagram.svg":
            raise OSError(errno.EIO, "Input/output error")
        real_publish(folder, staged)

    monkeypatch.setattr("archgen.write.atomic.publish", publish_then_fail)
    with pytest.raises(ArchgenError, match="may be a mix of old and new: render again"):
        write_outputs(out, NEW)
    assert contents(out) == {"brief.pdf": NEW["brief.pdf"], "diagram.svg": OLD["diagram.svg"]}
