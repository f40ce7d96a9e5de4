"""A client for the National Laws and Regulations Database (国家法律法规数据库, flk.npc.gov.cn)
and its API as rebuilt in 2025: search list, details, and downloads through signed links.

Facts about the API and where each was seen: docs/corpus.md (from the public reports collected
in the project's research notes). The client is polite (one request at a time, a pause between
requests, backoff on 429/5xx and on the HTML page the site serves where JSON was expected) and
careful: a signed download link is never kept, only asked for when needed and asked for again
when it has expired; a downloaded file is sniffed by its bytes, not its name, because the
database still serves some older texts as Word 97 (.doc) files under a .docx link.

Uses the standard library only. The base URL comes from POLICYKB_FLK_BASE, so a mirror or a
test server on 127.0.0.1 can stand in for the site (plain http only on loopback).
"""

from __future__ import annotations

import html
import http.client
import json
import os
import re
import time
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

from .catalogue import url_problem
from .download import MAX_BYTES, USER_AGENT
from .network import is_loopback

BASE_ENV = "POLICYKB_FLK_BASE"
DEFAULT_BASE = "https://flk.npc.gov.cn"
#: 法律法规分类 codes (flfgCodeId) of each kind, leaf categories of the site's enumData tree.
#: 修正案 (195) and the 修改、废止的决定 categories (200, 215, 310, 350) are left out: they amend
#: texts the collection holds in their amended form.
KINDS: dict[str, tuple[int, ...]] = {
    "法律": (100, 110, 120, 130, 140, 150, 155, 160, 170, 180, 190),
    "行政法规": (210,),
    "监察法规": (220,),
    "司法解释": (320, 330, 340),
    "地方性法规": (230, 260, 270, 290, 295, 300, 305),
}
DEFAULT_KINDS = ("法律", "行政法规", "司法解释")
#: 时效性 (sxx) codes of the current API.
STATUS_BY_SXX = {1: "repealed", 2: "amended", 3: "in_force", 4: "not_yet_in_force"}
#: 法律性质 (flxz) values to policykb's levels.
LEVEL_BY_CATEGORY = {
    "宪法": "law", "法律": "law", "法律解释": "law", "有关法律问题和重大问题的决定": "law",
    "行政法规": "administrative_regulation", "监察法规": "administrative_regulation",
    "地方法规": "local_regulation", "地方性法规": "local_regulation", "自治条例": "local_regulation",
    "单行条例": "local_regulation", "经济特区法规": "local_regulation", "司法解释": "judicial_interpretation",
}
LEVEL_BY_KIND = {"法律": "law", "行政法规": "administrative_regulation", "监察法规": "administrative_regulation",
                 "司法解释": "judicial_interpretation", "地方性法规": "local_regulation"}
#: Formats a download may turn out to be, by its first bytes.
SUFFIXES = {"docx": ".docx", "pdf": ".pdf", "doc": ".doc"}
_RETRY_STATUS = (408, 425, 429, 500, 502, 503, 504)
_ID = re.compile(r"^[0-9a-f]{32}$")
_TAG = re.compile(r"<[^>]*>")
#: How often an expired or refused signed link is asked for again.
_LINK_RENEWALS = 2


class FlkError(Exception):
    """A request to the database that could not be answered usefully."""

    def __init__(self, message: str, *, status: int | None = None, retryable: bool = False,
                 retry_after: float | None = None, vanished: bool = False) -> None:
        super().__init__(message)
        self.status = status
        self.retryable = retryable
        self.retry_after = retry_after
        self.vanished = vanished


@dataclass(frozen=True)
class Listing:
    """One row of the search list: an instrument version as the database lists it."""

    id: str
    title: str
    promulgated: str | None
    effective: str | None
    sxx: int | None
    category: str | None
    issuer: str | None

    @property
    def status(self) -> str | None:
        return STATUS_BY_SXX.get(self.sxx) if self.sxx is not None else None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "promulgated": self.promulgated, "effective": self.effective,
                "sxx": self.sxx, "category": self.category, "issuer": self.issuer}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Listing:
        return cls(**{k: data.get(k) for k in ("id", "title", "promulgated", "effective", "sxx", "category",
                                               "issuer")})


