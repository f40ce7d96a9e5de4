"""What the user asked for, as one value: the question and the sidebar filters, mapped
onto `Retriever.search` keyword arguments; and the grouping of hits by instrument."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..model import Hit
from ..search.filters import Filters
from ..search.limits import MAX_QUERY_CHARS
from .labels import Labels

RESULT_COUNTS = (5, 10, 20, 30, 50)


@dataclass(frozen=True)
class SearchRequest:
    query: str = ""
    k: int = 10
    instruments: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    issuers: tuple[str, ...] = ()
    in_force_only: bool = False
    include_superseded: bool = False
    as_of: dt.date | None = None

    @property
    def question(self) -> str:
        return self.query.strip()

    @property
    def too_long(self) -> bool:
        return len(self.question) > MAX_QUERY_CHARS

    @property
    def day(self) -> dt.date:
        return self.as_of or dt.date.today()

    def filters(self) -> Filters:
        """The filters of this request, built as every interface builds them."""
        return Filters.of(**{key: value for key, value in self.search_kwargs().items() if key != "k"})

    def search_kwargs(self) -> dict:
        """Keyword arguments for Retriever.search."""
        return {"k": self.k, "instrument": list(self.instruments) or None, "level": list(self.levels) or None,
                "issuer": list(self.issuers) or None, "in_force_only": self.in_force_only,
                "include_superseded": self.include_superseded, "as_of": self.as_of}

    def describe_filters(self, tr: Labels, instrument_names: dict[str, str]) -> list[str]:
        """The filters in words, for exports: ["Instrument: PIPL, DSL", "In force only"]."""
        parts = []
        if self.instruments:
            names = ", ".join(instrument_names.get(i, i) for i in self.instruments)
            parts.append(f"{tr('f_instrument')}: {names}")
        if self.levels:
            parts.append(f"{tr('f_level')}: {', '.join(tr.level(v) for v in self.levels)}")
        if self.issuers:
            parts.append(f"{tr('f_issuer')}: {', '.join(self.issuers)}")
        if self.in_force_only:
            parts.append(tr("f_in_force"))
        if self.include_superseded:
            parts.append(tr("f_superseded"))
        return parts


def group_by_instrument(hits: list[Hit]) -> list[list[Hit]]:
    """Hits grouped by instrument version, groups in the order of their best hit."""
    groups: dict[str, list[Hit]] = {}
    for hit in hits:
        groups.setdefault(hit.doc_id, []).append(hit)
    return list(groups.values())


def article_ref(hit: Hit) -> str | int | None:
    """How to ask the Retriever for this hit's article again (None for preambles and annexes)."""
    if hit.kind == "article":
        return hit.article
    if hit.kind == "item" and hit.article_number:
        return hit.article_number
    return None
