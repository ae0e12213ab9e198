"""Reading outputs back is a new surface: the model's hostile text must read back as typed,
and an output folder doctored to attack the reader (entity bombs, external entities, a PDF
that is no PDF) gives a finding, never a traceback, a hang or a file read from elsewhere."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from archgen.check.consistency import verify_outputs
from archgen.commands.check import run_check
from archgen.commands.model import check_model_file, require_valid
from archgen.commands.render import RenderOptions, render_model
from archgen.outputs import OUTPUTS
from tests.conftest import ROOT, copy_rendered

READ_BACK = tuple(output.name for output in OUTPUTS if output.reader)
HOSTILE = ROOT / "tests" / "fixtures" / "hostile"


@pytest.mark.slow
@pytest.mark.parametrize("fixture", ["injection.yaml", "links.yaml"])
def test_hostile_text_reads_back_as_typed(fixture: str, tmp_path: Path) -> None:
    shutil.copy(HOSTILE / fixture, tmp_path / "arch.yaml")
    model = tmp_path / "arch.yaml"
    render_model(model, None, RenderOptions(formats=(*READ_BACK, "views")))  # the brief's views
    valid = require_valid(check_model_file(model))
    found = {f.output: (f.status, [d.format() for d in f.details])
             for f in verify_outputs(valid, tmp_path / "output")}  # fmt: skip
    assert found == {output.file: ("fresh", []) for output in OUTPUTS if output.reader}


@pytest.fixture
def rendered(rendered_minimal: Path, tmp_path: Path) -> Path:
    """A private copy of the minimal model's rendered project."""
    return copy_rendered(rendered_minimal, tmp_path)


BOMB = (
    '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">'
    + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
    + ']><svg xmlns="http://www.w3.org/2000/svg"><g id="svc-kms"><text>&i;</text></g></svg>'
)


def test_an_entity_bomb_in_the_svg_is_refused(rendered: Path) -> None:
    (rendered / "output" / "diagram.svg").write_text(BOMB, encoding="utf-8")
    finding = next(f for f in run_check(rendered / "arch.yaml", None, consistency=True).findings
                   if f.output == "diagram.svg")  # fmt: skip
    assert finding.status == "unstamped"  # and read back all the same:
    [detail] = [d.format() for d in finding.details]
    assert detail.startswith(
        f"{rendered}/output/diagram.svg: cannot be read back: it is not well-formed XML (limit "
        "on input amplification factor (from DTD and entities) breached"
    )


def test_an_external_entity_is_not_read(rendered: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    svg = (
        f'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<svg xmlns="http://www.w3.org/2000/svg"><g id="svc-kms"><text>&x;</text></g></svg>'
    )
    (rendered / "output" / "diagram.svg").write_text(svg, encoding="utf-8")
    result = run_check(rendered / "arch.yaml", None, consistency=True)
    assert "TOP-SECRET" not in result.format("text") + result.format("json")


@pytest.mark.parametrize("name", ["brief.pdf", "brief.html", "brief.md", "diagram.svg"])
@pytest.mark.parametrize("content", [b"", b"%PDF-1.7\n" + b"\xff" * 4096, b"\x00<<<>>>" * 999])
def test_garbage_gives_a_finding(rendered: Path, name: str, content: bytes) -> None:
    (rendered / "output" / name).write_bytes(content)
    result = run_check(rendered / "arch.yaml", None, consistency=True)
    finding = next(f for f in result.findings if f.output == name)
    assert finding.status != "fresh"
    assert result.format("text")
