"""Fetch audit: while archgen renders hostile models, record every file anything reads.

Each case is a project folder beside a folder `outside/`. A canary (a random string) is written
into files outside the project and inside it; every trick points at them: `file://` URLs,
absolute and relative paths and `../`, Markdown images and reference definitions, raw HTML
(`<img>`, `<link rel=attachment>`, `<iframe>`, `<style>@import`), SVG `data:` URLs that link a
file, Graphviz markup (`<IMG SRC>`, `image=`) in names, icon paths and links, and a template
override whose stylesheet imports the canary. The cases are the models in
tests/fixtures/hostile that render, a model with every trick in every text and prose field and
a custom icon, and four that must be refused (icon paths, and template overrides that import
the canary from a stylesheet, include a link to it, or climb to it with `..`).

Each case renders as a real `archgen render` process under `strace -f` (every process's
open/openat/openat2, connect and execve), with a shim that wraps the PDF renderer's URL fetcher
(archgen/render/brief/pdf.py) and adds a `sys.addaudithook` recording `open` and network events.
Then:

- Graphviz (`dot`, every run of it) opens only: system libraries and its own plugins, fonts
  and fontconfig's caches, its own process files (/proc/self, /dev/fd: archgen's anonymous
  input and output files, /dev/null), diagrams' icon folder and the project's own icon files.
- No process of the render opens anything outside `allowed_roots` (the same, plus the Python
  installation, archgen's package and templates, the model file, the project folder's listing
  and the output folder), and none opens a canary file, not even to fail.
- WeasyPrint is asked only for data: URLs, of the types archgen embeds (the diagram, its
  icons, the attached model); Python opens nothing outside the allowed set; no process
  connects to the network.
- The canary, plain or base64 at any alignment, is in no output (every file, every PDF stream
  decompressed).
"""

from __future__ import annotations

import base64
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from archgen.icons.catalog import diagrams_resources_root
from archgen.render.brief.fetcher import decode_data_url
from tests.adversarial.test_properties import full_model, to_yaml
from tests.conftest import ROOT
from tests.e2e.support import HOSTILE, pdf_everything

pytestmark = pytest.mark.slow  # real renders traced by strace

if sys.platform != "linux" or shutil.which("strace") is None:
    pytest.skip("the fetch audit needs Linux and strace", allow_module_level=True)

RENDERED = ("tricks", "injection", "links", "refdefs")
REFUSED = ("icon-tricks", "template-tricks", "template-reads", "template-climbs")
TEMPLATE_REFUSALS = {  # what each template case is refused with
    "template-tricks": "refused to read 'file://",
    "template-reads": "error[AG407]",
    "template-climbs": "error[AG405]",
}
CASES = RENDERED + REFUSED
EMBEDDED_TYPES = {"image/svg+xml", "image/png", "image/jpeg", "text/yaml", "application/json"}
ICONS = diagrams_resources_root() / "resources"  # diagrams' icon files
NETWORK_EVENTS = ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "urllib.Request")

# Runs archgen's CLI with the PDF renderers' fetcher wrapped and an audit hook installed. Every
# record is a JSON line appended at once to $ARCHGEN_AUDIT_OUT, through a descriptor opened
# before the hook: the PDF is laid out in a forked child that leaves without any exit handler.
SHIM = """
import json, os, sys
out = os.open(os.environ["ARCHGEN_AUDIT_OUT"], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
def note(kind, value):
    os.write(out, (json.dumps([kind, value]) + "\\n").encode())
def hook(event, args):
    if event == "open" and isinstance(args[0], (str, bytes)):
        note("opened", os.fsdecode(args[0]))
    elif event in NETWORK_EVENTS:
        note("network", event + " " + repr(args)[:200])
sys.addaudithook(hook)
import archgen.render.brief.pdf as pdf
real = pdf.restricted_fetcher
def recording():
    fetcher = real()
    fetch = fetcher.fetch
    def logged(url, headers=None):
        note("fetched", url)
        return fetch(url, headers)
    fetcher.fetch = logged
    return fetcher
pdf.restricted_fetcher = recording
import archgen.render.brief.parts as parts  # the brief laid out in parts fetches the same way
parts.restricted_fetcher = recording
from archgen.cli import main
main()
""".replace("NETWORK_EVENTS", repr(NETWORK_EVENTS))


