"""The Retriever: load an index once, then search it and look articles up.

    from policykb import Retriever
    r = Retriever.load("index")
    hits = r.search("个人信息出境需要单独同意吗", k=5, as_of="2025-06-01")
    hit = r.article("个保法", 38)
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from .. import config
from ..catalog import Catalog
from ..citations.alignment import VersionAlignments, hit_key
from ..citations.graph import Links, build_links
from ..citations.hits import make_hit
from ..citations.parser import CitationMention, CitationParser
from ..citations.resolver import CitationResolver
from ..errors import EmbedderMismatch, NoSuchArticle
from ..index import store as index_store
from ..index.embedding import Embedder, get_embedder, identity_key
from ..lang.lexicon import Lexicon
from ..lang.numerals import article_key
from ..lang.script import to_simplified
from ..model import Article, Hit, Instrument, SearchNote
from .filters import Filters, as_date
from .fusion import FusionWeights, fuse
from .intent import LOCAL_LEVELS, defines_terms, local_instruments
from .limits import MAX_QUERY_CHARS, check_k, check_query
from .notes import search_notes
from .plan import QueryPlan, QueryReader

_WORDS = re.compile(r"[^\W\d_]{2,}|[\u4e00-\u9fff]")
_CANDIDATES = 200


def default_index_dir() -> Path:
    """$POLICYKB_INDEX, the config file's index, or index/."""
    return config.index_dir()


@dataclass(frozen=True)
class SearchResult:
    """What `Retriever.query` returns: the hits, what to tell whoever reads them, the day whose
    versions counted, and how the question was read (its search terms, for highlighting)."""

    hits: tuple[Hit, ...]
    notes: tuple[SearchNote, ...]
    as_of: dt.date
    plan: QueryPlan

    def to_dict(self) -> dict:
        """The JSON every interface answers with: {"hits": [...], "notes": [...]}."""
        return {"hits": [h.to_dict() for h in self.hits], "notes": [n.to_dict() for n in self.notes]}


