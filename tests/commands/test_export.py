"""`archgen export FORMAT`: one file, into the output folder only, after the model validates;
the same file `archgen render --only` writes, seen fresh by `archgen check`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from archgen.cli import EXPORT_FORMATS, main
from archgen.commands.export import EXPORTS
from archgen.outputs import by_name
from archgen.resolve.record import RECORD_FILE
from tests.conftest import EXAMPLE_MODEL

FILES = {"drawio": "diagram.drawio", "mermaid": "diagram.architecture.mmd",
         "d2": "diagram.d2", "structurizr": "workspace.dsl"}  # fmt: skip


def project(tmp_path: Path) -> Path:
    folder = tmp_path / "project"
    folder.mkdir()
    shutil.copy(EXAMPLE_MODEL, folder / "arch.yaml")
    return folder


def listing(folder: Path) -> set[str]:
    return {str(path.relative_to(folder)) for path in folder.rglob("*")}


def test_the_cli_formats_are_the_exports() -> None:
    assert set(EXPORT_FORMATS) == set(EXPORTS) == set(FILES)
    for name, output in EXPORTS.items():
        assert by_name(output).file == FILES[name]
        assert not by_name(output).default  # `archgen render` alone does not write them


@pytest.mark.slow  # the draw.io export lays the diagram out with Graphviz
@pytest.mark.parametrize("export_format", sorted(FILES))
def test_o_dir_gets_the_one_file_and_nothing_else_changes(
    tmp_path: Path, export_format: str
) -> None:
    folder = project(tmp_path)
    before = listing(folder)
    out = tmp_path / "elsewhere"
    result = CliRunner().invoke(
        main, ["export", export_format, str(folder / "arch.yaml"), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert f"wrote {out / FILES[export_format]}" in result.output
    assert listing(folder) == before
    written = {name for name in listing(out) if not name.startswith(".archgen-cache")}
    assert written == {FILES[export_format], RECORD_FILE}  # the record: what it was made from
    check = CliRunner().invoke(main, ["check", str(folder / "arch.yaml"), "-o", str(out)])
    assert f"fresh        {FILES[export_format]}" in check.output


@pytest.mark.slow
def test_render_only_writes_the_same_bytes(tmp_path: Path) -> None:
    folder = project(tmp_path)
    model = str(folder / "arch.yaml")
    assert (
        CliRunner().invoke(main, ["export", "d2", model, "-o", str(tmp_path / "a")]).exit_code == 0
    )
    rendered = CliRunner().invoke(
        main, ["render", model, "--only", "d2", "-o", str(tmp_path / "b")]
    )
    assert rendered.exit_code == 0, rendered.output
    assert (tmp_path / "a/diagram.d2").read_bytes() == (tmp_path / "b/diagram.d2").read_bytes()


def test_a_bad_model_is_a_located_error_and_nothing_is_written(tmp_path: Path) -> None:
    model = tmp_path / "arch.yaml"
    model.write_text("project:\n  title: x\nservices:\n  - id: Web Server\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["export", "structurizr", str(model), "-o", str(out)])
    assert result.exit_code == 1
    assert f"{model}:4:" in result.output and "error[AG" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_a_missing_model_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["export", "d2", str(tmp_path / "none.yaml")])
    assert result.exit_code == 1
    assert "none.yaml" in result.output and "Traceback" not in result.output


def test_an_unknown_format_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["export", "visio"])
    assert result.exit_code == 2
    assert "drawio" in result.output


def test_an_old_export_survives_a_failed_one(tmp_path: Path) -> None:
    folder = project(tmp_path)
    out = tmp_path / "out"
    assert (
        CliRunner()
        .invoke(main, ["export", "d2", str(folder / "arch.yaml"), "-o", str(out)])
        .exit_code
        == 0
    )
    kept = (out / "diagram.d2").read_bytes()
    (folder / "arch.yaml").write_text("project: [\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["export", "d2", str(folder / "arch.yaml"), "-o", str(out)])
    assert result.exit_code == 1
    assert (out / "diagram.d2").read_bytes() == kept


def test_a_project_folder_means_its_arch_yaml(tmp_path: Path) -> None:
    """As for `render` and `check` (and `serve`, which shares the argument)."""
    folder = project(tmp_path)
    result = CliRunner().invoke(main, ["export", "d2", str(folder)])
    assert result.exit_code == 0, result.output
    assert (folder / "output" / "diagram.d2").is_file()