# ---- the projects ------------------------------------------------------------------------------


@dataclass
class Project:
    base: Path  # holds the project, outside/ and the traces
    folder: Path  # the project: arch.yaml, icons/, canary files
    canary: str
    canary_files: list[Path] = field(default_factory=list)
    icons: list[Path] = field(default_factory=list)  # the custom icons the model may use

    @property
    def outside(self) -> Path:
        return self.base / "outside"

    @property
    def output(self) -> Path:
        return self.folder / "output"


def make_project(base: Path) -> Project:
    """A project and an outside folder, both holding canary files (one a PNG by name)."""
    project = Project(base, base / "project", f"archgen-canary-{secrets.token_hex(16)}")
    for folder in (project.outside, project.folder, project.folder / "icons"):
        folder.mkdir(parents=True)
    for folder in (project.outside, project.folder):
        for name in ("canary.txt", "canary.png", "secret.txt"):
            (folder / name).write_text(project.canary + "\n", encoding="utf-8")
            project.canary_files.append(folder / name)
    custom = project.folder / "icons" / "custom.png"
    shutil.copy(ICONS / "aws" / "compute" / "lambda.png", custom)
    project.icons.append(custom)
    (project.folder / "icons" / "link.png").symlink_to(project.outside / "canary.png")
    return project


def prose_tricks(project: Project) -> str:
    out, svg = project.outside, _svg_linking(project.outside / "canary.png")
    return f"""\
[a](file://{out}/canary.txt) [b]({out}/canary.txt) [c](canary.txt) [d](../outside/canary.txt)
![e](file://{out}/canary.png) ![f](canary.png) ![g]({out}/canary.png) ![h](./secret.txt)
![i](data:image/svg+xml;base64,{svg}) <file://{out}/canary.txt> [j][r1] ![k][r2]
<img src="file://{out}/canary.png"> <img src="canary.png"> <iframe src="canary.txt"></iframe>
<link rel="attachment" href="file://{out}/canary.txt"><link rel="stylesheet" href="canary.txt">
<style>@import url("file://{out}/canary.txt");</style><object data="secret.txt"></object>
<svg><image href="file://{out}/canary.png"/></svg><div style="background:url(canary.png)">x</div>

[r1]: file://{out}/canary.txt
[r2]: ../outside/canary.png
"""


def text_tricks(project: Project) -> str:
    """Graphviz and HTML markup that would read a file, in a name (at most 200 characters)."""
    png = project.outside / "canary.png"
    text = f'<IMG SRC="{png}"/>"];x[image="../outside/canary.png"];y[label=<<IMG SRC="x.png"/>>]'
    assert len(text) <= 190, "the temporary folder's path is too long for a name"
    return text


def _svg_linking(target: Path) -> str:
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'width="9" height="9"><image xlink:href="file://{target}" width="9" height="9"/></svg>'
    )
    return base64.b64encode(svg.encode()).decode("ascii")


def write_tricks(project: Project) -> None:
    """Every trick in every text and prose field, and one service drawn with a custom icon."""
    prose, text = prose_tricks(project), text_tricks(project)
    data = full_model(lambda tag: f"zq{tag}z {text}", lambda tag: f"zq{tag}z\n\n{prose}")
    data["services"][1]["icon"] = "icons/custom.png"
    (project.folder / "arch.yaml").write_text(to_yaml(data), encoding="utf-8")


def write_fixture(name: str) -> Callable[[Project], None]:
    def write(project: Project) -> None:
        text = (HOSTILE / f"{name}.yaml").read_text(encoding="utf-8")
        text = text.replace("@DIR@", str(project.outside)).replace("@PORT@", "9")
        (project.folder / "arch.yaml").write_text(text, encoding="utf-8")

    return write


def write_icon_tricks(project: Project) -> None:
    """Icons that lead to the canary: each a located error, the canary never opened."""
    out = project.outside
    icons = [
        "../outside/canary.png", f"{out}/canary.png", f"file://{out}/canary.png",
        "icons/../../outside/canary.png", "icons/link.png", "canary.png/../../outside/canary.png",
    ]  # fmt: skip
    data = full_model(lambda tag: f"zq{tag}z", lambda tag: f"zq{tag}z")
    data["services"] += [
        {"id": f"s{index}", "name": "S", "icon": icon, "does": "x", "why": "x"}
        for index, icon in enumerate(icons)
    ]
    (project.folder / "arch.yaml").write_text(to_yaml(data), encoding="utf-8")


