"""Request and response models of the HTTP API: they validate input with clear messages
and describe every field in /openapi.json. Responses carry the library's own dicts
(Hit.to_dict(), CitationCheck.to_dict()); the models document them and let any field the
library adds pass through unchanged."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictBool
from pydantic_core import PydanticCustomError

from ...search.limits import MAX_K, MAX_QUERY_CHARS

MAX_GET_QUERY_CHARS = 1_000
MAX_BODY_BYTES = 1_000_000

_DAY = "The day whose versions and statuses count (YYYY-MM-DD; default today)."
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
DAY_FORMAT = "must be a date written YYYY-MM-DD, such as 2025-06-01"
K_RANGE = f"must be an integer from 1 to {MAX_K}"


def _iso_day(value: object) -> object:
    """Only YYYY-MM-DD text (or a date from Python callers): no Unix timestamps, no 20250601,
    no times of day, so every interface reads a date the same way."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _ISO_DAY.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError as exc:
            raise PydanticCustomError("date_format", DAY_FORMAT + " ({reason})", {"reason": str(exc)}) from None
    raise PydanticCustomError("date_format", DAY_FORMAT + ", not {value}", {"value": _shown(value)})


def not_bool(message: str):
    """A validator refusing JSON true/false where a number belongs (pydantic would read them as 1 and 0)."""
    def check(value: object) -> object:
        if isinstance(value, bool):
            raise PydanticCustomError("int_type", message + ", not {value}", {"value": _shown(value)})
        return value
    return BeforeValidator(check)


def _shown(value: object) -> str:
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


#: A day, written YYYY-MM-DD (what every interface accepts for as_of).
Day = Annotated[dt.date, BeforeValidator(_iso_day)]
#: How many results: an integer from 1 to MAX_K; true and false are refused.
Count = Annotated[int, Field(ge=1, le=MAX_K), not_bool(K_RANGE)]


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
    scores: dict[str, float] = Field(default_factory=dict, description=(
        "A search hit's signals: dense (cosine), lexical and bigrams (BM25), and intent when what the "
        "question asks for moved it (a penalty article, a defining article, a local rule out of scope)."))
    refers_to: list[dict] = Field(default_factory=list, description=(
        "What the article refers to: doc_id, article_number, citation, status (resolved, instrument, not_held, "
        "no_such_article, ambiguous, unresolved) and the text as written."))
    cited_by: list[dict] = Field(default_factory=list, description="Articles that refer to this one.")
    penalties: list[dict] = Field(default_factory=list, description=(
        "Penalty articles (法律责任) that reference this one; refers_to on one names other instruments it applies."))


class Note(BaseModel):
    """What to know beside the hits (Retriever.notes)."""

    kind: str = Field(description="no_such_article, no_such_version, filtered_out, renumbered, "
                                  "ambiguous_instrument or no_word_matched.")
    message: str = Field(description="One sentence for people.")
    cited: str | None = Field(None, description="The citation as the query wrote it, for notes about one.")
    citation: str | None = Field(None, description="The cited article's citation, when it exists but was filtered out.")


class SearchResponse(BaseModel):
    hits: list[Hit]
    notes: list[Note] = Field(default_factory=list, description=(
        "A cited article that does not exist or that the filters left out, or hits that share no word with "
        "the question: tell the reader, rather than present the hits as the article asked for."))


class SearchRequest(BaseModel):
    """POST /search: the same search as GET, for queries too long for a URL."""

    model_config = ConfigDict(extra="forbid")
    q: str = Field(min_length=1, max_length=MAX_QUERY_CHARS, description="The question or citation.",
                   examples=["个人信息出境需要单独同意吗"])
    k: Count = Field(10, description="How many articles to return.")
    instrument: list[str] | str | None = Field(None, description="Only these instruments (id, title or alias).")
    level: list[str] | str | None = Field(None, description="Only these levels: law, administrative_regulation, …")
    issuer: list[str] | str | None = Field(None, description="Only instruments whose issuer contains this text.")
    status: list[str] | str | None = Field(None, description="Only these statuses on the day.")
    # JSON has true and false: "yes" or 1 is a mistake to report, not a guess to make
    in_force_only: StrictBool = Field(False, description="Only what is in force on the day.")
    include_superseded: StrictBool = Field(False, description="Also search versions replaced by a newer one.")
    as_of: Day | None = Field(None, description=_DAY)


class VerifyRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(description="Text whose citations to check (Chinese or English).",
                      examples=["依据《网络安全法》第二十一条和 PIPL Art. 13，……"])
    as_of: Day | None = Field(None, description=_DAY)
    with_penalties: StrictBool = Field(False, description="Also give each cited article's penalty articles.")


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
    penalties: list[dict] | None = Field(None, description=(
        "With with_penalties: the cited article's penalty articles (法律责任), for a found or superseded one."))


class VerifyResponse(BaseModel):
    as_of: str
    citations: list[CitationCheck]
    counts: dict[str, int] = Field(description="Citations per status.")


class ArticleChange(BaseModel):
    """One article of either version in a diff."""

    model_config = ConfigDict(extra="allow")
    old: int | None = Field(description="Its number in the old version (null: added).")
    new: int | None = Field(description="Its number in the new version (null: removed).")
    change: Literal["unchanged", "changed", "added", "removed"]
    renumbered: bool
    marks: list[list[str]] = Field(default_factory=list, description='Changed text as ["=", kept], ["-", removed], '
                                                                     '["+", added] pieces.')


class DiffResponse(BaseModel):
    old: str
    new: str
    counts: dict[str, int]
    articles: list[ArticleChange]


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
    index: dict = Field(description="What the index holds and how it was built (counts, build_id, built_at, "
                                    "embedder, …); server file paths are left out.")


#: Every error code the server answers with (errors.py and limits.py emit only these).
ERROR_CODES = (
    "invalid_request",         # 422: a parameter or body field is wrong (details name each)
    "query_error",             # 422: the library refused the query (empty query, unknown level, bad article)
    "malformed_json",          # 400: the body is not valid JSON (or not UTF-8)
    "unknown_instrument",      # 404
    "no_such_article",         # 404
    "not_found",               # 404: no such route
    "method_not_allowed",      # 405
    "body_too_large",          # 413
    "unsupported_media_type",  # 415: a POST body that is not application/json
    "index_unavailable",       # 503
    "policykb_error",          # 500: any other library error
    "internal_error",          # 500: a bug; the server logged it
    "http_error",              # any other HTTP status
)


class ErrorDetail(BaseModel):
    status: int = Field(description="The HTTP status, repeated.")
    code: Literal[ERROR_CODES] = Field(description="What went wrong, for programs: " + ", ".join(ERROR_CODES) + ".")
    message: str = Field(description="What went wrong and how to fix it, in words.")
    details: list[dict] | None = Field(None, description="For invalid_request: one {field, message} per problem.")


class ErrorResponse(BaseModel):
    error: ErrorDetail


ERRORS = {code: {"model": ErrorResponse} for code in (400, 404, 413, 422)}
JSON_BODY_ERRORS = {**ERRORS, 415: {"model": ErrorResponse}}
