"""The command line, through click's runner and through the installed console script."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from archgen.cli import main
from tests.conftest import EXAMPLE_MODEL, ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "models"
CONSOLE_SCRIPT = Path(sys.executable).parent / "archgen"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_example_validates_clean_under_strict() -> None:
    code, output = run("validate", "--strict", str(EXAMPLE_MODEL))
    assert code == 0, output
    assert "valid (18 services, 3 flows, 5 requirements)" in output


def test_mistakes_exit_1_with_located_messages_and_no_traceback() -> None:
    bad = FIXTURES / "five-mistakes.yaml"
    code, output = run("validate", str(bad))
    assert code == 1
    assert f"{bad}:22:13: error[AG201] flows[0].steps[0].to: unknown service 'dynamo'" in output
    assert "did you mean 'dynamodb'?" in output
    assert "Traceback" not in output


def test_usage_mistake_exits_2() -> None:
    code, output = run("validate", "--no-such-option")
    assert code == 2
    assert "No such option" in output


def test_json_format_parses() -> None:
    code, output = run("validate", "--format", "json", str(FIXTURES / "five-mistakes.yaml"))
    assert code == 1
    report = json.loads(output)
    assert report["valid"] is False
    assert report["errors"] == len(report["problems"]) == 5


def test_github_format_annotates_lines() -> None:
    code, output = run("validate", "--format", "github", str(FIXTURES / "five-mistakes.yaml"))
    assert code == 1
    annotations = [line for line in output.splitlines() if line.startswith("::error ")]
    assert len(annotations) == 5
    assert all(",line=" in line and ",col=" in line for line in annotations)


def test_schema_prints_draft_07_json() -> None:
    code, output = run("schema")
    assert code == 0
    assert json.loads(output)["$schema"] == "http://json-schema.org/draft-07/schema#"


@pytest.mark.parametrize("query", ["app runner", "apprunner", "AppRunner"])
def test_icons_finds_app_runner_however_it_is_typed(query: str) -> None:
    code, output = run("icons", *query.split())
    assert code == 0
    assert output.splitlines()[0] == "aws.compute.AppRunner"


def test_icons_with_no_match_is_a_clear_error() -> None:
    code, output = run("icons", "qzxwvjk")
    assert code == 1
    assert "no icon kind matches 'qzxwvjk'" in output


def test_icons_ranks_the_major_clouds_first_among_like_matches() -> None:
    code, output = run("icons", "load", "balancer")
    assert code == 0, output
    names = output.split()
    first_other = min(i for i, n in enumerate(names) if n.startswith("alibabacloud."))
    assert all(i < first_other for i, n in enumerate(names) if n.startswith("aws.network.Elb"))


def test_icons_without_a_query_says_how_to_search() -> None:
    code, output = run("icons")
    assert code == 1
    assert "archgen icons load balancer" in output
    assert "alibabacloud" not in output


def test_icons_help_line_is_whole() -> None:
    _code, output = run("--help")
    line = next(line for line in output.splitlines() if line.strip().startswith("icons"))
    assert line.rstrip().endswith("`icon:`."), line


def test_a_mistyped_kind_suggests_the_near_one() -> None:
    from archgen.icons.catalog import load_catalog

    assert load_catalog().suggest("aws.compute.Lamda")[0] == "aws.compute.Lambda"


def test_installed_console_script_runs_in_a_real_process(tmp_path: Path) -> None:
    assert CONSOLE_SCRIPT.exists(), "install the package: pip install -e '.[test]'"
    bad = tmp_path / "arch.yaml"
    bad.write_text("project: [\n", encoding="utf-8")
    done = subprocess.run(
        [str(CONSOLE_SCRIPT), "validate", str(bad)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 1
    assert f"{bad}:" in done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    ok = subprocess.run(
        [str(CONSOLE_SCRIPT), "validate", "--strict"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert ok.returncode == 0, ok.stdout + ok.stderr


@pytest.mark.parametrize("model", ["arch.yaml", "tests/fixtures/models/five-mistakes.yaml"])
def test_validate_imports_neither_weasyprint_nor_the_renderers(model: str) -> None:
    probe = (
        "import sys\n"
        "from archgen.cli import main\n"
        "try:\n"
        f"    main(['validate', {model!r}])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = ['weasyprint', 'diagrams', 'archgen.render.diagram', 'archgen.render.brief',"
        " 'jinja2', 'pydantic', 'archgen.model.schema', 'importlib.metadata']\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_render_refuses_an_empty_output_folder(tmp_path: Path) -> None:
    model = tmp_path / "arch.yaml"
    model.write_text((FIXTURES / "minimal.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    result = CliRunner().invoke(main, ["render", str(model), "-o", "", "--only", "svg"])
    assert result.exit_code == 2
    assert "give a folder name" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["arch.yaml"]


def test_render_reports_warnings_in_the_chosen_format(tmp_path: Path) -> None:
    args = ["render", str(FIXTURES / "warnings.yaml"), "-o", str(tmp_path), "--only", "svg"]
    result = CliRunner().invoke(main, [*args, "--format", "github"])
    assert result.exit_code == 0, result.output
    assert "::warning file=" in result.output
    assert f"wrote {tmp_path / 'diagram.svg'}" in result.output


def test_version_names_what_the_outputs_record() -> None:
    """`archgen --version` prints the words a brief records as its generator."""
    from click.testing import CliRunner

    from archgen import __version__
    from archgen.cli import main
    from archgen.render.brief.pdf import GENERATOR

    result = CliRunner().invoke(main, ["--version"])
    assert result.output == f"archgen {__version__}\n" == f"{GENERATOR}\n"


def test_check_without_a_model_does_not_speak_of_writing(tmp_path: Path) -> None:
    code, output = run("check", str(tmp_path / "arch.yaml"))
    assert code == 1
    assert "1 problem; no output was checked" in output
    assert "nothing was written" not in output


def test_render_without_a_model_says_nothing_was_written(tmp_path: Path) -> None:
    code, output = run("render", str(tmp_path / "arch.yaml"))
    assert code == 1
    assert "1 problem; nothing was written" in output
