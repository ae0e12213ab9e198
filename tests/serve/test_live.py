"""`archgen serve` as a student uses it: a real server process, a real Chromium, saves on disk.

Drives Debian's chromium through Playwright (ARCHGEN_CHROMIUM overrides the path). The browser
maps the name `rebind.test` to this machine, as a DNS rebinding attack would.
"""

from __future__ import annotations

import contextlib
import http.client
import http.server
import json
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.render.brief.test_browser import CHROMIUM, LAUNCH_ARGS
from tests.serve.live import LiveServer, alive, copy_example, descendants

pytestmark = pytest.mark.slow  # real server processes and Chromium

REBIND = "rebind.test"  # resolves to 127.0.0.1 in this browser only
WAIT_MS = 30_000  # a render on two busy cores, with room
EVENTS = "/__archgen__/events"
TITLE = "  title: 3D Commerce on AWS\n"
STEP = "      - from: users\n        to: cloudfront\n"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    if not Path(CHROMIUM).is_file():
        pytest.skip(f"no Chromium at {CHROMIUM}; set ARCHGEN_CHROMIUM to its path")
    with sync_api.sync_playwright() as playwright:
        args = [*LAUNCH_ARGS, f"--host-resolver-rules=MAP {REBIND} 127.0.0.1"]
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=args)
        yield chromium
        chromium.close()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LiveServer]:
    live = LiveServer(copy_example(tmp_path))
    yield live
    live.stop()


def expect(target: Any) -> Any:
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(target)


def policy_errors(page: Any) -> list[str]:
    """Console messages of the page that report a Content-Security-Policy violation."""
    found: list[str] = []
    page.on(
        "console",
        lambda message: found.append(message.text) if "Content Security" in message.text else None,
    )
    return found


def test_a_saved_title_shows_without_reloading_by_hand(browser: Any, server: LiveServer) -> None:
    page = browser.new_page()
    errors = policy_errors(page)
    page.goto(server.url)
    expect(page).to_have_title("3D Commerce on AWS")
    expect(page.locator(".cover h1")).to_contain_text("3D Commerce on AWS")
    server.edit(TITLE, "  title: 3D Commerce, Live\n")
    expect(page).to_have_title("3D Commerce, Live", timeout=WAIT_MS)
    expect(page.locator(".cover h1")).to_contain_text("3D Commerce, Live")
    assert errors == []  # the reload script and its event stream pass the page's policy
    page.close()


def test_a_typo_shows_every_problem_at_its_line_until_fixed(
    browser: Any, server: LiveServer
) -> None:
    page = browser.new_page()
    page.goto(server.url)
    expect(page).to_have_title("3D Commerce on AWS")
    line = server.line_of(STEP) + 1
    mark = server.edit(STEP, STEP.replace("to: cloudfront", "to: cloudfrnt"))

    overlay = page.locator("#archgen-problems")
    expect(overlay).to_be_visible(timeout=WAIT_MS)
    printed = server.wait_for_line(rf"^arch\.yaml:{line}:13: error\[AG201\]", after=mark)
    assert "unknown service 'cloudfrnt'" in printed
    assert "did you mean 'cloudfront'?" in printed
    assert overlay.locator("li").all_inner_texts() == [printed]  # the same line on the page
    expect(page).to_have_title("3D Commerce on AWS")  # the last good render stays
    expect(page.locator("svg.diagram-svg")).to_be_visible()

    server.edit("to: cloudfrnt", "to: cloudfront")
    expect(overlay).to_have_count(0, timeout=WAIT_MS)
    expect(page.locator("svg.diagram-svg")).to_be_visible()
    page.close()


def test_a_prose_edit_keeps_the_layout_and_a_diagram_edit_redraws(
    browser: Any, server: LiveServer
) -> None:
    page = browser.new_page()
    page.goto(server.url)
    mark = server.edit("any modern browser can render 3D", "any current browser can render 3D")
    expect(page.locator("body")).to_contain_text("any current browser", timeout=WAIT_MS)
    assert "diagram kept" in server.wait_for_line(r" rendered arch\.yaml ", after=mark)

    mark = server.edit("    name: Shoppers\n", "    name: Customers\n")
    expect(page.locator("svg.diagram-svg")).to_contain_text("Customers", timeout=WAIT_MS)
    assert "diagram drawn" in server.wait_for_line(r" rendered arch\.yaml ", after=mark)
    page.close()


# ---- what is refused -------------------------------------------------------------------------