class Retriever:
    """Search and lookup over one index. Thread-safe for readers; load it once per process."""

    def __init__(self, folder: Path, manifest: dict, embedder: Embedder) -> None:
        self.folder = folder
        self.manifest = manifest
        self.embedder = embedder
        contents = index_store.read_contents(folder, manifest)
        instruments = [Instrument.from_dict(d) for d in contents.instruments]
        self.catalog = Catalog(instruments)
        self._doc_ids = [i.id for i in instruments]
        doc_index = {d: n for n, d in enumerate(self._doc_ids)}
        self._local_ids = local_instruments(instruments)
        self._units: list[Article] = []
        self._unit_index: dict[tuple[str, str], int] = {}
        self._doc_units: dict[str, list[int]] = {d: [] for d in self._doc_ids}
        for row in contents.articles:
            article = Article(doc_id=row["doc_id"], kind=row["kind"], label=row["label"],
                              paragraphs=tuple(row["paragraphs"]), number=row["number"], sub=row["sub"],
                              chapter_path=tuple(row["chapter_path"]), ordinal=row["ordinal"], page=row["page"],
                              repeat=row.get("repeat", 0))
            self._unit_index[(article.doc_id, article.key)] = len(self._units)
            self._doc_units[article.doc_id].append(len(self._units))
            self._units.append(article)
        self._defines = np.array([defines_terms(u.text) for u in self._units], dtype=bool)
        chunks = contents.chunks
        self._chunk_text = [c["text"] for c in chunks]
        self._chunk_unit = np.array([self._unit_index[(c["doc_id"], c["article_key"])] for c in chunks],
                                    dtype=np.int64)
        self._chunk_doc = np.array([doc_index[c["doc_id"]] for c in chunks], dtype=np.int64)
        self._dense = contents.dense
        self._lexical = contents.lexical
        self.citations = CitationParser(self.catalog)
        self.resolver = CitationResolver(self.catalog, self.unit)
        #: Alignments between versions, shared by notes and verify and dropped with this index.
        self.alignments = VersionAlignments(self.articles_of)
        self.links = Links(contents.links) if contents.links is not None else Links(
            build_links(instruments, self._units))
        self.reader = QueryReader(self.catalog, Lexicon(self.catalog, self._lexical.vocabulary))
        self.weights = FusionWeights()

    @classmethod
    def load(cls, index_dir: str | os.PathLike | None = None, *, embedder: Embedder | str | None = None,
             verify: bool = True) -> Retriever:
        """Load the index served at index_dir (default $POLICYKB_INDEX or index/).

        The embedder is the one recorded in the index; passing another one is an error,
        because its vectors would not be comparable.
        """
        folder = index_store.current_build(Path(index_dir) if index_dir else default_index_dir())
        manifest = index_store.read_manifest(folder)
        if verify:
            index_store.verify_files(folder, manifest)
        recorded = manifest["embedder"]
        if embedder is None:
            model = get_embedder(recorded["spec"])
        else:
            model = get_embedder(embedder) if isinstance(embedder, str) else embedder
        identity = model.identity()
        expected = {k: v for k, v in recorded.items() if k != "spec"}
        if identity_key(identity) != identity_key(expected):
            raise EmbedderMismatch(
                f"index at {folder} was built with {recorded['spec']} ({recorded.get('model')}, dim "
                f"{recorded.get('dim')}); queries would be embedded with {model.spec} "
                f"({identity.get('model')}, dim {identity.get('dim')}). Use the same embedder or rebuild.")
        return cls(folder, manifest, model)

    # -- lookups -------------------------------------------------------------------------

    def instruments(self) -> list[Instrument]:
        return list(self.catalog)

    def instrument(self, name: str, *, as_of: dt.date | str | None = None) -> Instrument:
        """An instrument by id, title, alias or English name (the version in force on as_of)."""
        return self.catalog.resolve(name, as_of_date(as_of))

    def article(self, instrument: str, number: int | str, *, as_of: dt.date | str | None = None) -> Hit:
        """One article: instrument by id, title or alias; number as 17, "17", "第十七条" or "第十条之一"."""
        day = as_of_date(as_of)
        found = self.instrument(instrument, as_of=day)
        index = self._unit_index.get((found.id, article_key(number)))
        if index is None:
            count = sum(1 for i in self._doc_units[found.id] if self._units[i].kind in ("article", "item"))
            raise NoSuchArticle(f"{found.title} ({found.id}) has no article {number}; it has {count} articles")
        return make_hit(found, self._units[index], self.catalog, day=day, score=1.0, match="lookup",
                        links=self._links_of(self._units[index]))

    def unit(self, doc_id: str, key: str) -> Article | None:
        """The unit of version doc_id with this key (13, 10-1, preamble-0), or None."""
        index = self._unit_index.get((doc_id, key))
        return None if index is None else self._units[index]

    def articles_of(self, instrument: str, *, as_of: dt.date | str | None = None) -> list[Hit]:
        """Every unit of an instrument in order: its table of contents and full text."""
        day = as_of_date(as_of)
        found = self.instrument(instrument, as_of=day)
        return [make_hit(found, self._units[i], self.catalog, day=day, score=0.0, match="lookup",
                         links=self._links_of(self._units[i]))
                for i in self._doc_units[found.id]]

    def context(self, doc_id: str, article: str | int, *, before: int = 1, after: int = 1,
                as_of: dt.date | str | None = None) -> list[Hit]:
        """An article with its neighbours, for reading it in place."""
        hit = self.article(doc_id, article, as_of=as_of)
        units = self._doc_units[hit.doc_id]
        position = units.index(self._unit_index[(hit.doc_id, article_key(article))])
        window = units[max(0, position - before): position + after + 1]
        instrument = self.catalog.by_id[hit.doc_id]
        day = as_of_date(as_of)
        return [make_hit(instrument, self._units[i], self.catalog, day=day, score=0.0, match="lookup",
                         links=self._links_of(self._units[i]))
                for i in window]

    # -- search --------------------------------------------------------------------------

    def query(self, query: str, k: int = 10, filters: Filters | None = None) -> SearchResult:
        """A search and its notes at once: the filters are applied and the citations found once.

        `filters` default to Filters() (every current version, as of today); build them with
        Filters.of(instrument=..., level=..., as_of=...), as every interface does.
        """
        filters = filters if filters is not None else Filters()
        text = check_query(query)
        k = check_k(k)
        mentions = self.citations.find(text)
        hits, plan = self._search(to_simplified(text), k, filters, mentions)
        notes = search_notes(self, hits, filters, mentions)
        return SearchResult(tuple(hits), tuple(notes), filters.day, plan)

    def search(self, query: str, k: int = 10, *, instrument=None, level=None, issuer=None, status=None,
               in_force_only: bool = False, include_superseded: bool = False,
               as_of: dt.date | str | None = None) -> list[Hit]:
        """The k articles that best answer the query, best first, one hit per article.

        A query that cites an article (个保法第38条, PIPL Art. 13) gets that article first.
        Filters: instrument (id, title or alias; one or a list), level, issuer (part of the
        issuing body's name), status, in_force_only, include_superseded, and as_of, the day
        whose versions and statuses count (default today). `query` gives the notes too.
        """
        text = to_simplified(check_query(query))  # 個保法第38條 reads as 个保法第38条
        k = check_k(k)
        filters = Filters.of(instrument=instrument, level=level, issuer=issuer, status=status,
                             in_force_only=in_force_only, include_superseded=include_superseded, as_of=as_of)
        return self._search(text, k, filters, self.citations.find(text))[0]

    def notes(self, query: str, hits: list[Hit], *, instrument=None, level=None, issuer=None, status=None,
              in_force_only: bool = False, include_superseded: bool = False,
              as_of: dt.date | str | None = None) -> list[SearchNote]:
        """What to tell whoever reads the hits of `search(query, **filters)`, given the same
        filters: an article the query cites that does not exist or that the filters left out,
        or hits that share no word with the question."""
        filters = Filters.of(instrument=instrument, level=level, issuer=issuer, status=status,
                             in_force_only=in_force_only, include_superseded=include_superseded, as_of=as_of)
        return search_notes(self, hits, filters, self.citations.find(query))

    def _search(self, query: str, k: int, filters: Filters,
                mentions: list[CitationMention]) -> tuple[list[Hit], QueryPlan]:
        """The hits for a checked, simplified query, and how the question was read."""
        day = filters.day
        plan = question = self.reader.read(query)
        # A version the question names (the 2016 Cybersecurity Law) may replace the default
        # one, but only where the explicit filters would let it through.
        permitted = filters.allowed(self.catalog, superseded=True)
        allowed = self._with_named_versions(filters.allowed(self.catalog), plan, permitted)
        hits, rest = self._lookups(query, mentions, allowed, permitted, day)
        taken = {(h.doc_id, h.article) for h in hits}
        if not allowed:
            return hits[:k], question
        vector = None
        if hits and not _WORDS.search(rest):
            # "个保法第38条" alone: what follows the cited article is what reads like it. The
            # article's own stored vectors stand for it, so nothing long is embedded now.
            # What the question asks for (a sanction, a definition, a place) stays the question's:
            # the 罚款 or 是指 of the cited text asks for nothing.
            plan = replace(self.reader.read("\n".join(h.text for h in hits)[:MAX_QUERY_CHARS]),
                           asks_penalty=question.asks_penalty, asks_definition=question.asks_definition,
                           local_scope=question.local_scope)
            vector = self._vector_of(hits)
        # "个保法第52条 违反了会被怎么罚": the cited articles are the duties whose penalties are asked for.
        cited = self._units_of(hits) if question.asks_penalty else []
        for hit in self._ranked(plan, allowed, day, k + len(hits), vector, cited,
                                chosen=self._chosen_local(filters, allowed)):
            if (hit.doc_id, hit.article) not in taken and len(hits) < k:
                hits.append(hit)
                taken.add((hit.doc_id, hit.article))
        if hits and hits[0].match == "lookup":
            top = max((h.score for h in hits if h.match != "lookup"), default=0.0)
            hits = [_with_score(h, top + 1.0) if h.match == "lookup" else h for h in hits]
        return hits[:k], question

    def _chosen_local(self, filters: Filters, allowed: set[str]) -> frozenset[str]:
        """Local regulations the filters choose (by name, level, or leaving no national law to search):
        in scope as if the question named them."""
        if filters.instrument or LOCAL_LEVELS & set(filters.level) or not allowed - self._local_ids:
            return frozenset(self._local_ids & allowed)
        return frozenset()

    def _with_named_versions(self, allowed: set[str], plan: QueryPlan, permitted: set[str]) -> set[str]:
        """A question about "the 2016 Cybersecurity Law" searches that version instead of the current one."""
        if not plan.versions:
            return allowed
        result = set(allowed)
        for version in plan.versions & permitted:
            family = set(self.catalog.versions(version))
            if family & allowed:
                result = (result - family) | {version}
        return result

    def _lookups(self, query: str, mentions: list[CitationMention], allowed: set[str], permitted: set[str],
                 day: dt.date) -> tuple[list[Hit], str]:
        """Hits for the articles the query cites, and the query's text outside the citations."""
        hits, rest, position = [], [], 0
        for mention in mentions:
            article = self._cited_article(mention, allowed, permitted, day)
            if article is not None:
                instrument, unit = article
                hits.append(make_hit(instrument, unit, self.catalog, day=day, score=1.0, match="lookup",
                                     links=self._links_of(unit)))
            rest.append(query[position:mention.start])
            position = max(position, mention.end)
        rest.append(query[position:])
        return hits, "".join(rest)

    def _cited_article(self, mention: CitationMention, allowed: set[str], permitted: set[str], day: dt.date):
        resolution = self.resolver.resolve(mention, day, among=allowed)
        instrument = resolution.instrument
        if instrument is None or resolution.article is None:
            return None
        # A version the citation dates (《网络安全法》（2016年）) counts if the filters permit it at all.
        if instrument.id not in (permitted if mention.year else allowed):
            return None
        return instrument, resolution.article

    def _units_of(self, hits: list[Hit]) -> list[int]:
        """The unit indexes of some article hits, in their order."""
        units = [self._unit_index[(h.doc_id, key)] for h in hits
                 if (key := hit_key(h)) and (h.doc_id, key) in self._unit_index]
        return list(dict.fromkeys(units))

    def _vector_of(self, hits: list[Hit]) -> np.ndarray | None:
        """The mean of the stored chunk vectors of some articles, normalised."""
        chunks = np.flatnonzero(np.isin(self._chunk_unit, self._units_of(hits)))
        if chunks.size == 0:
            return None
        mean = self._dense.vectors(chunks).mean(axis=0)
        return (mean / np.linalg.norm(mean)).astype(np.float32)

    def _ranked(self, plan: QueryPlan, allowed: set[str], day: dt.date, k: int,
                vector: np.ndarray | None = None, cited: Sequence[int] = (),
                chosen: frozenset[str] = frozenset()) -> list[Hit]:
        """The k best articles among the allowed versions; `cited`: units the question cites,
        ranked above every hit (their penalty articles follow them for a sanction question);
        `chosen`: local regulations the filters chose, in scope like those the question names."""
        allowed_docs = np.array([d in allowed for d in self._doc_ids], dtype=bool)
        chunk_ok = allowed_docs[self._chunk_doc]
        q = vector if vector is not None else self.embedder.embed_query(plan.dense_text).astype(np.float32)
        candidates = self._dense_candidates(q, chunk_ok)
        lexical = self._lexical.scores(plan.lexical_text)
        words_all = np.where(chunk_ok, lexical.words, 0.0)
        bigrams_all = np.where(chunk_ok, lexical.bigrams, 0.0)
        candidates = np.union1d(candidates, np.union1d(_top_positive(words_all), _top_positive(bigrams_all)))
        if candidates.size == 0:
            return []

        def scored(candidates: np.ndarray):
            dense = self._dense.vectors(candidates) @ q
            words, pairs = words_all[candidates], bigrams_all[candidates]
            fused = fuse(dense, words, pairs, self.weights, named=self._named_mask(plan, candidates))
            return dense, words, pairs, fused, self._best_chunks(candidates, fused)

        dense, words, pairs, fused, best = scored(candidates)
        if plan.asks_penalty and self.weights.penalty_link is not None:
            extra = self._penalty_chunks([*cited, *list(best)[:self.weights.penalty_sources]], allowed)
            if extra.size:
                candidates = np.union1d(candidates, extra)
                dense, words, pairs, fused, best = scored(candidates)
        scores = self._adjusted(best, plan, fused, cited, chosen)
        hits: list[Hit] = []
        for unit_index in sorted(scores, key=lambda u: -scores[u])[:k]:
            position = best[unit_index]
            chunk = int(candidates[position])
            unit = self._units[unit_index]
            instrument = self.catalog.by_id[unit.doc_id]
            signals = {"dense": float(dense[position]), "lexical": float(words[position]),
                       "bigrams": float(pairs[position])}
            intent = scores[unit_index] - float(fused[position])
            if abs(intent) > 1e-9:  # what the question asks for moved it (intent.py)
                signals["intent"] = intent
            hits.append(make_hit(instrument, unit, self.catalog, day=day, score=float(scores[unit_index]),
                                 match="search", passage=self._chunk_text[chunk], scores=signals,
                                 links=self._links_of(unit)))
        return hits

    def _named_mask(self, plan: QueryPlan, candidates: np.ndarray) -> np.ndarray:
        """Which candidates belong to an instrument the question names, by name or by its place."""
        named = plan.named | plan.local_scope
        return np.array([self._doc_ids[d] in named for d in self._chunk_doc[candidates]], dtype=bool)

    def _best_chunks(self, candidates: np.ndarray, fused: np.ndarray) -> dict[int, int]:
        """Unit index -> position (in candidates) of its best-scoring chunk, best units first."""
        best: dict[int, int] = {}
        for position in np.argsort(-fused, kind="stable"):
            best.setdefault(int(self._chunk_unit[int(candidates[position])]), int(position))
        return best

    def _penalty_units(self, unit_index: int) -> list[int]:
        """The unit indexes of an article's penalty articles (the provision graph)."""
        found = (self._unit_index.get((item["doc_id"], item["article_key"]))
                 for item in self._links_of(self._units[unit_index])["penalties"])
        return [target for target in found if target is not None]

    def _penalty_chunks(self, sources: list[int], allowed: set[str]) -> np.ndarray:
        """Chunks of the penalty articles of some duties (the cited and best-ranked ones), for a
        question about sanctions; only of the allowed versions."""
        targets = {target for unit_index in sources for target in self._penalty_units(unit_index)
                   if self._units[target].doc_id in allowed}
        return np.flatnonzero(np.isin(self._chunk_unit, list(targets))) if targets else np.array([], dtype=np.int64)

    def _adjusted(self, best: dict[int, int], plan: QueryPlan, fused: np.ndarray,
                  cited: Sequence[int] = (), chosen: frozenset[str] = frozenset()) -> dict[int, float]:
        """Each unit's score after what the question asks for: a penalty article for a question
        about sanctions (placed by the duty it punishes; a cited duty ranks above every hit),
        national law first unless the question brings a local regulation into scope."""
        w = self.weights
        scores = {u: float(fused[p]) for u, p in best.items()}
        in_scope = plan.local_scope | chosen
        for unit_index in scores:
            unit = self._units[unit_index]
            if w.local and unit.doc_id in self._local_ids and unit.doc_id not in in_scope:
                scores[unit_index] -= w.local
        if plan.asks_definition and w.definition:
            for unit_index in scores:
                if self._defines[unit_index]:
                    scores[unit_index] += w.definition
        if not plan.asks_penalty:
            return scores
        base = dict(scores)
        top = max(base.values(), default=0.0)
        sources = [(u, top) for u in cited] + [(u, base[u]) for u in list(base)[:w.penalty_sources]]
        if w.penalty_link is not None:
            for unit_index, duty in sources:
                for target in self._penalty_units(unit_index):
                    if target in scores:
                        scores[target] = max(scores[target], duty - w.penalty_link)
        if w.penalty_article:
            for unit_index in scores:
                unit = self._units[unit_index]
                if self.links.is_penalty(unit.doc_id, unit.key):
                    scores[unit_index] += w.penalty_article
        return scores

    def _dense_candidates(self, q: np.ndarray, chunk_ok: np.ndarray) -> np.ndarray:
        count = min(_CANDIDATES, int(chunk_ok.sum()))
        return np.unique(self._dense.search(q, count, mask=chunk_ok))

    def _links_of(self, unit: Article) -> dict:
        return self.links.of(unit.doc_id, unit.key)

    def info(self) -> dict:
        """What the index holds and how it was built (the manifest, less file checksums)."""
        return {k: v for k, v in self.manifest.items() if k != "files"} | {"index_dir": str(self.folder)}


def _top_positive(scores: np.ndarray) -> np.ndarray:
    """Positions of the best-scoring passages, among those that matched at all."""
    count = min(_CANDIDATES, len(scores) - 1)
    if count <= 0 or scores.max(initial=0.0) <= 0:
        return np.flatnonzero(scores > 0)
    top = np.argpartition(-scores, count)[:count]
    return top[scores[top] > 0]


def as_of_date(value: dt.date | str | None) -> dt.date:
    return as_date(value)


def _with_score(hit: Hit, score: float) -> Hit:
    return replace(hit, score=round(score, 6))
