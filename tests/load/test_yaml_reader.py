"""The model loader: YAML 1.2 meanings, positions, and one located problem per kind of bad input."""

from __future__ import annotations

import os
import random
import time
from pathlib import Path
from typing import Any

import pytest

from archgen.load import (
    MAX_FILE_BYTES,
    LoadedDocument,
    Position,
    load_model_file,
    load_model_text,
    yaml_reader,
)
from archgen.problems import ArchgenError, Problem

MODEL = """\
project:
  name: Demo
services:
  - id: api
    icon: aws/compute/lambda
  - id: db
    icon: aws/database/dynamodb
    tags: [fast, "tab\tinside"]
    notes:
"""


def problems_of(source: bytes | str) -> list[Problem]:
    with pytest.raises(ArchgenError) as caught:
        load_model_text(source, "arch.yaml")
    return caught.value.problems


def only_problem(source: bytes | str) -> Problem:
    problems = problems_of(source)
    assert len(problems) == 1, [problem.format() for problem in problems]
    return problems[0]


def assert_problem(problem: Problem, code: str, line: int, column: int, text: str) -> None:
    assert (problem.code, problem.line, problem.column) == (code, line, column), problem.format()
    assert text in problem.message + " " + problem.hint, problem.format()
    assert problem.file == "arch.yaml"


# --- happy path -------------------------------------------------------------------------------


def test_yaml_1_2_literal_meanings() -> None:
    text = (
        "a: no\nb: on\nc: yes\nd: off\ne: 0755\nf: 0o755\ng: 12:30\nh: 2026-05-01\n"
        "i: 1_000\nj: 0x1F\nk: 1.5e3\nl: ~\nm: true\nn: 2026-05-01T10:00:00Z\n"
    )
    data = load_model_text(text, "arch.yaml").data
    assert data == {
        "a": "no",
        "b": "on",
        "c": "yes",
        "d": "off",
        "e": 755,
        "f": 493,
        "g": "12:30",
        "h": "2026-05-01",
        "i": "1_000",
        "j": 31,
        "k": 1500.0,
        "l": None,
        "m": True,
        "n": "2026-05-01T10:00:00Z",
    }


def test_data_is_plain_python_in_source_order() -> None:
    data = load_model_text(MODEL + "zeta: 1\nalpha: 2\n", "arch.yaml").data
    assert list(data) == ["project", "services", "zeta", "alpha"]
    assert data["services"][1]["tags"] == ["fast", "tab\tinside"]

    def walk(value: Any) -> None:
        assert type(value) in (dict, list, str, int, float, bool, type(None)), type(value)
        children = value.values() if isinstance(value, dict) else value
        if isinstance(value, dict | list):
            for child in children:
                walk(child)

    walk(data)


def test_key_and_value_positions_of_nested_items() -> None:
    document = load_model_text(MODEL, "arch.yaml")
    assert document.key_positions[("services", 1, "icon")] == Position(7, 5)
    assert document.value_positions[("services", 1, "icon")] == Position(7, 11)
    assert document.position(("services", 1, "icon")) == Position(7, 11)
    assert document.position(("services", 1, "icon"), key=True) == Position(7, 5)
    assert document.position(("services", 1, "tags", 1)) == Position(8, 18)
    assert document.position(("services", 1)) == Position(6, 5)
    assert document.value_positions[()] == Position(1, 1)


def test_position_falls_back_to_the_nearest_known_ancestor() -> None:
    document = load_model_text(MODEL, "arch.yaml")
    assert document.position(("services", 1, "missing", 3)) == Position(6, 5)
    assert document.position(("services", 9)) == document.position(("services",))
    assert document.position(("nothing", "here"), key=True) == Position(1, 1)
    assert document.position(()) == Position(1, 1)


def test_empty_value_points_at_its_own_line() -> None:
    document = load_model_text(MODEL, "arch.yaml")
    assert document.data["services"][1]["notes"] is None
    assert document.position(("services", 1, "notes")).line == 9


