"""Downloading one official text: politely (an honest User-Agent, one request at a time per
host with a pause between them, a few retries with exponential backoff) and defensively
(bounded redirects, https only, a size limit, and a body that must be complete and of the
format the catalogue expects before anyone may store it).

Uses the standard library only, so fetching needs nothing beyond policykb itself.
"""

from __future__ import annotations

import http.client
import platform
import time
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from email.message import Message
from io import BytesIO
from urllib.parse import urljoin, urlsplit

from .. import __version__
from .catalogue import url_problem
from .network import is_loopback

USER_AGENT = (f"policykb/{__version__} (fetches official texts of Chinese laws for a local search index; "
              f"Python/{platform.python_version()})")
MAX_BYTES = 20 * 1024 * 1024
_DECLARED_TYPES = {
    "html": ("text/html", "application/xhtml+xml"),
    "pdf": ("application/pdf", "application/x-pdf"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",),
    "doc": ("application/msword",),
}
#: Servers often label downloads generically; then the bytes themselves must show the format.
_GENERIC_TYPES = ("application/octet-stream", "binary/octet-stream", "application/download",
                  "application/force-download", "application/x-download")
_ACCEPT = {"html": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1", "pdf": "application/pdf,*/*;q=0.1",
           "docx": f"{_DECLARED_TYPES['docx'][0]},*/*;q=0.1", "doc": "application/msword,*/*;q=0.1"}
_REDIRECTS = (301, 302, 303, 307, 308)
_RETRY_STATUS = (408, 425, 429, 500, 502, 503, 504)
_VANISHED = (404, 410)


class DownloadError(Exception):
    """A download that cannot be used. `vanished`: the server says the page is gone;
    `unreachable`: no connection to the host could be made."""

    def __init__(self, message: str, *, status: int | None = None, vanished: bool = False,
                 retryable: bool = False, retry_after: float | None = None, unreachable: bool = False) -> None:
        super().__init__(message)
        self.status = status
        self.vanished = vanished
        self.retryable = retryable
        self.retry_after = retry_after
        self.unreachable = unreachable


@dataclass(frozen=True)
class Download:
    url: str
    final_url: str
    body: bytes
    content_type: str


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Redirects are followed by Downloader itself, so each hop is checked and counted."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class Downloader:
    """Fetches URLs one at a time; waits `delay` seconds between requests to the same host.
    A host that could not be reached after all retries is not tried again in this run, so an
    offline machine learns it in seconds rather than after every source's retries."""

    def __init__(self, *, timeout: float = 30.0, retries: int = 3, backoff: float = 1.0, delay: float = 1.0,
                 max_redirects: int = 5, max_bytes: int = MAX_BYTES,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.delay = delay
        self.max_redirects = max_redirects
        self.max_bytes = max_bytes
        self._sleep = sleep
        self._last_request: dict[str, float] = {}
        self._unreachable: dict[str, str] = {}
        self._proxied = urllib.request.build_opener(_NoRedirect)
        # Loopback requests must never be sent to a proxy named in the environment.
        self._direct = urllib.request.build_opener(_NoRedirect, urllib.request.ProxyHandler({}))

    def get(self, url: str, fmt: str) -> Download:
        """Download `url`, expecting `fmt` (html, pdf or docx); raise DownloadError if unusable."""
        host = (urlsplit(url).hostname or "").lower()
        if host in self._unreachable:
            raise DownloadError(f"not tried: {host} could not be reached earlier ({self._unreachable[host]})",
                                unreachable=True)
        attempts = self.retries + 1
        for attempt in range(attempts):
            try:
                return self._follow(url, fmt)
            except DownloadError as exc:
                if not exc.retryable or attempt == attempts - 1:
                    if exc.unreachable:
                        self._unreachable[host] = str(exc)
                    if attempts > 1 and exc.retryable:
                        raise DownloadError(f"{exc} (after {attempts} attempts)", status=exc.status,
                                            vanished=exc.vanished, unreachable=exc.unreachable) from None
                    raise
                wait = self.backoff * 2 ** attempt
                if exc.retry_after is not None:
                    wait = max(wait, min(exc.retry_after, 60.0))
                self._sleep(wait)
        raise AssertionError("unreachable")

    def _follow(self, url: str, fmt: str) -> Download:
        seen = [url]
        current = url
        while True:
            problem = url_problem(current)
            if problem:
                raise DownloadError(f"refused {current}: {problem}")
            target = self._request(current, fmt)
            if isinstance(target, Download):
                return Download(url=url, final_url=current, body=target.body, content_type=target.content_type)
            if target in seen:
                raise DownloadError("redirect loop: " + " → ".join([*seen[seen.index(target):], target]))
            if len(seen) > self.max_redirects:
                raise DownloadError(f"more than {self.max_redirects} redirects, last to {target}")
            seen.append(target)
            current = target

    def _request(self, url: str, fmt: str) -> Download | str:
        """One HTTP request: the download, or the URL a redirect points to."""
        host = (urlsplit(url).hostname or "").lower()
        self._wait_for(host)
        request = urllib.request.Request(url, headers={
            "User-Agent": USER_AGENT, "Accept": _ACCEPT[fmt], "Accept-Encoding": "identity"})
        opener = self._direct if is_loopback(host) else self._proxied
        try:
            with opener.open(request, timeout=self.timeout) as response:
                content_type = response.headers.get("Content-Type", "")
                body = self._read(response)
        except urllib.error.HTTPError as exc:
            try:
                return self._http_error(url, exc)
            finally:
                exc.close()
        except TimeoutError:
            raise DownloadError(f"no answer within {self.timeout:g} s", retryable=True) from None
        except urllib.error.URLError as exc:
            reason = exc.reason
            if isinstance(reason, TimeoutError):
                raise DownloadError(f"no connection within {self.timeout:g} s", retryable=True,
                                    unreachable=True) from None
            raise DownloadError(f"cannot connect: {reason}", retryable=True, unreachable=True) from None
        except (http.client.HTTPException, ConnectionError) as exc:
            raise DownloadError(f"connection broken: {exc.__class__.__name__} {exc}", retryable=True) from None
        finally:
            self._last_request[host] = time.monotonic()
        check_content(body, content_type, fmt)
        return Download(url=url, final_url=url, body=body, content_type=content_type)

    def _wait_for(self, host: str) -> None:
        last = self._last_request.get(host)
        if last is not None:
            remaining = self.delay - (time.monotonic() - last)
            if remaining > 0:
                self._sleep(remaining)

    def _read(self, response) -> bytes:
        expected = response.headers.get("Content-Length")
        deadline = time.monotonic() + max(self.timeout * 10, 60.0)
        buffer = bytearray()
        while True:
            block = response.read(65536)
            if not block:
                break
            buffer.extend(block)
            if len(buffer) > self.max_bytes:
                raise DownloadError(f"larger than the {self.max_bytes // 2**20} MB limit")
            if time.monotonic() > deadline:
                raise DownloadError("download too slow; gave up", retryable=True)
        if expected is not None and expected.strip().isdigit() and int(expected) != len(buffer):
            raise DownloadError(f"truncated: received {len(buffer)} of {int(expected)} bytes", retryable=True)
        if not buffer:
            raise DownloadError("empty response", retryable=True)
        return bytes(buffer)

    def _http_error(self, url: str, exc: urllib.error.HTTPError) -> str:
        status = exc.code
        if status in _REDIRECTS:
            location = exc.headers.get("Location")
            if not location:
                raise DownloadError(f"HTTP {status} redirect without a Location", status=status)
            return urljoin(url, location)
        if status in _VANISHED:
            raise DownloadError(f"HTTP {status}: the page is gone", status=status, vanished=True)
        raise DownloadError(f"HTTP {status} {exc.reason}", status=status, retryable=status in _RETRY_STATUS,
                            retry_after=_retry_after(exc.headers))


def _retry_after(headers: Message | None) -> float | None:
    value = (headers or {}).get("Retry-After", "")
    return float(value) if value.strip().isdigit() else None


def media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def check_content(body: bytes, content_type: str, fmt: str) -> None:
    """Refuse a body that is not the expected format: the declared type must fit (or be a
    generic download type) and the bytes must look like it, so an HTML error page served with
    status 200 never replaces a PDF."""
    declared = media_type(content_type)
    if declared and declared not in _DECLARED_TYPES[fmt] and not (fmt != "html" and declared in _GENERIC_TYPES):
        raise DownloadError(f"wrong content type: expected {fmt}, server sent {declared}")
    if not _looks_like(body, fmt):
        raise DownloadError(f"wrong content: the body is not {fmt}"
                            + (f" (server said {declared})" if declared else ""))


def _looks_like(body: bytes, fmt: str) -> bool:
    head = body[:1024].lstrip()
    if fmt == "pdf":
        return head.startswith(b"%PDF-")
    if fmt == "doc":
        return body.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
    if fmt == "docx":
        if not body.startswith(b"PK\x03\x04"):
            return False
        try:
            with zipfile.ZipFile(BytesIO(body)) as archive:
                return "word/document.xml" in archive.namelist()
        except zipfile.BadZipFile:
            return False
    lowered = body[:4096].lower()
    return not head.startswith((b"%PDF-", b"PK\x03\x04")) and (b"<html" in lowered or b"<!doctype html" in lowered
                                                               or b"<body" in lowered)
