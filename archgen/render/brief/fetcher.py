"""The only way the PDF renderer may read anything: data: URLs that archgen wrote itself.

WeasyPrint's default fetcher reads local files and the network, so a `file:` picture, stylesheet,
`@import` or `<link rel=attachment>` in the HTML would copy that file into the PDF. The brief
embeds every picture as a data: URL, so anything else can only come from user text or a template
override: it stops the whole render with an error naming the URL, never a silently dropped picture.

WeasyPrint is imported only when a fetcher is built, so importing this module stays cheap.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from functools import cache
from typing import Any, Protocol
from urllib.parse import unquote_to_bytes

from archgen.problems import ArchgenError

# Relative URLs resolve against this base: no scheme joins paths onto it, so `../x.png` reaches
# the fetcher unchanged (and is refused) instead of being dropped with a logged warning.
REFUSING_BASE_URL = "archgen:"

DEFAULT_DATA_TYPE = "text/plain;charset=US-ASCII"  # RFC 2397, when the URL names no type
_SHOWN_URL_LENGTH = 120


class RestrictedFetcher(Protocol):
    """A WeasyPrint URL fetcher that also keeps every URL it refused, in order."""

    refused: list[str]

    def __call__(self, url: str) -> Any: ...


def restricted_fetcher() -> RestrictedFetcher:
    """A new WeasyPrint `url_fetcher` that serves data: URLs and refuses everything else.

    A refusal raises WeasyPrint's `FatalURLFetchingError` (a BaseException, so WeasyPrint lets
    it through) and is also recorded in `fetcher.refused`: WeasyPrint swallows even fatal errors
    raised while it draws an SVG, so call `raise_if_refused` after rendering.
    """
    fetcher_class, _ = _weasyprint_classes()
    fetcher: RestrictedFetcher = fetcher_class()
    return fetcher


def fatal_fetch_error() -> type[BaseException]:
    """WeasyPrint's exception class for a refused URL, to catch around a render."""
    _, error_class = _weasyprint_classes()
    return error_class


def raise_if_refused(refused: Sequence[str]) -> None:
    """Fail with an ArchgenError naming the first refused URL, if any was refused."""
    if refused:
        raise refusal_error(refused[0], more=len(refused) - 1)


def refusal_error(url: str, more: int = 0) -> ArchgenError:
    """The user-facing error for a URL the brief may not read."""
    others = f" (and {more} more)" if more else ""
    return ArchgenError(
        f"brief: refused to read {shown_url(url)}{others}; the PDF may only use pictures that "
        "archgen embeds itself (data: URLs), not files, relative paths or web addresses. "
        "Remove that link or picture from the model's text or from the template override."
    )


def shown_url(url: str) -> str:
    """The URL for an error message, shortened if it is a huge data: URL."""
    if len(url) <= _SHOWN_URL_LENGTH:
        return repr(url)
    return repr(url[:_SHOWN_URL_LENGTH] + "…")


def decode_data_url(url: str) -> tuple[str, bytes]:
    """Split a data: URL into its media type and decoded bytes (RFC 2397).

    Raises ValueError if `url` is not a well-formed data: URL.
    """
    scheme, _, rest = url.partition(":")
    if scheme.lower() != "data" or "," not in rest:
        raise ValueError(f"not a data: URL: {shown_url(url)}")
    header, _, payload = rest.partition(",")
    params = [p.strip() for p in header.split(";")]
    is_base64 = params[-1].lower() == "base64"
    if is_base64:
        params.pop()
    media_type = ";".join(params) if params and params[0] else DEFAULT_DATA_TYPE
    data = unquote_to_bytes(payload)
    if is_base64:
        try:
            data = base64.b64decode(b"".join(data.split()), validate=True)
        except binascii.Error as error:
            raise ValueError(f"malformed base64 in data: URL: {error}") from None
    return media_type, data


@cache
def _weasyprint_classes() -> tuple[type[Any], type[BaseException]]:
    """Build the fetcher and error classes once, importing WeasyPrint only when first needed."""
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

    class RefusedURL(FatalURLFetchingError):  # type: ignore[misc]
        """A URL the brief may not read; stops WeasyPrint's render."""

        def __init__(self, url: str) -> None:
            super().__init__(f"refused URL {shown_url(url)}")
            self.url = url

    class DataOnlyFetcher(URLFetcher):  # type: ignore[misc]
        """Serves data: URLs from memory; never opens a file, a socket or a handler."""

        def __init__(self) -> None:
            super().__init__(allowed_protocols=("data",), allow_redirects=False)
            self.refused: list[str] = []

        def fetch(self, url: str, headers: object = None) -> Any:
            try:
                media_type, data = decode_data_url(url)
            except ValueError:
                self.refused.append(url)
                raise RefusedURL(url) from None
            return URLFetcherResponse(url, data, {"Content-Type": media_type})

    return DataOnlyFetcher, RefusedURL