def test_anchors_aliases_and_merge_keys_work() -> None:
    text = "base: &base {size: s, tags: [a]}\nx: *base\ny:\n  <<: *base\n  size: m\n"
    document = load_model_text(text, "arch.yaml")
    assert document.data["x"] == {"size": "s", "tags": ["a"]}
    assert document.data["y"] == {"size": "m", "tags": ["a"]}
    assert document.position(("x",)) == Position(2, 4)  # the alias, where it is used
    assert document.position(("x", "tags"), key=True) == Position(1, 23)


def test_merge_key_takes_a_list_and_checks_its_value() -> None:
    text = "a: &a {x: 1, y: 1}\nb: &b {y: 2, z: 2}\nlist: &l [*a, *b]\nc: {<<: *l, x: 0}\n"
    assert load_model_text(text, "arch.yaml").data["c"] == {"x": 0, "y": 1, "z": 2}
    assert_problem(only_problem("a: {<<: 5}\n"), "AG004", 1, 5, "merge key '<<'")
    assert load_model_text("a: {'<<': 5}\n", "arch.yaml").data == {"a": {"<<": 5}}


def test_any_input_gives_data_or_located_problems() -> None:
    pieces = [" ", "\t", "\n", ":", "- ", "[", "]", "{", "}", "?", ",", "&a", "*a", "!", "|", ">"]
    pieces += ["'", '"', "#", "%", "@", "<<", "---", "...", "!!python/x", "x", "0", "é", "\\"]
    generator = random.Random(2026)
    for _ in range(400):
        text = "".join(generator.choice(pieces) for _ in range(generator.randint(0, 30)))
        source: bytes | str = text
        if generator.random() < 0.2:
            source = text.encode() + bytes([generator.randrange(256)])
        try:
            load_model_text(source, "arch.yaml")
        except ArchgenError as err:
            assert err.problems
            assert all(p.line >= 1 and p.column >= 1 and p.code for p in err.problems)


def test_bom_and_crlf_are_fine(tmp_path: Path) -> None:
    path = tmp_path / "arch.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + MODEL.replace("\n", "\r\n").encode())
    document = load_model_file(path, "arch.yaml")
    assert isinstance(document, LoadedDocument)
    assert document.file == "arch.yaml"
    assert document.text.startswith("project:")
    assert document.position(("project",), key=True) == Position(1, 1)
    assert document.position(("services", 1, "icon")) == Position(7, 11)


# --- AG001 file -------------------------------------------------------------------------------


def test_ag001_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ArchgenError) as caught:
        load_model_file(tmp_path / "nope.yaml", "nope.yaml")
    problem = caught.value.problems[0]
    assert (problem.code, problem.line, problem.column, problem.file) == (
        "AG001",
        1,
        1,
        "nope.yaml",
    )
    assert "not found" in problem.message and "archgen init" in problem.hint


def test_ag001_directory_and_fifo(tmp_path: Path) -> None:
    with pytest.raises(ArchgenError) as caught:
        load_model_file(tmp_path)
    assert caught.value.problems[0].code == "AG001"
    assert "folder" in caught.value.problems[0].message
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)  # reading a FIFO would block forever
    with pytest.raises(ArchgenError) as caught:
        load_model_file(fifo)
    assert caught.value.problems[0].code == "AG001"


def test_ag001_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "arch.yaml"
    path.write_text("a: 1\n")

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", refuse)  # chmod cannot stop root, who may run the tests
    with pytest.raises(ArchgenError) as caught:
        load_model_file(path, "arch.yaml")
    assert_problem(caught.value.problems[0], "AG001", 1, 1, "Permission denied")


# --- AG002 encoding ---------------------------------------------------------------------------


