"""GET and POST /search: Retriever.search over HTTP, answering {"hits": [Hit.to_dict(), …], "notes": […]}."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from ...search.limits import MAX_K
from ..views import search_answer
from .limits import require_json
from .schemas import ERRORS, JSON_BODY_ERRORS, MAX_GET_QUERY_CHARS, Day, SearchRequest, SearchResponse
from .state import State, state

router = APIRouter(tags=["search"])


@router.get("/search", response_model=SearchResponse, responses=ERRORS, summary="Search articles")
def search_get(
    current: Annotated[State, Depends(state)],
    q: Annotated[str, Query(min_length=1, max_length=MAX_GET_QUERY_CHARS,
                            description="The question, or a citation such as 个保法第38条 or PIPL Art. 13.")],
    k: Annotated[int, Query(ge=1, le=MAX_K, description="How many articles to return.")] = 10,
    instrument: Annotated[list[str] | None, Query(
        description="Only these instruments: repeat the parameter or separate them with commas.")] = None,
    level: Annotated[list[str] | None, Query(description="Only these levels (repeatable or comma-separated).")] = None,
    issuer: Annotated[list[str] | None, Query(
        description="Issuer contains this text (repeatable or comma-separated).")] = None,
    status: Annotated[list[str] | None, Query(
        description="Only these statuses on the day (repeatable or comma-separated).")] = None,
    in_force_only: Annotated[bool, Query(description="Only what is in force on the day.")] = False,
    include_superseded: Annotated[bool, Query(description="Also search replaced versions.")] = False,
    as_of: Annotated[Day | None, Query(description="The day that counts (YYYY-MM-DD).")] = None,
) -> dict:
    """The k articles that best answer q, best first; an article the query cites comes first.
    Longer queries (up to 10,000 characters) go to POST /search."""
    # pipl,dsl in one parameter is split by the library, as it is for POST and the Python API
    return search_answer(current.retriever, q, k, instrument=instrument, level=level, issuer=issuer,
                         status=status, in_force_only=in_force_only, include_superseded=include_superseded,
                         as_of=as_of)


@router.post("/search", response_model=SearchResponse, responses=JSON_BODY_ERRORS,
             dependencies=[Depends(require_json)], summary="Search articles (JSON body)")
def search_post(request: SearchRequest, current: Annotated[State, Depends(state)]) -> dict:
    """The same search as GET /search, with the query and filters in a JSON body."""
    options = request.model_dump()
    query, k = options.pop("q"), options.pop("k")
    return search_answer(current.retriever, query, k, **options)
