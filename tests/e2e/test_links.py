"""Links, images and file references in a model reach no reader as live links and are never
fetched: prose Markdown is neutralised in brief.html and brief.md, WeasyPrint reads nothing, and
an icon path can only name an image inside the project.

tests/fixtures/hostile/links.yaml is rendered once for the module, beside a secret.txt holding a
unique marker, while a local HTTP server records every request the render makes.
"""

from __future__ import annotations

import http.server
import re
import shutil
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.e2e.support import (
    ARCHGEN_IMAGE,
    DEFAULT_OUTPUTS,
    HOSTILE,
    LOCATED,
    MINIMAL,
    OWN_VIEW,
    RecordingHandler,
    assert_user_error,
    cli,
    markdown_as_html,
    output_names,
    pdf_everything,
    pdf_text,
    read_html,
    snapshot,
    unsafe_markup,
    visible_text,
)

if shutil.which("pdftotext") is None:
    pytest.skip("poppler-utils (pdftotext) is not installed", allow_module_level=True)

PASSWD_MARK = b"root:x:0:0"  # the first line of /etc/passwd on every Linux
REFUSED_SCHEMES = re.compile(r"javascript|vbscript|file:|data:text|169\.254", re.IGNORECASE)


@dataclass(frozen=True)
class Rendered:
    project: Path
    marker: bytes
    port: int
    html: str
    markdown: str
    pdf: Path
    requests: list[str]


@pytest.fixture(scope="module")
def server() -> Iterator[http.server.ThreadingHTTPServer]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), RecordingHandler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    thread.join()


@pytest.fixture(scope="module")
def rendered(
    tmp_path_factory: pytest.TempPathFactory, server: http.server.ThreadingHTTPServer
) -> Rendered:
    project = tmp_path_factory.mktemp("links") / "project"
    project.mkdir()
    marker = f"SECRET-{uuid.uuid4().hex}".encode()
    (project / "secret.txt").write_bytes(marker + b"\n")
    (project.parent / "secret.txt").write_bytes(marker + b"\n")  # for ../secret.txt
    port = server.server_address[1]
    text = HOSTILE.joinpath("links.yaml").read_text(encoding="utf-8")
    text = text.replace("@DIR@", str(project)).replace("@PORT@", str(port))
    (project / "arch.yaml").write_text(text, encoding="utf-8")
    RecordingHandler.requests.clear()
    run = cli("render", project / "arch.yaml")
    assert run.code == 0, run
    out = project / "output"
    assert output_names(out) == DEFAULT_OUTPUTS
    return Rendered(
        project=project,
        marker=marker,
        port=port,
        html=(out / "brief.html").read_text(encoding="utf-8"),
        markdown=(out / "brief.md").read_text(encoding="utf-8"),
        pdf=out / "brief.pdf",
        requests=list(RecordingHandler.requests),
    )


def kept_links(rendered: Rendered) -> set[str]:
    """The fixture's two harmless web links, which may stay links (never fetched)."""
    return {"https://example.com/ok", f"http://127.0.0.1:{rendered.port}/autolink"}


def test_the_recording_server_answers(server: http.server.ThreadingHTTPServer) -> None:
    """Proves the no-fetch test below could see a request if one were made."""
    import urllib.error
    import urllib.request

    port = server.server_address[1]
    before = len(RecordingHandler.requests)
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/probe", timeout=5)
    assert RecordingHandler.requests[before:] == ["/probe"]


def test_rendering_fetches_nothing(rendered: Rendered) -> None:
    assert rendered.requests == []


def test_html_brief_keeps_only_safe_links_and_no_pictures(rendered: Rendered) -> None:
    allowed = kept_links(rendered)

    def safe(url: str) -> bool:
        return url.startswith("#") or bool(ARCHGEN_IMAGE.match(url)) or url in allowed

    assert unsafe_markup(rendered.html, safe) == []
    elements = read_html(rendered.html).elements
    hrefs = {a["href"] for t, a in elements if t == "a" and not a.get("href", "#").startswith("#")}
    assert hrefs == allowed
    assert not any(t == "img" for t, _ in elements)  # every picture became its alt text
    urls = [v for _, a in elements for k, v in a.items() if k in ("href", "src", "xlink:href")]
    assert not [url for url in urls if REFUSED_SCHEMES.search(url)]


def test_html_brief_shows_refused_links_as_their_text(rendered: Rendered) -> None:
    text = visible_text(rendered.html)
    assert "zl01 a b c d e f" in text
    assert "zl03 m n o p q r s" in text
    assert '<a href="javascript:alert(1)">raw link</a>' in text  # raw HTML shown as typed
    assert "<javascript:alert(1)>" in text
    assert "zl14 [n](javascript:alert(1))" in text  # a name is never Markdown


