"""Errors in one round: a syntax error no longer hides the problems after it."""

from __future__ import annotations

from pathlib import Path

from archgen.commands.model import check_model_file
from archgen.load.recover import MAX_ROUNDS, load_recovering

ROUNDS = """\
project:
  title: Rounds
  title: Again
requirements:
  - id: speed
    title: Speed
    description: Fast.
services:
  - id: web
    name: Web
    icon: aws.compute.Lambda
    does: Serves.
    why: Cheap.
     group: nowhere
  - id: db
    name: DB
\ticon: aws.database.RDS
    does: Stores.
    why: Managed.
    group: missing
links:
  - from: web
    to: dbb
"""


def test_one_indentation_error_no_longer_hides_the_rest(tmp_path: Path) -> None:
    model = tmp_path / "arch.yaml"
    model.write_text(ROUNDS, encoding="utf-8")
    checked = check_model_file(model, "arch.yaml")
    assert [(p.line, p.code) for p in checked.problems] == [
        (3, "AG006"),  # the duplicate key
        (14, "AG004"),  # the indentation error
        (17, "AG005"),  # the tab: the syntax errors come first, the causes to fix first
        (1, "AG102"),  # project.summary is missing, whatever the syntax
        (20, "AG202"),  # unknown group 'missing'
        (23, "AG201"),  # unknown service 'dbb', did you mean 'db'
    ]
    assert checked.problems[-1].hint == "did you mean 'db'?"
    assert checked.data is None and checked.failed(strict=False)


def test_what_a_left_out_line_held_is_not_reported_missing(tmp_path: Path) -> None:
    """Line 17 (the tab) held db's icon: no 'missing icon' for it; line 14 held web's group,
    whose 'nowhere' is not reported unknown either."""
    model = tmp_path / "arch.yaml"
    model.write_text(ROUNDS, encoding="utf-8")
    messages = " ".join(p.message for p in check_model_file(model).problems)
    assert "'icon'" not in messages and "nowhere" not in messages


def test_a_reference_to_an_id_on_a_left_out_line_waits(tmp_path: Path) -> None:
    text = """\
project: {title: T, summary: S}
services:
  - id: web
    name: Web
    icon: aws.compute.Lambda
    does: Serves.
    why: Cheap.
  - name: DB
     id: db
    icon: aws.database.RDS
    does: Stores.
    why: Managed.
links:
  - {from: web, to: db}
  - {from: web, to: cache}
"""
    model = tmp_path / "arch.yaml"
    model.write_text(text, encoding="utf-8")
    problems = check_model_file(model).problems
    assert [(p.line, p.code) for p in problems] == [(9, "AG004"), (15, "AG201")]
    assert "'cache'" in problems[1].message


def test_lines_are_only_blanked_never_moved() -> None:
    recovered = load_recovering(ROUNDS, "arch.yaml")
    assert recovered.left_out == (14, 17)
    assert recovered.document is not None
    assert recovered.document.text == ROUNDS
    assert recovered.document.position(("links", 0, "to")).line == 23


def test_a_valid_file_is_read_once_and_as_is() -> None:
    text = "project: {title: T, summary: S}\n"
    recovered = load_recovering(text, "arch.yaml")
    assert recovered.problems == [] and recovered.left_out == ()
    assert recovered.document is not None and recovered.document.data["project"]["title"] == "T"


def test_a_file_of_syntax_errors_stops_after_the_rounds_allowed() -> None:
    text = "project:\n" + "".join(f"  k{n}: [unclosed\n x{n}: y\n" for n in range(3 * MAX_ROUNDS))
    recovered = load_recovering(text, "arch.yaml")
    assert len(recovered.left_out) <= MAX_ROUNDS
    assert {p.code for p in recovered.problems} <= {"AG004", "AG005"}


def test_what_cannot_be_read_at_all_stays_one_problem() -> None:
    recovered = load_recovering(b"\xff\xfe not utf-8", "arch.yaml")
    assert recovered.document is None
    assert [p.code for p in recovered.problems] == ["AG002"]


def test_a_big_file_gets_fewer_rounds() -> None:
    """Each round reads the whole file again: the rounds shrink as the file grows."""
    from archgen.load.recover import rounds_for

    assert rounds_for(45_000) == MAX_ROUNDS  # the example
    assert rounds_for(1024 * 1024) == 1
    assert rounds_for(0) == MAX_ROUNDS


def test_a_bare_word_over_a_key_is_left_out_not_the_key() -> None:
    """`secu` half typed over `scalability: …`: the parser stops at the key's colon, but the
    word is what to leave out; leaving the key out would start a cascade."""
    text = (
        "project: {title: T, summary: S}\n"
        "services:\n"
        "  - id: web\n"
        "    serves:\n"
        "      secu\n"
        "      scalability: grows\n"
        "      speed: fast\n"
    )
    recovered = load_recovering(text, "arch.yaml")
    assert [(p.line, p.code) for p in recovered.problems] == [(6, "AG004")]
    assert recovered.left_out == (5,)
    assert recovered.document is not None
    assert recovered.document.data["services"][0]["serves"] == {
        "scalability": "grows",
        "speed": "fast",
    }


def _shown(tmp_path: Path, text: str) -> list[tuple[int, int, str]]:
    model = tmp_path / "arch.yaml"
    model.write_text(text, encoding="utf-8")
    return [(p.line, p.column, p.code) for p in check_model_file(model, "arch.yaml").problems]


def test_a_tab_under_a_key_is_the_one_error_not_the_empty_key(tmp_path: Path) -> None:
    """`project:` has no value only because its line indented with a tab was left out."""
    assert _shown(tmp_path, "project:\n\ttitle: x\n") == [(2, 1, "AG005")]


def test_an_unclosed_quote_is_the_one_error(tmp_path: Path) -> None:
    """Everything after the quote was its text to the parser: `project:` left empty and the
    `services: []` below are not reported until the quote is closed."""
    text = 'project:\n  title: "unterminated\nservices: []\n'
    assert _shown(tmp_path, text) == [(2, 10, "AG004")]
    closed = 'project:\n  title: "terminated"\nservices: []\n'
    assert (3, 11, "AG106") in _shown(tmp_path, closed)  # then the empty list is reported


def test_a_later_quote_an_unclosed_one_pairs_with_is_not_an_error(tmp_path: Path) -> None:
    """Line 2's quote pairs with the first quote of line 4 and leaves `1.0"` out of place
    there: with line 2 left out, line 4 reads, so only line 2 is reported."""
    text = (
        'project:\n  title: "unterminated\n  summary: S\n  version: "1.0"\nservices:\n  - id: a\n'
    )
    assert _shown(tmp_path, text) == [(2, 10, "AG004")]


def test_syntax_errors_come_before_the_model_errors_above_them(tmp_path: Path) -> None:
    text = (
        "project: {title: T, summary: S, colour: red}\n"
        "services:\n"
        "  - id: web\n"
        "    name: Web\n"
        "    icon: aws.compute.Lambda\n"
        "    does: Serves.\n"
        "    why: Cheap.\n"
        "\tgroup: edge\n"
    )
    shown = _shown(tmp_path, text)
    assert [code for _, _, code in shown] == ["AG005", "AG101"]
    assert shown[0][0] == 8 and shown[1][0] == 1


def test_two_independent_syntax_errors_are_both_kept(tmp_path: Path) -> None:
    text = "project: {title: T, summary: S}\nservices:\n\t- id: a\nlinks: [a, b\n"
    codes = [code for _, _, code in _shown(tmp_path, text)]
    assert codes[:2] == ["AG005", "AG004"]
