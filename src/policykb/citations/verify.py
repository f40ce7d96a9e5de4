"""Check every citation in a text against the index: does the instrument exist, does it
have that article (and 款 paragraph, 项 item), and is the cited version still in force?

One library function behind `policykb verify`, POST /verify and the MCP tool, so a fix
lands in all three:

    from policykb import Retriever
    from policykb.citations.verify import verify_citations
    checks = verify_citations(Retriever.load("index"), "依据《网络安全法》第二十一条……")

Each citation gets one status: ``found``, ``unknown_instrument``, ``no_such_article`` or
``superseded`` (the cited version is amended or repealed on the day). A superseded
citation names the current version's matching article when one can be found, and says
how it was matched (identical or similar text); nothing is matched silently.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass
from typing import Literal

from ..catalog import AMENDED, IN_FORCE, NOT_YET, REPEALED
from ..dates import as_date
from ..errors import QueryError, TooManyCitations
from ..lang.numerals import article_label, int_to_cn, int_to_roman
from ..model import Hit, Instrument
from .hits import make_hit
from .parser import CitationMention
from .resolver import Resolution

FOUND, UNKNOWN_INSTRUMENT, NO_SUCH_ARTICLE, SUPERSEDED = "found", "unknown_instrument", "no_such_article", "superseded"
CheckStatus = Literal["found", "unknown_instrument", "no_such_article", "superseded"]
STATUSES = (FOUND, UNKNOWN_INSTRUMENT, NO_SUCH_ARTICLE, SUPERSEDED)
#: Texts longer than this are refused (a whole statute book is about 1 million characters).
MAX_TEXT_CHARS = 2_000_000
#: One request to a server (POST /verify, the MCP tool) may check at most this many citations:
#: checking is linear in their number, and a cap keeps one request from holding the server.
MAX_REQUEST_CITATIONS = 2_000

_ITEM = re.compile(r"^\s*[(（][一二三四五六七八九十百零〇]+[)）]")


@dataclass(frozen=True)
class CurrentArticle:
    """The article of the version in force that corresponds to a superseded citation."""

    doc_id: str
    title: str
    article: str
    article_number: int | None
    citation: str
    citation_en: str | None
    text: str
    #: How it was matched: "identical_text" or "similar_text".
    match: Literal["identical_text", "similar_text"]
    #: Share of common character pairs (Dice), 1.0 for identical text.
    similarity: float


@dataclass(frozen=True)
class CitationCheck:
    """The verdict on one citation in the text."""

    citation: str
    status: CheckStatus
    doc_id: str | None
    article_number: int | None
    title: str | None
    text: str | None
    article: str | None
    paragraph: int | None
    item: int | None
    #: The cited paragraph (款) or item (项) alone, when the citation names one.
    passage: str | None
    #: The provision checked, cited the way policykb cites it (Chinese and English).
    reference: str | None
    reference_en: str | None
    #: in_force, amended, repealed or not_yet_in_force on the day checked.
    instrument_status: str | None
    start: int
    end: int
    #: What was checked and how a version or match was chosen, in words.
    note: str
    current: CurrentArticle | None = None
    #: The cited article's penalty articles (the provision graph), when asked for (--with-penalties).
    penalties: list[dict] | None = None

    def to_dict(self) -> dict:
        return asdict(self)


class CitationVerifier:
    """Verifies citations against one loaded Retriever, whose citation resolver and version
    alignments (cached per index) it uses. Safe to share between threads."""

    def __init__(self, retriever) -> None:
        self._retriever = retriever
        self._catalog = retriever.catalog
        self._alignments = retriever.alignments

    def verify(self, text: str, *, as_of: dt.date | str | None = None,
               max_citations: int | None = None) -> list[CitationCheck]:
        """One check per citation in text, in order; as_of is the day that counts (default today).

        max_citations: refuse (TooManyCitations, before checking any) a text that cites more
        provisions than this; servers pass MAX_REQUEST_CITATIONS.
        """
        if not isinstance(text, str):
            raise QueryError("the text to verify must be a string")
        if len(text) > MAX_TEXT_CHARS:
            raise QueryError(f"the text is {len(text):,} characters; the limit is {MAX_TEXT_CHARS:,}")
        day = as_date(as_of)
        mentions = self._retriever.citations.find(text)
        if max_citations is not None and len(mentions) > max_citations:
            raise TooManyCitations(
                f"the text cites {len(mentions):,} provisions; one request may check at most {max_citations:,} "
                f"(send the text in parts, or run 'policykb verify', which has no such limit)")
        return [self._check(mention, day) for mention in mentions]

    # -- one citation ----------------------------------------------------------------------

    def _check(self, mention: CitationMention, day: dt.date) -> CitationCheck:
        base = {"citation": mention.text, "paragraph": mention.paragraph, "item": mention.item,
                "start": mention.start, "end": mention.end}
        resolution: Resolution = self._retriever.resolver.resolve(mention, day)
        instrument, how = resolution.instrument, resolution.reason
        if instrument is None:
            return CitationCheck(status=UNKNOWN_INSTRUMENT, doc_id=None, article_number=mention.number, title=None,
                                 text=None, article=None, passage=None, reference=None, reference_en=None,
                                 instrument_status=None, note=how, **base)
        state = self._catalog.status_on(instrument.id, day)
        known = {"doc_id": instrument.id, "title": instrument.title, "instrument_status": state}
        key = resolution.key
        if resolution.article is None:
            count = len(self._alignments.articles(instrument.id))
            label = _label(mention.number, mention.sub)
            numbering = "; articles are numbered from 1" if mention.number == 0 else ""
            return CitationCheck(status=NO_SUCH_ARTICLE, article_number=mention.number, text=None, article=label,
                                 passage=None, reference=None, reference_en=None,
                                 note=f"{how}; {instrument.title} ({instrument.id}) has no {label}: "
                                      f"it has {count} articles{numbering}{_state_note(instrument, state, day)}",
                                 **known, **base)
        hit = make_hit(instrument, resolution.article, self._catalog, day=day, score=1.0, match="lookup")
        found = {"article_number": hit.article_number, "text": hit.text, "article": hit.article,
                 "reference": _reference(hit.citation, mention),
                 "reference_en": _reference_en(hit.citation_en, mention)}
        passage, problem = cited_provision(hit, mention)
        if problem:
            return CitationCheck(status=NO_SUCH_ARTICLE, passage=None,
                                 note=f"{how}; {problem}{_state_note(instrument, state, day)}",
                                 **found, **known, **base)
        if state in (AMENDED, REPEALED):
            current, note = self._current(instrument, hit, key, state, day)
            return CitationCheck(status=SUPERSEDED, passage=passage, note=f"{how}; {note}", current=current,
                                 **found, **known, **base)
        notes = [how, *self._renumbering_warning(instrument, key, mention)]
        if state == NOT_YET:
            notes.append(f"not yet in force on {day.isoformat()} (effective {_iso(instrument.effective)})")
        return CitationCheck(status=FOUND, passage=passage, note="; ".join(notes), **found, **known, **base)

    def _current(self, instrument: Instrument, hit: Hit, key: str, state: str,
                 day: dt.date) -> tuple[CurrentArticle | None, str]:
        current_id = self._catalog.current_version(instrument.id, day)
        said = f"{instrument.id} is {state} on {day.isoformat()}"
        if current_id == instrument.id or self._catalog.status_on(current_id, day) != IN_FORCE:
            return None, f"{said}; the version that replaces it is not in this index"
        match = self._alignments.between(instrument.id, current_id).get(key)
        if match is None:
            return None, (f"{said}; the version in force is {current_id}, and none of its articles has text "
                          f"similar to {hit.article} (it may have been removed or rewritten)")
        new_key, how, similarity = match
        new = self._alignments.articles(current_id)[new_key]
        current = CurrentArticle(doc_id=new.doc_id, title=new.title, article=new.article,
                                 article_number=new.article_number, citation=new.citation,
                                 citation_en=new.citation_en, text=new.text, match=how, similarity=similarity)
        way = "identical text" if how == "identical_text" else f"similar text, similarity {similarity:.2f}; check it"
        return current, f"{said}; the version in force is {current_id}, where it is {new.article} (matched by {way})"

    def _renumbering_warning(self, instrument: Instrument, key: str, mention: CitationMention) -> list[str]:
        """When a citation without a year resolves to the newest version but an older one
        numbers the same article differently, say so: the writer may have meant the old text."""
        if mention.year or len(mention.doc_ids) < 2:
            return []
        versions = self._catalog.versions(instrument.id)
        warnings = []
        for older in versions[: versions.index(instrument.id)]:
            old_articles = self._alignments.articles(older)
            if key not in old_articles:
                continue
            match = self._alignments.between(older, instrument.id).get(key)
            if match and match[0] == key and match[1] == "identical_text":
                continue
            old_label = old_articles[key].article
            if match is None:
                warnings.append(f"{old_label} of {older} has no close counterpart in {instrument.id}")
            else:
                new_label = self._alignments.articles(instrument.id)[match[0]].article
                warnings.append(f"{old_label} of {older} reads differently; its text is {new_label} of "
                                f"{instrument.id} — check which version is meant")
        return warnings


def verify_citations(retriever, text: str, *, as_of: dt.date | str | None = None) -> list[CitationCheck]:
    """Check every citation in text (one-off use; long-running callers keep a CitationVerifier)."""
    return CitationVerifier(retriever).verify(text, as_of=as_of)


def cited_provision(hit: Hit, mention: CitationMention) -> tuple[str | None, str | None]:
    """The cited paragraph/item text, or why the article has no such paragraph or item."""
    if mention.paragraph is None and mention.item is None:
        return None, None
    paragraphs: list[tuple[str, list[str]]] = []
    for line in hit.text.split("\n\n"):
        if _ITEM.match(line) and paragraphs:
            paragraphs[-1][1].append(line)
        elif _ITEM.match(line):
            paragraphs.append(("", [line]))
        else:
            paragraphs.append((line, []))
    where = hit.citation
    if mention.paragraph is not None:
        if not 1 <= mention.paragraph <= len(paragraphs):
            return None, (f"{where} has {len(paragraphs)} paragraph(s) (款); "
                          f"there is no 第{int_to_cn(mention.paragraph)}款")
        paragraph, items = paragraphs[mention.paragraph - 1]
        where += f"第{int_to_cn(mention.paragraph)}款"
    else:
        with_items = [p for p in paragraphs if p[1]]
        paragraph, items = with_items[0] if len(with_items) == 1 else paragraphs[0]
    if mention.item is None:
        return "\n\n".join([paragraph, *items]).strip(), None
    if not 1 <= mention.item <= len(items):
        return None, f"{where} has {len(items)} item(s) (项); there is no 第{int_to_cn(mention.item)}项"
    return items[mention.item - 1], None


def _state_note(instrument: Instrument, state: str, day: dt.date) -> str:
    return f" (and {instrument.id} is {state} on {day.isoformat()})" if state in (AMENDED, REPEALED) else ""


def _reference(citation: str, mention: CitationMention) -> str:
    if mention.paragraph:
        citation += f"第{int_to_cn(mention.paragraph)}款"
    if mention.item:
        citation += f"第{int_to_cn(mention.item)}项"
    return citation


def _reference_en(citation: str | None, mention: CitationMention) -> str | None:
    if citation is None:
        return None
    if mention.paragraph:
        citation += f"({mention.paragraph})"
    if mention.item:
        citation += f"({int_to_roman(mention.item) or mention.item})"
    return citation


def _label(number: int, sub: int) -> str:
    try:
        return article_label(number, sub)
    except ValueError:
        return f"article {number}"


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else "unknown"
