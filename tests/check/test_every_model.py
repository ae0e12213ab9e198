"""The consistency verifier, run on every valid model the tests know, and byte-for-byte
reproducibility of a whole render."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from archgen.check.consistency import verify_outputs
from archgen.commands.model import check_model_file, require_valid
from archgen.commands.render import RenderOptions, render_model
from archgen.outputs import OUTPUTS
from archgen.resolve.views import view_ids
from tests.conftest import EXAMPLE_MODEL, ROOT
from tests.resolve.conftest import load_example

FIXTURES = sorted((ROOT / "tests" / "fixtures").rglob("*.yaml"))
VALID_MODELS = [path for path in FIXTURES if not check_model_file(path).errors]


def test_the_fixtures_hold_several_valid_models() -> None:
    names = {path.name for path in VALID_MODELS}
    assert {"minimal.yaml", "nested-boundaries.yaml", "warnings.yaml"} <= names


@pytest.mark.parametrize("model", [EXAMPLE_MODEL, *VALID_MODELS], ids=lambda p: p.name)
def test_diagram_and_brief_agree_with_the_model(model: Path, tmp_path: Path) -> None:
    out = tmp_path / "output"
    render_model(model, out, RenderOptions(formats=("svg", "html")))
    valid = require_valid(check_model_file(model))
    found = verify_outputs(valid, out, only=("diagram.svg", "brief.html"))
    findings = {f.output: (f.status, [d.format() for d in f.details]) for f in found}
    assert findings == {"diagram.svg": ("fresh", []), "brief.html": ("fresh", [])}


@pytest.mark.slow
def test_two_renders_are_byte_identical(tmp_path: Path) -> None:
    shutil.copy(EXAMPLE_MODEL, tmp_path / "arch.yaml")
    every_format = RenderOptions(formats=tuple(output.name for output in OUTPUTS))
    first = render_model(tmp_path / "arch.yaml", tmp_path / "first", every_format)
    second = render_model(tmp_path / "arch.yaml", tmp_path / "second", every_format)
    views = view_ids(load_example())
    written = sorted(p.relative_to(tmp_path / "first").as_posix() for p in first.written)
    assert written == sorted(name for output in OUTPUTS for name in output.files(views))
    for name in written:
        first_bytes = (tmp_path / "first" / name).read_bytes()
        assert first_bytes == (tmp_path / "second" / name).read_bytes(), f"{name} differs"
    assert [p.name for p in first.written] == [p.name for p in second.written]
