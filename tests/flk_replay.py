"""A replay of the National Laws and Regulations Database API on 127.0.0.1, for tests.

It answers the documented endpoints (search list, details, signed download links, the signed
files themselves) from records a test registers: the real saved details responses in
../shared/fixtures/flk/ and records built to the documented shape. It is strict where the real
site is reported to be strict (the search body must carry exactly the documented fields, or the
answer is HTTP 500 "系统异常") and can be told to misbehave as the site does: 429, an HTML page
where JSON was expected, an empty answer, an expired signed link.

DOCX bodies are built here with python-docx from real texts of ../shared/corpus, so no law text
is kept in the repository.
"""

from __future__ import annotations

import copy
import json
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from conftest import SHARED

FIXTURES = SHARED / "fixtures" / "flk"
SEARCH_FIELDS = {"searchRange", "sxrq", "gbrq", "sxx", "searchType", "xgzlSearch", "searchContent",
                 "orderByParam", "flfgCodeId", "zdjgCodeId", "gbrqYear", "pageNum", "pageSize"}
SPA_SHELL = (b'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>\xe5\x9b\xbd\xe5\xae\xb6'
             b'\xe6\xb3\x95\xe5\xbe\x8b\xe6\xb3\x95\xe8\xa7\x84\xe6\x95\xb0\xe6\x8d\xae\xe5\xba\x93</title>'
             b'</head><body><div id="app"></div></body></html>')
EXPIRED = (b'<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code>'
           b'<Message>Request has expired</Message></Error>')


def real_details(name: str) -> dict:
    """The `data` record of a saved details response."""
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))["data"]


def docx_from_markdown(path: Path) -> bytes:
    """A DOCX holding the text of a corpus Markdown file (front-matter left out)."""
    import docx

    text = path.read_text(encoding="utf-8")
    body = text.split("\n---\n", 1)[1] if text.startswith("---\n") else text
    document = docx.Document()
    for line in body.splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith("#"):
            document.add_heading(line.lstrip("#").strip(), level=1 if line.startswith("# ") else 2)
        else:
            document.add_paragraph(line)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@dataclass
class Record:
    """One instrument version in the replayed database."""

    details: dict
    code: int
    files: dict[str, bytes] = field(default_factory=dict)
    #: Serve the details without the `data` wrapper (one report says the API does).
    flat: bool = False

    @property
    def bbbs(self) -> str:
        return self.details["bbbs"]


def record(bbbs: str, title: str, category: str, issuer: str, gbrq: str, sxrq: str, sxx: int, code: int,
           files: dict[str, bytes], lsyg: list[tuple[str, str]] | None = None) -> Record:
    """A details record in the documented shape; lsyg: (bbbs, gbrq) of every version, any order."""
    history = None
    if lsyg:
        history = [{"bbbs": i, "title": title, "gbrq": d, "highLight": i == bbbs}
                   for i, d in sorted(lsyg, key=lambda x: x[1], reverse=True)]
    details = {"bbbs": bbbs, "title": title, "flxz": category, "zdjgName": issuer, "gbrq": gbrq, "sxrq": sxrq,
               "sxx": sxx, "ossFile": {"ossWordPath": f"prod/{gbrq.replace('-', '')}/{bbbs}.docx" if "docx" in files
                                       else None,
                                       "ossPdfPath": f"prod/{gbrq.replace('-', '')}/{bbbs}.pdf" if "pdf" in files
                                       else None},
               "lsyg": history, "xgwj": [], "xgzl": [], "flfg": None, "content": None, "xfFlag": 0}
    return Record(details=details, code=code, files=files)


