"""`archgen check`: fresh, stale, missing and hand-edited outputs, in every format."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from archgen.cli import main
from archgen.commands.check import run_check
from tests.conftest import EXAMPLE_MODEL, ROOT


def statuses(project: Path) -> dict[str, str]:
    result = run_check(project / "arch.yaml", None)
    return {finding.output: finding.status for finding in result.findings}


def edit_model(project: Path, old: str, new: str) -> None:
    model = project / "arch.yaml"
    text = model.read_text(encoding="utf-8")
    assert old in text
    model.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_fresh_outputs_exit_0(project: Path) -> None:
    result = CliRunner().invoke(main, ["check", str(project / "arch.yaml")])
    assert result.exit_code == 0, result.output
    assert "all outputs are fresh" in result.output


def test_a_new_rationale_makes_only_the_brief_stale(project: Path) -> None:
    edit_model(project, "why: >-", "why: >-\n      Newly argued.")
    found = statuses(project)
    assert found["brief.html"] == found["brief.md"] == found["brief.pdf"] == "stale"
    assert found["diagram.svg"] == found["diagram.png"] == "fresh"


def test_an_edited_flow_makes_diagram_and_brief_stale(project: Path) -> None:
    edit_model(project, "label: resolve domain", "label: look up the domain")
    found = statuses(project)
    assert set(found.values()) == {"stale"}


def test_a_deleted_output_is_missing(project: Path) -> None:
    (project / "output" / "brief.md").unlink()
    assert statuses(project)["brief.md"] == "missing"
    result = CliRunner().invoke(main, ["check", str(project / "arch.yaml")])
    assert result.exit_code == 1


def test_a_hand_edited_svg_is_reported(project: Path) -> None:
    svg = project / "output" / "diagram.svg"
    svg.write_bytes(svg.read_bytes().replace(b"Route 53", b"Route 66", 1))
    assert statuses(project)["diagram.svg"] == "edited"


def test_a_hand_edited_markdown_brief_is_reported(project: Path) -> None:
    brief = project / "output" / "brief.md"
    brief.write_text(brief.read_text(encoding="utf-8") + "\nA note added by hand.\n")
    assert statuses(project)["brief.md"] == "edited"


def test_json_format_parses(project: Path) -> None:
    (project / "output" / "diagram.png").unlink()
    args = ["check", "--format", "json", str(project / "arch.yaml")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["ok"] is False
    by_file = {entry["file"]: entry["status"] for entry in report["outputs"]}
    assert by_file["diagram.png"] == "missing"


def test_github_format_annotates_the_changed_line(project: Path) -> None:
    edit_model(project, "label: resolve domain", "label: look up the domain")
    text = (project / "arch.yaml").read_text(encoding="utf-8").splitlines()
    line = text.index("        label: look up the domain") + 1
    args = ["check", "--format", "github", str(project / "arch.yaml")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 5 + 8  # five outputs, and the example's four views in SVG and PNG
    where = f"::error file={project / 'arch.yaml'},line={line},"
    assert all(line.startswith(where) for line in lines), lines
    assert all("label 'resolve domain' → 'look up the domain'" in line for line in lines)


def test_model_errors_annotate_their_line_in_github_format(project: Path) -> None:
    edit_model(project, "to: route53", "to: route54")
    args = ["check", "--format", "github", str(project / "arch.yaml")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert "AG201" in result.output
    assert f"::error file={project / 'arch.yaml'},line=" in result.output


def test_deep_check_compares_a_fresh_render(project: Path) -> None:
    result = run_check(project / "arch.yaml", None, deep=True)
    assert result.ok, result.format("text")


def test_the_repository_output_folder_is_fresh() -> None:
    result = run_check(EXAMPLE_MODEL, ROOT / "output")
    assert result.ok, (
        "output/ is stale: run `./scripts/render` (or `archgen render`) and commit output/\n"
        + result.format("text")
    )


def test_a_pdf_changed_in_one_byte_is_edited(project: Path) -> None:
    pdf = project / "output" / "brief.pdf"
    data = bytearray(pdf.read_bytes())
    data[len(data) // 2] ^= 0x01
    pdf.write_bytes(bytes(data))
    assert statuses(project)["brief.pdf"] == "edited"


def test_a_pdf_cut_short_is_edited_not_unstamped(project: Path) -> None:
    pdf = project / "output" / "brief.pdf"
    pdf.write_bytes(pdf.read_bytes()[: pdf.stat().st_size // 2])
    result = run_check(project / "arch.yaml", None)
    finding = next(f for f in result.findings if f.output == "brief.pdf")
    assert finding.status == "edited" and "cut short" in finding.reason
    assert not result.ok
