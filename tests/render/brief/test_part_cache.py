"""Kept PDF parts: a brief joined from parts laid out by an earlier render is, byte for byte,
the brief laid out afresh; only parts whose inputs changed are laid out again; a kept part
that is damaged, or a cache folder others may write to, is not used."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest

from archgen.render.brief import part_cache
from archgen.render.brief.part_cache import (
    PartCache,
    part_bytes,
    part_from_bytes,
    part_key,
    parts_folder,
)
from archgen.render.brief.parts import LaidOutPart, PageFacts, PartJob
from archgen.render.brief.pdf import PdfJob
from archgen.render.brief.printer import Printer
from bench.rerender import edit_prose
from tests.render.brief.conftest import pdf_job_of

ROOT = Path(__file__).resolve().parents[3]

PART = LaidOutPart(
    b"%PDF-1.7 a part",
    (PageFacts(793.7, 1122.52, "cover"), PageFacts(793.7, 1122.52, "")),
    {"sec-overview": (1, 75.59, 0), "top": (0, 0, 0)},
    ((1, "sec-costs", (10.5, 20, 30.25, 40)),),
    ((1, "Overview", 1, 75.59, 94.5, False), (2, "Ünïcode «label»", 1, 0, 0, True)),
)


def edited_job(folder: Path, sentences: int) -> PdfJob:
    """The example's PDF job after its first `why:` text grew by `sentences` sentences."""
    text = (ROOT / "arch.yaml").read_text(encoding="utf-8")
    for edit in range(1, sentences + 1):
        text = edit_prose(text, edit)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "arch.yaml").write_text(text, encoding="utf-8")
    return pdf_job_of(folder / "arch.yaml")


def printed(job: PdfJob, *, keep: bool) -> bytes:
    return Printer(workers=2).submit(dataclasses.replace(job, keep_parts=keep))()


@pytest.fixture
def hits(monkeypatch: pytest.MonkeyPatch) -> list[PartJob]:
    """The parts taken from the cache, as the printer asks for them."""
    taken: list[PartJob] = []
    load = PartCache.load

    def counted(self: PartCache, job: PartJob) -> LaidOutPart | None:
        found = load(self, job)
        if found is not None:
            taken.append(job)
        return found

    monkeypatch.setattr(PartCache, "load", counted)
    return taken


@pytest.mark.slow
@pytest.mark.parametrize("sentences", [1, 80], ids=["a-sentence", "pages-more"])
def test_an_edited_brief_joined_from_kept_parts_is_the_brief_laid_out_afresh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hits: list[PartJob], sentences: int
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    before = edited_job(tmp_path / "before", 0)
    printed(before, keep=True)
    assert not hits
    after = edited_job(tmp_path / "after", sentences)
    kept = printed(after, keep=True)
    # the chapters the edit left alone came from the cache, the rest was laid out again
    assert 2 <= len(hits) < len(after.html.split('<section class="chapter')) - 1
    assert kept == printed(after, keep=False)


@pytest.mark.slow
def test_the_same_brief_again_is_laid_out_from_kept_parts_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hits: list[PartJob]
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    job = edited_job(tmp_path / "model", 0)
    first = printed(job, keep=True)
    laid = len(hits)
    assert printed(job, keep=True) == first
    assert len(hits) - laid >= 4  # every body part, the front and the footers


def test_a_part_is_kept_and_read_back_as_it_was(tmp_path: Path) -> None:
    assert part_from_bytes(part_bytes(PART)) == PART
    again = part_from_bytes(part_bytes(PART))
    assert [type(value) for value in again.anchors["top"]] == [int, int, int]  # ints stay ints
    job = PartJob("<html></html>", "@page {}")
    cache = PartCache(tmp_path)
    cache.store(job, PART)
    assert cache.load(job) == PART
    assert cache.load(dataclasses.replace(job, css="@page { size: Letter }")) is None


def test_a_damaged_kept_part_is_laid_out_again(tmp_path: Path) -> None:
    job = PartJob("<html></html>", "")
    cache = PartCache(tmp_path)
    cache.store(job, PART)
    path = tmp_path / f"{part_key(job)}.part"
    path.write_bytes(path.read_bytes().replace(b"a part", b"a fake"))
    assert cache.load(job) is None
    path.write_bytes(b"not json\n%PDF")
    assert cache.load(job) is None


def test_the_part_carrying_the_model_is_never_kept(tmp_path: Path) -> None:
    job = PartJob("<html></html>", "", document=PdfJob("<html></html>", title="t"))
    cache = PartCache(tmp_path)
    cache.store(job, PART)
    assert list(tmp_path.iterdir()) == []
    assert cache.load(job) is None


def test_the_key_covers_what_shapes_the_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    job = PartJob("<html>a</html>", "css", "pdf/a-3b")
    keys = {
        part_key(job),
        part_key(dataclasses.replace(job, html="<html>b</html>")),
        part_key(dataclasses.replace(job, css="css2")),
        part_key(dataclasses.replace(job, variant=None)),
    }
    monkeypatch.setattr(part_cache, "fonts_digest", lambda: "other fonts")
    keys.add(part_key(job))
    monkeypatch.setattr(part_cache, "layout_versions", lambda: ("weasyprint 71",))
    keys.add(part_key(job))
    monkeypatch.setattr(part_cache, "libraries_digest", lambda: "another Pango")
    keys.add(part_key(job))
    assert len(keys) == 7


def test_the_cache_is_the_users_own_and_private(tmp_path: Path) -> None:
    folder = parts_folder({"XDG_CACHE_HOME": str(tmp_path)})
    assert folder == tmp_path / "archgen" / "pdf-parts"
    assert folder.stat().st_mode & 0o777 == 0o700
    folder.chmod(0o777)
    assert parts_folder({"XDG_CACHE_HOME": str(tmp_path)}) is None
    folder.chmod(0o700)
    (tmp_path / "archgen").chmod(0o757)
    assert parts_folder({"XDG_CACHE_HOME": str(tmp_path)}) is None


def test_a_linked_cache_folder_is_not_used(tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir(mode=0o700)
    (tmp_path / "home" / "archgen").mkdir(parents=True, mode=0o700)
    os.symlink(tmp_path / "elsewhere", tmp_path / "home" / "archgen" / "pdf-parts")
    assert parts_folder({"XDG_CACHE_HOME": str(tmp_path / "home")}) is None


def test_only_the_newest_parts_stay(tmp_path: Path) -> None:
    cache = PartCache(tmp_path)
    (tmp_path / "notes.txt").write_text("not a part")
    for number in range(5):
        cache.store(PartJob(f"<html>{number}</html>", ""), PART)
        os.utime(tmp_path / f"{part_key(PartJob(f'<html>{number}</html>', ''))}.part",
                 ns=(number * 10**9, number * 10**9))  # fmt: skip
    cache.prune(keep=2)
    left = sorted(path.name for path in tmp_path.iterdir())
    assert "notes.txt" in left and len(left) == 3
    assert cache.load(PartJob("<html>4</html>", "")) == PART
