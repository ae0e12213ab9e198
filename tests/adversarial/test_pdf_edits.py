"""`archgen check` sees every change to the PDF brief: cut short by one byte or by half, one byte
flipped in the middle, in the trailer or in the stamp. Each makes `archgen check` exit 1 and call
brief.pdf edited; the untouched render is fresh.

The example is rendered once per session, by the real console script, in a copy of its folder
(`rendered_example`); each case edits a copy of that render and runs the real `archgen check` on
it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from archgen.render.stamp import PDF_STAMP_START
from tests.conftest import copy_rendered
from tests.e2e.support import run_archgen

pytestmark = pytest.mark.slow  # a real `archgen check` per edit

Edit = Callable[[bytes], bytes]
EDITED = re.compile(r"^edited\s+brief\.pdf\b", re.MULTILINE)


def flip(index: Callable[[bytes], int]) -> Edit:
    """One bit of one byte changed, at the offset `index` finds."""

    def edit(pdf: bytes) -> bytes:
        at = index(pdf)
        return pdf[:at] + bytes([pdf[at] ^ 0x01]) + pdf[at + 1 :]

    return edit


def in_the_stamps_digest(pdf: bytes) -> int:
    """The last character of the content digest in the trailer's /ID."""
    start = pdf.rindex(PDF_STAMP_START) + len(PDF_STAMP_START)
    return start + 32 + 16  # past the fingerprint's 32 hex digits and the `+`


EDITS: dict[str, Edit] = {
    "cut by one byte": lambda pdf: pdf[:-1],
    "cut by half": lambda pdf: pdf[: len(pdf) // 2],
    "a byte flipped in the middle": flip(lambda pdf: len(pdf) // 2),
    "a byte flipped in the trailer": flip(lambda pdf: pdf.rindex(b"startxref") + 3),
    "a byte flipped in the stamp": flip(in_the_stamps_digest),
    "a byte flipped in the fingerprint": flip(lambda pdf: pdf.rindex(PDF_STAMP_START) + 20),
}


@pytest.fixture
def copy(rendered_example: Path, tmp_path: Path) -> Path:
    return copy_rendered(rendered_example, tmp_path)


def test_an_untouched_render_is_fresh(copy: Path) -> None:
    run = run_archgen("check", "arch.yaml", cwd=copy)
    assert run.code == 0, run
    assert re.search(r"^fresh\s+brief\.pdf\b", run.output, re.MULTILINE), run


@pytest.mark.parametrize("name", list(EDITS))
def test_an_edited_pdf_fails_the_check(copy: Path, name: str) -> None:
    pdf = copy / "output" / "brief.pdf"
    original = pdf.read_bytes()
    pdf.write_bytes(EDITS[name](original))
    assert pdf.read_bytes() != original
    run = run_archgen("check", "arch.yaml", cwd=copy)
    assert run.code == 1, run
    assert EDITED.search(run.output), run
    assert "Traceback" not in run.output
    assert re.search(r"^fresh\s+brief\.html\b", run.output, re.MULTILINE), run  # only the PDF
