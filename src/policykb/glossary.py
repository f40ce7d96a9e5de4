"""English questions over Chinese texts: a bilingual glossary of legal and compliance terms
turns an English query into the Chinese statutory words it is about (separate consent ->
单独同意), so the lexical index can match, and the dense side gets a Chinese view too.

This is dictionary-based query translation, the classic cross-language retrieval method;
the glossary lives in data/glossary_en_zh.tsv and is meant to grow with the corpus.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_CJK = re.compile(r"[\u3400-\u9fff]")
_MAX_PHRASE = 6


def _variants(word: str) -> set[str]:
    """The word and the stems it may come from: fines -> fine, processing -> process/processe."""
    forms = {word}
    if len(word) > 3:
        if word.endswith("ies"):
            forms.add(word[:-3] + "y")
        if word.endswith("es"):
            forms.add(word[:-2])
        if word.endswith("s") and not word.endswith("ss"):
            forms.add(word[:-1])
        if word.endswith("ed"):
            forms |= {word[:-2], word[:-1]}
        if word.endswith("ing"):
            forms |= {word[:-3], word[:-3] + "e"}
    return forms


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


def _candidates(window: list[set[str]], entries: dict) -> list[tuple[str, ...]]:
    keys: list[tuple[str, ...]] = [()]
    for forms in window:
        keys = [(*key, form) for key in keys for form in forms]
        if len(keys) > 64:
            break
    return [key for key in keys if key in entries]