def write_template_tricks(project: Project) -> None:
    """A template override whose stylesheet reads the canary: the PDF refuses it."""
    write_tricks(project)
    (project.folder / "templates").mkdir()
    css = (
        f'@import url("file://{project.outside}/canary.txt");\n'
        "@font-face { font-family: x; src: url(canary.txt); }\n"
        "body { background: url(../outside/canary.png); font-family: x; }\n"
    )
    (project.folder / "templates" / "common.css").write_text(css, encoding="utf-8")


def write_template_reads(project: Project) -> None:
    """A template override that includes a link to the canary outside the project."""
    write_tricks(project)
    templates = project.folder / "templates"
    templates.mkdir()
    (templates / "leak.txt").symlink_to(project.outside / "canary.txt")
    source = '{% extends "base.html.j2" %}{% block cover %}{% include "leak.txt" %}{% endblock %}'
    (templates / "brief.html.j2").write_text(source, encoding="utf-8")


def write_template_climbs(project: Project) -> None:
    """A template override that climbs out of its folder to the canary, then the secret."""
    write_tricks(project)
    templates = project.folder / "templates"
    templates.mkdir()
    source = (
        '{% extends "base.html.j2" %}{% block cover %}'
        '{% include "../../outside/canary.txt" %}{% include "../secret.txt" %}'
        "{{ view.services[0].icon_file.read_text() }}{% endblock %}"
    )
    (templates / "brief.html.j2").write_text(source, encoding="utf-8")


WRITERS: dict[str, Callable[[Project], None]] = {
    "tricks": write_tricks,
    "injection": write_fixture("injection"),
    "links": write_fixture("links"),
    "refdefs": write_fixture("refdefs"),
    "icon-tricks": write_icon_tricks,
    "template-tricks": write_template_tricks,
    "template-reads": write_template_reads,
    "template-climbs": write_template_climbs,
}


# ---- running a case under strace ---------------------------------------------------------------


@dataclass(frozen=True)
class Opened:
    pid: int
    path: Path  # as named, made absolute against the working folder
    by_dot: bool


@dataclass
class Audit:
    project: Project
    code: int
    output: str
    opened: list[Opened]
    connects: list[str]  # network connections any process tried (AF_INET, AF_INET6)
    seen: dict[str, list[str]]  # the shim's records: fetched, opened, network

    def dot_reads(self) -> list[Path]:
        return [entry.path for entry in self.opened if entry.by_dot]


CALL = re.compile(
    r"^(?P<pid>\d+) +(?P<call>open|openat|openat2|execve)\("
    r"(?:(?:AT_FDCWD|-?\d+)(?:<(?P<dir>[^>]*)>)?, )?\"(?P<path>(?:[^\"\\]|\\.)*)\""
)


CONNECT = re.compile(r"^\d+ +connect\(\d+(?:<[^>]*>)?, \{sa_family=AF_INET6?,")


def unescape(text: str) -> str:
    """A path as strace prints it (C escapes) back to its text."""
    raw = text.encode("latin-1", "backslashreplace").decode("unicode_escape")
    return raw.encode("latin-1").decode("utf-8", "replace")


def parse_trace(text: str, cwd: Path) -> list[Opened]:
    """Every path opened (or tried) by any process; `by_dot` once the process became dot."""
    dot_pids: set[int] = set()
    opened: list[Opened] = []
    for line in text.splitlines():
        match = CALL.match(line)
        if match is None:
            continue
        pid, path = int(match["pid"]), unescape(match["path"])
        if match["call"] == "execve":
            if Path(path).name == "dot":
                dot_pids.add(pid)
            continue
        start = Path(unescape(match["dir"])) if match["dir"] else cwd
        opened.append(Opened(pid, Path(os.path.normpath(start / path)), pid in dot_pids))
    return opened


def strace_command() -> list[str]:
    """strace following every process; --seccomp-bpf (faster) where this strace has it."""
    base = ["strace", "-f", "-qq", "-y", "-e", "trace=open,openat,openat2,execve,connect"]
    for extra in (["--seccomp-bpf"], []):
        probe = [*base, *extra, "-o", os.devnull, "true"]
        if subprocess.run(probe, capture_output=True, check=False).returncode == 0:
            return [*base, *extra]
    pytest.skip("strace cannot trace here (ptrace not permitted)")


