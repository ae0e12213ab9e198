"""Helpers for the end-to-end tests: run the real CLI, then read its outputs back.

Everything is read the way a reader (or an attacker) would meet it: HTML through an HTML parser,
Markdown through a Markdown renderer that allows raw HTML and every link scheme, the PDF through
pdftotext and its decompressed streams, the SVG through an XML parser.
"""

from __future__ import annotations

import hashlib
import http.server
import os
import re
import stat
import subprocess
import sys
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path
from typing import Any, ClassVar

from click.testing import CliRunner
from markdown_it import MarkdownIt

from archgen.cli import main
from archgen.render.diagram.cache import FOLDER as CACHE_FOLDER
from archgen.resolve.record import RECORD_FILE
from tests.conftest import ROOT

HOSTILE = ROOT / "tests" / "fixtures" / "hostile"
MINIMAL = ROOT / "tests" / "fixtures" / "models" / "minimal.yaml"
ARCHGEN = Path(sys.executable).parent / "archgen"  # the console script of this venv
# what a default render of a model with flows leaves in the output folder (views/: each flow's own)
DEFAULT_OUTPUTS = {"brief.html", "brief.md", "brief.pdf", "diagram.png", "diagram.svg", "views"}
# the picture of a flow (or a view) the Markdown brief shows: a file archgen writes beside it
OWN_VIEW = re.compile(r"^views/[A-Za-z][A-Za-z0-9._-]*\.svg$")
LOCATED = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): error\[AG\d{3}\]", re.MULTILINE)


