"""The preview's HTTP side (Starlette): the latest render from memory, to this machine's pages.

    /                    the HTML brief, with the reload script (and the problems overlay)
    /<file>              any other file of the latest render (diagram.svg, views/…)
    /brief.pdf           the PDF brief, laid out on demand (`archgen.serve.pdf`)
    /__archgen__/events  server-sent events: the number of each new render

Only names of the render's own files are answered: there is no file system behind the paths,
so `..`, encoded or not, an absolute path or a link in the project all find nothing (404).
Every request must name this server as its Host (a page of another site that rebinds its
domain name to this address is refused), and the event stream refuses other origins.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Collection
from pathlib import PurePosixPath

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from archgen.problems import ArchgenError, visible
from archgen.serve.page import EVENTS_PATH, FILE_POLICY, PAGE_POLICY
from archgen.serve.pdf import PdfOnDemand
from archgen.serve.site import PAGE_FILE, Site

MAX_STREAMS = 32  # open pages at once; each holds a connection
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".svg": "image/svg+xml",
    ".pdf": "application/pdf",
}
COMMON_HEADERS = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Resource-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def make_app(
    site: Site, pdf: PdfOnDemand, hosts: Collection[str], say: Callable[[str], None]
) -> ASGIApp:
    """The preview's app, answering only to requests whose Host is one of `hosts`
    (`address:port`)."""
    origins = frozenset(f"http://{host}" for host in hosts)
    refusals = Refusals(say)

    async def page(request: Request) -> Response:
        return served(site, PAGE_FILE)

    async def file(request: Request) -> Response:
        return served(site, request.path_params["name"])

    async def events(request: Request) -> Response:
        if not same_origin(request, origins):
            origin = request.headers.get("origin") or request.headers.get("sec-fetch-site", "")
            refusals.note(f"the event stream to a page of {origin}")
            return refused(403, "the event stream answers only to this preview's own pages")
        if site.streams >= MAX_STREAMS:
            return refused(503, f"{MAX_STREAMS} pages are open already; close one")
        headers = {**COMMON_HEADERS, "X-Accel-Buffering": "no"}
        return StreamingResponse(site.events(), media_type="text/event-stream", headers=headers)

    async def brief_pdf(request: Request) -> Response:
        return await pdf_response(pdf, say)

    routes = [
        Route("/", page, methods=["GET"]),
        Route(EVENTS_PATH, events, methods=["GET"]),
        Route("/brief.pdf", brief_pdf, methods=["GET"]),
        Route("/{name:path}", file, methods=["GET"]),
    ]
    return HostGuard(Starlette(routes=routes), frozenset(hosts), refusals)


def served(site: Site, name: str) -> Response:
    """A file of the render by its exact name; anything else is not found."""
    if not is_plain_name(name):
        return not_found()
    suffix = PurePosixPath(name).suffix
    if suffix == ".html":
        text = site.page(name)
        if text is None:
            return not_found()
        return answer(text.encode("utf-8"), suffix, PAGE_POLICY)
    data = site.file(name)
    return not_found() if data is None else answer(data, suffix, FILE_POLICY)


def is_plain_name(name: str) -> bool:
    """A relative name of plain parts (`views/a.svg`): no `..`, `.`, empty part or
    backslash. The render's files are looked up by name only; this says so up front."""
    parts = name.split("/")
    return "\\" not in name and "\0" not in name and all(p not in ("", ".", "..") for p in parts)


def answer(data: bytes, suffix: str, policy: str) -> Response:
    content_type = CONTENT_TYPES.get(suffix, "application/octet-stream")
    headers = {**COMMON_HEADERS, "Content-Security-Policy": policy}
    return Response(data, headers=headers, media_type=content_type)


async def pdf_response(pdf: PdfOnDemand, say: Callable[[str], None]) -> Response:
    """The PDF, laid out in a thread (the event loop keeps serving meanwhile)."""
    try:
        printed = await asyncio.to_thread(pdf.pdf)
    except ArchgenError as error:
        say(f"brief.pdf: {error.message}")
        return refused(500, f"brief.pdf could not be laid out: {error.message}")
    if printed is None:
        return refused(503, "no render has worked yet: fix the model and save")
    for warning in printed.warnings:
        say(f"warning: {warning}")
    headers = {**COMMON_HEADERS, "Content-Security-Policy": FILE_POLICY}
    return Response(printed.data, headers=headers, media_type=CONTENT_TYPES[".pdf"])


def same_origin(request: Request, origins: frozenset[str]) -> bool:
    """A request from this preview's own pages: no foreign Origin, and no fetch marked as
    another site's."""
    origin = request.headers.get("origin")
    site = request.headers.get("sec-fetch-site")
    return (origin is None or origin in origins) and site in (None, "same-origin", "none")


def not_found() -> Response:
    return refused(404, "not found: this preview serves only the files it renders")


def refused(status: int, message: str) -> Response:
    return PlainTextResponse(message + "\n", status_code=status, headers=COMMON_HEADERS)


class Refusals:
    """Tells the terminal of each kind of refused request once (a page may try again and
    again): someone may be probing the preview."""

    KEPT = 64  # kinds remembered; past that, nothing more is said

    def __init__(self, say: Callable[[str], None]) -> None:
        self.say = say
        self.told: set[str] = set()

    def note(self, what: str) -> None:
        if what in self.told or len(self.told) >= self.KEPT:
            return
        self.told.add(what)
        self.say(f"refused {visible(what)} (not this preview's own)")


class HostGuard:
    """Refuse every request whose Host header is not this server's `address:port`."""

    def __init__(self, app: ASGIApp, hosts: frozenset[str], refusals: Refusals) -> None:
        self.app, self.hosts, self.refusals = app, hosts, refusals

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            named = [value for key, value in scope["headers"] if key == b"host"]
            if len(named) != 1 or named[0].decode("latin-1") not in self.hosts:
                shown = named[0].decode("latin-1")[:100] if named else "none"
                self.refusals.note(f"a request for Host {shown}")
                listed = ", ".join(f"http://{host}/" for host in sorted(self.hosts))
                response = refused(421, f"this preview answers only at {listed}")
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
