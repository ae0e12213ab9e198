"""Laid-out parts of the PDF brief kept between renders, so that a prose edit lays out again
only the parts whose inputs changed (see `archgen.render.brief.parts`).

A part's key is a plain SHA-256 of everything that shapes its pages: its HTML (styles and
embedded images included), archgen's own stylesheet for it, the PDF variant, the versions of
archgen, WeasyPrint and pydyf, archgen's code that lays a part out and reports on it, the
text libraries WeasyPrint loads (Pango, HarfBuzz, fontconfig, FreeType: by file, size and
date) and the fonts installed (each font folder's files by name, size and date: what
fontconfig itself checks). Same key, same bytes: WeasyPrint lays out the
same inputs to the same PDF, so a brief joined from kept parts is the brief laid out afresh.

Kept parts are not in the output folder but in this user's cache folder (`$XDG_CACHE_HOME/
archgen/pdf-parts`, else `~/.cache/…`), made private to the user: a part is a PDF that goes
into the brief as it is, and nothing archgen could check would tell a poisoned one from its
own. An output folder is often a stranger's (a class's submissions, a cloned repository) and
may carry any file; the user's cache folder holds only what this user's archgen wrote, and a
folder that is not the user's own, or that others may write to, is not used. Parts that carry
the document's metadata (the model attached) are never kept. Safe to delete at any time.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import re
from collections.abc import Iterator, Mapping
from importlib import metadata
from pathlib import Path
from typing import Any

from archgen import __version__
from archgen.render.brief.parts import LaidOutPart, PageFacts, PartJob
from archgen.render.user_cache import user_cache_folder

KEPT_PARTS = 48  # the newest stay: a few briefs' worth of parts, a few MiB each brief
SUFFIX = ".part"
FONT_FOLDERS = ("/usr/share/fonts", "/usr/local/share/fonts")


def parts_folder(environ: Mapping[str, str] = os.environ) -> Path | None:
    """The user's folder of kept parts (`archgen.render.user_cache`)."""
    return user_cache_folder("pdf-parts", environ)


def part_key(job: PartJob) -> str:
    """The digest of everything that shapes the part's pages (see the module's docstring)."""
    digest = hashlib.sha256()
    for piece in (*layout_versions(), libraries_digest(), fonts_digest()):
        digest.update(piece.encode("utf-8") + b"\0")
    for piece in (job.variant or "", job.css, job.html):
        digest.update(piece.encode("utf-8") + b"\0")
    return digest.hexdigest()


@functools.cache
def layout_versions() -> tuple[str, ...]:
    """archgen's, WeasyPrint's and pydyf's versions, and a digest of the code that lays out,
    fetches for and reports on a part (which changes within a version while archgen is worked
    on)."""
    from archgen.render.brief import fetcher, parts

    code = hashlib.sha256()
    for module in (parts.__file__, fetcher.__file__, __file__):
        code.update(Path(module).read_bytes())
    names = ("weasyprint", "pydyf")
    return (f"archgen {__version__} {code.hexdigest()}", *(_version(name) for name in names))


TEXT_LIBRARIES = re.compile(rb"=> (\S*lib(?:pango|harfbuzz|fontconfig|freetype)[^\s/]*)$", re.M)


@functools.cache
def libraries_digest() -> str:
    """The text libraries in the loader cache, by path, size and date: a system upgrade of
    Pango or HarfBuzz may lay text out otherwise under the same WeasyPrint."""
    from archgen.render.brief.weasy import loader_cache_listing

    digest = hashlib.sha256()
    for path in sorted(set(TEXT_LIBRARIES.findall(loader_cache_listing()))):
        with contextlib.suppress(OSError):
            info = os.stat(path)
            digest.update(b"%s\0%d\0%d\0" % (path, info.st_size, info.st_mtime_ns))
    return digest.hexdigest()


def _version(name: str) -> str:
    try:
        return f"{name} {metadata.version(name)}"
    except metadata.PackageNotFoundError:
        return f"{name} ?"


@functools.cache
def fonts_digest() -> str:
    """The fonts installed, by folder, file name, size and date."""
    digest = hashlib.sha256()
    for path, info in sorted(_font_files()):
        digest.update(f"{path}\0{info.st_size}\0{info.st_mtime_ns}\0".encode("utf-8", "replace"))
    return digest.hexdigest()


