"""Run the preview: bind, render once, serve (uvicorn) while watching, and stop it all whole.

Ctrl-C (or SIGTERM) ends the event streams so the open connections close, stops the watch,
cancels a Graphviz run under way and ends the PDF's worker: nothing is left running, and no
file was ever written.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import os
import signal
import socket
import webbrowser
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import FrameType

import uvicorn

from archgen.problems import ArchgenError
from archgen.serve.app import make_app
from archgen.serve.pdf import PdfOnDemand
from archgen.serve.preview import Outcome, Preview
from archgen.serve.site import Site
from archgen.serve.watch import outcome_lines, watch_and_render

LOOPBACK = "127.0.0.1"
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
GRACE_SECONDS = 2  # for connections still open once the event streams were told to end


@dataclass(frozen=True)
class Address:
    """Where the preview listens: an IP address, never a wildcard."""

    ip: str
    port: int

    @property
    def netloc(self) -> str:
        return f"[{self.ip}]:{self.port}" if ":" in self.ip else f"{self.ip}:{self.port}"

    @property
    def url(self) -> str:
        return f"http://{self.netloc}/"

    @property
    def loopback(self) -> bool:
        return ipaddress.ip_address(self.ip).is_loopback

    def host_headers(self) -> frozenset[str]:
        """The Host headers that name this server: its own `address:port`, and `localhost`
        for a loopback address."""
        names = {self.netloc}
        if self.loopback:
            names.add(f"localhost:{self.port}")
        return frozenset(names)


def parse_host(host: str) -> str:
    """The IP address `--host` names: `localhost` is 127.0.0.1; a wildcard would answer on every
    network with no name to check a Host header against."""
    if host.strip().lower() == "localhost":
        return LOOPBACK
    try:
        address = ipaddress.ip_address(host.strip().strip("[]"))
    except ValueError:
        raise ArchgenError(
            f"--host {host!r} is not an IP address; give one of this machine's, "
            "e.g. --host 127.0.0.1 (the default) or the address of one network interface"
        ) from None
    if address.is_unspecified:
        raise ArchgenError(
            f"--host {host} would answer on every network; give the address of one interface"
        )
    return str(address)


def bind(ip: str, port: int) -> tuple[socket.socket, Address]:
    """The listening socket (port 0: any free one), before anything else starts."""
    family = socket.AF_INET6 if ":" in ip else socket.AF_INET
    try:
        sock = socket.create_server((ip, port), family=family)
    except OSError as error:
        raise ArchgenError(
            f"cannot listen on {ip}:{port}: {os.strerror(error.errno) if error.errno else error}; "
            "try another --port (0 takes any free one)"
        ) from None
    return sock, Address(ip, sock.getsockname()[1])


def run(
    preview: Preview,
    sock: socket.socket,
    address: Address,
    *,
    open_browser: bool,
    say: Callable[[str], None],
) -> None:
    """Render once, then serve and watch until Ctrl-C."""
    first = preview.render()
    for line in outcome_lines(first, preview.shown_name):
        say(line)
    say(f"serving {preview.shown_name} at {address.url} (Ctrl-C stops)")
    with signals_noted() as stopping:
        asyncio.run(serve(preview, first, sock, address, open_browser, say, stopping))
    say("stopped")


async def serve(
    preview: Preview,
    first: Outcome,
    sock: socket.socket,
    address: Address,
    open_browser: bool,
    say: Callable[[str], None],
    stopping: list[int],
) -> None:
    site = Site(preview.shown_name)
    site.publish(first)
    pdf = PdfOnDemand(preview)
    config = uvicorn.Config(
        make_app(site, pdf, address.host_headers(), say), lifespan="off", log_level="warning",
        access_log=False, proxy_headers=False, server_header=False, ws="none",
        limit_concurrency=64, timeout_graceful_shutdown=GRACE_SECONDS,
    )  # fmt: skip
    server = PreviewServer(config, site)
    stop = asyncio.Event()
    watching = asyncio.create_task(watch_and_render(preview, site, stop, say))
    opening = asyncio.create_task(open_when_started(server, address.url, open_browser))
    try:
        if not stopping:  # Ctrl-C before the server could take it
            await server.serve(sockets=[sock])
    finally:
        stop.set()
        site.close()
        preview.cancel()
        for task in (watching, opening):
            task.cancel()
        await asyncio.gather(watching, opening, return_exceptions=True)
        pdf.stop()
        sock.close()


class PreviewServer(uvicorn.Server):
    """uvicorn's server, which also ends the event streams when told to stop: otherwise it
    would wait for those endless responses to finish."""

    def __init__(self, config: uvicorn.Config, site: Site) -> None:
        super().__init__(config)
        self.site = site

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        super().handle_exit(sig, frame)
        with contextlib.suppress(RuntimeError):  # no loop: nothing is streaming yet
            asyncio.get_running_loop().call_soon_threadsafe(self.site.close)


async def open_when_started(server: uvicorn.Server, url: str, wanted: bool) -> None:
    if not wanted:
        return
    while not server.started:
        await asyncio.sleep(0.05)
    await asyncio.to_thread(webbrowser.open, url)


@contextlib.contextmanager
def signals_noted() -> Iterator[list[int]]:
    """While serving, Ctrl-C and SIGTERM are uvicorn's to handle (a graceful stop); outside
    its own handling (just before it starts, and after it passes the signal on) they are only
    noted, so the clean-up is never cut short."""
    noted: list[int] = []

    def note(sig: int, _frame: FrameType | None) -> None:
        noted.append(sig)

    previous = {sig: signal.signal(sig, note) for sig in STOP_SIGNALS}
    try:
        yield noted
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
