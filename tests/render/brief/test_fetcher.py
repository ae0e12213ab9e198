"""The PDF renderer's URL fetcher serves data: URLs from memory and refuses everything else."""

from __future__ import annotations

import base64

import pytest

from archgen.problems import ArchgenError
from archgen.render.brief.fetcher import (
    DEFAULT_DATA_TYPE,
    decode_data_url,
    fatal_fetch_error,
    raise_if_refused,
    refusal_error,
    restricted_fetcher,
)


def test_decodes_base64_data_url() -> None:
    payload = base64.b64encode(b"<svg/>").decode()
    assert decode_data_url(f"data:image/svg+xml;base64,{payload}") == ("image/svg+xml", b"<svg/>")


def test_decodes_percent_encoded_data_url_with_default_type() -> None:
    assert decode_data_url("data:,a%20b") == (DEFAULT_DATA_TYPE, b"a b")
    assert decode_data_url("DATA:text/css;charset=utf-8,p{}") == ("text/css;charset=utf-8", b"p{}")


def test_base64_may_be_wrapped_over_lines() -> None:
    assert decode_data_url("data:text/plain;base64,aGVs\n bG8=") == ("text/plain", b"hello")


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://169.254.169.254/",
        "https://example.com/x.png",
        "ftp://example.com/x",
        "../x.png",
        "data-not:x,y",
        "data:text/plain;base64",
        "data:text/plain;base64,!!!not base64!!!",
    ],
)
def test_rejects_everything_but_well_formed_data_urls(url: str) -> None:
    with pytest.raises(ValueError):
        decode_data_url(url)


def test_fetcher_serves_data_url_with_its_type() -> None:
    fetcher = restricted_fetcher()
    response = fetcher("data:text/yaml;base64," + base64.b64encode(b"a: 1\n").decode())
    assert response.read() == b"a: 1\n"
    assert response.content_type == "text/yaml"
    assert fetcher.refused == []


@pytest.mark.parametrize("url", ["file:///etc/passwd", "http://169.254.169.254/", "x.css"])
def test_fetcher_refusal_is_fatal_for_weasyprint_and_recorded(url: str) -> None:
    fetcher = restricted_fetcher()
    fatal = fatal_fetch_error()
    assert not issubclass(fatal, Exception)  # WeasyPrint catches Exception, not this
    with pytest.raises(fatal):
        fetcher(url)
    assert fetcher.refused == [url]


def test_each_fetcher_keeps_its_own_refusals() -> None:
    first, second = restricted_fetcher(), restricted_fetcher()
    with pytest.raises(fatal_fetch_error()):
        first("file:///etc/hosts")
    assert second.refused == []


def test_refusal_error_names_the_url_and_shortens_huge_ones() -> None:
    assert "'file:///etc/passwd'" in refusal_error("file:///etc/passwd").message
    huge = "data:image/png;base64," + "A" * 10_000 + "!"
    message = refusal_error(huge).message
    assert huge[:60] in message
    assert len(message) < 500


def test_raise_if_refused_counts_the_others() -> None:
    raise_if_refused([])
    with pytest.raises(ArchgenError, match=r"'a\.png' \(and 2 more\)"):
        raise_if_refused(["a.png", "b.png", "c.png"])
