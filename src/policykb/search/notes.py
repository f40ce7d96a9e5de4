"""What a reader of search hits should be told beside them.

A question that cites 个保法第99条 gets hits either way; whoever reads them (a person in the
app, a script reading JSON) must learn that PIPL has no Article 99, or that the filters left
the cited article out, rather than take the nearest articles for the one asked for. Hits that
share no word with the question (gibberish, a topic the corpus lacks) are only the nearest in
meaning, and say so (unless a note about a cited article already says what they are not). An
article cited by number in a law that was renumbered (the Cybersecurity Law's 2016 Art. 21 is Art.
23 in the 2025 text) says where the provision is in the other version.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..citations.alignment import hit_key
from ..citations.parser import CitationMention
from ..citations.verify import cited_provision
from ..errors import NoSuchArticle, QueryError
from ..model import Hit, SearchNote
from .filters import Filters

if TYPE_CHECKING:
    from .retriever import Retriever


def search_notes(retriever: Retriever, hits: list[Hit], filters: Filters,
                 mentions: list[CitationMention]) -> list[SearchNote]:
    """The notes for the hits of a search, given its filters and the citations its query holds."""
    permitted = filters.allowed(retriever.catalog, superseded=True)
    notes = [note for mention in mentions
             if (note := _cited_note(retriever, mention, hits, filters.day, permitted)) is not None]
    for hit in hits:
        if hit.match == "lookup":
            cited = next((m.text for m in mentions if hit.doc_id in m.doc_ids and m.number == hit.article_number),
                         hit.citation)
            notes += _renumbered(retriever, hit, cited)
    found = [h for h in hits if h.match == "search"]
    if found and not notes and not any(h.scores.get("lexical") or h.scores.get("bigrams") for h in found):
        notes.append(SearchNote("no_word_matched", (
            "no word of the question appears in these articles: they are only the closest in meaning; "
            "check them, or ask in the words a statute would use")))
    return notes


def _cited_note(retriever: Retriever, mention, hits: list[Hit], day, permitted: set[str]) -> SearchNote | None:
    resolution = retriever.resolver.resolve(mention, day)
    if resolution.failure == "no_such_version":
        return SearchNote("no_such_version", f"{mention.text}: {resolution.reason}", cited=mention.text)
    if resolution.failure == "ambiguous":  # a short name two instruments share: say so, never guess
        return SearchNote("ambiguous_instrument", f"{mention.text}: {resolution.reason}; cite one by its title or id",
                          cited=mention.text)
    if resolution.instrument is None:
        return None  # not a name this index knows
    try:
        wanted = retriever.article(resolution.instrument.id, resolution.key, as_of=day)
    except (NoSuchArticle, QueryError) as exc:  # PIPL has no Article 99; there is no Article 0
        return SearchNote("no_such_article", f"{mention.text}: {exc}", cited=mention.text)
    _, missing = cited_provision(wanted, mention)
    if missing:  # 个保法第13条第三款: the article exists, the paragraph or item does not
        return SearchNote("no_such_article", f"{mention.text}: {missing}", cited=mention.text)
    if wanted.doc_id in permitted or any(h.doc_id == wanted.doc_id and h.article == wanted.article for h in hits):
        return None  # among the hits, or left out only because k is smaller than the citations
    message = f"{mention.text}: {wanted.citation} exists, but the filters leave it out"
    now = _newer_counterpart(retriever, wanted, permitted)
    if now is not None:  # the 2016 text's Art. 21 under in_force_only: say where it is now
        message += f"; the same provision is {now.citation}"
    return SearchNote("filtered_out", message, cited=mention.text, citation=wanted.citation)


def _newer_counterpart(retriever: Retriever, hit: Hit, permitted: set[str]) -> Hit | None:
    """The article of a later version, among those the filters let through, that carries hit's text."""
    key = hit_key(hit)
    if key is None or hit.kind != "article":
        return None
    versions = retriever.catalog.versions(hit.doc_id)
    for newer in versions[versions.index(hit.doc_id) + 1:]:
        moved = retriever.alignments.between(hit.doc_id, newer).get(key) if newer in permitted else None
        if moved:
            return retriever.article(newer, moved[0])
    return None


def _renumbered(retriever: Retriever, hit: Hit, cited: str) -> list[SearchNote]:
    """Where the cited number points elsewhere in the version before or after this one
    (`cited` is the citation as the query wrote it)."""
    versions = retriever.catalog.versions(hit.doc_id)
    key = hit_key(hit)
    if len(versions) < 2 or key is None or hit.kind != "article":
        return []
    position = versions.index(hit.doc_id)
    notes = []
    if position > 0:  # the older text's article with this number may now be another one
        older = versions[position - 1]
        moved = retriever.alignments.between(older, hit.doc_id).get(key)
        if moved and moved[0] != key:
            was = retriever.article(older, key)
            now = retriever.article(hit.doc_id, moved[0])
            notes.append(SearchNote("renumbered", (
                f"{was.citation} is {now.article} in this version ({now.citation}); {hit.article} here is "
                f"another provision"), cited=cited, citation=now.citation))
    # this provision may have another number in the next version
    now = _newer_counterpart(retriever, hit, set(versions[position + 1:position + 2]))
    if now is not None and hit_key(now) != key:
        notes.append(SearchNote("renumbered", f"{hit.citation} is {now.citation} in the newer version",
                                cited=cited, citation=now.citation))
    return notes
