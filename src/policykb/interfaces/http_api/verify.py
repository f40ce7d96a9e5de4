"""POST /verify: check every citation in a text (found, unknown_instrument, no_such_article, superseded)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from ...citations.verify import MAX_REQUEST_CITATIONS
from ..views import verify_report, with_penalties
from .limits import require_json
from .schemas import JSON_BODY_ERRORS, VerifyRequest, VerifyResponse
from .state import State, state

router = APIRouter(tags=["verify"])


@router.post("/verify", response_model=VerifyResponse, responses=JSON_BODY_ERRORS,
             dependencies=[Depends(require_json)], summary="Verify citations")
def verify(request: VerifyRequest, current: Annotated[State, Depends(state)]) -> dict:
    """One verdict per citation in the text, in order, with the article text and, for a
    superseded version, the matching article of the version in force. A text that cites more
    than MAX_REQUEST_CITATIONS (2,000) provisions is refused with 422 and the limit."""
    checks = current.verifier.verify(request.text, as_of=request.as_of, max_citations=MAX_REQUEST_CITATIONS)
    if request.with_penalties:
        checks = with_penalties(current.retriever, checks)
    return verify_report(checks, request.as_of)