def test_ag002_invalid_utf8_points_at_the_byte(tmp_path: Path) -> None:
    path = tmp_path / "arch.yaml"
    path.write_bytes(b"project:\n  name: Caf\xe9 \xe2\x82\xac\n")
    with pytest.raises(ArchgenError) as caught:
        load_model_file(path, "arch.yaml")
    assert_problem(caught.value.problems[0], "AG002", 2, 12, "save the file as UTF-8")


def test_ag002_after_bom_and_utf16() -> None:
    assert_problem(only_problem(b"\xef\xbb\xbfa: \xff\n"), "AG002", 1, 4, "0xFF")
    assert_problem(only_problem("a: 1\n".encode("utf-16")), "AG002", 1, 1, "UTF-16")


def test_ag002_control_characters() -> None:
    assert_problem(only_problem("a: 1\nb: x\x07y\n"), "AG002", 2, 5, "U+0007")
    assert_problem(only_problem(b"a: 1\nb: \x00\n"), "AG002", 2, 4, "U+0000")


# --- AG003 to AG005 ---------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   \n\n", "# just a comment\n", "---\n", "\ufeff"])
def test_ag003_empty_file(text: str) -> None:
    assert_problem(only_problem(text), "AG003", 1, 1, "project:")


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        ('a: "open\nb: 1\n', 1, 4, "never closed"),
        ("project:\n  name x\n  id: 3\n", 3, 5, "unexpected ':'"),
        ("a: [1, 2\nb: 3\n", 2, 2, "'[' on line 1 is not closed"),
        ("a:\n    b: 1\n  c: 2\n", 3, 3, "out of place in the block that starts on line 1"),
        ("a: ]\n", 1, 4, "a value is missing here"),
        ("a: !foo<x\n", 1, 8, "'!' starts a tag"),
        ('path: "C:\\Users\\me"\n', 1, 12, "single quotes"),
        ("a: *nope\n", 1, 4, "no anchor &nope"),
        ("a: @team\n", 1, 4, "cannot start with '@'"),
    ],
)
def test_ag004_syntax_errors_in_plain_language(
    text: str, line: int, column: int, message: str
) -> None:
    assert_problem(only_problem(text), "AG004", line, column, message)


def test_ag004_syntax_error_keeps_problems_found_before_it() -> None:
    problems = problems_of("a: 1\na: 2\nb: [1\n")
    assert [problem.code for problem in problems] == ["AG006", "AG004"]


def test_ag005_tab_indentation() -> None:
    assert_problem(only_problem("project:\n\tname: x\n"), "AG005", 2, 1, "spaces")
    assert_problem(only_problem("a:\n  - b\n  -\tc\n"), "AG005", 3, 4, "tab")


# --- AG006 to AG009 ---------------------------------------------------------------------------


def test_ag006_every_duplicate_key_names_both_lines() -> None:
    text = "project:\n  id: p\n  name: a\n  name: b\nservices: []\nservices: []\n"
    first, second = problems_of(text)
    assert_problem(first, "AG006", 4, 3, "duplicate key 'name' (first defined on line 3)")
    assert first.path == "project.name"
    assert_problem(second, "AG006", 6, 1, "duplicate key 'services' (first defined on line 5)")


