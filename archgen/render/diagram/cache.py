"""A content-addressed cache of drawn diagrams, kept inside the output folder.

When only prose changes, the DOT Graphviz lays out is the same and Graphviz need not run again:
the drawn SVG and PNG are read back instead. Graphviz is given the marked DOT
(`build_dot(marked=True)`), whose services' tooltips are marks in place of their `does:` texts,
and the texts are written into the SVG afterwards (`fill_tooltips`), whether the drawing is
fresh or kept: an edit of a `does:` text reuses the layout too. The key covers everything the
kept bytes depend on (the marked DOT, the icon files, the formats, archgen's and Graphviz's
versions), and each entry records the digest of its files, so a hit gives exactly the bytes a
fresh render would. The folder
(`.archgen-cache/`) is ignored by git and safe to delete at any time.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import re
import shutil
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from archgen import __version__
from archgen.render.diagram import DiagramJob, DiagramResult, start_diagram
from archgen.render.diagram.dot import LAYOUTS, Layout, build_dot, icon_names
from archgen.render.diagram.svg import fill_tooltips

if TYPE_CHECKING:
    from archgen.resolve.view import RenderView

FOLDER = ".archgen-cache"
KEPT_ENTRIES = 40  # the newest entries stay: the overview and its views, edits back and forth
ENTRY = re.compile(r"^diagram-([0-9a-f]{64})\.json$")
MARKERS = {
    ".gitignore": b"# archgen's render cache: safe to delete\n*\n",
    "CACHEDIR.TAG": b"Signature: 8a477f597d28d172789f06886806bc55\n"
    b"# archgen's render cache (https://bford.info/cachedir/)\n",
}


@dataclass(frozen=True)
class CachedDiagram:
    """What one diagram render produced: the DOT that worked, files by format, warnings."""

    dot: str
    files: dict[str, bytes]
    warnings: list[str]


def cache_folder(out_dir: Path) -> Path | None:
    """The cache of an output folder; None when it is a link, which could lead out of it."""
    folder = out_dir / FOLDER
    return None if folder.is_symlink() else folder


def diagram_key(dot: str, icon_files: Iterable[Path], formats: Sequence[str], command: str) -> str:
    """The key of a diagram: a digest of everything its bytes depend on."""
    digest = hashlib.sha256()
    for part in (f"archgen {__version__}", graphviz_version(command), ",".join(formats), dot):
        digest.update(part.encode("utf-8") + b"\0")
    for path in icon_files:
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


@functools.cache
def graphviz_version(command: str) -> str:
    """`dot -V` (it prints to stderr), or "" when it cannot run: the render will say why."""
    executable = shutil.which(command)
    if executable is None:
        return ""
    try:
        done = subprocess.run([executable, "-V"], capture_output=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return ""
    return f"{executable} {done.stderr.decode('utf-8', 'replace').strip()}"


def load_diagram(folder: Path, key: str) -> CachedDiagram | None:
    """The cached diagram under `key`, or None when absent, damaged or unreadable."""
    try:
        meta = json.loads((folder / f"diagram-{key}.json").read_text(encoding="utf-8"))
        files = {fmt: (folder / f"diagram-{key}.{fmt}").read_bytes() for fmt in meta["digests"]}
        if any(hashlib.sha256(data).hexdigest() != meta["digests"][f] for f, data in files.items()):
            return None
        return CachedDiagram(str(meta["dot"]), files, [str(w) for w in meta["warnings"]])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def diagram_entry(key: str, diagram: CachedDiagram) -> dict[str, bytes]:
    """The files that store `diagram` under `key`, by plain file name."""
    digests = {fmt: hashlib.sha256(data).hexdigest() for fmt, data in diagram.files.items()}
    meta = {"dot": diagram.dot, "warnings": diagram.warnings, "digests": digests}
    entry = {f"diagram-{key}.{fmt}": data for fmt, data in diagram.files.items()}
    entry[f"diagram-{key}.json"] = json.dumps(meta, sort_keys=True).encode("utf-8")
    return entry


def missing_markers(folder: Path) -> dict[str, bytes]:
    """The .gitignore and CACHEDIR.TAG the folder still lacks."""
    return {name: data for name, data in MARKERS.items() if not (folder / name).is_file()}


def prune(folder: Path, keep: int = KEPT_ENTRIES) -> None:
    """Delete all but the `keep` newest entries; only files this module names are touched."""
    entries = []
    with contextlib.suppress(OSError):
        for path in folder.iterdir():
            match = ENTRY.match(path.name)
            if match and path.is_file():
                entries.append((path.stat().st_mtime_ns, match.group(1)))
    for _, key in sorted(entries, reverse=True)[keep:]:
        for suffix in ("svg", "png", "json"):
            with contextlib.suppress(OSError):
                (folder / f"diagram-{key}.{suffix}").unlink(missing_ok=True)


# ---- drawing, or taking the drawing from the cache ---------------------------------------------


def reuse_or_draw(
    view: RenderView,
    formats: Sequence[str],
    folder: Path | None,
    *,
    timeout: float,
    command: str,
) -> tuple[DiagramJob | ReusedDiagram, str | None]:
    """The cached drawing of `view` when `folder` holds a trusted one, else a Graphviz run
    started now; and the drawing's key (None without a cache folder)."""
    key = None
    if folder is not None:
        key = diagram_key(build_dot(view, marked=True), icon_names(view), formats, command)
        cached = load_diagram(folder, key)
        layout = trusted_layout(cached, view, formats) if cached is not None else None
        if cached is not None and layout is not None:
            files = {**cached.files, "svg": fill_tooltips(cached.files["svg"], view)}
            drawn = DiagramResult(build_dot(view, layout=layout), files, cached.warnings)
            return ReusedDiagram(drawn), key
    return start_diagram(view, formats=formats, timeout=timeout, dot_command=command), key


