"""What changed between two versions of one instrument: every article of either version in one
row, added, removed, unchanged or changed (with the changed words marked), and renumbered where
its number moved (the Cybersecurity Law's 2016 Art. 21 is Art. 23 of the 2025 text).

The alignment starts from the one `verify` and the renumbered notes use (alignment.align: identical
text, then similar text, each new article taken once), so the diff and those notes always agree.
It then fills the gaps align leaves: an old article with no counterpart, lying between two
aligned articles, is paired with the unaligned new article between their counterparts that is
most like it, down to a lower similarity (an article whose fines were raised and a paragraph
added may keep too little of its text for align, but it sits where it sat). An article left
over is added or removed; nothing is paired outside those bounds.

    from policykb.citations.diff import diff_versions
    diff = diff_versions(retriever, "csl-2016", "csl-2025")
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from dataclasses import asdict, dataclass, field

from ..errors import QueryError
from ..model import Hit
from .alignment import align, char_pairs

UNCHANGED, CHANGED, ADDED, REMOVED = "unchanged", "changed", "added", "removed"
#: Lowest share of common character pairs for pairing an article inside a gap of the alignment.
MIN_GAP_SIMILARITY = 0.3
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class ArticleChange:
    """One article of either version: its numbers in both, and what happened to it."""

    old: int | None
    new: int | None
    change: str
    renumbered: bool
    old_key: str | None = None
    new_key: str | None = None
    old_citation: str | None = None
    new_citation: str | None = None
    #: identical_text, similar_text (alignment.align) or position (paired inside a gap).
    match: str | None = None
    similarity: float | None = None
    #: For a changed article: the text as [op, text] pieces, op "=" kept, "-" removed, "+" added.
    marks: list[list[str]] = field(default_factory=list)
    #: A changed article whose words are the same: only punctuation width or spacing differ (: and ：).
    typographic: bool = False
    old_text: str | None = None
    new_text: str | None = None


@dataclass(frozen=True)
class VersionDiff:
    old: str
    new: str
    old_title: str
    new_title: str
    articles: list[ArticleChange]

    @property
    def counts(self) -> dict[str, int]:
        counts = {kind: sum(1 for a in self.articles if a.change == kind) for kind in (UNCHANGED, CHANGED, ADDED,
                                                                                        REMOVED)}
        counts["renumbered"] = sum(1 for a in self.articles if a.renumbered)
        return counts

    def to_dict(self, *, texts: bool = True) -> dict:
        rows = [asdict(a) for a in self.articles]
        if not texts:
            for row in rows:
                row.pop("old_text"), row.pop("new_text")
        return {"old": self.old, "new": self.new, "old_title": self.old_title, "new_title": self.new_title,
                "counts": self.counts, "articles": rows}


def resolve_versions(retriever, first: str, second: str, third: str | None = None) -> tuple[str, str]:
    """(old id, new id) from two ids or names (csl-2016 csl-2025), or a name and two dates
    (网络安全法 2020-01-01 2026-06-01: the versions in force on each day)."""
    catalog = retriever.catalog
    if third is None:
        old, new = (name if name in catalog.by_id else retriever.instrument(name).id for name in (first, second))
    else:
        days = [_day(value) for value in (second, third)]
        old, new = (retriever.instrument(first, as_of=day).id for day in days)
    if old == new:
        raise QueryError(f"both name the same version, {old}: nothing to compare")
    if catalog.versions(old) != catalog.versions(new):
        raise QueryError(f"{old} and {new} are not versions of one instrument")
    return old, new


def _day(value: str) -> dt.date:
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return dt.date.fromisoformat(value)
    except ValueError:
        pass
    raise QueryError(f"not a date: {value!r} (write YYYY-MM-DD)")


def diff_versions(retriever, old_id: str, new_id: str) -> VersionDiff:
    """The article-by-article diff of two versions (in either order given; older first)."""
    catalog = retriever.catalog
    for doc_id in (old_id, new_id):
        if doc_id not in catalog.by_id:
            retriever.instrument(doc_id)  # raises with the reason
    versions = catalog.versions(old_id)
    if new_id not in versions:
        raise QueryError(f"{old_id} and {new_id} are not versions of one instrument")
    if versions.index(old_id) > versions.index(new_id):
        old_id, new_id = new_id, old_id
    old, new = retriever.alignments.articles(old_id), retriever.alignments.articles(new_id)
    pairs = align_versions(old, new)
    rows = _rows(old, new, pairs)
    return VersionDiff(old_id, new_id, catalog.by_id[old_id].title, catalog.by_id[new_id].title, rows)


def align_versions(old: dict[str, Hit], new: dict[str, Hit]) -> dict[str, tuple[str, str, float]]:
    """alignment.align, with the gaps between aligned articles filled (see the module docstring)."""
    pairs = dict(align(old, new))
    old_keys, new_keys = list(old), list(new)
    new_position = {k: i for i, k in enumerate(new_keys)}
    used = {v[0] for v in pairs.values()}
    candidates = []
    for position, key in enumerate(old_keys):
        if key in pairs:
            continue
        before = [new_position[pairs[k][0]] for k in old_keys[:position] if k in pairs]
        after = [new_position[pairs[k][0]] for k in old_keys[position + 1:] if k in pairs]
        low, high = (max(before) if before else -1), (min(after) if after else len(new_keys))
        mine = char_pairs(old[key].text)
        for other in new_keys[low + 1:high]:
            if other in used:
                continue
            theirs = char_pairs(new[other].text)
            score = 2 * len(mine & theirs) / (len(mine) + len(theirs) or 1)
            if score >= MIN_GAP_SIMILARITY:
                candidates.append((-score, abs(new_position[other] - position), key, other))
    for negative, _, key, other in sorted(candidates):
        if key in pairs or other in used:
            continue
        if not _keeps_order(pairs, old_keys, new_position, key, other):
            continue
        pairs[key] = (other, "position", round(-negative, 3))
        used.add(other)
    return pairs


def _keeps_order(pairs: dict, old_keys: list[str], new_position: dict[str, int], key: str, other: str) -> bool:
    """A gap pairing must not cross another one made before it."""
    position, target = old_keys.index(key), new_position[other]
    for k, (v, how, _) in pairs.items():
        if how != "position":
            continue
        before = old_keys.index(k) < position
        if before != (new_position[v] < target):
            return False
    return True


def _rows(old: dict[str, Hit], new: dict[str, Hit], pairs: dict[str, tuple[str, str, float]]) -> list[ArticleChange]:
    """One row per article of either version, in the new version's order, each removed article
    after the row of the old article before it."""
    new_position = {k: i for i, k in enumerate(new)}
    placed: list[tuple[float, int, ArticleChange]] = []
    anchor = -1.0
    for order, (key, hit) in enumerate(old.items()):
        if key in pairs:
            other, how, similarity = pairs[key]
            anchor = float(new_position[other])
            placed.append((anchor, 0, _paired(key, hit, other, new[other], how, similarity)))
        else:
            placed.append((anchor + 0.5, order, ArticleChange(
                old=hit.article_number, new=None, change=REMOVED, renumbered=False, old_key=key,
                old_citation=hit.citation, old_text=hit.text)))
    taken = {v[0] for v in pairs.values()}
    for key, hit in new.items():
        if key not in taken:
            placed.append((float(new_position[key]), 0, ArticleChange(
                old=None, new=hit.article_number, change=ADDED, renumbered=False, new_key=key,
                new_citation=hit.citation, new_text=hit.text)))
    return [row for _, _, row in sorted(placed, key=lambda p: (p[0], p[1]))]


def _paired(key: str, old: Hit, other: str, new: Hit, how: str, similarity: float) -> ArticleChange:
    same = _SPACE.sub("", old.text) == _SPACE.sub("", new.text)
    return ArticleChange(
        old=old.article_number, new=new.article_number, change=UNCHANGED if same else CHANGED,
        renumbered=key != other, old_key=key, new_key=other, old_citation=old.citation, new_citation=new.citation,
        match=how, similarity=similarity, marks=[] if same else marked(old.text, new.text),
        typographic=not same and _folded(old.text) == _folded(new.text),
        old_text=old.text, new_text=new.text)


def _folded(text: str) -> str:
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))


def marked(old: str, new: str) -> list[list[str]]:
    """The new text as kept ("="), removed ("-") and added ("+") pieces of the old one."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    pieces: list[list[str]] = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(["=", old[a1:a2]])
            continue
        if a2 > a1:
            pieces.append(["-", old[a1:a2]])
        if b2 > b1:
            pieces.append(["+", new[b1:b2]])
    return pieces


def changed_words(change: ArticleChange) -> str:
    """A changed article as one line of text: kept words plain, [-removed-] and {+added+}."""
    marks = {"=": "{}", "-": "[-{}-]", "+": "{{+{}+}}"}
    return "".join(marks[op].format(text) for op, text in change.marks).replace("\n\n", " ¶ ")
