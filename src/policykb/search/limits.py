"""What a search accepts: how many results and how long a question. Light to import, so the
HTTP schemas and the app can state the same limits without loading the search engine."""

from __future__ import annotations

from ..errors import QueryError

MAX_K = 100
MAX_QUERY_CHARS = 10_000


def check_query(query: str) -> str:
    """The query without surrounding space, or QueryError: text, not empty, at most MAX_QUERY_CHARS."""
    if not isinstance(query, str):
        raise QueryError("the query must be text")
    query = query.strip()
    if not query:
        raise QueryError("the query is empty")
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(f"the query is {len(query)} characters; the limit is {MAX_QUERY_CHARS}")
    return query


def check_k(k: int) -> int:
    """k itself, or QueryError: a whole number from 1 to MAX_K (not a bool)."""
    if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= MAX_K:
        raise QueryError(f"k must be a whole number from 1 to {MAX_K}, not {k!r}")
    return k