def _font_files() -> Iterator[tuple[str, os.stat_result]]:
    home = Path(os.environ.get("HOME") or "/nonexistent")
    data = os.environ.get("XDG_DATA_HOME") or str(home / ".local" / "share")
    for top in (*FONT_FOLDERS, str(Path(data) / "fonts"), str(home / ".fonts")):
        for root, _, files in os.walk(top):
            with contextlib.suppress(OSError):
                yield root, os.stat(root)
            for name in files:
                with contextlib.suppress(OSError):
                    yield os.path.join(root, name), os.stat(os.path.join(root, name))


class PartCache:
    """The kept parts in `folder`, by key."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def load(self, job: PartJob) -> LaidOutPart | None:
        """The kept part laid out from `job`, or None (never kept, damaged, or unreadable)."""
        if job.document is not None:
            return None
        path = self.folder / (part_key(job) + SUFFIX)
        try:
            return part_from_bytes(path.read_bytes())
        except (OSError, ValueError, KeyError, TypeError, IndexError):
            return None

    def store(self, job: PartJob, part: LaidOutPart) -> None:
        """Keep `part`; a cache that cannot be written is skipped."""
        if job.document is not None:
            return
        with contextlib.suppress(OSError):
            _write_atomically(self.folder / (part_key(job) + SUFFIX), part_bytes(part))
            self.prune()

    def prune(self, keep: int = KEPT_PARTS) -> None:
        """Delete all but the `keep` newest parts; only files named as parts are touched."""
        found = []
        with contextlib.suppress(OSError):
            for path in self.folder.iterdir():
                if path.name.endswith(SUFFIX) and len(path.name) == 64 + len(SUFFIX):
                    with contextlib.suppress(OSError):
                        found.append((path.stat().st_mtime_ns, path))
        for _, path in sorted(found, reverse=True)[keep:]:
            with contextlib.suppress(OSError):
                path.unlink()


def _write_atomically(path: Path, data: bytes) -> None:
    """`data` as `path`, whole or not at all: two renders at once may keep the same part."""
    import tempfile

    fd, staged = tempfile.mkstemp(prefix=".staged-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
        os.replace(staged, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(staged)
        raise


def part_bytes(part: LaidOutPart) -> bytes:
    """A part as one file: its facts as a line of JSON (with its PDF's digest), then the PDF."""
    facts = {
        "pages": [[page.width, page.height, page.name] for page in part.pages],
        "anchors": {name: list(at) for name, at in part.anchors.items()},
        "links": [[index, target, list(box)] for index, target, box in part.links],
        "bookmarks": [list(mark) for mark in part.bookmarks],
        "pdf": hashlib.sha256(part.pdf).hexdigest(),
    }
    return json.dumps(facts, ensure_ascii=True).encode("ascii") + b"\n" + part.pdf


def part_from_bytes(data: bytes) -> LaidOutPart:
    """The part `part_bytes` wrote; ValueError when it is damaged. Numbers come back as
    written (an int stays an int: the join writes them into the PDF as they are)."""
    line, _, pdf = data.partition(b"\n")
    facts: dict[str, Any] = json.loads(line)
    if hashlib.sha256(pdf).hexdigest() != facts["pdf"]:
        raise ValueError("a kept part's PDF does not match its digest")
    pages = tuple(PageFacts(_num(w), _num(h), _text(name)) for w, h, name in facts["pages"])
    anchors = {
        _text(name): (_index(i), _num(x), _num(y)) for name, (i, x, y) in facts["anchors"].items()
    }
    links = tuple(
        (_index(i), _text(target), (_num(a), _num(b), _num(c), _num(d)))
        for i, target, (a, b, c, d) in facts["links"]
    )
    bookmarks = tuple(
        (_index(level), _text(label), _index(i), _num(x), _num(y), bool(closed))
        for level, label, i, x, y, closed in facts["bookmarks"]
    )
    return LaidOutPart(pdf, pages, anchors, links, bookmarks)


def _num(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"a kept part holds {value!r} where a number belongs")
    return value


def _index(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"a kept part holds {value!r} where a page index belongs")
    return value


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError(f"a kept part holds {value!r} where a text belongs")
    return value
