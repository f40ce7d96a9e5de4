"""The JSON views the HTTP API, the MCP server and the CLI share, so every interface
answers in the same shape: a hit is Hit.to_dict(), a citation check is
CitationCheck.to_dict(), and these add the search answer, instrument list and verify summary."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import replace

from ..catalog import IN_FORCE
from ..citations.verify import FOUND, STATUSES, SUPERSEDED, CitationCheck
from ..dates import as_date
from ..errors import PolicyKBError
from ..search.filters import Filters


def search_answer(retriever, query: str, k: int, **filters) -> dict:
    """{"hits": [...], "notes": [...]}: the hits of a search and what to tell whoever reads them
    (a cited article that does not exist or was filtered out, hits that share no word with it)."""
    return retriever.query(query, k, Filters.of(**filters)).to_dict()


def instrument_entries(retriever, article_counts: dict[str, int], as_of: dt.date | str | None = None) -> list[dict]:
    """Every instrument in the index with its status on the day and its number of articles."""
    day = as_date(as_of)
    entries = []
    for instrument in retriever.instruments():
        entry = instrument.to_dict()
        entry.pop("path", None)  # a file path on the server is no business of a client
        status = retriever.catalog.status_on(instrument.id, day)
        entry.update(short_title=instrument.short_title, metadata_status=instrument.status, status=status,
                     in_force=status == IN_FORCE, articles=article_counts.get(instrument.id, 0),
                     versions=list(retriever.catalog.versions(instrument.id)))
        entries.append(entry)
    return entries


def article_counts(retriever) -> dict[str, int]:
    """Articles (and numbered items of decisions) per instrument; computed once per process."""
    return {i.id: sum(1 for h in retriever.articles_of(i.id) if h.kind in ("article", "item"))
            for i in retriever.instruments()}


def verify_report(checks: list[CitationCheck], as_of: dt.date | str | None = None) -> dict:
    """The verify answer: one object per citation plus counts per status."""
    counts = Counter(c.status for c in checks)
    return {"as_of": as_date(as_of).isoformat(), "citations": [c.to_dict() for c in checks],
            "counts": {status: counts.get(status, 0) for status in STATUSES}}


def with_penalties(retriever, checks: list[CitationCheck]) -> list[CitationCheck]:
    """Verify's checks, each found or superseded article with its penalty articles."""
    result = []
    for check in checks:
        if check.doc_id and check.article_number and check.article is not None and check.status in (FOUND, SUPERSEDED):
            try:
                hit = retriever.article(check.doc_id, check.article)
            except PolicyKBError:
                hit = None
            check = replace(check, penalties=list(hit.penalties) if hit else [])
        result.append(check)
    return result