def test_markdown_brief_keeps_only_safe_links_and_no_pictures(rendered: Rendered) -> None:
    html = markdown_as_html(rendered.markdown)
    allowed = kept_links(rendered) | {"diagram.svg"}

    def own(url: str) -> bool:
        return url.startswith("#") or url in allowed or bool(OWN_VIEW.match(url))

    assert unsafe_markup(html, own) == []
    elements = read_html(html).elements
    sources = [a["src"] for t, a in elements if t == "img"]
    assert sources[0] == "diagram.svg" and all(OWN_VIEW.match(src) for src in sources[1:])
    urls = [v for _, a in elements for k, v in a.items() if k in ("href", "src")]
    assert not [url for url in urls if REFUSED_SCHEMES.search(url)]
    assert "zl14 [n](javascript:alert(1))" in visible_text(html)


def test_pdf_holds_no_local_file(rendered: Rendered) -> None:
    everything = pdf_everything(rendered.pdf)
    assert rendered.marker not in everything
    assert PASSWD_MARK not in everything
    hostname = Path("/etc/hostname")
    if hostname.exists() and len(hostname.read_bytes().strip()) >= 8:
        assert hostname.read_bytes().strip() not in everything
    # The model itself is attached as the PDF's source: references are there, contents not.
    assert f"{rendered.project}/secret.txt".encode() in everything
    assert "zl15" in pdf_text(rendered.pdf)


def test_markdown_brief_defines_no_unsafe_link_reference(rendered: Rendered) -> None:
    definitions = re.findall(r"(?m)^ {0,3}\[[^\]]+\]:\s*(\S+)", rendered.markdown)
    assert definitions  # the fixture's safe definition survives
    assert not [target for target in definitions if REFUSED_SCHEMES.search(target)]


# ---- Markdown link definitions reach across fields in brief.md ---------------------------------


def test_link_definitions_cannot_reach_across_fields_in_markdown(tmp_path: Path) -> None:
    shutil.copy(HOSTILE / "refdefs.yaml", tmp_path / "arch.yaml")
    run = cli("render", tmp_path / "arch.yaml", "--only", "md")
    assert run.code == 0, run
    html = markdown_as_html((tmp_path / "output" / "brief.md").read_text(encoding="utf-8"))
    hrefs = [a.get("href", "") for t, a in read_html(html).elements if t == "a"]
    assert not [href for href in hrefs if REFUSED_SCHEMES.search(href)]


def test_link_definitions_do_not_reach_across_fields_in_html(tmp_path: Path) -> None:
    shutil.copy(HOSTILE / "refdefs.yaml", tmp_path / "arch.yaml")
    run = cli("render", tmp_path / "arch.yaml", "--only", "html")
    assert run.code == 0, run
    html = (tmp_path / "output" / "brief.html").read_text(encoding="utf-8")
    hrefs = [a.get("href", "") for t, a in read_html(html).elements if t == "a"]
    assert not [href for href in hrefs if REFUSED_SCHEMES.search(href)]
    assert "[click me][pwn]" in visible_text(html)


def test_model_file_name_cannot_inject_markdown(tmp_path: Path) -> None:
    model = tmp_path / "x`[pwn](javascript:alert(1))`.yaml"
    shutil.copy(MINIMAL, model)
    run = cli("render", model, "--only", "md")
    assert run.code == 0, run
    html = markdown_as_html((tmp_path / "output" / "brief.md").read_text(encoding="utf-8"))
    hrefs = [a.get("href", "") for t, a in read_html(html).elements if t == "a"]
    assert not [href for href in hrefs if REFUSED_SCHEMES.search(href)]


# ---- icons: only images inside the project -----------------------------------------------------


def test_icon_paths_outside_the_project_are_located_errors_and_nothing_is_read(
    tmp_path: Path,
) -> None:
    project = tmp_path / "project"
    (project / "icons").mkdir(parents=True)
    shutil.copy(HOSTILE / "icon-paths.yaml", project / "arch.yaml")
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"\x89PNG\r\n\x1a\n" + uuid.uuid4().hex.encode())
    (project / "icons" / "link.png").symlink_to("../../secret.png")
    before = snapshot(tmp_path)
    run = cli("render", project / "arch.yaml")
    assert_user_error(run)
    found = {
        (int(m["line"]), int(m["col"]))
        for line in run.output.splitlines()
        if (m := LOCATED.match(line)) and ".icon:" in line
    }
    # Every bad icon, each at its own value, all at once.
    lines = (project / "arch.yaml").read_text(encoding="utf-8").splitlines()
    expected = {
        (number, line.index("icon: ") + len("icon: ") + 1)
        for number, line in enumerate(lines, start=1)
        if "icon: " in line
    }
    assert len(expected) == 11
    assert found == expected
    assert "is a link to a file outside the project folder" in run.output  # icons/link.png
    assert "nothing was written" in run.output
    assert snapshot(tmp_path) == before
