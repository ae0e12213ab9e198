"""Any model's fresh render reads back as the model: generated models of a few services, every
output that has a reader."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archgen.check.consistency import verify_outputs
from archgen.commands.model import check_model_file, require_valid
from archgen.commands.render import RenderOptions, render_model
from archgen.outputs import OUTPUTS
from bench.synthetic import write_synthetic

# Everything a reader checks, and the views the briefs show (brief.md links their images).
READ_BACK = (*(output.name for output in OUTPUTS if output.reader), "views")


@pytest.mark.slow
@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(services=st.integers(min_value=1, max_value=24), seed=st.integers(0, 10_000))
def test_a_fresh_render_of_any_model_reads_back_as_the_model(services: int, seed: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        model = write_synthetic(Path(folder) / "arch.yaml", services, seed, serves=2)
        render_model(model, None, RenderOptions(formats=READ_BACK, use_cache=False))
        valid = require_valid(check_model_file(model))
        found = {f.output: (f.status, [d.format() for d in f.details])
                 for f in verify_outputs(valid, model.parent / "output")}  # fmt: skip
        assert found == {output.file: ("fresh", []) for output in OUTPUTS if output.reader}
