"""Scale: a 10,000-service model loads and validates, and hostile files at the raised bounds are
still refused with their located AG0xx error, in bounded memory.

The files come from bench/scale.py (`python -m bench scale` measures the same cases). Each
hostile case runs as a real `archgen validate` process under the 1 GiB address-space limit and
the hang guard of test_bounds.py: a guard, not a timing assertion.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from archgen.load import load_model_file, load_model_text
from archgen.load.limits import MAX_LINES, MAX_VALUES, PURE_MAX_VALUES
from archgen.validate import validate_document
from bench.scale import CASES, SERVES, SERVICES
from bench.synthetic import synthetic_data, synthetic_yaml
from tests.adversarial.test_bounds import assert_bounded_failure, run_bounded

pytestmark = pytest.mark.slow  # files at the 10,000-service bounds

# Cases that take several seconds each (a 10,000-service model, or half a million values).
SLOW = {"10k-services", "dense-values", "empty-lists", "10k-broken"}
# What each refusal says beyond its code: the bound it met, and where.
SAYS = {
    "dense-values": rf"arch.yaml:1:\d+: error\[AG012\] the file holds more than {MAX_VALUES:,}",
    "empty-lists": rf"arch.yaml:1:\d+: error\[AG012\] the file holds more than {MAX_VALUES:,}",
    "line-breaks": rf"arch.yaml:{MAX_LINES + 1}:1: error\[AG012\] .* more than {MAX_LINES:,} lines",
    "deep-brackets": r"arch.yaml:1:\d+: error\[AG011\]",
    "tab-dense-values": rf"error\[AG012\] .* more than {PURE_MAX_VALUES:,} values, the limit for",
    "10k-with-a-tab": r"error\[AG012\] the file is larger than 1 MiB, .* holds a tab \(line \d+\)",
    "10k-broken": r"error\[AG004\] the list opened with '\[' on line \d+ is not closed here",
}


def case_params(refused: bool) -> list[object]:
    return [
        pytest.param(name, marks=[pytest.mark.slow] if name in SLOW else [])
        for name, case in CASES.items()
        if (case.code is not None) == refused
    ]


def test_the_synthetic_yaml_reads_back_as_its_data() -> None:
    text = synthetic_yaml(40, serves=SERVES)
    assert load_model_text(text, "arch.yaml").data == synthetic_data(40, serves=SERVES)


@pytest.mark.slow
def test_a_10000_service_model_loads_and_validates(tmp_path: Path) -> None:
    CASES["10k-services"].write(tmp_path / "arch.yaml")
    document = load_model_file(tmp_path / "arch.yaml", "arch.yaml")
    validation = validate_document(document, model_dir=tmp_path)
    assert validation.errors == []
    assert validation.data is not None
    services = validation.data["services"]
    assert len(services) == SERVICES and all(len(s["serves"]) == SERVES for s in services)
    assert len(validation.icon_files) == SERVICES


@pytest.mark.parametrize("name", case_params(refused=False))
def test_a_file_within_the_bounds_validates(tmp_path: Path, name: str) -> None:
    CASES[name].write(tmp_path / "arch.yaml")
    run = run_bounded(["validate", "arch.yaml"], tmp_path)
    assert run.code == 0 and not run.killed_by_guard and run.left_over == [], run
    assert "Traceback" not in run.output


@pytest.mark.parametrize("name", case_params(refused=True))
def test_a_hostile_file_at_the_bounds_is_refused(tmp_path: Path, name: str) -> None:
    CASES[name].write(tmp_path / "arch.yaml")
    run = run_bounded(["validate", "arch.yaml"], tmp_path)
    assert_bounded_failure(run, CASES[name].code)
    if name in SAYS:
        assert re.search(SAYS[name], run.output), run
