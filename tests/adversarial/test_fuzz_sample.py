"""A seeded sample of the mutation fuzzer (bench/fuzz.py) on every test run: no mutant of the
example crashes the loader, the validator or the renderers' first steps, and every problem
points at a line and column inside the file. The full run is `python -m bench fuzz`."""

from __future__ import annotations

from pathlib import Path

import pytest

from archgen.load import load_model_text
from archgen.problems import ArchgenError, Problem
from bench import fuzz
from tests.e2e.support import LOCATED, MINIMAL, assert_user_error, cli

pytestmark = pytest.mark.slow  # hundreds of mutants of the example

SAMPLE = 300
SEED = 20261124


@pytest.fixture(scope="module")
def sample() -> fuzz.FuzzReport:
    return fuzz.run_fuzz(SAMPLE, SEED)


def test_no_mutant_crashes(sample: fuzz.FuzzReport) -> None:
    assert sample.mutants == SAMPLE
    assert sample.crash_count == 0, "\n".join(sample.crashes)


def test_every_problem_is_located_in_the_file(sample: fuzz.FuzzReport) -> None:
    assert sample.errors > SAMPLE // 2  # most mutants break something
    assert sample.errors_located == sample.errors, "\n".join(sample.unlocated)
    assert sample.warnings_located == sample.warnings, "\n".join(sample.unlocated)


def test_the_sample_reaches_every_stage(sample: fuzz.FuzzReport) -> None:
    """Not only syntax errors: the validator, the second paths and the parser comparison ran."""
    assert set(sample.mutations) == set(fuzz.MUTATORS)
    assert {"AG002", "AG004", "AG006"} <= set(sample.codes)  # loader
    assert any(code.startswith(("AG1", "AG2")) for code in sample.codes)  # validator
    assert sample.valid > 0 and sample.resolved == sample.valid
    assert sample.differential > 0


def test_mutants_are_reproducible() -> None:
    base = fuzz.EXAMPLE.read_bytes()
    assert fuzz.make_mutant(base, 7, 42) == fuzz.make_mutant(base, 7, 42)
    assert fuzz.make_mutant(base, 7, 42) != fuzz.make_mutant(base, 8, 42)


def test_a_crash_is_caught_and_named(monkeypatch: pytest.MonkeyPatch) -> None:
    """The harness itself: an exception escaping the pipeline is reported with its mutant."""

    def explode(path: Path, display_name: str | None = None) -> object:
        raise KeyError("boom")

    monkeypatch.setattr(fuzz, "check_model_file", explode)
    report = fuzz.run_fuzz(3, SEED)
    assert report.crash_count == 3
    assert report.crashes[0].startswith("#0 ") and "KeyError" in report.crashes[0]


def test_a_problem_outside_the_file_is_unlocated() -> None:
    lines = fuzz.file_lines(b"project:\n  title: x\n")
    assert fuzz.is_located(Problem("arch.yaml", 2, 11, "AG000", "m"), lines)  # end of line 2
    assert fuzz.is_located(Problem("arch.yaml", 3, 1, "AG000", "m"), lines)  # after the last \n
    assert not fuzz.is_located(Problem("arch.yaml", 4, 1, "AG000", "m"), lines)
    assert not fuzz.is_located(Problem("arch.yaml", 2, 12, "AG000", "m"), lines)
    assert not fuzz.is_located(Problem("arch.yaml", 0, 1, "AG000", "m"), lines)
    assert not fuzz.is_located(Problem("other.yaml", 1, 1, "AG000", "m"), lines)


# ---- cases the fuzzer found --------------------------------------------------------------------


@pytest.mark.parametrize("escape", [r"\ud800", r"\udfff", r"\ud83d\ude00", r"\uFFFE", r"\uFFFF"])
def test_an_escaped_non_character_is_a_located_error(tmp_path: Path, escape: str) -> None:
    """`"\\ud800"` made `archgen validate` crash printing the summary (UnicodeEncodeError);
    `"\\uFFFE"` validated, then Graphviz refused the DOT with an unlocated error."""
    text = MINIMAL.read_text(encoding="utf-8")
    assert "  title: Photo sharing\n" in text
    model = tmp_path / "arch.yaml"
    model.write_text(text.replace("title: Photo sharing", f'title: "a{escape}b"'), "utf-8")
    run = cli("validate", model)
    assert_user_error(run)
    errors = list(LOCATED.finditer(run.output))
    assert [(m["line"], m["col"]) for m in errors] == [("3", "10")], run
    assert "error[AG002] project.title: U+" in run.output


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("title: Photo sharing", "title:\tPhoto sharing"),  # a tab as the separator
        ("summary: A small site", "summary: A small\x85site"),  # NEL inside plain text
        ("  authors: [Ana, Bo]", "\u2028  authors: [Ana, Bo]"),  # LS before a key
        ("summary: A small site", "summary: A\u2029small site"),  # PS inside plain text
    ],
)
def test_libyaml_and_the_python_parser_read_a_file_alike(
    monkeypatch: pytest.MonkeyPatch, old: str, new: str
) -> None:
    """libyaml accepted `key:<tab>value` that the Python parser refuses (AG005), and read NEL,
    LS and PS as line breaks: a model meant something else with ruamel.yaml.clib installed."""
    pytest.importorskip("_ruamel_yaml")
    text = MINIMAL.read_text(encoding="utf-8")
    assert old in text
    source = text.replace(old, new, 1)

    def load(pure: str) -> str:
        monkeypatch.setenv("ARCHGEN_PURE_YAML", pure)
        try:
            document = load_model_text(source, "arch.yaml")
        except ArchgenError as error:
            return "\n".join(problem.format() for problem in error.problems)
        return repr((document.data, document.key_positions, document.value_positions))

    assert load("0") == load("1")