def trusted_layout(
    cached: CachedDiagram, view: RenderView, formats: Sequence[str]
) -> Layout | None:
    """The layout a cache entry drew, when it is what archgen itself would draw for this view.

    The cache sits in a folder others can write to (a cloned repository may carry one), and its
    SVG goes into the brief: only a plain drawing of one of this view's own layouts, a whole
    PNG and printable warnings are taken.
    """
    from archgen.render.diagram.svg import is_plain_drawing
    from archgen.validate.images import is_png

    layout = next(
        (layout for layout in LAYOUTS if build_dot(view, layout=layout, marked=True) == cached.dot),
        None,
    )
    trusted = (
        sorted(cached.files) == sorted(formats)
        and is_plain_drawing(cached.files["svg"])
        and ("png" not in cached.files or is_png(cached.files["png"]))
        and all(warning.isprintable() for warning in cached.warnings)
    )
    return layout if trusted else None


@dataclass(frozen=True)
class ReusedDiagram:
    """A diagram read from the render cache, in the shape of a Graphviz run."""

    drawn: DiagramResult

    def svg(self) -> bytes:
        return self.drawn.files["svg"]

    def result(self) -> DiagramResult:
        return self.drawn

    def cancel(self) -> None:
        """Nothing runs."""


def new_entry(key: str, drawing: object) -> dict[str, bytes]:
    """The files that keep a freshly drawn diagram under `key`; none for one taken from here."""
    if not isinstance(drawing, DiagramJob):
        return {}
    drawn = drawing.marked()
    return diagram_entry(key, CachedDiagram(drawn.dot, drawn.files, drawn.warnings))


def store(folder: Path, files: dict[str, bytes]) -> None:
    """Keep a new entry, after the outputs: a cache that cannot be written is skipped."""
    from archgen.problems import ArchgenError
    from archgen.write import write_outputs

    if folder.is_symlink():
        return  # a link could lead out of the output folder
    with contextlib.suppress(ArchgenError, OSError):
        write_outputs(folder, {**missing_markers(folder), **files})
        prune(folder)
