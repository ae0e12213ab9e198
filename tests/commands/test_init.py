"""`archgen init` writes a starter that validates clean, and never overwrites."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from archgen.cli import main
from archgen.commands.model import check_model_file
from archgen.model.jsonschema import render_json_schema


def test_starter_project_validates_clean_under_strict(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["init", str(tmp_path / "project")])
    assert result.exit_code == 0, result.output
    project = tmp_path / "project"
    assert sorted(p.name for p in project.iterdir()) == [".gitignore", "arch.yaml", "schema"]
    checked = check_model_file(project / "arch.yaml")
    assert checked.problems == []
    first_line = (project / "arch.yaml").read_text().splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=./schema/arch.schema.json"
    assert (project / "schema" / "arch.schema.json").read_text() == render_json_schema()


def test_existing_files_are_left_alone_and_reported(tmp_path: Path) -> None:
    (tmp_path / "arch.yaml").write_text("# mine\n")
    result = CliRunner().invoke(main, ["init", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "left alone: arch.yaml (it already exists)" in result.output
    assert "created: .gitignore" in result.output
    assert (tmp_path / "arch.yaml").read_text() == "# mine\n"
    again = CliRunner().invoke(main, ["init", str(tmp_path)])
    assert again.output.count("left alone") == 3


def test_the_commented_reflection_validates_once_uncommented(tmp_path: Path) -> None:
    from archgen.commands.init import STARTER_MODEL
    from archgen.commands.model import require_valid

    head, commented = STARTER_MODEL.split("# reflection:\n")
    uncommented = "reflection:\n" + "".join(
        line.removeprefix("# ") + "\n" for line in commented.splitlines()
    )
    (tmp_path / "arch.yaml").write_text(head + uncommented, encoding="utf-8")
    checked = check_model_file(tmp_path / "arch.yaml")
    assert checked.problems == []
    reflection = require_valid(checked).model.reflection
    assert reflection is not None
    assert [(m.name, m.role) for m in reflection.team] == [("Your Name", "Diagram and flows")]
