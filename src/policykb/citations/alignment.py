"""Which article of a newer version carries an older version's article: the one rule behind a
`superseded` verdict (verify) and a `renumbered` note (search), so the two always agree.

An index owns one `VersionAlignments`; its caches live and die with that index.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable

from ..lang.numerals import parse_article_label
from ..model import Hit, unit_key

#: Below this share of common character pairs two articles are not taken to be the same article.
MIN_SIMILARITY = 0.6
#: Share of an old article's character pairs a new article must keep to count as its amended form.
MIN_KEPT = 0.9

#: old article key -> (new article key, "identical_text" or "similar_text", similarity)
Alignment = dict[str, tuple[str, str, float]]

_SPACE = re.compile(r"\s+")


def hit_key(hit: Hit) -> str | None:
    """The unit key of an article or decision item hit (第十条之一 -> 10-1, 一、 -> 1); None otherwise."""
    if hit.kind not in ("article", "item") or not hit.article_number:
        return None
    sub = 0
    if hit.kind == "article":
        try:
            sub = parse_article_label(hit.article)[1]
        except ValueError:
            sub = 0
    return unit_key(hit.article_number, sub)


class VersionAlignments:
    """The numbered articles of each version and the alignments between versions of one index,
    each computed once. Safe to share between threads: the caches are filled under a lock."""

    def __init__(self, articles_of: Callable[[str], Iterable[Hit]]) -> None:
        self._articles_of = articles_of
        self._lock = threading.Lock()
        self._articles: dict[str, dict[str, Hit]] = {}
        self._pairs: dict[tuple[str, str], Alignment] = {}

    def articles(self, doc_id: str) -> dict[str, Hit]:
        """Key -> hit for the numbered articles (and decision items) of one version; the first
        of two articles with one number (a drafting error) stands for the number."""
        cached = self._articles.get(doc_id)
        if cached is None:
            table: dict[str, Hit] = {}
            for hit in self._articles_of(doc_id):
                key = hit_key(hit)
                if key is not None:
                    table.setdefault(key, hit)
            with self._lock:
                cached = self._articles.setdefault(doc_id, table)
        return cached

    def between(self, old_id: str, new_id: str) -> Alignment:
        """old article key -> (new article key, how, similarity), computed once per pair."""
        cached = self._pairs.get((old_id, new_id))
        if cached is None:
            computed = align(self.articles(old_id), self.articles(new_id))
            with self._lock:
                cached = self._pairs.setdefault((old_id, new_id), computed)
        return cached


def align(old: dict[str, Hit], new: dict[str, Hit]) -> Alignment:
    """Match each article of an old version to the new version's article with the same text,
    or failing that the most similar one, each new article taken once (best matches first,
    nearest number breaks ties).

    Similar means a Dice overlap of character pairs, or a new article that keeps nearly all of
    the old text (an amendment that added a paragraph: CSL 2016 Art. 40 is 2025 Art. 42). Taking
    each new article once keeps a weaker look-alike (two penalty articles) from pointing to an
    article that is already another one's counterpart; no match is better than a wrong one.
    """
    by_text: dict[str, list[str]] = {}
    for key, hit in new.items():
        by_text.setdefault(_SPACE.sub("", hit.text), []).append(key)
    result: Alignment = {}
    used: set[str] = set()
    for key, hit in old.items():
        same = by_text.get(_SPACE.sub("", hit.text))
        if same:
            number = hit.article_number or 0
            best = min(same, key=lambda k: abs((new[k].article_number or 0) - number))
            result[key] = (best, "identical_text", 1.0)
            used.add(best)
    pairs = {key: char_pairs(hit.text) for key, hit in new.items()}
    candidates = []
    for key, hit in old.items():
        if key in result:
            continue
        mine, number = char_pairs(hit.text), hit.article_number or 0
        for other, theirs in pairs.items():
            common = len(mine & theirs)
            dice = 2 * common / (len(mine) + len(theirs) or 1)
            kept = common / (len(mine) or 1)
            score = max(dice, kept if kept >= MIN_KEPT else 0.0)
            if score >= MIN_SIMILARITY:
                candidates.append((-score, abs((new[other].article_number or 0) - number), key, other))
    for negative, _, key, other in sorted(candidates):
        if key not in result and other not in used:
            result[key] = (other, "similar_text", round(-negative, 3))
            used.add(other)
    return result


def char_pairs(text: str) -> set[str]:
    """The character pairs of a text, spaces ignored: what article similarity is measured on."""
    text = _SPACE.sub("", text)
    return {text[i:i + 2] for i in range(len(text) - 1)}
