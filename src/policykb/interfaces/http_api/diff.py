"""GET /diff: what changed between two versions of an instrument, article by article."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from ...citations.diff import diff_versions, resolve_versions
from .schemas import ERRORS, DiffResponse
from .state import State, state

router = APIRouter(tags=["articles"])


@router.get("/diff", response_model=DiffResponse, responses=ERRORS, summary="What changed between two versions")
def get_diff(
    current: Annotated[State, Depends(state)],
    old: Annotated[str, Query(description="The older version: id (csl-2016) or name.", max_length=200)],
    new: Annotated[str, Query(description="The newer version: id (csl-2025) or name.", max_length=200)],
) -> dict:
    """One row per article of either version: unchanged, changed (with the changed words marked),
    added or removed, and renumbered where its number moved. Unknown instruments answer 404;
    two ids that are not versions of one instrument answer 422."""
    old_id, new_id = resolve_versions(current.retriever, old, new)
    return diff_versions(current.retriever, old_id, new_id).to_dict()
