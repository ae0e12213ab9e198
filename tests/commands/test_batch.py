"""`archgen validate DIR` and `archgen check DIR`: a class folder, one summary line per model.

`check` expects every default output, so the class of three smallest models is rendered once
for the module (PDF included) and each test works on a copy."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from archgen.cli import main
from tests.commands.test_render_many import a_class, project


def run(*args: object) -> Result:
    return CliRunner().invoke(main, [str(arg) for arg in args])


@pytest.fixture(scope="module")
def class_render(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three good projects, rendered with every default output."""
    root = tmp_path_factory.mktemp("class") / "class"
    for name in ("ana", "bo", "cy"):
        project(root / name)
    result = run("render", root, "--jobs", "1")
    assert result.exit_code == 0, result.output
    return root


@pytest.fixture
def rendered(class_render: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "class"
    shutil.copytree(class_render, copy, symlinks=True)
    return copy


def test_validate_a_class_folder(tmp_path: Path) -> None:
    root = a_class(tmp_path / "class")
    result = run("validate", root)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    summaries = [line for line in lines if line.startswith(str(root)) and ": " in line
                 and not line.split(": ")[0].count(":")]  # fmt: skip
    assert [line.split(":")[0] for line in summaries] == [
        f"{root}/{name}/arch.yaml" for name in ("ana", "bo", "cy", "dee")
    ]
    assert summaries[0] == f"{root}/ana/arch.yaml: valid (2 services, 1 flow, 1 requirement)"
    assert any("error[AG201] flows[0].steps[0].to: unknown service 'dynamo'" in x for x in lines)
    assert lines[-1] == "4 models: 3 valid, 1 failed"


def test_validate_a_good_class_exits_0_and_strict_counts_warnings(tmp_path: Path) -> None:
    for name in ("ana", "bo"):
        project(tmp_path / "class" / name)
    assert run("validate", tmp_path / "class").exit_code == 0
    project(tmp_path / "class" / "cy", "warnings.yaml")
    assert run("validate", tmp_path / "class").exit_code == 0
    strict = run("validate", "--strict", tmp_path / "class")
    assert strict.exit_code == 1 and strict.output.endswith("3 models: 2 valid, 1 failed\n")


def test_validate_json_lists_every_model(tmp_path: Path) -> None:
    root = a_class(tmp_path / "class")
    document = json.loads(run("validate", "--format", "json", root).output)
    assert (document["valid"], document["failed"]) == (3, 1)
    assert [m["valid"] for m in document["models"]] == [True, True, True, False]


@pytest.mark.slow
def test_check_a_class_folder_with_one_stale_model(rendered: Path) -> None:
    root = rendered
    assert run("check", root).output.endswith("3 models: 3 fresh, 0 need attention\n")
    model = root / "bo" / "arch.yaml"
    text = model.read_text(encoding="utf-8")
    model.write_text(text.replace("label: PUT photo", "label: POST photo"), encoding="utf-8")
    line = model.read_text(encoding="utf-8").splitlines().index("        label: POST photo") + 1
    result = run("check", root)
    assert result.exit_code == 1
    change = f"{model}:{line}: flow 'upload': step 1 ({{}}): label 'PUT photo' → 'POST photo'"
    assert (
        result.output
        == (
            f"{root}/ana/arch.yaml: all outputs are fresh\n"
            + "".join(
                f"stale        {name}  (the model changed: "
                + change.format("web → photos: POST photo")
                + "; run `archgen render`)\n"
                for name in (
                    *("brief.html", "brief.md", "brief.pdf", "diagram.png", "diagram.svg"),
                    *("views/flow-upload.png", "views/flow-upload.svg"),  # the flow's own view
                )
            )
            + f"{model}: 7 output(s) need `archgen render`\n"
            f"{root}/cy/arch.yaml: all outputs are fresh\n"
            "3 models: 2 fresh, 1 need attention\n"
        )
    )
    github = run("check", "--format", "github", root).output.splitlines()
    annotations = [x for x in github if x.startswith("::error")]
    assert len(annotations) == 7
    assert all(x.startswith(f"::error file={model},line={line},") for x in annotations)


@pytest.mark.slow
def test_check_a_class_with_a_broken_model_checks_the_others(rendered: Path) -> None:
    root = rendered
    project(root / "dee", "unknown-service.yaml")
    result = run("check", root)
    assert result.exit_code == 1
    assert f"{root}/dee/arch.yaml: cannot check: 1 problem in the model" in result.output
    assert result.output.endswith("4 models: 3 fresh, 1 need attention\n")