@dataclass(frozen=True)
class SearchPage:
    total: int
    rows: list[Listing]


@dataclass(frozen=True)
class FlkFile:
    """A downloaded text: its bytes, the format they turned out to be, and where they came
    from (the signed link without its signature, which expires within the hour)."""

    body: bytes
    format: str
    url: str
    content_type: str


def clean_title(title: str) -> str:
    """A title without the search highlighting (<em class='highlight'>) or entities."""
    return " ".join(html.unescape(_TAG.sub("", title or "")).split())


def sniff(body: bytes) -> str | None:
    """docx, pdf or doc from the first bytes (a DOCX must hold word/document.xml); else None."""
    if body.startswith(b"%PDF-"):
        return "pdf"
    if body.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"
    if body.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(BytesIO(body)) as archive:
                return "docx" if "word/document.xml" in archive.namelist() else None
        except zipfile.BadZipFile:
            return None
    return None


def base_url(value: str | None = None) -> str:
    """The database's base URL: the argument, else $POLICYKB_FLK_BASE, else the official site."""
    base = (value or os.environ.get(BASE_ENV) or DEFAULT_BASE).rstrip("/")
    problem = url_problem(base + "/")
    if problem:
        raise ValueError(f"{BASE_ENV}={base!r}: {problem}")
    return base


def valid_flk_id(value: str) -> bool:
    return bool(_ID.match(value or ""))


def _date(value: Any) -> str | None:
    text = str(value or "").strip()[:10]
    return text if re.match(r"^\d{4}-\d{2}-\d{2}$", text) else None


def _sxx(value: Any) -> int | None:
    try:
        return int(value)  # an int in details, sometimes a string in list rows
    except (TypeError, ValueError):
        return None


def listing(row: dict[str, Any]) -> Listing | None:
    """A search row or details record as a Listing; None when it has no usable id."""
    bbbs = str(row.get("bbbs") or "").strip().lower()
    if not valid_flk_id(bbbs):
        return None
    return Listing(id=bbbs, title=clean_title(str(row.get("title") or "")), promulgated=_date(row.get("gbrq")),
                   effective=_date(row.get("sxrq")), sxx=_sxx(row.get("sxx")),
                   category=(row.get("flxz") or None), issuer=(row.get("zdjgName") or None))


