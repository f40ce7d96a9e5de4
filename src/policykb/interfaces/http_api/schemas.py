"""Request and response models of the HTTP API: they validate input with clear messages
and describe every field in /openapi.json. Responses carry the library's own dicts
(Hit.to_dict(), CitationCheck.to_dict()); the models document them and let any field the
library adds pass through unchanged."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from ...retriever import MAX_K, MAX_QUERY_CHARS

MAX_GET_QUERY_CHARS = 1_000
MAX_BODY_BYTES = 1_000_000

_DAY = "The day whose versions and statuses count (YYYY-MM-DD; default today)."


class Hit(BaseModel):
    """One article, with everything needed to cite it (the shape of `policykb search --json`)."""

    model_config = ConfigDict(extra="allow")
    doc_id: str = Field(description="The instrument's id, e.g. pipl or csl-2025.")
    title: str = Field(description="Full title, e.g. 中华人民共和国个人信息保护法.")
    article: str = Field(description="The article label as written, e.g. 第十三条.")
    article_number: int | None = Field(description="The article number, e.g. 13.")
    text: str = Field(description="The whole article.")
    score: float = Field(description="Fused relevance; lookups of a cited article rank above search hits.")
    citation: str = Field(description="Chinese citation, e.g. 《个人信息保护法》第十三条.")
    citation_en: str | None = Field(description="English citation, e.g. PIPL Art. 13.")
    status: str | None = Field(description="in_force, amended, repealed or not_yet_in_force on the day.")
    in_force: bool
    match: str = Field(description='"lookup" when the query cited this article, else "search".')


class SearchResponse(BaseModel):
    hits: list[Hit]


class SearchRequest(BaseModel):
    """POST /search: the same search as GET, for queries too long for a URL."""

    model_config = ConfigDict(extra="forbid")
    q: str = Field(min_length=1, max_length=MAX_QUERY_CHARS, description="The question or citation.",
                   examples=["个人信息出境需要单独同意吗"])
    k: int = Field(10, ge=1, le=MAX_K, description="How many articles to return.")
    instrument: list[str] | str | None = Field(None, description="Only these instruments (id, title or alias).")
    level: list[str] | str | None = Field(None, description="Only these levels: law, administrative_regulation, …")
    issuer: list[str] | str | None = Field(None, description="Only instruments whose issuer contains this text.")
    status: list[str] | str | None = Field(None, description="Only these statuses on the day.")
    in_force_only: bool = Field(False, description="Only what is in force on the day.")
    include_superseded: bool = Field(False, description="Also search versions replaced by a newer one.")
    as_of: dt.date | None = Field(None, description=_DAY)


class VerifyRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(description="Text whose citations to check (Chinese or English).",
                      examples=["依据《网络安全法》第二十一条和 PIPL Art. 13，……"])
    as_of: dt.date | None = Field(None, description=_DAY)


class CurrentArticle(BaseModel):
    model_config = ConfigDict(extra="allow")
    doc_id: str
    article: str
    citation: str
    match: str = Field(description="identical_text or similar_text: how the article was matched.")
    similarity: float


class CitationCheck(BaseModel):
    """The verdict on one citation."""

    model_config = ConfigDict(extra="allow")
    citation: str = Field(description="The citation as written in the text.")
    status: str = Field(description="found, unknown_instrument, no_such_article or superseded.")
    doc_id: str | None
    article_number: int | None
    title: str | None
    text: str | None = Field(description="The cited article's text, when it exists.")
    note: str = Field(description="How the instrument version was chosen and what is wrong, in words.")
    current: CurrentArticle | None = Field(
        None, description="For superseded citations: the matching article of the version in force.")


class VerifyResponse(BaseModel):
    as_of: str
    citations: list[CitationCheck]
    counts: dict[str, int] = Field(description="Citations per status.")


class Instrument(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str
    title: str
    title_en: str | None
    level: str | None
    status: str = Field(description="Status on the day asked about.")
    in_force: bool
    articles: int = Field(description="Number of articles (or numbered items of a decision).")


class InstrumentsResponse(BaseModel):
    as_of: str
    instruments: list[Instrument]


class Health(BaseModel):
    model_config = ConfigDict(extra="allow")
    status: str = Field(description='"ok" once the index is loaded and searchable.')
    index: dict = Field(description="What the index holds and how it was built.")


class ErrorDetail(BaseModel):
    status: int
    code: str = Field(description="invalid_request, malformed_json, query_error, unknown_instrument, "
                                  "no_such_article, body_too_large, not_found, index_unavailable, internal_error")
    message: str
    details: list[dict] | None = None


class ErrorResponse(BaseModel):
    error: ErrorDetail


ERRORS = {code: {"model": ErrorResponse} for code in (400, 404, 413, 422)}