def read_records(path: Path) -> dict[str, list[str]]:
    """The shim's JSON lines, by kind: fetched, opened, network."""
    seen: dict[str, list[str]] = {"fetched": [], "opened": [], "network": []}
    for line in path.read_text(encoding="utf-8").splitlines():
        kind, value = json.loads(line)
        seen[kind].append(value)
    return seen


def run_case(name: str, base: Path, command: list[str]) -> Audit:
    project = make_project(base)
    WRITERS[name](project)
    (base / "tmp").mkdir()
    env = {**os.environ, "TMPDIR": str(base / "tmp"), "ARCHGEN_AUDIT_OUT": str(base / "seen.json")}
    completed = subprocess.run(
        [
            *command,
            "-o",
            str(base / "trace.txt"),
            sys.executable,
            "-c",
            SHIM,
            "render",
            "arch.yaml",
        ],
        cwd=project.folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,  # a guard against hangs, not a timing assertion
        check=False,
    )
    trace = (base / "trace.txt").read_text(encoding="utf-8", errors="replace")
    seen = read_records(base / "seen.json")
    output = completed.stdout + completed.stderr
    opened = parse_trace(trace, project.folder)
    connects = [line for line in trace.splitlines() if CONNECT.match(line)]
    return Audit(project, completed.returncode, output, opened, connects, seen)


@pytest.fixture(scope="module")
def audits(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Audit]:
    """Every case rendered once, side by side (each is a process of its own)."""
    command = strace_command()
    bases = {name: tmp_path_factory.mktemp(f"fa{index}") for index, name in enumerate(CASES)}
    with ThreadPoolExecutor(max_workers=3) as pool:
        futures = {name: pool.submit(run_case, name, bases[name], command) for name in CASES}
        return {name: future.result() for name, future in futures.items()}


# ---- what may be read --------------------------------------------------------------------------


@dataclass(frozen=True)
class Root:
    path: Path
    why: str
    exact: bool = False  # only this path, not what is under it

    def holds(self, path: Path) -> bool:
        return path == self.path or (not self.exact and path.is_relative_to(self.path))


def system_roots() -> list[Root]:
    """What any program on this system reads to run and draw text, whatever its input."""
    home = Path.home()
    roots = [
        Root(Path(p), "system libraries, Graphviz's plugins and config")
        for p in ("/lib", "/lib64", "/usr/lib", "/usr/lib64", "/usr/local/lib", "/etc/ld.so.cache")
    ]
    roots += [
        Root(Path(p), "fonts and fontconfig's configuration and caches")
        for p in (
            "/usr/share/fonts",
            "/usr/local/share/fonts",
            "/usr/share/fontconfig",
            "/etc/fonts",
            "/var/cache/fontconfig",
            home / ".cache/fontconfig",
            home / ".fontconfig",
            home / ".config/fontconfig",
            home / ".local/share/fonts",
            home / ".fonts",
            user_cache() / "fontconfig",
        )
    ]
    roots += [Root(Path(p), "the process's own state, and archgen's anonymous files") for p in (
        "/proc/self", "/proc/thread-self", "/proc/filesystems", "/dev/null", "/dev/urandom",
        "/dev/fd")]  # fmt: skip
    return roots


def runtime_roots() -> list[Root]:
    """System configuration the C library, OpenSSL, fontconfig and Python's runtime read."""
    return [Root(Path(p), why) for p, why in (
        ("/etc/localtime", "the time zone"), ("/usr/share/zoneinfo", "the time zone"),
        ("/etc/locale.alias", "locale names"), ("/usr/share/locale", "locale names"),
        ("/etc/ssl/openssl.cnf", "OpenSSL's configuration (hashlib, ssl)"),
        ("/etc/mime.types", "the media type table of Python's mimetypes"),
        ("/proc/self/cgroup", "the CPU quota"), ("/sys/fs/cgroup", "the CPU quota"),
        ("/usr/share/poppler", "CMaps that the fonts folder links to"))]  # fmt: skip


