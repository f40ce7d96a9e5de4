"""The HTTP API (`policykb serve`): search, article lookup, instrument list, citation
verification and health, with an OpenAPI description at /openapi.json and /docs.

    from policykb import Retriever
    from policykb.interfaces.http_api import create_app
    app = create_app(Retriever.load("index"))   # any ASGI server can run it

Needs the `server` extra: pip install 'policykb[server]'.
"""

from __future__ import annotations

import logging
from pathlib import Path

from ... import __version__
from ...errors import ConfigError
from ...sources.network import is_loopback
from .schemas import MAX_BODY_BYTES

__all__ = ["create_app", "serve"]

log = logging.getLogger("policykb.http")
#: Request lines up to this size reach the app, so a 1 MB query gets policykb's JSON
#: error (q is too long) instead of the server's bare "Invalid HTTP request".
MAX_REQUEST_LINE_BYTES = 2 * 1024 * 1024


def _require_fastapi():
    try:
        import fastapi
    except ImportError as exc:
        raise ConfigError("the HTTP API needs: pip install 'policykb[server]' (fastapi and uvicorn)") from exc
    return fastapi


def create_app(retriever):
    """A FastAPI app serving one loaded Retriever (load it once; it is shared by all requests)."""
    fastapi = _require_fastapi()
    from . import articles, diff, errors, health, search, verify
    from .limits import BodyLimit
    from .state import State

    app = fastapi.FastAPI(
        title="policykb", version=__version__,
        description="Search Chinese cyberspace laws and AI rules and check citations of their articles. "
                    "Every hit carries its citation (《个人信息保护法》第十三条 / PIPL Art. 13), the article "
                    "text and the instrument's status on the day asked about. Errors answer "
                    '{"error": {"status", "code", "message"}}.')
    app.state.policykb = State.of(retriever)
    for module in (search, articles, diff, verify, health):
        app.include_router(module.router)
    errors.install(app)
    app.add_middleware(BodyLimit, limit=MAX_BODY_BYTES)
    return app


def serve(index_dir: str | Path, host: str = "127.0.0.1", port: int = 8000, log_level: str = "info") -> None:
    """Load the index once and serve it until interrupted (blocking)."""
    _require_fastapi()
    try:
        import uvicorn
    except ImportError as exc:
        raise ConfigError("the HTTP API needs: pip install 'policykb[server]' (fastapi and uvicorn)") from exc
    from ...search.retriever import Retriever

    if not is_loopback(host):
        log.warning("serving on %s: anyone who can reach this address can query the index (no authentication)",
                    host)
    app = create_app(Retriever.load(index_dir))
    config = uvicorn.Config(app, host=host, port=port, log_level=log_level,
                            h11_max_incomplete_event_size=MAX_REQUEST_LINE_BYTES)
    uvicorn.Server(config).run()



