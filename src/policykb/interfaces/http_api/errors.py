"""The one place where errors become HTTP answers: policykb's own errors, request
validation, unknown routes and oversized bodies all come back as
``{"error": {"status", "code", "message", "details"}}`` and the server keeps serving.
Every code used here is in schemas.ERROR_CODES, which /openapi.json lists."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from ...errors import (
    ConfigError,
    IndexIncompatible,
    IndexNotFound,
    NoSuchArticle,
    PolicyKBError,
    QueryError,
    UnknownInstrument,
)
from .schemas import ERROR_CODES

log = logging.getLogger("policykb.http")

#: policykb error -> (HTTP status, code). The first class that matches wins.
STATUS_OF = (
    (UnknownInstrument, 404, "unknown_instrument"),
    (NoSuchArticle, 404, "no_such_article"),
    (QueryError, 422, "query_error"),
    (IndexNotFound, 503, "index_unavailable"),
    (IndexIncompatible, 503, "index_unavailable"),
    (ConfigError, 503, "index_unavailable"),
    (PolicyKBError, 500, "policykb_error"),
)


#: HTTP status -> code for errors raised as HTTPException (by Starlette, FastAPI or limits.py).
HTTP_CODES = {400: "malformed_json", 404: "not_found", 405: "method_not_allowed", 413: "body_too_large",
              415: "unsupported_media_type"}
FALLBACK_HTTP_CODE = "http_error"
assert {code for _, _, code in STATUS_OF} | set(HTTP_CODES.values()) | {FALLBACK_HTTP_CODE} <= set(ERROR_CODES)


def error_response(status: int, code: str, message: str, details: list[dict] | None = None) -> JSONResponse:
    body = {"status": status, "code": code, "message": message}
    if details:
        body["details"] = details
    return JSONResponse({"error": body}, status_code=status)


def _field(location: tuple) -> str:
    parts = [str(p) for p in location if p not in ("query", "body", "path")]
    return ".".join(parts) or "body"


async def _policykb_error(request: Request, exc: PolicyKBError) -> JSONResponse:
    for kind, status, code in STATUS_OF:
        if isinstance(exc, kind):
            return error_response(status, code, str(exc))
    return error_response(500, "policykb_error", str(exc))  # pragma: no cover - PolicyKBError is last


async def _invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = exc.errors()
    if any(e.get("type") == "json_invalid" for e in errors):
        where = next(e for e in errors if e.get("type") == "json_invalid")
        position = where.get("loc", ("body", "?"))[-1]
        message = f"the request body is not valid JSON (error at position {position})"
        return error_response(400, "malformed_json", message)
    details = [{"field": _field(e.get("loc", ())), "message": e.get("msg", "invalid")} for e in errors]
    message = "; ".join(f"{d['field']}: {d['message']}" for d in details)
    return error_response(422, "invalid_request", message, details)


async def _http_error(request: Request, exc: HTTPException) -> JSONResponse:
    code = HTTP_CODES.get(exc.status_code, FALLBACK_HTTP_CODE)
    message = str(exc.detail)
    if exc.status_code == 400:  # FastAPI could not read a JSON body; the cause says why
        cause = exc.__cause__
        if isinstance(cause, UnicodeDecodeError):
            message = f"the request body is not valid JSON: it is not UTF-8 text (bad byte at position {cause.start})"
        else:
            message = "the request body is not valid JSON"
    return error_response(exc.status_code, code, message)


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error answering %s %s", request.method, request.url.path)
    return error_response(500, "internal_error", "internal error; the server logged the details")


def install(app: FastAPI) -> None:
    app.add_exception_handler(PolicyKBError, _policykb_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
