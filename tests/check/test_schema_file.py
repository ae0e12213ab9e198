"""`archgen check` says when the project's copy of the editor schema is not the installed one."""

from __future__ import annotations

import json
from pathlib import Path

from archgen import __version__
from archgen.check.findings import CheckResult, Finding
from archgen.check.schema_file import schema_file_warning
from archgen.model.jsonschema import render_json_schema

MODELINE = "# yaml-language-server: $schema=./schema/arch.schema.json\n"


def project(tmp_path: Path, schema: str | None, modeline: str = MODELINE) -> Path:
    model = tmp_path / "arch.yaml"
    model.write_text(modeline + "project: {title: T, summary: S}\n", encoding="utf-8")
    if schema is not None:
        (tmp_path / "schema").mkdir()
        (tmp_path / "schema" / "arch.schema.json").write_text(schema, encoding="utf-8")
    return model


def test_a_current_copy_says_nothing(tmp_path: Path) -> None:
    assert schema_file_warning(project(tmp_path, render_json_schema())) is None


def test_no_copy_says_nothing(tmp_path: Path) -> None:
    assert schema_file_warning(project(tmp_path, None)) is None


def test_a_copy_from_an_older_archgen_is_named_with_the_command(tmp_path: Path) -> None:
    old = json.loads(render_json_schema())
    old["$comment"] = old["$comment"].replace(__version__, "0.0.9")
    del old["definitions"]["Service"]["properties"]["icon"]["anyOf"]
    model = project(tmp_path, json.dumps(old, indent=2))
    assert schema_file_warning(model) == (
        "schema/arch.schema.json was written by archgen 0.0.9 and differs from the schema of "
        f"the installed archgen {__version__}: refresh it with "
        "`archgen schema --write schema/arch.schema.json`"
    )


def test_a_copy_without_a_stamp_is_from_an_older_archgen(tmp_path: Path) -> None:
    model = project(tmp_path, '{"$schema": "http://json-schema.org/draft-07/schema#"}\n')
    warning = schema_file_warning(model)
    assert warning is not None and warning.startswith(
        "schema/arch.schema.json was written by an older archgen"
    )


def test_the_modeline_names_the_copy_but_never_outside_the_project(tmp_path: Path) -> None:
    (tmp_path / "editor").mkdir()
    (tmp_path / "editor" / "model.json").write_text("{}", encoding="utf-8")
    model = project(tmp_path, None, "# yaml-language-server: $schema=editor/model.json\n")
    assert "`archgen schema --write editor/model.json`" in (schema_file_warning(model) or "")
    outside = project(
        tmp_path / "sub" if (tmp_path / "sub").mkdir() is None else tmp_path,
        None,
        "# yaml-language-server: $schema=../editor/model.json\n",
    )
    assert schema_file_warning(outside) is None


def test_the_warning_is_shown_but_does_not_fail_the_check() -> None:
    result = CheckResult("arch.yaml", "output", [Finding("brief.md", "fresh")], ["old schema"])
    assert result.ok
    assert result.format("text").splitlines()[-2:] == [
        "warning: old schema",
        "arch.yaml: all outputs are fresh",
    ]
    assert json.loads(result.format("json"))["warnings"] == ["old schema"]
    assert result.format("github") == (
        "::warning file=arch.yaml,line=1,title=archgen check::old schema\n"
    )
