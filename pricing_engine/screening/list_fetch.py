"""Download one list file over HTTPS: conditional, size-limited, whole or refused.

Standard library only (``urllib.request``): one GET per file with ``If-None-Match`` /
``If-Modified-Since`` when an earlier download's validators are known (a 304 means the copy
in hand is current), a size limit checked against ``Content-Length`` and while reading, a
body shorter than its ``Content-Length`` refused, an HTML page (a portal's error or login
page served with 200, told by its first bytes: servers mislabel content types) refused, and
redirects followed only to https addresses (or http to localhost, for tests). Every failure
is a :class:`FetchError` whose message is one line naming the URL.
"""

from __future__ import annotations

import http.client
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import IO

from pricing_engine import __version__
from pricing_engine.errors import PricingEngineError
from pricing_engine.screening.list_sources import ListSourceError, check_url

__all__ = ["DEFAULT_MAX_BYTES", "FetchError", "Fetched", "fetch", "http_date"]

#: The largest file accepted (the EU XML is about 25 MB, the UK CSV about 50 MB).
DEFAULT_MAX_BYTES = 256 * 1024 * 1024
_CHUNK = 1 << 16
_HTML = (b"<!doctype html", b"<html")


class FetchError(PricingEngineError, OSError):
    """A download failed or was refused; the message names the URL."""


@dataclass(frozen=True, slots=True)
class Fetched:
    """The answer for one file: saved to ``path``, or ``not_modified`` (HTTP 304)."""

    url: str
    not_modified: bool
    etag: str | None
    last_modified: str | None
    size: int = 0


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only to an https address (or http to localhost)."""

    def redirect_request(self, req: urllib.request.Request, fp: IO[bytes], code: int,
                         msg: str, headers: http.client.HTTPMessage,
                         newurl: str) -> urllib.request.Request | None:
        try:
            check_url(newurl)
        except ListSourceError as exc:
            raise FetchError(f"{req.full_url}: redirected to {newurl}, refused: not https")\
                from exc
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def http_date(text: str | None) -> str | None:
    """Return the ISO date of an HTTP date header, or None.

    >>> http_date("Wed, 21 Oct 2026 07:28:00 GMT"), http_date("soon")
    ('2026-10-21', None)
    """
    if not text:
        return None
    try:
        return parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError):
        return None


def _request(url: str, etag: str | None, last_modified: str | None) -> urllib.request.Request:
    headers = {"User-Agent": f"pricing-engine/{__version__} (lists update)",
               "Accept-Encoding": "identity"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return urllib.request.Request(check_url(url), headers=headers)


def fetch(url: str, target: Path, *, etag: str | None = None, last_modified: str | None = None,
          max_bytes: int = DEFAULT_MAX_BYTES, timeout: float = 60.0) -> Fetched:
    """GET ``url`` into ``target`` (conditionally, given an earlier ``etag``/``last_modified``).

    Raise :class:`FetchError` for a network or HTTP error, a body over ``max_bytes`` or
    shorter than announced, or an HTML page.
    """
    opener = urllib.request.build_opener(_Redirects())
    try:
        with opener.open(_request(url, etag, last_modified), timeout=timeout) as response:
            headers = response.headers
            announced = headers.get("Content-Length")
            if announced is not None and announced.isdigit() and int(announced) > max_bytes:
                raise FetchError(f"{url}: {int(announced):,} bytes, over the limit of "
                                 f"{max_bytes:,}")
            size = _save(response, target, url, max_bytes)
            if announced is not None and announced.isdigit() and size != int(announced):
                raise FetchError(f"{url}: truncated: got {size:,} of {int(announced):,} bytes")
            return Fetched(url, False, headers.get("ETag"), headers.get("Last-Modified"), size)
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return Fetched(url, True, exc.headers.get("ETag") or etag,
                           exc.headers.get("Last-Modified") or last_modified)
        raise FetchError(f"{url}: HTTP {exc.code} {exc.reason}") from None
    except http.client.IncompleteRead as exc:
        raise FetchError(f"{url}: truncated: the connection closed after "
                         f"{len(exc.partial):,} bytes of the body") from None
    except urllib.error.URLError as exc:
        raise FetchError(f"{url}: cannot download: {exc.reason}") from None
    except (OSError, http.client.HTTPException) as exc:
        if isinstance(exc, FetchError):
            raise
        raise FetchError(f"{url}: cannot download: {type(exc).__name__}: {exc}") from None


def _save(response: IO[bytes], target: Path, url: str, max_bytes: int) -> int:
    size = 0
    with open(target, "wb") as out:
        while chunk := response.read(_CHUNK):
            if size == 0 and chunk.lstrip(b"\xef\xbb\xbf \t\r\n")[:14].lower().startswith(_HTML):
                raise FetchError(f"{url}: the server sent an HTML page, not a list file")
            size += len(chunk)
            if size > max_bytes:
                raise FetchError(f"{url}: more than the limit of {max_bytes:,} bytes")
            out.write(chunk)
    return size
