"""What request bodies the API takes: at most MAX_BODY_BYTES, enforced before any route
reads the body (a client that sends a megabyte gets a clear 413 and the server keeps
serving everyone else), and JSON only (anything else is a 415 that says so)."""

from __future__ import annotations

import email.message
import json

from starlette.exceptions import HTTPException
from starlette.requests import Request


def require_json(request: Request) -> None:
    """FastAPI dependency of the POST routes: the body must be declared JSON
    (application/json, with or without a charset, or an application/…+json type)."""
    declared = request.headers.get("content-type", "")
    header = email.message.Message()
    header["content-type"] = declared
    subtype = header.get_content_subtype()
    if declared and header.get_content_maintype() == "application" and (subtype == "json" or subtype.endswith("+json")):
        return
    sent = f"content-type {declared!r}" if declared else "no content-type"
    raise HTTPException(415, f"the request body must be JSON sent with content-type: application/json "
                             f"({sent} was given)")


class BodyLimit:
    """Pure ASGI middleware: buffers at most `limit` bytes of body, then replays it to the app."""

    def __init__(self, app, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or ()).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await self._too_large(send, int(declared))
            return
        chunks, size, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.limit:
                await self._too_large(send, size)
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body, sent = b"".join(chunks), False

        async def replay():
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _too_large(self, send, size: int) -> None:
        message = f"the request body is {size:,} bytes or more; the limit is {self.limit:,} bytes"
        payload = json.dumps({"error": {"status": 413, "code": "body_too_large", "message": message}}).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode()),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": payload})