def dot_roots(project: Project) -> list[Root]:
    """Graphviz reads the system's files, diagrams' icons and the model's own icon files."""
    icons = [Root(icon, "an icon file the model names", exact=True) for icon in project.icons]
    return [*system_roots(), Root(ICONS, "diagrams' icons"), *icons]


def render_roots(project: Project) -> list[Root]:
    """Any process of a render: Graphviz's roots, Python and archgen, the model, the output."""
    python = {Path(p).resolve() for p in (sys.prefix, sys.base_prefix, sys.exec_prefix)}
    return [
        *dot_roots(project),
        *runtime_roots(),
        *(Root(p, "the Python installation and the packages archgen depends on") for p in python),
        Root(ROOT, "archgen's source folder, listed by Python's import system", exact=True),
        Root(ROOT / "archgen", "archgen's own code"),
        Root(ROOT / "templates", "archgen's built-in templates"),
        Root(project.folder, "the project folder's listing", exact=True),
        Root(project.folder / "arch.yaml", "the model", exact=True),
        Root(project.folder / "templates", "the project's template overrides"),
        Root(project.output, "the output folder archgen writes"),
        Root(user_cache(), "the user's cache folder, which holds the shared ones", exact=True),
        Root(user_cache() / "archgen", "the PDF's parts laid out before (the user's own cache)"),
        Root(project.base / "tmp", "temporary files (TMPDIR)"),
        Root(Path("/dev/shm"), "the semaphores the PDF printer's process pool makes for itself"),
        Root(project.base / "seen.json", "the audit shim's own record", exact=True),
    ]


def user_cache() -> Path:
    """The user's cache folder, as archgen finds it (the test run's own: tests/conftest.py)."""
    base = os.environ.get("XDG_CACHE_HOME") or ""
    return Path(base) if os.path.isabs(base) else Path.home() / ".cache"


def outside(paths: Iterator[Path] | list[Path], roots: list[Root]) -> list[str]:
    """Paths not inside `roots`, as named or once their links are followed."""
    found = []
    for path in paths:
        pseudo = path.parts[1:2] in (("proc",), ("dev",))  # /proc/self is a link to /proc/<pid>
        for candidate in {path} if pseudo else {path, path.resolve()}:
            if not any(root.holds(candidate) for root in roots):
                found.append(str(path) if candidate == path else f"{path} -> {candidate}")
    return sorted(set(found))


def canary_opens(audit: Audit) -> list[str]:
    canaries = {path.resolve() for path in audit.project.canary_files}
    return sorted(
        {str(e.path) for e in audit.opened if {e.path, e.path.resolve()} & canaries}
        | {p for p in audit.seen["opened"] if Path(p).resolve() in canaries}
    )


def needles(canary: str) -> list[bytes]:
    """The canary as bytes, and as it would read inside base64 at each of the three offsets."""
    raw = canary.encode()
    found = [raw]
    for offset in range(3):
        encoded = base64.b64encode(b"\0" * offset + raw)
        found.append(encoded[4 if offset else 0 : -4])
    return found


def everything_in(folder: Path) -> Iterator[tuple[Path, bytes]]:
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path, pdf_everything(path) if path.suffix == ".pdf" else path.read_bytes()


# ---- the assertions ----------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES)
def test_the_render_succeeds_or_is_refused(audits: dict[str, Audit], case: str) -> None:
    audit = audits[case]
    assert "Traceback" not in audit.output, audit.output
    if case in RENDERED:
        assert audit.code == 0, audit.output
        assert (audit.project.output / "brief.pdf").is_file()
    else:
        assert audit.code == 1, audit.output
        assert not audit.project.output.exists()
    if case == "icon-tricks":
        assert len(re.findall(r"^arch\.yaml:\d+:\d+: error\[AG20\d\]", audit.output, re.M)) == 6
    if case in TEMPLATE_REFUSALS:
        assert TEMPLATE_REFUSALS[case] in audit.output, audit.output


@pytest.mark.parametrize("case", CASES)
def test_graphviz_reads_only_system_files_and_icons(audits: dict[str, Audit], case: str) -> None:
    audit = audits[case]
    reads = audit.dot_reads()
    if case != "icon-tricks":  # the trace saw Graphviz draw: it read diagrams' icons
        assert any(path.is_relative_to(ICONS) for path in reads)
    if case == "tricks":
        assert audit.project.icons[0] in reads  # and the model's own icon
    assert outside(reads, dot_roots(audit.project)) == []