class FlkReplay:
    """The replayed database. `faults` maps a path prefix to answers to give instead of the
    real one, in order: 429, 500, 'html', 'empty', 'hang' (wait until `release` is set)."""

    def __init__(self) -> None:
        self.records: dict[str, Record] = {}
        self.faults: dict[str, list] = {}
        self.expire_first: set[str] = set()
        self.requests: list[str] = []
        self.bodies: list[dict] = []
        self.hung = threading.Event()
        self.release = threading.Event()
        self._tokens: dict[str, str] = {}
        self._issued = 0
        self._lock = threading.Lock()
        replay = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                replay._answer(self, None)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                replay._answer(self, self.rfile.read(length))

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}"

    def add(self, *records: Record) -> None:
        for item in records:
            self.records[item.bbbs] = item

    def count(self, prefix: str) -> int:
        return sum(1 for path in self.requests if path.startswith(prefix))

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()

    # -- answering -----------------------------------------------------------------------------

    def _answer(self, handler: BaseHTTPRequestHandler, body: bytes | None) -> None:
        path = handler.path
        with self._lock:
            self.requests.append(path)
            fault = next((queue.pop(0) for prefix, queue in self.faults.items()
                          if path.startswith(prefix) and queue), None)
        if fault == "hang":
            self.hung.set()
            self.release.wait(30)
            return
        if fault == 429:
            return self._send(handler, 429, b'{"code":429,"msg":"too many requests"}', "application/json",
                              {"Retry-After": "0"})
        if fault == 500:
            return self._send(handler, 500, b'{"code":500,"msg":"\xe7\xb3\xbb\xe7\xbb\x9f\xe5\xbc\x82\xe5\xb8\xb8"}',
                              "application/json")
        if fault == "html":
            return self._send(handler, 200, SPA_SHELL, "text/html;charset=utf-8")
        if fault == "empty":
            return self._send(handler, 200, b"", "application/json")
        parts = urlsplit(path)
        query = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        if parts.path == "/law-search/search/list" and body is not None:
            return self._search(handler, body)
        if parts.path == "/law-search/search/flfgDetails":
            item = self.records.get(query.get("bbbs", ""))
            if item is None:
                return self._json(handler, {"code": 500, "msg": "Required request parameter 'bbbs' is not present"})
            details = copy.deepcopy(item.details)
            return self._json(handler, details if item.flat else {"msg": "操作成功", "code": 200, "data": details})
        if parts.path == "/law-search/download/pc":
            return self._link(handler, query)
        if parts.path.startswith("/oss/"):
            return self._file(handler, parts)
        self._send(handler, 200, SPA_SHELL, "text/html;charset=utf-8")  # the SPA answers every other path

    def _search(self, handler, raw: bytes) -> None:
        try:
            body = json.loads(raw)
        except ValueError:
            body = None
        if (not isinstance(body, dict) or set(body) != SEARCH_FIELDS or not isinstance(body["orderByParam"], dict)
                or not isinstance(body["pageNum"], int) or body["pageNum"] < 1
                or handler.headers.get("Content-Type", "").split(";")[0] != "application/json"):
            return self._send(handler, 500, json.dumps({"code": 500, "msg": "系统异常"}).encode(), "application/json")
        self.bodies.append(body)
        codes, words = set(body["flfgCodeId"]), body["searchContent"]
        found = sorted((r for r in self.records.values()
                        if (not codes or r.code in codes) and words in r.details["title"]),
                       key=lambda r: (r.details["gbrq"], r.bbbs), reverse=True)
        start = (body["pageNum"] - 1) * body["pageSize"]
        rows = []
        for item in found[start:start + body["pageSize"]]:
            d = item.details
            # Titles come highlighted; sxx sometimes as a string (both are reported).
            title = re.sub(r"(法|条例|解释)$", r"<em class='highlight'>\1</em>", d["title"])
            rows.append({"bbbs": d["bbbs"], "title": title, "gbrq": d["gbrq"], "sxrq": d["sxrq"],
                         "sxx": str(d["sxx"]) if d["sxx"] == 3 else d["sxx"], "flxz": d["flxz"],
                         "zdjgName": d["zdjgName"], "zdjgCodeId": 110, "flfgCodeId": item.code,
                         "xgzlHighLight": None, "titleHightLightList": [], "score": 1.0})
        self._json(handler, {"code": 200, "msg": "查询成功", "total": len(found), "searchType": body["searchType"],
                             "searchContent": None, "rows": rows})

    def _link(self, handler, query: dict[str, str]) -> None:
        item = self.records.get(query.get("bbbs", ""))
        fmt = query.get("format")
        if item is None or fmt not in item.files:
            return self._json(handler, {"code": 200, "msg": "操作成功", "data": ""})
        with self._lock:
            self._issued += 1
            token = f"t{self._issued}"
            expired = item.bbbs in self.expire_first
            self.expire_first.discard(item.bbbs)
            self._tokens[token] = "expired" if expired else f"{item.bbbs}.{fmt}"
        url = (f"{self.base}/oss/prod/{item.bbbs}.{fmt}?response-content-disposition=attachment&"
               f"X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=3599&X-Amz-Signature={token}")
        self._json(handler, {"code": 200, "msg": "操作成功",
                             "data": {"url": url, "urlIn": "http://172.16.220.27:38080/law-search/file/download"}})

    def _file(self, handler, parts) -> None:
        token = parse_qs(parts.query).get("X-Amz-Signature", [""])[0]
        name = parts.path.rsplit("/", 1)[1]
        if self._tokens.get(token) != name:
            return self._send(handler, 403, EXPIRED, "application/xml")
        bbbs, fmt = name.split(".")
        self._send(handler, 200, self.records[bbbs].files[fmt], "application/octet-stream")

    def _json(self, handler, data: dict) -> None:
        self._send(handler, 200, json.dumps(data, ensure_ascii=False).encode("utf-8"), "application/json")

    @staticmethod
    def _send(handler, status: int, body: bytes, content_type: str, headers: dict | None = None) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            handler.send_header(key, value)
        handler.end_headers()
        handler.wfile.write(body)
