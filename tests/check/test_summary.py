"""The summary line of `archgen check` says what would mend the outputs: a render for stale or
missing ones, the templates for ones that contradict the model although freshly rendered."""

from __future__ import annotations

from archgen.check.findings import CheckResult, Finding


def summary(*statuses: str) -> str:
    findings = [Finding(f"out{n}", status) for n, status in enumerate(statuses)]  # type: ignore[arg-type]
    return CheckResult("arch.yaml", "output", findings).summary()


def test_fresh_outputs() -> None:
    assert summary("fresh", "fresh") == "arch.yaml: all outputs are fresh"


def test_stale_and_missing_outputs_need_a_render() -> None:
    assert summary("stale", "missing", "fresh", "edited") == (
        "arch.yaml: 3 output(s) need `archgen render`"
    )


def test_an_output_contradicting_the_model_points_at_the_templates() -> None:
    line = summary("fresh", "inconsistent")
    assert "need `archgen render`" not in line
    assert line.startswith("arch.yaml: 1 output(s) contradict the model")
    assert "mend the templates" in line


def test_both_kinds_are_counted_apart() -> None:
    line = summary("stale", "inconsistent", "inconsistent")
    assert line.startswith("arch.yaml: 1 output(s) need `archgen render`; 2 output(s) contradict")
