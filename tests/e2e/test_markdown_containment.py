"""A prose field of brief.md stays inside its own place: whatever a person writes in one field,
the sections that follow are still sections (brief.html parses each field on its own, so only
the Markdown brief, one document for every field, can be taken over).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.e2e.support import MINIMAL, cli, markdown_as_html

UNCLOSED_FENCE = "\n\n    ```\n    an unclosed code fence\n"
HEADINGS = re.compile(r"<h([1-6])>(.*?)</h\1>")


def headings_of_brief(tmp_path: Path, model_text: str) -> list[str]:
    (tmp_path / "arch.yaml").write_text(model_text, encoding="utf-8")
    run = cli("render", tmp_path / "arch.yaml", "--only", "md")
    assert run.code == 0, run
    markdown = (tmp_path / "output" / "brief.md").read_text(encoding="utf-8")
    return [text for _, text in HEADINGS.findall(markdown_as_html(markdown))]


def test_the_minimal_brief_has_its_sections(tmp_path: Path) -> None:
    headings = headings_of_brief(tmp_path, MINIMAL.read_text(encoding="utf-8"))
    assert {"1 Overview", "2 How information flows", "3 Services", "Web app"} <= set(headings)


@pytest.mark.parametrize("field", ["summary", "does"])
def test_an_unclosed_code_fence_stays_in_its_field(tmp_path: Path, field: str) -> None:
    text = MINIMAL.read_text(encoding="utf-8")
    if field == "summary":
        old = "  summary: A small site where friends share photos.\n"
        new = "  summary: |\n    A small site." + UNCLOSED_FENCE
    else:
        old = "    does: Serves the pages.\n"
        new = "    does: |\n      Serves the pages." + UNCLOSED_FENCE.replace("\n    ", "\n      ")
    assert old in text
    headings = headings_of_brief(tmp_path, text.replace(old, new))
    assert {"2 How information flows", "3 Services", "Photo store"} <= set(headings)
