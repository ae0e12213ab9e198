"""Where the preview listens: loopback by default, never a wildcard, Host names it answers to."""

from __future__ import annotations

import socket

import pytest

from archgen.problems import ArchgenError
from archgen.serve.server import Address, bind, parse_host


@pytest.mark.parametrize(
    ("given", "ip"),
    [("127.0.0.1", "127.0.0.1"), ("localhost", "127.0.0.1"), ("::1", "::1"), ("[::1]", "::1"),
     ("192.168.1.20", "192.168.1.20"), (" 127.0.0.2 ", "127.0.0.2")],
)  # fmt: skip
def test_host_takes_an_ip_address(given: str, ip: str) -> None:
    assert parse_host(given) == ip


@pytest.mark.parametrize("given", ["0.0.0.0", "::", "[::]", "example.com", "", "127.0.0.1:80"])
def test_host_refuses_a_wildcard_or_a_name(given: str) -> None:
    with pytest.raises(ArchgenError):
        parse_host(given)


def test_the_host_headers_accepted_are_the_address_and_port_only() -> None:
    assert Address("127.0.0.1", 8000).host_headers() == {"127.0.0.1:8000", "localhost:8000"}
    assert Address("::1", 8000).host_headers() == {"[::1]:8000", "localhost:8000"}
    assert Address("::1", 8000).url == "http://[::1]:8000/"
    lan = Address("192.168.1.20", 8000)
    assert lan.host_headers() == {"192.168.1.20:8000"} and not lan.loopback


def test_port_zero_takes_a_free_port_and_a_taken_one_is_reported() -> None:
    sock, address = bind("127.0.0.1", 0)
    try:
        assert address.port > 0 and sock.getsockname() == ("127.0.0.1", address.port)
        with pytest.raises(ArchgenError, match=r"cannot listen on 127\.0\.0\.1:\d+: .*--port"):
            bind("127.0.0.1", address.port)
    finally:
        sock.close()
    assert isinstance(sock, socket.socket)
