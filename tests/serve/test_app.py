"""The preview's app, called as an ASGI app in this process: what it answers, what it refuses.

The requests are built by hand (path decoded, as a server hands it on), so that paths no HTTP
client would send reach the app too.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest

from archgen.problems import Problem
from archgen.serve.app import make_app
from archgen.serve.page import EVENTS_PATH, PAGE_POLICY
from archgen.serve.pdf import PdfOnDemand
from archgen.serve.preview import Outcome, Preview
from archgen.serve.site import Site

HOST = "127.0.0.1:8123"
HOSTS = frozenset({HOST, "localhost:8123"})
FILES = {
    "brief.html": b"<!DOCTYPE html><html><head><title>Shop</title></head><body>B</body></html>",
    "diagram.svg": b"<svg xmlns='http://www.w3.org/2000/svg'/>",
    "views/edge.svg": b"<svg xmlns='http://www.w3.org/2000/svg'><!-- a view --></svg>",
}


class Answer:
    def __init__(self, messages: list[dict[str, Any]]) -> None:
        start = next(m for m in messages if m["type"] == "http.response.start")
        self.status: int = start["status"]
        self.headers = {k.decode(): v.decode() for k, v in start["headers"]}
        self.body = b"".join(m.get("body", b"") for m in messages if "body" in m)


def call(app: Any, path: str, method: str = "GET", **headers: str) -> Answer:
    """One request; an endless response (the event stream) is read until its first event."""
    own = [] if "host" in headers else [("host", HOST)]  # `HOST=` adds a second one
    sent = [*own, *((k.lower().replace("_", "-"), v) for k, v in headers.items())]
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method,
        "scheme": "http", "path": unquote(path), "raw_path": path.encode(), "query_string": b"",
        "root_path": "", "headers": [(k.encode(), v.encode()) for k, v in sent if v != "-"],
        "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 8123),
    }  # fmt: skip
    messages: list[dict[str, Any]] = []
    done = asyncio.Event()

    asked: list[bool] = []

    async def receive() -> dict[str, Any]:
        if not asked:  # the request's (empty) body, then nothing until the answer came
            asked.append(True)
            return {"type": "http.request", "body": b"", "more_body": False}
        await done.wait()
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        messages.append(message)
        if message.get("body") or not message.get("more_body", True):
            done.set()

    async def run() -> None:
        await asyncio.wait_for(app(scope, receive, send), timeout=10)

    asyncio.run(run())
    return Answer(messages)


@pytest.fixture
def app(tmp_path: Path) -> Any:
    preview = Preview(tmp_path / "arch.yaml")
    site = Site("arch.yaml")
    site.publish(Outcome(files=dict(FILES)))
    said: list[str] = []
    made = make_app(site, PdfOnDemand(preview), HOSTS, said.append)
    made.said = said  # type: ignore[attr-defined]
    made.site = site  # type: ignore[attr-defined]
    return made


def test_the_page_is_the_brief_with_the_reload_script_and_a_strict_policy(app: Any) -> None:
    for path in ("/", "/brief.html"):
        answer = call(app, path)
        assert answer.status == 200
        assert answer.headers["content-security-policy"] == PAGE_POLICY
        assert answer.headers["content-type"] == "text/html; charset=utf-8"
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert b'<script data-render="1">' in answer.body


def test_other_files_are_served_as_rendered_without_a_script(app: Any) -> None:
    for name in ("diagram.svg", "views/edge.svg"):
        answer = call(app, f"/{name}")
        assert answer.status == 200 and answer.body == FILES[name]
        assert answer.headers["content-type"] == "image/svg+xml"
        assert "script-src" not in answer.headers["content-security-policy"]


@pytest.mark.parametrize(
    "path",
    [
        "/../brief.html", "/%2e%2e/brief.html", "/%2E%2E%2Fetc%2Fpasswd", "/views/../diagram.svg",
        "/views/%2e%2e/diagram.svg", "/./diagram.svg", "//diagram.svg", "/etc/passwd",
        "//etc/passwd", "/%2Fetc%2Fpasswd", "/views//edge.svg", "/views\\edge.svg",
        "/diagram.svg%00", "/diagram.svg/", "/arch.yaml", "/brief.pdf.svg", "/views",
    ],
)  # fmt: skip
def test_anything_but_a_files_exact_name_is_not_found(app: Any, path: str) -> None:
    assert call(app, path).status == 404


@pytest.mark.parametrize(
    "host", ["rebind.test:8123", "127.0.0.1", "127.0.0.1:8124", "localhost", "-", "[::1]:8123"]
)
def test_a_host_other_than_this_server_is_refused(app: Any, host: str) -> None:
    answer = call(app, "/", host=host)
    assert answer.status == 421
    assert b"Shop" not in answer.body
    assert answer.status == 421 == call(app, EVENTS_PATH, host=host).status


def test_two_host_headers_are_refused(app: Any) -> None:
    assert call(app, "/diagram.svg", HOST="rebind.test:8123").status == 421


def test_the_event_stream_tells_the_render_shown(app: Any) -> None:
    answer = call(app, EVENTS_PATH)
    assert answer.status == 200
    assert answer.headers["content-type"].startswith("text/event-stream")
    assert answer.body == b"event: render\ndata: 1\n\n"
    own = call(app, EVENTS_PATH, origin="http://localhost:8123", sec_fetch_site="same-origin")
    assert own.status == 200


@pytest.mark.parametrize(
    "headers",
    [
        {"origin": "http://rebind.test:8123"},
        {"origin": "http://127.0.0.1:9999"},
        {"origin": "null"},
        {"sec_fetch_site": "cross-site"},
        {"sec_fetch_site": "same-site"},
    ],
)
def test_the_event_stream_refuses_other_origins(app: Any, headers: dict[str, str]) -> None:
    assert call(app, EVENTS_PATH, **headers).status == 403
    assert any(line.startswith("refused the event stream") for line in app.said)


def test_only_reading_is_allowed(app: Any) -> None:
    for method in ("POST", "PUT", "DELETE"):
        assert call(app, "/", method=method).status == 405


def test_the_pdf_before_any_good_render_says_so(app: Any) -> None:
    assert call(app, "/brief.pdf").status == 503


def test_a_failed_render_keeps_the_last_files_and_shows_the_problems(app: Any) -> None:
    typo = Problem("arch.yaml", 3, 5, "AG201", "unknown service 'x'", "flows[0].to")
    assert app.site.publish(Outcome(problems=(typo,), failure="arch.yaml: 1 error"))
    page = call(app, "/").body
    assert b"<title>Shop</title>" in page and b'id="archgen-problems"' in page
    assert b"arch.yaml:3:5" in page and b'data-render="2"' in page
    assert call(app, "/diagram.svg").body == FILES["diagram.svg"]
    assert app.site.publish(Outcome(files=dict(FILES)))
    assert b"archgen-problems" not in call(app, "/").body


def test_a_render_that_changes_nothing_tells_no_page(app: Any) -> None:
    assert not app.site.publish(Outcome(files=dict(FILES)))
    assert app.site.shown.number == 1
