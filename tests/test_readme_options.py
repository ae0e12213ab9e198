"""The README's table of commands lists every option each verb's `--help` shows."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from archgen.cli import main
from tests.conftest import ROOT

VERBS = ["validate", "render", "check", "export", "icons", "schema", "init", "import", "serve"]


def readme_row(verb: str) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.startswith(f"| `archgen {verb} ")]
    rows += [line for line in text.splitlines() if line.startswith(f"| `archgen {verb}`")]
    assert rows, verb
    return rows[0].split("` |")[0]


@pytest.mark.parametrize("verb", VERBS)
def test_every_option_of_help_is_in_the_readme(verb: str) -> None:
    result = CliRunner().invoke(main, [verb, "--help"])
    assert result.exit_code == 0, result.output
    found = re.findall(r"^\s+(?:(-\w), )?(--[a-z][a-z-]*)", result.output, re.M)
    row = readme_row(verb)
    missing = sorted(
        long
        for short, long in found
        if long != "--help" and f"[{long}" not in row and not (short and f"[{short} " in row)
    )
    assert not missing, f"{verb}: the README omits {missing}"