def get(server: LiveServer, path: str, **headers: str) -> tuple[int, bytes]:
    """A raw GET, the path sent exactly as given."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        connection.putrequest("GET", path, skip_host="Host" in headers)
        for name, value in headers.items():
            connection.putheader(name, value)
        connection.endheaders()
        response = connection.getresponse()
        body = response.read() if response.status != 200 or path != EVENTS else b""
        return response.status, body
    finally:
        connection.close()


def test_only_the_renders_own_files_are_served(server: LiveServer) -> None:
    project = server.project
    (project / "secret.txt").write_text("SECRET-7f3a: the teacher's answers\n")
    (project / "link.svg").symlink_to(project / "secret.txt")
    (project / "diagram.svg").symlink_to(project / "secret.txt")  # an output's name, on disk
    outside = project.parent / "outside.html"
    outside.write_text("<p>outside</p>")
    probes = [
        "/../outside.html", "/%2e%2e/outside.html", "/%2E%2E%2Foutside.html",
        "/..%2foutside.html", "/brief.html/../../outside.html", "/./secret.txt",
        f"/{outside}", f"//{outside}", "/%2F" + str(outside).lstrip("/").replace("/", "%2F"),
        "/secret.txt", "/link.svg", "/arch.yaml", "/brief.html%00.svg", "/\\..\\outside.html",
    ]  # fmt: skip
    for path in probes:
        status, body = get(server, path)
        assert status == 404, path
        assert b"SECRET-7f3a" not in body and b"<p>outside" not in body, path
    status, body = get(server, "/diagram.svg")
    assert status == 200 and body.lstrip().startswith(b"<?xml") and b"SECRET-7f3a" not in body


def test_a_foreign_host_or_origin_is_refused(server: LiveServer) -> None:
    assert get(server, "/")[0] == 200
    assert get(server, "/", Host=f"localhost:{server.port}")[0] == 200
    for host in (f"{REBIND}:{server.port}", "127.0.0.1", "127.0.0.1:1", f"evil.{REBIND}"):
        assert get(server, "/", Host=host)[0] == 421, host
        assert get(server, "/diagram.svg", Host=host)[0] == 421, host
    assert get(server, EVENTS, Origin=f"http://{REBIND}:{server.port}")[0] == 403
    assert get(server, EVENTS, Origin="null")[0] == 403
    assert get(server, EVENTS, **{"Sec-Fetch-Site": "cross-site"})[0] == 403


def test_a_rebound_name_and_another_sites_event_stream_are_refused_in_chromium(
    browser: Any, server: LiveServer
) -> None:
    page = browser.new_page()
    response = page.goto(f"http://{REBIND}:{server.port}/")  # DNS rebinding: our address
    assert response is not None and response.status == 421
    assert "3D Commerce" not in page.content()

    server.wait_for_line(rf"^refused a request for Host {REBIND}:{server.port} ")

    listens = f"const e = new EventSource({json.dumps(server.url + EVENTS[1:])});"
    script = listens + " e.onmessage = e.onerror = (x) => { document.title = x.type; e.close(); };"
    with another_site(f"<!DOCTYPE html><title>waiting</title><script>{script}</script>") as site:
        page.goto(site)  # another local server's page: the browser itself lets it connect
        expect(page).to_have_title("error", timeout=WAIT_MS)
        origin = site.rstrip("/")
    server.wait_for_line(rf"^refused the event stream to a page of {origin} ")
    page.close()


@contextlib.contextmanager
def another_site(page: str) -> Iterator[str]:
    """A second web server on this machine (another origin) serving one page; its URL."""

    class OnePage(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = page.encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    other = http.server.ThreadingHTTPServer(("127.0.0.1", 0), OnePage)
    thread = threading.Thread(target=other.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://localhost:{other.server_address[1]}/"
    finally:
        other.shutdown()
        other.server_close()


# ---- stopping ----------------------------------------------------------------------------------


def test_ctrl_c_stops_every_process_and_leaves_no_file(server: LiveServer) -> None:
    before = sorted(p.relative_to(server.project) for p in server.project.rglob("*"))
    with urllib.request.urlopen(server.url + "brief.pdf", timeout=120) as response:
        pdf = response.read()
    assert pdf.startswith(b"%PDF")
    with urllib.request.urlopen(server.url + "brief.pdf", timeout=120) as response:
        assert response.read() == pdf  # fresh: the same bytes
    stream = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    stream.request("GET", EVENTS)  # an open page's event stream, left open
    assert stream.getresponse().status == 200
    helpers = descendants(server.process.pid)
    assert helpers  # the PDF's printer, at least

    assert server.stop() == 0
    assert server.output().splitlines()[-1] == "stopped"
    deadline = time.monotonic() + 30
    while any(alive(pid) for pid in helpers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [pid for pid in helpers if alive(pid)] == []
    assert list(server.temp.iterdir()) == []
    after = sorted(p.relative_to(server.project) for p in server.project.rglob("*"))
    assert after == before  # nothing written into the project
    stream.close()
