"""GET /articles/{instrument}/{article} and GET /instruments: lookups by name and number."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query

from ..views import instrument_entries
from .schemas import ERRORS, Day, Hit, InstrumentsResponse
from .state import State, state

router = APIRouter(tags=["articles"])
_DAY = Query(description="The day whose version counts (YYYY-MM-DD; default today).")


@router.get("/articles/{instrument}/{article}", response_model=Hit, responses=ERRORS, summary="One article")
def get_article(
    current: Annotated[State, Depends(state)],
    instrument: Annotated[str, Path(description="Id, title or alias: pipl, 个保法, PIPL, csl-2016.")],
    article: Annotated[str, Path(description="Article number: 13, 第十三条 or 10-1 (第十条之一).")],
    as_of: Annotated[Day | None, _DAY] = None,
) -> dict:
    """The article, in the version in force on as_of unless the instrument is named by a version id.
    Unknown instruments and articles answer 404 with the reason."""
    return current.retriever.article(instrument, article, as_of=as_of).to_dict()


@router.get("/instruments", response_model=InstrumentsResponse, responses=ERRORS, summary="Instruments in the index")
def list_instruments(current: Annotated[State, Depends(state)],
                     as_of: Annotated[Day | None, _DAY] = None) -> dict:
    """Every instrument (each version of a law separately) with its status on the day."""
    entries = instrument_entries(current.retriever, current.article_counts, as_of)
    return {"as_of": (as_of or dt.date.today()).isoformat(), "instruments": entries}
