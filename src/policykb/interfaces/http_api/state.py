"""What the HTTP API holds for the life of the process: one Retriever, loaded once, and
the verifier and article counts built from it."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request

from ...citations.verify import CitationVerifier
from ..views import article_counts


@dataclass(frozen=True)
class State:
    retriever: object
    verifier: CitationVerifier
    article_counts: dict[str, int]

    @classmethod
    def of(cls, retriever) -> State:
        return cls(retriever, CitationVerifier(retriever), article_counts(retriever))


def state(request: Request) -> State:
    """FastAPI dependency: the process-wide State."""
    return request.app.state.policykb
