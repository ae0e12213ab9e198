"""Outputs are written all at once, inside the output folder only."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from archgen.problems import ArchgenError
from archgen.write import stage as staging
from archgen.write.atomic import write_outputs
from archgen.write.folder import Folder
from archgen.write.stage import Staged


def test_writes_every_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    out = tmp_path / "output"
    written = write_outputs(out, {"a.svg": b"<svg/>", "b.md": b"# b\n"})
    assert sorted(p.name for p in written) == ["a.svg", "b.md"]
    assert (out / "a.svg").read_bytes() == b"<svg/>"
    assert sorted(p.name for p in out.iterdir()) == ["a.svg", "b.md"]


def test_failure_while_staging_keeps_previous_outputs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "output"
    write_outputs(out, {"a.svg": b"old a", "b.md": b"old b"})
    real_stage = staging.stage

    def stage_then_fail(folder: Folder, name: str, content: bytes) -> Staged:
        if name == "b.md":
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_stage(folder, name, content)

    monkeypatch.setattr("archgen.write.atomic.stage", stage_then_fail)
    with pytest.raises(ArchgenError, match="no space left"):
        write_outputs(out, {"a.svg": b"new a", "b.md": b"new b"})
    assert (out / "a.svg").read_bytes() == b"old a"
    assert (out / "b.md").read_bytes() == b"old b"
    assert sorted(p.name for p in out.iterdir()) == ["a.svg", "b.md"]


@pytest.mark.parametrize(
    "name", ["../escape.txt", "sub/../../x.svg", "a/b/x.svg", "..", "", "/etc/passwd", "sub/"]
)
def test_refuses_names_that_leave_the_folder(tmp_path: Path, name: str) -> None:
    with pytest.raises(ValueError, match="plain output file name"):
        write_outputs(tmp_path / "output", {name: b"x"})
    assert not (tmp_path / "escape.txt").exists()


def test_output_path_that_is_a_file_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "output"
    blocker.write_text("not a folder")
    with pytest.raises(ArchgenError, match="not a folder"):
        write_outputs(blocker, {"a.svg": b"x"})
    assert blocker.read_text() == "not a folder"


def test_replaces_a_symlink_instead_of_writing_through_it(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("keep me")
    out = tmp_path / "output"
    out.mkdir()
    (out / "a.svg").symlink_to(outside)
    write_outputs(out, {"a.svg": b"new"})
    assert outside.read_text() == "keep me"
    assert (out / "a.svg").read_bytes() == b"new"
    assert not (out / "a.svg").is_symlink()


def test_writes_into_a_folder_of_the_output_folder_and_removes_what_is_gone(
    tmp_path: Path,
) -> None:
    out = tmp_path / "output"
    write_outputs(out, {"a.svg": b"a", "views/old.svg": b"old"})
    written = write_outputs(out, {"views/new.svg": b"new"}, remove=["views/old.svg"])
    assert written == [out / "views" / "new.svg"]
    assert sorted(p.name for p in (out / "views").iterdir()) == ["new.svg"]
    assert (out / "a.svg").read_bytes() == b"a"


def test_refuses_a_folder_of_the_output_folder_that_links_elsewhere(tmp_path: Path) -> None:
    out, elsewhere = tmp_path / "output", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (elsewhere / "keep.svg").write_bytes(b"keep")
    (out / "views").symlink_to(elsewhere)
    with pytest.raises(ArchgenError, match="not a folder of"):
        write_outputs(out, {"views/x.svg": b"x"})
    write_outputs(out, {"a.svg": b"a"}, remove=["views/keep.svg"])
    assert sorted(p.name for p in elsewhere.iterdir()) == ["keep.svg"]
