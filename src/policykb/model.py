"""The domain's nouns: an Instrument (one version of a law or rule), its Articles, the
Chunks that are embedded, and the Hits a search returns.

All are frozen dataclasses: they are shared between threads of the app and servers and
must never change under a reader.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

LEVELS = ("law", "administrative_regulation", "departmental_rule", "normative_document",
          "judicial_interpretation", "local_regulation")
STATUSES = ("in_force", "amended", "repealed", "not_yet_in_force")
#: Kinds of structural unit: numbered articles, items of decisions numbered 一、二、,
#: and text outside articles.
UNIT_KINDS = ("article", "item", "preamble", "annex", "text")

#: How a hit was found: the query cited it ("lookup") or the search ranked it ("search").
Match = Literal["lookup", "search"]
UnitKind = Literal["article", "item", "preamble", "annex", "text"]
#: Status of a version on a given day.
Status = Literal["in_force", "amended", "repealed", "not_yet_in_force"]
NoteKind = Literal["no_such_article", "no_such_version", "filtered_out", "renumbered", "ambiguous_instrument",
                   "no_word_matched"]

_SHORT_TITLE_PREFIX = re.compile(r"^中华人民共和国(?=.)")


def in_force_from(effective: dt.date | None, promulgated: dt.date | None) -> dt.date | None:
    """The day a version takes effect; without an effective date it cannot be in force before
    it was promulgated, so that day stands in."""
    return effective or promulgated


def unit_key(number: int, sub: int = 0) -> str:
    """The key of an article by number: 13, or 10-1 for 第十条之一 (number 10, sub 1)."""
    return f"{number}-{sub}" if sub else str(number)


@dataclass(frozen=True)
class Instrument:
    """One version of one legal instrument, described by its front-matter."""

    id: str
    title: str
    level: str | None = None
    issuer: str | None = None
    title_en: str | None = None
    aliases: tuple[str, ...] = ()
    doc_number: str | None = None
    promulgated: dt.date | None = None
    effective: dt.date | None = None
    version: dt.date | None = None
    status: str | None = None
    supersedes: str | None = None
    superseded_by: str | None = None
    source: str | None = None
    source_url: str | None = None
    retrieved_at: str | None = None
    note: str | None = None
    path: str | None = None
    format: str | None = None
    #: Fields that were read from the text rather than given in metadata.
    inferred: tuple[str, ...] = ()

    @property
    def short_title(self) -> str:
        """The title as cited in running text: 个人信息保护法 for 中华人民共和国个人信息保护法."""
        return _SHORT_TITLE_PREFIX.sub("", self.title)

    @property
    def version_date(self) -> dt.date | None:
        """The date a version is known by (its year names it: the 2016 Cybersecurity Law): the
        version date, else promulgation, else entry into force. The one rule for ordering
        versions and reading a cited year."""
        return self.version or self.promulgated or self.effective

    @property
    def in_force_from(self) -> dt.date | None:
        return in_force_from(self.effective, self.promulgated)

    @property
    def abbreviation(self) -> str | None:
        """A Latin-letter alias such as PIPL or CSL, if the metadata gives one."""
        for alias in self.aliases:
            if alias.isascii() and alias.replace("-", "").isalnum() and alias.upper() == alias:
                return alias
        return None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("promulgated", "effective", "version"):
            if data[key] is not None:
                data[key] = data[key].isoformat()
        data["aliases"] = list(self.aliases)
        data["inferred"] = list(self.inferred)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Instrument:
        values = dict(data)
        for key in ("promulgated", "effective", "version"):
            if values.get(key):
                values[key] = dt.date.fromisoformat(values[key])
        values["aliases"] = tuple(values.get("aliases") or ())
        values["inferred"] = tuple(values.get("inferred") or ())
        return cls(**{k: v for k, v in values.items() if k in cls.__dataclass_fields__})


@dataclass(frozen=True)
class Article:
    """A structural unit of an instrument: an article (条), a numbered item of a decision,
    or text outside articles (preamble, annex)."""

    doc_id: str
    kind: UnitKind
    label: str
    paragraphs: tuple[str, ...]
    number: int | None = None
    sub: int = 0
    chapter_path: tuple[str, ...] = ()
    ordinal: int = 0
    page: int | None = None
    #: Articles of the same number before this one in the instrument (a drafting or copy error
    #: that `check` warns about); they must not share a key, or hits would mix their texts.
    repeat: int = 0

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def key(self) -> str:
        """Unique within the instrument: 13, 10-1 (第十条之一), or preamble / annex-2."""
        if self.number is not None and self.kind in ("article", "item"):
            key = unit_key(self.number, self.sub)
            return f"{key}+{self.repeat}" if self.repeat else key
        return f"{self.kind}-{self.ordinal}"


@dataclass(frozen=True)
class Chunk:
    """The unit that is embedded and matched: a whole article or a piece of a long one."""

    chunk_id: str
    doc_id: str
    article_key: str
    piece: int
    pieces: int
    text: str
    #: What the embedder and the lexical index see: text plus its citation context.
    embed_text: str
    content_hash: str


@dataclass(frozen=True)
class Hit:
    """One article returned by a search or lookup, with everything needed to cite it."""

    doc_id: str
    title: str
    article: str
    article_number: int | None
    text: str
    score: float
    citation: str
    citation_en: str | None
    short_title: str
    title_en: str | None
    kind: UnitKind
    chapter_path: tuple[str, ...]
    level: str | None
    issuer: str | None
    status: Status | None
    in_force: bool
    effective: str | None
    promulgated: str | None
    source_url: str | None
    page: int | None
    #: How the hit was found: "lookup" (the query named it) or "search".
    match: Match
    #: The piece of the article that matched best, when the article was split.
    passage: str
    #: A search hit's raw signals: "dense" (cosine), "lexical" (BM25, words), "bigrams" (BM25, character
    #: pairs), and "intent" when what the question asks for moved it (a penalty article for a question
    #: about sanctions, a defining article, a local regulation out of scope), in standard deviations.
    scores: dict[str, float] = field(default_factory=dict)
    #: The provision graph (policykb.provisions): what the article refers to, the articles that
    #: cite it, and its penalty articles; each item has doc_id, article_number and citation.
    refers_to: tuple[dict[str, Any], ...] = ()
    cited_by: tuple[dict[str, Any], ...] = ()
    penalties: tuple[dict[str, Any], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["chapter_path"] = list(self.chapter_path)
        for key in ("refers_to", "cited_by", "penalties"):
            data[key] = list(data[key])
        return data


@dataclass(frozen=True)
class SearchNote:
    """Something a reader of a search's hits should know: a cited article that is not among
    them and why, or hits that share no word with the question."""

    #: "no_such_article", "no_such_version", "filtered_out", "renumbered", "ambiguous_instrument"
    #: or "no_word_matched".
    kind: NoteKind
    message: str
    #: The citation as the question wrote it, for notes about a cited article.
    cited: str | None = None
    #: The display citation of the cited article, when it exists but was filtered out.
    citation: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
