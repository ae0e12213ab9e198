"""Which folders may hold the outputs, and what the writer sweeps out of them."""

from __future__ import annotations

from pathlib import Path

import pytest

from archgen.problems import ArchgenError
from archgen.write import check_output_folder
from archgen.write.atomic import write_outputs


@pytest.fixture
def model_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "courses" / "project"
    folder.mkdir(parents=True)
    return folder


@pytest.mark.parametrize("out", [".", "..", "../..", "/"])
def test_the_model_folder_or_one_holding_it_is_refused(model_dir: Path, out: str) -> None:
    out_dir = model_dir / out if out != "/" else Path("/")
    with pytest.raises(ArchgenError, match=r"cannot render into .*; give the outputs a folder"):
        check_output_folder(model_dir, out_dir)


def test_the_message_names_the_problem_and_a_folder_that_works(model_dir: Path) -> None:
    with pytest.raises(ArchgenError) as same:
        check_output_folder(model_dir, model_dir)
    assert "is the model's own folder" in same.value.message
    assert f"--output {model_dir / 'output'}" in same.value.message
    with pytest.raises(ArchgenError) as parent:
        check_output_folder(model_dir, model_dir / "..")
    assert f"holds the model's folder {model_dir}" in parent.value.message


def test_a_link_to_the_model_folder_is_refused(model_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "alias").symlink_to(model_dir)
    with pytest.raises(ArchgenError, match="is the model's own folder"):
        check_output_folder(model_dir, tmp_path / "alias")


@pytest.mark.parametrize("out", ["output", "output/nested/deeper", "../sibling", "../../elsewhere"])
def test_a_folder_of_its_own_is_accepted(model_dir: Path, out: str) -> None:
    check_output_folder(model_dir, model_dir / out)  # none of these exist yet, either


def test_relative_paths_are_compared_as_resolved(
    model_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(model_dir)
    with pytest.raises(ArchgenError):
        check_output_folder(Path(), Path("."))
    with pytest.raises(ArchgenError):
        check_output_folder(Path("."), Path(".."))
    check_output_folder(Path(), Path("output"))


def test_the_next_write_sweeps_only_archgen_leftovers(tmp_path: Path) -> None:
    out = tmp_path / "output"
    out.mkdir()
    leftovers = [".brief.pdf.archgen-ab12cd_9.tmp", ".diagram.svg.archgen-00000000.tmp"]
    kept = [
        ".notes.tmp",  # the user's own hidden files
        ".brief.pdf.ab12cd_9.tmp",
        "brief.pdf.archgen-ab12cd_9.tmp",  # not hidden
        ".brief.pdf.archgen-ab12cd_9.tmp.bak",
        ".x.archgen-toolongname.tmp",
    ]
    for name in leftovers + kept:
        (out / name).write_text("x", encoding="utf-8")
    (out / ".folder.archgen-12345678.tmp").mkdir()  # never a folder, whatever its name
    write_outputs(out, {"brief.md": b"# brief\n"})
    expected = sorted([*kept, ".folder.archgen-12345678.tmp", "brief.md"])
    assert sorted(path.name for path in out.iterdir()) == expected