# ---- running archgen ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """What one `archgen` invocation did: exit code, everything it printed, and any exception
    that escaped the CLI (click's runner catches it; a real run would print a traceback)."""

    code: int
    output: str
    escaped: BaseException | None = None

    def __str__(self) -> str:
        return f"exit {self.code}\n{self.output}\nescaped: {self.escaped!r}"


def cli(*args: object) -> Run:
    """`archgen ARGS` in this process, through click's test runner."""
    result = CliRunner().invoke(main, [str(arg) for arg in args])
    escaped = result.exception
    if isinstance(escaped, SystemExit):
        escaped = None
    return Run(result.exit_code, result.output, escaped)


def run_archgen(
    *args: object, cwd: Path, env: dict[str, str] | None = None, timeout: float = 60
) -> Run:
    """`archgen ARGS` as a real process of the venv's console script; `timeout` guards hangs."""
    completed = subprocess.run(
        [str(ARCHGEN), *(str(arg) for arg in args)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    return Run(completed.returncode, completed.stdout + completed.stderr)


def assert_user_error(run: Run) -> None:
    """Exit 1, a message, no traceback and no exception escaping the CLI."""
    assert run.code == 1, run
    assert run.escaped is None, run
    assert "Traceback" not in run.output, run
    assert run.output.strip(), run


# ---- text comparison ---------------------------------------------------------------------------


def squash(text: str) -> str:
    """Text without any whitespace: line wrapping in a PDF or diagram cannot change it."""
    return "".join(text.split())


def collapse(text: str) -> str:
    """Whitespace runs (also no-break spaces) as one space."""
    return " ".join(text.split())


MARKDOWN_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


@dataclass(frozen=True)
class Field:
    """One piece of text a person wrote in the model, and how a reader should see it."""

    path: str
    kind: str  # "text" (shown as typed) or "prose" (Markdown)
    value: str

    @property
    def shown(self) -> str:
        """What a reader sees: text as typed, prose with its Markdown backslash escapes used."""
        return MARKDOWN_ESCAPE.sub(r"\1", self.value) if self.kind == "prose" else self.value

    @property
    def tag(self) -> str:
        return self.value.split()[0]


def text_fields(model: dict[str, Any]) -> list[Field]:
    """Every name, label, title and prose field of a model (keywords excepted: not shown)."""
    fields: list[Field] = []

    def add(path: str, kind: str, value: Any) -> None:
        if isinstance(value, str):
            fields.append(Field(path, kind, value))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                add(f"{path}[{index}]", kind, item)

    project = model["project"]
    for key in ("title", "subtitle", "authors", "course", "organisation", "version"):
        add(f"project.{key}", "text", project.get(key))
    add("project.summary", "prose", project.get("summary"))
    for kind_key, text_keys, prose_keys in SECTIONS:
        for index, entry in enumerate(model.get(kind_key, [])):
            where = f"{kind_key}[{index}]"
            for key in text_keys:
                add(f"{where}.{key}", "text", entry.get(key))
            for key in prose_keys:
                add(f"{where}.{key}", "prose", entry.get(key))
            for requirement, text in (entry.get("serves") or {}).items():
                add(f"{where}.serves.{requirement}", "prose", text)
            add(f"{where}.cost.assumptions", "prose", (entry.get("cost") or {}).get("assumptions"))
            for step_index, step in enumerate(entry.get("steps", [])):
                add(f"{where}.steps[{step_index}].label", "text", step.get("label"))
                add(f"{where}.steps[{step_index}].detail", "prose", step.get("detail"))
    reflection = model.get("reflection") or {}
    add("reflection.text", "prose", reflection.get("text"))
    for index, member in enumerate(reflection.get("team", [])):
        add(f"reflection.team[{index}].name", "text", member.get("name"))
        add(f"reflection.team[{index}].role", "text", member.get("role"))
        add(f"reflection.team[{index}].contribution", "prose", member.get("contribution"))
    return fields


SECTIONS = (
    ("requirements", ("title",), ("description",)),
    ("groups", ("label",), ("description",)),
    ("services", ("name",), ("does", "why", "analogy")),
    ("flows", ("name",), ("description",)),
    ("links", ("label",), ()),
    (
        "tradeoffs",
        ("title",),
        ("decision", "alternatives", "benefits", "costs", "risks"),
    ),
    ("challenges", ("title",), ("text", "resolution")),
)

# What each template payload would print if it were run as a template.
EVALUATED = {
    "{{7*7}}": "49",
    "{% for x in range(3) %}x{% endfor %}": "xxx",
}


def evaluated(text: str) -> str:
    for source, result in EVALUATED.items():
        text = text.replace(source, result)
    return text


# ---- HTML --------------------------------------------------------------------------------------


class HtmlReader(HTMLParser):
    """Every element with its attributes (values unescaped) and the text a reader sees."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.styles: list[str] = []
        self._raw: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {name: value or "" for name, value in attrs}))
        if tag in ("style", "script"):
            self._raw.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag: str) -> None:
        if self._raw and self._raw[-1] == tag:
            self._raw.pop()

    def handle_data(self, data: str) -> None:
        if self._raw:
            self.styles.append(data)
        else:
            self.text.append(data)


def read_html(html: str) -> HtmlReader:
    reader = HtmlReader()
    reader.feed(html)
    reader.close()
    return reader


def visible_text(html: str) -> str:
    return collapse(" ".join(read_html(html).text))


DANGEROUS_TAGS = {
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "base",
    "foreignobject", "link", "portal", "animate", "set", "handler", "listener",
}  # fmt: skip
URL_ATTRIBUTES = {
    "href", "src", "xlink:href", "action", "formaction", "data", "poster", "background",
    "srcset", "ping", "lowsrc", "dynsrc", "codebase", "cite", "longdesc", "manifest",
}  # fmt: skip
STYLE_FETCH = re.compile(r"url\(|expression|javascript|@import", re.IGNORECASE)
ARCHGEN_IMAGE = re.compile(r"^data:image/(png|jpeg|svg\+xml);base64,[A-Za-z0-9+/=]+$")


def unsafe_markup(html: str, allowed_url: Callable[[str], bool]) -> list[str]:
    """Every element or attribute in `html` that could run script or fetch something, except
    URLs `allowed_url` accepts."""
    found: list[str] = []
    for tag, attrs in read_html(html).elements:
        if tag in DANGEROUS_TAGS:
            found.append(f"<{tag} {attrs}>")
        if attrs.get("http-equiv", "").lower() not in ("", "content-security-policy"):
            found.append(f"<{tag} http-equiv={attrs['http-equiv']!r}>")
        for name, value in attrs.items():
            handler = name.startswith("on") or name == "srcdoc"
            fetches = name in URL_ATTRIBUTES and not allowed_url(value)
            styled = name == "style" and STYLE_FETCH.search(value) is not None
            if handler or fetches or styled:
                found.append(f"<{tag} {name}={value!r}>")
    return found


# ---- Markdown ----------------------------------------------------------------------------------


class _EveryLinkRenderer(MarkdownIt):
    """markdown-it keeps every link target: the worst case of a Markdown viewer."""

    def validateLink(self, url: str) -> bool:  # markdown-it's name
        return True


def markdown_as_html(markdown: str) -> str:
    """brief.md as a permissive viewer shows it: CommonMark with raw HTML on, GFM tables."""
    renderer = _EveryLinkRenderer("commonmark", {"html": True}).enable("table")
    return str(renderer.render(markdown))


# ---- PDF ---------------------------------------------------------------------------------------


def pdf_text(path: Path) -> str:
    """The PDF's text as pdftotext extracts it."""
    completed = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        check=True,
    )
    return completed.stdout.decode("utf-8")


def pdf_everything(path: Path) -> bytes:
    """The PDF's raw bytes, every stream decompressed and every attachment: anything it holds."""
    import pypdf

    raw = path.read_bytes()
    parts = [raw]
    for match in re.finditer(rb"stream\r?\n", raw):
        try:
            parts.append(zlib.decompressobj().decompress(raw[match.end() :]))
        except zlib.error:
            continue
    reader = pypdf.PdfReader(BytesIO(raw))
    for contents in reader.attachments.values():
        parts.extend(contents)
    return b"\n".join(parts)


# ---- files -------------------------------------------------------------------------------------


# One entry per path: (kind, permission bits, size, mtime in ns, sha256 or link target).
Entry = tuple[str, int, int, int, str]
Snapshot = dict[str, Entry]


def snapshot(tree: Path) -> Snapshot:
    """Every file, folder and link under `tree` (links unfollowed). Folder mtimes are left out:
    an atomic write's temporary file changes its folder's mtime even when it is cleaned up, and a
    folder's entries are compared one by one anyway."""
    found: Snapshot = {}
    for path in sorted(walk(tree)):
        info = path.lstat()
        mode = stat.S_IMODE(info.st_mode)
        relative = path.relative_to(tree).as_posix()
        if stat.S_ISLNK(info.st_mode):
            found[relative] = ("link", mode, 0, info.st_mtime_ns, os.readlink(path))
        elif stat.S_ISDIR(info.st_mode):
            found[relative] = ("dir", mode, 0, 0, "")
        elif stat.S_ISREG(info.st_mode):
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            found[relative] = ("file", mode, info.st_size, info.st_mtime_ns, digest)
        else:  # a fifo or device a case planted: never read it
            found[relative] = ("special", mode, 0, info.st_mtime_ns, "")
    return found


def walk(root: Path) -> Iterator[Path]:
    for entry in os.scandir(root):
        path = Path(entry.path)
        yield path
        if entry.is_dir(follow_symlinks=False):
            yield from walk(path)


def changed(before: dict[str, Any], after: dict[str, Any]) -> set[str]:
    """Paths added, removed or different between two snapshots."""
    return {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}


def output_names(folder: Path) -> set[str]:
    """The outputs in `folder`: every entry but the render cache, which must be a folder, and
    the inputs record, which must be a file."""
    names = {path.name for path in folder.iterdir()}
    if CACHE_FOLDER in names:
        assert (folder / CACHE_FOLDER).is_dir() and not (folder / CACHE_FOLDER).is_symlink()
    if RECORD_FILE in names:
        assert (folder / RECORD_FILE).is_file() and not (folder / RECORD_FILE).is_symlink()
    return names - {CACHE_FOLDER, RECORD_FILE}


class RecordingHandler(http.server.BaseHTTPRequestHandler):
    """A web server's handler that records each path asked for and answers 404: a render
    that fetches anything shows up in `requests`."""

    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.requests.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the tests read `requests`."""
