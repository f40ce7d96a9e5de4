"""GET /health: 200 with what the index holds once the server can search."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from .schemas import Health
from .state import State, state

router = APIRouter(tags=["health"])


@router.get("/health", response_model=Health, summary="Readiness and index information")
def health(current: Annotated[State, Depends(state)]) -> dict:
    info = current.retriever.info()
    return {"status": "ok", "index": info, "instruments": len(current.article_counts)}
