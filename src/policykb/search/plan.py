"""Reading a question before searching: which instruments it names, which version it means,
and what text each side of the search should see.

- "What fines does the DSL set …" names the Data Security Law: its articles are favoured.
- "Under the original 2016 Cybersecurity Law …" names a version: that version is searched,
  even though a newer one is in force today.
- An English question is matched against Chinese text through the bilingual glossary, and
  everyday Chinese (房东, 车祸) gets the statutory words (出租人, 交通事故) added.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..catalog import Catalog, normalise_name
from ..lang.glossary import chinese_terms, is_english, statutory_terms
from ..lang.lexicon import Lexicon, english_name
from ..names import alternation
from .intent import LOCAL_LEVELS, Places, asks_definition, asks_penalty, place_names

_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_LATIN = re.compile(r"[A-Za-z]{3}")


@dataclass(frozen=True)
class QueryPlan:
    text: str
    #: What the embedder sees: the question, plus its Chinese terms if it is English.
    dense_text: str
    #: What BM25 sees (jieba-segmented later).
    lexical_text: str
    #: Instruments (all versions) the question names.
    named: frozenset[str]
    #: Versions the question asks for by year, replacing the default version of their family.
    versions: frozenset[str]
    english: bool
    #: Whether the question asks what sanction a breach carries (intent.py).
    asks_penalty: bool = False
    #: Whether the question asks what a term means or what falls under it.
    asks_definition: bool = False
    #: Local instruments in scope: those the question names, or whose place it names.
    local_scope: frozenset[str] = frozenset()


class QueryReader:
    """Compiled once per catalogue."""

    def __init__(self, catalog: Catalog, lexicon: Lexicon | None = None) -> None:
        self._catalog = catalog
        #: English -> Chinese through the dictionary (lexicon.py); without one, the glossary alone.
        self.lexicon = lexicon
        names = [n for n in catalog.names() if (len(n) >= 3 if not n.isascii() else len(n) >= 2)]
        latin = alternation(n for n in names if n.isascii())
        cjk = alternation(n for n in names if not n.isascii())
        # Chinese names first: cii条例 is longer than cii, and Latin names need word boundaries.
        self._names = re.compile(rf"{cjk}|(?<![a-z0-9])(?:{latin})(?![a-z0-9])") if names else None
        self._local = [i for i in catalog if i.level in LOCAL_LEVELS]
        self._places = Places({i.id: place_names(i) for i in self._local})
        self._places_en: Places | None = None

    def local_scope(self, query: str, named: set[str], english: bool) -> frozenset[str]:
        """The local instruments a question is about: named, or their place named (深圳, Shanghai)."""
        if not self._local:
            return frozenset()
        places = self._places
        if english or _LATIN.search(query):  # Shenzhen的数据处理者… names the place in English too
            if self._places_en is None:  # the dictionary is read for English questions anyway
                self._places_en = Places({i.id: place_names(i, english_name) for i in self._local})
            places = self._places_en
        return frozenset(places.named_in(query) | (named & places.ids))

    def named_instruments(self, query: str) -> set[str]:
        """Ids of every instrument whose id, title, alias or English name appears in the query."""
        if self._names is None:
            return set()
        found: set[str] = set()
        for match in self._names.finditer(normalise_name(query)):
            for doc_id in self._catalog.candidates(match.group(0)):
                found.update(self._catalog.versions(doc_id))
        return found

    def versions_by_year(self, query: str, named: set[str]) -> set[str]:
        """csl-2016 for "the 2016 Cybersecurity Law": a named family plus a year that dates one version."""
        years = {int(y) for y in _YEAR.findall(query)}
        if not years:
            return set()
        chosen: set[str] = set()
        for family in {self._catalog.versions(d) for d in named}:
            if len(family) < 2:
                continue
            chosen.update(d for d in family if self._catalog.year_of(d) in years)
        return chosen

    def read(self, query: str) -> QueryPlan:
        named = self.named_instruments(query)
        versions = self.versions_by_year(query, named)
        english = is_english(query)
        if english and self.lexicon is not None:
            # Dictionary senses go to BM25, which weighs them by rarity; the embedder reads
            # only the surer glossary and title terms, which a stray sense would pull off course.
            curated, dictionary = self.lexicon.translate(query)
            dense_text = " ".join([query, *curated])
            lexical_text = " ".join([query, *curated, *dictionary])
        else:
            dense_text = lexical_text = expanded(query)
        # What the question asks for is read without the names in it: 治安管理处罚法 names a law,
        # not a sanction. "什么是行政处罚" asks what a penalty is, not which one a breach carries.
        asking = self._names.sub(" ", normalise_name(query)) if self._names else query
        defining = asks_definition(asking)
        return QueryPlan(query, dense_text, lexical_text, frozenset(named), frozenset(versions), english,
                         asks_penalty=asks_penalty(asking) and not defining, asks_definition=defining,
                         local_scope=self.local_scope(query, named, english))


def expanded(query: str) -> str:
    """The question with the statutory Chinese terms it stands for: glossary terms for an
    English question, 出租人 for 房东 in an everyday-Chinese one."""
    terms = " ".join(chinese_terms(query) if is_english(query) else statutory_terms(query))
    return f"{query} {terms}" if terms else query
