"""The catalogue of instruments in an index: finding one by id, title, alias or English
name, grouping the versions of one law, and telling which version is in force on a date.

The Cybersecurity Law is the example to keep in mind: ``csl-2016`` (effective 2017-06-01)
and ``csl-2025`` (effective 2026-01-01) share a title; on 2025-06-01 the 2016 text is in
force, from 2026-01-01 the amended one.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable

from .errors import UnknownInstrument
from .model import Instrument
from .names import derived_names

#: Status of a version on a given day. The first three are the corpus's own vocabulary.
IN_FORCE, AMENDED, REPEALED, NOT_YET = "in_force", "amended", "repealed", "not_yet_in_force"

_PRC_EN = re.compile(r"\s+of the people'?s republic of china|\s+of the prc", re.I)
_PAREN = re.compile(r"\s*[(（][^)）]*[)）]\s*$")
_SPACES = re.compile(r"\s+")


def normalise_name(name: str) -> str:
    """Fold case, width, quotes and spacing so that 'Cybersecurity law' finds 'Cybersecurity Law'."""
    name = unicodedata.normalize("NFKC", name).replace("’", "'").replace("‘", "'")
    name = name.strip().strip("《》<>\"'").strip()
    return _SPACES.sub(" ", name).lower()


_RULE_TITLE = re.compile(
    r"^(?P<interim>interim\s+)?(?P<kind>provisions|measures|regulations|rules)\s+(?:on|for|of)\s+(?:the\s+)?"
    r"(?:(?:administration|management|security protection|protection|promotion)\s+of\s+(?:the\s+)?)?"
    r"(?P<core>.+?)(?:\s+(?:of|in)\s+internet information services)?$", re.I)


def bare_english_title(title_en: str) -> str:
    """"Data Security Law" for "Data Security Law of the People's Republic of China (2021)"."""
    return _PRC_EN.sub("", _PAREN.sub("", title_en)).strip()


def _english_names(title_en: str) -> set[str]:
    """The English title and the short forms people write: "Deep Synthesis Provisions" for
    "Provisions on the Administration of Deep Synthesis of Internet Information Services"."""
    bare = bare_english_title(title_en)
    names = {title_en, bare, _PRC_EN.sub("", title_en)}
    if bare.lower().startswith("the "):
        names.add(bare[4:])
    match = _RULE_TITLE.match(bare)
    if match:
        core, kind = match.group("core").strip(), match.group("kind")
        names.add(f"{core} {kind}")
        if "artificial intelligence" in core.lower():
            names.add(re.sub("artificial intelligence", "AI", f"{core} {kind}", flags=re.I))
    return {n for n in names if n}


def names_of(instrument: Instrument) -> set[str]:
    """Every name an instrument can be cited by, normalised."""
    names = {instrument.id, instrument.title, instrument.short_title, *instrument.aliases}
    if instrument.title_en:
        names |= _english_names(instrument.title_en)
    return {normalise_name(n) for n in names if n and n.strip()}


class Catalog:
    """All instruments of an index, with their version families and names."""

    def __init__(self, instruments: Iterable[Instrument]) -> None:
        self.by_id: dict[str, Instrument] = {i.id: i for i in instruments}
        self.families: dict[str, tuple[str, ...]] = self._families()
        self._names: dict[str, set[str]] = {}
        for instrument in self.by_id.values():
            for name in names_of(instrument):
                self._names.setdefault(name, set()).add(instrument.id)
        # Short names people write (names.py); one shared by two instruments stays ambiguous,
        # and none displaces a name an instrument really has.
        given = set(self._names)
        for instrument in self.by_id.values():
            for name in sorted({normalise_name(n) for n in derived_names(instrument)} - given):
                self._names.setdefault(name, set()).add(instrument.id)

    def _families(self) -> dict[str, tuple[str, ...]]:
        """Versions of one instrument: linked by supersedes/superseded_by, or sharing a title."""
        parent = {i: i for i in self.by_id}

        def find(x: str) -> str:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        def union(a: str, b: str) -> None:
            if a in parent and b in parent:
                parent[find(a)] = find(b)

        by_title: dict[str, str] = {}
        for instrument in self.by_id.values():
            for other in (instrument.supersedes, instrument.superseded_by):
                if other:
                    union(instrument.id, other)
            key = normalise_name(instrument.title)
            if key in by_title:
                union(instrument.id, by_title[key])
            else:
                by_title[key] = instrument.id
        groups: dict[str, list[str]] = {}
        for doc_id in self.by_id:
            groups.setdefault(find(doc_id), []).append(doc_id)
        families = {}
        for members in groups.values():
            ordered = tuple(sorted(members, key=lambda d: (self.by_id[d].version_date or dt.date.min, d)))
            for doc_id in ordered:
                families[doc_id] = ordered
        return families

    def __len__(self) -> int:
        return len(self.by_id)

    def __iter__(self):
        return iter(self.by_id.values())

    def versions(self, doc_id: str) -> tuple[str, ...]:
        return self.families.get(doc_id, (doc_id,))

    def status_on(self, doc_id: str, day: dt.date) -> str:
        """in_force, amended (a later version is in force), repealed, or not_yet_in_force."""
        instrument = self.by_id[doc_id]
        start = instrument.in_force_from
        if (start and start > day) or (start is None and instrument.status == NOT_YET):
            return NOT_YET
        versions = self.versions(doc_id)
        later = versions[versions.index(doc_id) + 1:]
        if any((self.by_id[v].in_force_from or dt.date.min) <= day for v in later):
            return AMENDED
        if instrument.status == REPEALED:
            return REPEALED
        if instrument.status == AMENDED and not later:
            return AMENDED  # superseded by a version that is not in this index
        return IN_FORCE

    def year_of(self, doc_id: str) -> int | None:
        """The year a version is known by: 2016 for csl-2016, 2025 for the 2025 amendment."""
        dated = self.by_id[doc_id].version_date
        return dated.year if dated else None

    def current_version(self, doc_id: str, day: dt.date) -> str:
        """The version of doc_id's instrument in force on day (the earliest if none is yet)."""
        versions = self.versions(doc_id)
        in_force = [v for v in versions if (self.by_id[v].in_force_from or dt.date.min) <= day]
        return in_force[-1] if in_force else versions[0]

    def version_of_year(self, doc_id: str, year: int) -> str | None:
        """The version a citation dated `year` means: the latest one known by that year or
        before (《网络安全法》（2020年） is csl-2016), or None if every version is later."""
        dated = [v for v in self.versions(doc_id) if (self.year_of(v) or 0) <= year]
        return dated[-1] if dated else None

    def superseded_on(self, doc_id: str, day: dt.date) -> bool:
        """True if another version of the same instrument replaces this one on day."""
        return self.current_version(doc_id, day) != doc_id

    def candidates(self, name: str) -> set[str]:
        """Ids whose id, title, alias or English name equals name (no partial matching)."""
        return set(self._names.get(normalise_name(name), set()))

    def resolve(self, name: str, day: dt.date | None = None) -> Instrument:
        """The instrument a user means by name; with several versions, the one in force on day.

        An exact id always wins. A name shared by unrelated instruments is an error that
        lists them, never a guess.
        """
        if name in self.by_id:
            return self.by_id[name]
        ids = self.candidates(name)
        if not ids:
            raise UnknownInstrument(f"no instrument called {name!r} in this index")
        families = {self.versions(i) for i in ids}
        if len(families) > 1:
            titles = ", ".join(sorted(f"{self.by_id[i].title} ({i})" for i in ids))
            raise UnknownInstrument(f"{name!r} is ambiguous: {titles}; use an id")
        return self.by_id[self.current_version(next(iter(ids)), day or dt.date.today())]

    def names(self) -> dict[str, set[str]]:
        """Normalised name -> ids, for citation scanning."""
        return self._names