@pytest.mark.parametrize("case", CASES)
def test_no_process_reads_outside_what_archgen_ships(audits: dict[str, Audit], case: str) -> None:
    audit = audits[case]
    assert len(audit.opened) > 100  # the trace saw the whole render
    paths = [entry.path for entry in audit.opened]
    assert outside(paths, render_roots(audit.project)) == []


@pytest.mark.parametrize("case", CASES)
def test_no_process_connects_to_the_network(audits: dict[str, Audit], case: str) -> None:
    assert audits[case].connects == []
    assert audits[case].seen["network"] == []


@pytest.mark.parametrize("case", CASES)
def test_no_canary_file_is_ever_opened(audits: dict[str, Audit], case: str) -> None:
    assert canary_opens(audits[case]) == []


@pytest.mark.parametrize("case", CASES)
def test_weasyprint_is_asked_only_for_archgens_data_urls(
    audits: dict[str, Audit], case: str
) -> None:
    fetched = audits[case].seen["fetched"]
    if case in RENDERED:
        assert any(url.startswith("data:image/svg+xml;") for url in fetched)  # the diagram
        assert any(url.startswith("data:text/yaml;") for url in fetched)  # the attached model
    refused = [url for url in fetched if not url.startswith("data:")]
    if case == "template-tricks":
        assert refused and all("canary" in url for url in refused)
    else:
        assert refused == []
    for url in fetched:
        if url.startswith("data:"):
            media_type, _ = decode_data_url(url)
            assert media_type in EMBEDDED_TYPES, url[:120]


@pytest.mark.parametrize("case", CASES)
def test_python_opens_only_what_archgen_ships(audits: dict[str, Audit], case: str) -> None:
    audit = audits[case]
    opened = [Path(os.path.normpath(audit.project.folder / p)) for p in audit.seen["opened"]]
    seen_last = "arch.yaml" if case == "icon-tricks" else "brief.html.j2"
    assert any(path.name == seen_last for path in opened)  # the hook saw the render
    assert outside(opened, render_roots(audit.project)) == []


@pytest.mark.parametrize("case", CASES)
def test_the_canary_is_in_no_output(audits: dict[str, Audit], case: str) -> None:
    audit = audits[case]
    marks = needles(audit.project.canary)
    assert not any(mark in audit.output.encode() for mark in marks)
    checked = 0
    for path, content in everything_in(audit.project.base):
        if path.is_relative_to(audit.project.output):
            checked += 1
            assert not any(mark in content for mark in marks), path
    assert checked >= (5 if case in RENDERED else 0)


def test_the_audit_tools_find_what_they_look_for(tmp_path: Path) -> None:
    """Not vacuous: a traced open is parsed, a base64-embedded canary is found."""
    trace = (
        '12 execve("/usr/bin/dot", ["dot"], 0x1 /* 3 vars */) = 0\n'
        '12 openat(AT_FDCWD</q>, "icons/x.png", O_RDONLY) = 3</q/icons/x.png>\n'
        '12 openat(AT_FDCWD, "y.png", O_RDONLY) = 3</p/y.png>\n'
        '13 openat(5</etc>, "passwd", O_RDONLY <unfinished ...>\n'
        '13 open("/a\\303\\251", O_RDONLY) = -1 ENOENT (No such file or directory)\n'
    )
    opened = parse_trace(trace, Path("/p"))
    assert opened == [
        Opened(12, Path("/q/icons/x.png"), True),
        Opened(12, Path("/p/y.png"), True),
        Opened(13, Path("/etc/passwd"), False),
        Opened(13, Path("/a\u00e9"), False),
    ]
    canary = "archgen-canary-0123"
    embedded = base64.b64encode(b"xy" + canary.encode() + b"z")
    assert any(mark in embedded for mark in needles(canary))
    assert outside([Path("/etc/passwd")], system_roots()) == ["/etc/passwd"]
    line = "7 connect(3<socket:[1]>, {sa_family=AF_INET, sin_port=htons(9)}, 16) = -1 ECONNREFUSED"
    assert CONNECT.match(line) and not CONNECT.match(line.replace("AF_INET", "AF_UNIX"))
