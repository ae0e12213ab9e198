"""Defects found in review of the orchestration layer (check, stamps, CLI errors), fixed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from archgen.check.freshness import check_one
from archgen.cli import main
from archgen.commands.check import run_check
from archgen.commands.init import STARTER_MODEL
from archgen.model.schema import Architecture
from archgen.outputs import by_file
from archgen.render.stamp import _png_chunk, read_png_stamp, seal_text
from archgen.resolve.fingerprint import compute_fingerprints
from tests.models import icon_files_for
from tests.models import read_data as _read_data

TOKEN = "archgen-0123456789abcdef0123456789abcdef"


def _project(tmp_path: Path, text: str = STARTER_MODEL) -> Path:
    model = tmp_path / "arch.yaml"
    model.write_text(text, encoding="utf-8")
    return model


def _render(model: Path) -> None:
    result = CliRunner().invoke(main, ["render", str(model)])
    assert result.exit_code == 0, result.output


def test_diagram_fingerprint_covers_subtitle(tmp_path: Path) -> None:
    data = _read_data(_project(tmp_path))
    fingerprints = []
    for subtitle in ("Old subtitle", "New subtitle"):
        data["project"]["subtitle"] = subtitle
        model = Architecture.model_validate(data)
        fingerprints.append(
            compute_fingerprints(
                model, icon_files=icon_files_for(model), template_files={}, model_name="arch.yaml"
            ).diagram
        )
    assert fingerprints[0] != fingerprints[1]


@pytest.mark.slow
def test_token_in_title_does_not_make_fresh_outputs_stale(tmp_path: Path) -> None:
    model = _project(
        tmp_path, STARTER_MODEL.replace("title: My web application", f"title: Release {TOKEN}")
    )
    _render(model)
    svg = (tmp_path / "output" / "diagram.svg").read_text(encoding="utf-8")
    assert f"Release {TOKEN}<" in svg  # the title is shown as typed, not sealed
    assert run_check(model, None).ok


@pytest.mark.slow
def test_pdf_attachment_change_makes_pdf_stale(tmp_path: Path) -> None:
    model = _project(tmp_path)
    _render(model)
    model.write_text(STARTER_MODEL + "# a new comment, attached to the next brief.pdf\n")
    findings = {f.output: f.status for f in run_check(model, None).findings}
    assert findings["brief.pdf"] != "fresh"


def test_hand_edit_with_digest_stripped_is_not_fresh(tmp_path: Path) -> None:
    path = tmp_path / "brief.md"
    sealed = seal_text(f"<!-- {TOKEN} -->\n# Title\n".encode())
    edited = re.sub(rb"\+[0-9a-f]{16}", b"", sealed).replace(b"Title", b"Hacked")
    path.write_bytes(edited)
    assert check_one(tmp_path, by_file("brief.md"), TOKEN).status != "fresh"


def test_png_stamp_with_latin1_text_does_not_crash() -> None:
    png = b"\x89PNG\r\n\x1a\n"
    png += _png_chunk(b"tEXt", b"archgen-fingerprint\0" + TOKEN.encode() + b"+caf\xe9")
    png += _png_chunk(b"IEND", b"")
    stamp = read_png_stamp(png)
    assert stamp is None or stamp.intact is False


def test_init_failure_is_a_user_error(tmp_path: Path) -> None:
    (tmp_path / "blocker").write_text("")
    result = CliRunner().invoke(main, ["init", str(tmp_path / "blocker" / "sub")])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit), repr(result.exception)


def test_schema_write_into_missing_folder_is_a_user_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["schema", "--write", str(tmp_path / "no" / "s.json")])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit), repr(result.exception)


@pytest.mark.parametrize("command", ["render", "check"])
def test_unusable_output_path_is_a_user_error(tmp_path: Path, command: str) -> None:
    model = _project(tmp_path)
    result = CliRunner().invoke(main, [command, str(model), "-o", str(tmp_path / ("x" * 300))])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit), repr(result.exception)


def test_dangling_file_in_templates_is_a_user_error(tmp_path: Path) -> None:
    model = _project(tmp_path)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "old.css").symlink_to(tmp_path / "nowhere")
    result = CliRunner().invoke(main, ["check", str(model)])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit), repr(result.exception)