class FlkClient:
    """One request at a time, `delay` seconds apart per host (the signed files are served by an
    object store, not the database's API); retries with exponential backoff."""

    def __init__(self, base: str | None = None, *, delay: float = 1.0, timeout: float = 30.0, retries: int = 4,
                 backoff: float = 2.0, max_bytes: int = MAX_BYTES,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.base = base_url(base)
        self.delay = delay
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.max_bytes = max_bytes
        self._sleep = sleep
        self._last: dict[str, float] = {}
        self.requests = 0
        self._proxied = urllib.request.build_opener()
        # Loopback requests must never be sent to a proxy named in the environment.
        self._direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def page_url(self, bbbs: str) -> str:
        """The database's own page of an instrument, for citing it."""
        return f"{self.base}/detail?id={bbbs}"

    # -- the API ---------------------------------------------------------------------------

    def search(self, codes: tuple[int, ...], page: int, size: int, *, title: str = "") -> SearchPage:
        """One page of the search list (pages count from 1), newest first."""
        body = {"searchRange": 1, "sxrq": [], "gbrq": [], "sxx": [], "searchType": 2 if not title else 1,
                "xgzlSearch": False, "searchContent": title, "orderByParam": {"order": "-1", "sort": ""},
                "flfgCodeId": list(codes), "zdjgCodeId": [], "gbrqYear": [], "pageNum": page, "pageSize": size}
        data = self._json("POST", "/law-search/search/list", body)
        rows = data.get("rows")
        if not isinstance(rows, list):
            raise FlkError(f"search answer without a 'rows' list (keys: {', '.join(sorted(data))})")
        try:
            total = int(data.get("total") or 0)
        except (TypeError, ValueError):
            total = 0
        return SearchPage(total=total, rows=[r for r in map(listing, (x for x in rows if isinstance(x, dict))) if r])

    def find(self, title: str, date: str | None = None, *, current: bool = False) -> Listing:
        """The version of the instrument called `title` (exactly) promulgated on `date`; without
        a match by date, with `current`, the version in force. FlkError says what was found."""
        rows = [r for r in self.search((), 1, 50, title=title).rows if _same_title(r.title, title)]
        if not rows:
            raise FlkError(f"no instrument titled {title!r} in the database", vanished=True)
        dated = [r for r in rows if date and r.promulgated == date]
        in_force = [r for r in rows if r.status == "in_force"]
        if dated:
            return dated[0]
        if current and len(in_force) == 1:
            return in_force[0]
        versions = ", ".join(f"{r.promulgated} ({r.status})" for r in rows)
        raise FlkError(f"{title!r}: no version dated {date or '(no date given)'} among {versions}")

    def details(self, bbbs: str) -> dict[str, Any]:
        """The details record (accepting both the `data`-wrapped and the flat form)."""
        data = self._json("GET", "/law-search/search/flfgDetails?" + urlencode({"bbbs": bbbs}))
        record = data.get("data", data) if isinstance(data.get("data", data), dict) else None
        if record is None or str(record.get("bbbs") or "").lower() != bbbs:
            raise FlkError(f"details of {bbbs}: the answer is not about this instrument")
        return record

    def signed_link(self, bbbs: str, fmt: str) -> str | None:
        """A fresh signed link to the text in `fmt` (docx or pdf); None when there is none."""
        query = urlencode({"format": fmt, "bbbs": bbbs, "fileId": ""})
        data = self._json("GET", f"/law-search/download/pc?{query}", referer=self.page_url(bbbs))
        inner = data.get("data")
        url = inner.get("url") if isinstance(inner, dict) else None
        if not url:
            return None
        problem = url_problem(url)
        if problem:
            raise FlkError(f"signed link refused: {problem}")
        return url

    def download(self, bbbs: str, formats: tuple[str, ...] = ("docx", "pdf")) -> FlkFile:
        """The text as a file: DOCX, else PDF; a link that expired before use is asked for again."""
        problems: list[str] = []
        for fmt in formats:
            for renewal in range(_LINK_RENEWALS + 1):
                url = self.signed_link(bbbs, fmt)
                if url is None:
                    problems.append(f"no {fmt} offered")
                    break
                try:
                    body, content_type = self._get(url, accept="*/*", expect_json=False)
                except FlkError as exc:
                    if exc.status in (400, 403) and renewal < _LINK_RENEWALS:
                        continue  # expired signature: ask for a new link
                    raise
                kind = sniff(body)
                if kind is None:
                    raise FlkError(f"the {fmt} download of {bbbs} is not a DOCX, PDF or DOC file "
                                   f"(starts {body[:8]!r})")
                return FlkFile(body=body, format=kind, url=_unsigned(url), content_type=content_type)
        raise FlkError(f"no text file for {bbbs}: {'; '.join(problems)}")

    # -- HTTP --------------------------------------------------------------------------------

    def _json(self, method: str, path: str, body: dict | None = None, *, referer: str | None = None) -> dict:
        raw, _ = self._get(self.base + path, method=method, body=body, accept="application/json", referer=referer,
                           expect_json=True)
        data = json.loads(raw)
        code = data.get("code")
        if code is not None and str(code) != "200":
            message = data.get("msg") or "no message"
            raise FlkError(f"{path.split('?')[0]}: the database answered code {code} ({message})", status=_sxx(code))
        return data

    def _get(self, url: str, *, method: str = "GET", body: dict | None = None, accept: str,
             referer: str | None = None, expect_json: bool) -> tuple[bytes, str]:
        attempts = self.retries + 1
        for attempt in range(attempts):
            try:
                return self._once(url, method, body, accept, referer, expect_json)
            except FlkError as exc:
                if not exc.retryable or attempt == attempts - 1:
                    if exc.retryable and attempts > 1:
                        raise FlkError(f"{exc} (after {attempts} attempts)", status=exc.status) from None
                    raise
                wait = self.backoff * 2 ** attempt
                if exc.retry_after is not None:
                    wait = max(wait, min(exc.retry_after, 120.0))
                self._sleep(wait)
        raise AssertionError("unreachable")

    def _once(self, url: str, method: str, body: dict | None, accept: str, referer: str | None,
              expect_json: bool) -> tuple[bytes, str]:
        problem = url_problem(url)
        if problem:
            raise FlkError(f"refused {url}: {problem}")
        host = (urlsplit(url).hostname or "").lower()
        headers = {"User-Agent": USER_AGENT, "Accept": accept, "Accept-Encoding": "identity",
                   "Referer": referer or f"{self.base}/search"}
        data = None
        if body is not None:
            data = json.dumps(body, ensure_ascii=False).encode("utf-8")
            headers["Content-Type"] = "application/json;charset=utf-8"
        request = urllib.request.Request(url, data=data, method=method, headers=headers)
        self._pause(host)
        opener = self._direct if is_loopback(host) else self._proxied
        where = urlsplit(url).path
        try:
            self.requests += 1
            with opener.open(request, timeout=self.timeout) as response:
                content_type = response.headers.get("Content-Type", "")
                raw = self._read(response)
        except urllib.error.HTTPError as exc:
            with exc:
                status = exc.code
                retry_after = exc.headers.get("Retry-After", "") if exc.headers else ""
                raise FlkError(f"{where}: HTTP {status} {exc.reason}", status=status,
                               retryable=status in _RETRY_STATUS, vanished=status in (404, 410),
                               retry_after=float(retry_after) if retry_after.strip().isdigit() else None) from None
        except (TimeoutError, urllib.error.URLError, http.client.HTTPException, ConnectionError) as exc:
            reason = getattr(exc, "reason", exc)
            raise FlkError(f"{where}: cannot reach {host} ({reason})", retryable=True) from None
        finally:
            self._last[host] = time.monotonic()
        if not raw:
            raise FlkError(f"{where}: empty answer (the site does this when it limits requests)", retryable=True)
        if expect_json:
            head = raw[:512].lstrip().lower()
            if "html" in content_type.lower() or head.startswith((b"<!doctype", b"<html", b"<")):
                raise FlkError(f"{where}: an HTML page where JSON was expected (the site's front page or a "
                               "block page)", retryable=True)
            try:
                parsed = json.loads(raw)
            except (UnicodeDecodeError, json.JSONDecodeError):
                raise FlkError(f"{where}: the answer is not JSON", retryable=True) from None
            if not isinstance(parsed, dict):
                raise FlkError(f"{where}: the answer is not a JSON object")
        return raw, content_type

    def _pause(self, host: str) -> None:
        if host in self._last:
            remaining = self.delay - (time.monotonic() - self._last[host])
            if remaining > 0:
                self._sleep(remaining)

    def _read(self, response) -> bytes:
        expected = response.headers.get("Content-Length")
        buffer = bytearray()
        while block := response.read(65536):
            buffer.extend(block)
            if len(buffer) > self.max_bytes:
                raise FlkError(f"larger than the {self.max_bytes // 2**20} MB limit")
        if expected and expected.strip().isdigit() and int(expected) != len(buffer):
            raise FlkError(f"truncated: received {len(buffer)} of {int(expected)} bytes", retryable=True)
        return bytes(buffer)


def _same_title(found: str, wanted: str) -> bool:
    return "".join(found.split()) == "".join(wanted.split())


def _unsigned(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
