"""Questions are not written in the words of statutes. Two glossaries bridge the gap:

- English -> Chinese (data/glossary_en_zh.tsv): an English query gets the Chinese statutory
  words it is about (separate consent -> 单独同意), dictionary-based query translation, the
  classic cross-language retrieval method;
- everyday Chinese -> statutory Chinese (data/glossary_lay_zh.tsv): 房东 -> 出租人,
  辱骂 -> 侮辱, 车祸 -> 交通事故, for questions written by non-lawyers.

Both feed the lexical index and the embedding. They are meant to grow with the corpus.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_CJK = re.compile(r"[\u3400-\u9fff]")
_MAX_PHRASE = 6


def _variants(word: str) -> tuple[str, ...]:
    """The word, then the stems it may come from: fines -> fine, processing -> process/processe.

    Ordered (the word as written first) so that an entry for the exact form wins over one for
    its stem, and the same query reads the same in every process: a set's order would change
    with Python's hash seed.
    """
    forms = [word]
    if len(word) > 3:
        if word.endswith("ies"):
            forms.append(word[:-3] + "y")
        if word.endswith("es"):
            forms.append(word[:-2])
        if word.endswith("s") and not word.endswith("ss"):
            forms.append(word[:-1])
        if word.endswith("ed"):
            forms += [word[:-2], word[:-1]]
        if word.endswith("ing"):
            forms += [word[:-3], word[:-3] + "e"]
    return tuple(dict.fromkeys(forms))


@lru_cache(maxsize=1)
def _entries() -> dict[tuple[str, ...], tuple[str, ...]]:
    text = resources.files("policykb").joinpath("data/glossary_en_zh.tsv").read_text(encoding="utf-8")
    entries: dict[tuple[str, ...], tuple[str, ...]] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        english, _, chinese = line.partition("\t")
        key = tuple(_WORD.findall(english.lower()))
        if key and chinese.strip():
            entries[key] = tuple(dict.fromkeys(entries.get(key, ()) + tuple(chinese.split())))
    return entries


def is_english(query: str) -> bool:
    """True for a query with Latin words and no Chinese characters."""
    return not _CJK.search(query) and bool(_WORD.search(query.lower()))


def chinese_terms(query: str) -> list[str]:
    """Chinese terms for the English phrases in a query, longest phrases first matched."""
    words = _WORD.findall(query.lower().replace("’", "'").replace("'s ", " "))
    entries = _entries()
    terms: list[str] = []
    position = 0
    while position < len(words):
        for length in range(min(_MAX_PHRASE, len(words) - position), 0, -1):
            window = [_variants(w) for w in words[position:position + length]]
            match = next((entries[key] for key in _candidates(window, entries)), None)
            if match:
                terms.extend(match)
                position += length
                break
        else:
            position += 1
    return list(dict.fromkeys(terms))


@lru_cache(maxsize=1)
def _lay_entries() -> tuple[tuple[str, tuple[str, ...]], ...]:
    text = resources.files("policykb").joinpath("data/glossary_lay_zh.tsv").read_text(encoding="utf-8")
    entries: dict[str, tuple[str, ...]] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        everyday, _, statutory = line.partition("\t")
        if everyday.strip() and statutory.strip():
            entries[everyday.strip()] = tuple(statutory.split())
    # Longest first, so 拖欠工资 is read before 工资.
    return tuple(sorted(entries.items(), key=lambda item: len(item[0]), reverse=True))


def statutory_terms(query: str) -> list[str]:
    """Statutory words for the everyday words in a Chinese query, leaving out those it already has."""
    terms: list[str] = []
    rest = query
    for everyday, statutory in _lay_entries():
        if everyday in rest:
            terms.extend(t for t in statutory if t not in query)
            rest = rest.replace(everyday, " ")
    return list(dict.fromkeys(terms))


def _candidates(window: list[tuple[str, ...]], entries: dict) -> list[tuple[str, ...]]:
    keys: list[tuple[str, ...]] = [()]
    for forms in window:
        keys = [(*key, form) for key in keys for form in forms]
        if len(keys) > 64:
            break
    return [key for key in keys if key in entries]