def test_ag007_refused_tags_never_construct_anything(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = f"a: !!python/object/apply:pathlib.Path.touch [{str(marker)!r}]\nb: !custom x\n"
    first, second = problems_of(text)
    assert_problem(first, "AG007", 1, 4, "!!python/object/apply:pathlib.Path.touch")
    assert_problem(second, "AG007", 2, 4, "!custom")
    assert not marker.exists()


def test_ag007_standard_tags_are_checked() -> None:
    data = load_model_text("a: !!str 12\nb: !!int '7'\nc: !!float 1\n", "arch.yaml").data
    assert data == {"a": "12", "b": 7, "c": 1.0}
    assert_problem(only_problem("a: !!int many\n"), "AG007", 1, 4, "!!int")
    assert_problem(only_problem("a: !!set {x}\n"), "AG007", 1, 4, "!!set")


def test_ag008_root_is_not_a_mapping() -> None:
    assert_problem(only_problem("- a\n- b\n"), "AG008", 1, 1, "a list")
    assert_problem(only_problem("just text\n"), "AG008", 1, 1, "mapping")


def test_ag009_several_documents() -> None:
    assert_problem(only_problem("a: 1\n---\nb: 2\n"), "AG009", 2, 1, "one document")
    assert_problem(only_problem("a: 1\n...\nb: 2\n"), "AG009", 3, 1, "second YAML document")
    assert load_model_text("---\na: 1\n...\n", "arch.yaml").data == {"a": 1}


# --- AG010 to AG013 ---------------------------------------------------------------------------


def test_ag010_billion_laughs_fails_fast() -> None:
    lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    started = time.perf_counter()
    problem = only_problem("\n".join(lines) + "\n")
    assert time.perf_counter() - started < 0.5
    assert problem.code == "AG010" and "alias bomb" in problem.message
    assert problem.line == 6


def test_ag010_alias_inside_its_own_anchor() -> None:
    assert_problem(only_problem("a: &r [1, *r]\n"), "AG010", 1, 11, "repeat forever")


def test_ag011_deep_nesting() -> None:
    assert_problem(only_problem("a: " + "[" * 500 + "\n"), "AG011", 1, 104, "100 levels")
    assert_problem(only_problem("a:\n" + "- " * 150 + "x\n"), "AG011", 2, 199, "100 levels")
    shallow = "[" * 60 + "x" + "]" * 60
    text = f"a: &a {shallow}\nb: {'[' * 60}*a{']' * 60}\n"
    assert_problem(only_problem(text), "AG011", 2, 64, "100 levels")


def test_ag012_file_too_large(tmp_path: Path) -> None:
    path = tmp_path / "arch.yaml"
    with path.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: refused by size before it is read
    with pytest.raises(ArchgenError) as caught:
        load_model_file(path, "arch.yaml")
    assert_problem(caught.value.problems[0], "AG012", 1, 1, "16 MiB")
    assert only_problem("a" * (MAX_FILE_BYTES + 1)).code == "AG012"


def test_ag012_too_many_values(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("archgen.load.yaml_reader.MAX_VALUES", 10)
    monkeypatch.setattr("archgen.load.yaml_reader.PURE_MAX_VALUES", 10)
    assert_problem(only_problem("a: [" + "1, " * 20 + "]\n"), "AG012", 1, 26, "more than 10")


def test_ag012_too_many_lines_before_any_is_indexed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("archgen.load.source.MAX_LINES", 5)
    assert_problem(only_problem("a: 1\n" + "\n" * 5), "AG012", 6, 1, "more than 5 lines")
    assert_problem(only_problem("a: 1\r\n" + "#\r" * 5), "AG012", 6, 1, "more than 5 lines")
    assert load_model_text("a: 1\r\n\r\n\r\n\n", "arch.yaml").data == {"a": 1}


def parsers_run(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The parsers a load runs, in order, recorded as it goes."""
    runs: list[str] = []
    real = yaml_reader.parse_events

    def recorded(text: str, locator: Any, *, fast: bool = False) -> Any:
        runs.append("libyaml" if fast else "pure")
        return real(text, locator, fast=fast)

    monkeypatch.setattr("archgen.load.yaml_reader.parse_events", recorded)
    return runs


def test_a_file_past_the_value_limit_is_not_read_again(
    monkeypatch: pytest.MonkeyPatch, yaml_parser: str
) -> None:
    """The Python parser would meet the same limit, only 10 times slower."""
    monkeypatch.setattr("archgen.load.yaml_reader.MAX_VALUES", 10)
    monkeypatch.setattr("archgen.load.yaml_reader.PURE_MAX_VALUES", 10)
    runs = parsers_run(monkeypatch)
    assert only_problem("a: [" + "1, " * 20 + "]\n").code == "AG012"
    assert runs == [yaml_parser]


def test_a_large_broken_file_keeps_libyamls_problem(
    monkeypatch: pytest.MonkeyPatch, yaml_parser: str
) -> None:
    """Reading 10 MB again with the Python parser to word a problem would take a minute."""
    text = "a:\n    b: 1\n  c: 2\n"
    runs = parsers_run(monkeypatch)
    monkeypatch.setattr("archgen.load.yaml_reader.PURE_MAX_FILE_BYTES", len(text) - 1)
    if yaml_parser == "libyaml":
        problem = only_problem(text)
        assert runs == ["libyaml"]
        assert_problem(problem, "AG004", 3, 3, "out of place in the block that starts on line 1")
    monkeypatch.setattr("archgen.load.yaml_reader.PURE_MAX_FILE_BYTES", len(text))
    runs.clear()
    problem = only_problem(text)
    assert runs == (["libyaml", "pure"] if yaml_parser == "libyaml" else ["pure"])
    assert_problem(problem, "AG004", 3, 3, "this key is out of place in the block")


def test_a_file_with_a_tab_keeps_the_python_parsers_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    """libyaml reads a tab unlike the Python parser, which is slow: the file stays small."""
    text = "a: 1\nb: 'x\ty'\nc: [" + "1, " * 20 + "]\n"
    monkeypatch.setattr("archgen.load.yaml_reader.PURE_MAX_FILE_BYTES", len(text) - 1)
    problem = only_problem(text)
    assert_problem(problem, "AG012", 2, 6, "the limit for a file that holds a tab (line 2)")
    assert "replace it with spaces: then the limits are 16 MiB and 500,000 values" in problem.hint
    monkeypatch.setattr("archgen.load.yaml_reader.PURE_MAX_FILE_BYTES", len(text))
    monkeypatch.setattr("archgen.load.yaml_reader.PURE_MAX_VALUES", 10)
    problem = only_problem(text.replace("\t", "\u2028"))
    assert_problem(problem, "AG012", 3, 14, "more than 10 values, the limit for a file that holds")
    assert "U+2028 (line 2)" in problem.message and "a line break or a space" in problem.hint


def test_the_pure_parser_keeps_its_limits_for_every_file(
    monkeypatch: pytest.MonkeyPatch, yaml_parser: str
) -> None:
    text = "a: [" + "1, " * 20 + "]\n"
    monkeypatch.setattr("archgen.load.yaml_reader.PURE_MAX_FILE_BYTES", len(text) - 1)
    if yaml_parser == "libyaml":
        assert load_model_text(text, "arch.yaml").data == {"a": [1] * 20}
        return
    problem = only_problem(text)
    assert_problem(problem, "AG012", 1, 1, "larger than 0 MiB, the limit of the pure-Python")
    assert "install ruamel.yaml.clib and unset ARCHGEN_PURE_YAML" in problem.hint


def test_positions_are_kept_as_offsets_and_located_when_asked() -> None:
    document = load_model_text(MODEL, "arch.yaml")
    positions = document.value_positions
    assert positions.get(("services", 1, "icon")) == Position(7, 11)
    assert positions.get(("nothing",)) is None and ("nothing",) not in positions
    assert ("services", 1, "icon") in positions and len(positions) == len(list(positions))
    assert positions == dict(positions.items())
    assert repr(positions) == repr(dict(positions.items()))


def test_ag013_keys_must_be_text() -> None:
    problems = problems_of("1: x\nnull: y\n? [a, b]\n: z\nno: fine\n")
    assert [(p.code, p.line, p.column) for p in problems] == [
        ("AG013", 1, 1),
        ("AG013", 2, 1),
        ("AG013", 3, 3),
    ]
    assert "quotes" in problems[0].hint
