"""From a citation to what it cites: the instrument version it means and the article, with the
reason in words. The one rule behind a search's lookup, its notes and `verify`, so that the
three never pick different versions of one law.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from ..catalog import Catalog
from ..model import Article, Instrument, unit_key
from .parser import CitationMention

#: Why a citation names no version: no such instrument, a name several instruments share, or a
#: cited year older than every version in the index.
Failure = Literal["unknown_instrument", "ambiguous", "no_such_version"]


@dataclass(frozen=True)
class Resolution:
    """What one citation refers to in one index."""

    mention: CitationMention
    #: The version meant, or None (see `failure`).
    instrument: Instrument | None
    #: How the version was chosen, or why none could be, in words.
    reason: str
    failure: Failure | None = None
    #: The cited article of that version, or None when it has no such article.
    article: Article | None = None

    @property
    def key(self) -> str:
        """The cited article's key: 21, or 10-1 for 第十条之一."""
        return unit_key(self.mention.number, self.mention.sub)


class CitationResolver:
    """Resolves citations against one index's catalogue and articles."""

    def __init__(self, catalog: Catalog, unit: Callable[[str, str], Article | None]) -> None:
        self._catalog = catalog
        self._unit = unit

    def resolve(self, mention: CitationMention, day: dt.date, *, among: set[str] | None = None) -> Resolution:
        """The version a citation means on `day`, and its article.

        A year in the citation names the latest version dated that year or before; a name that
        only one version carries names that version; otherwise the version in force on `day`.
        With `among` (the ids a search's filters let through), a name that could mean several
        versions means those of them that are among these, if any are.
        """
        catalog = self._catalog
        ids = list(mention.doc_ids)
        if among is not None:
            ids = [d for d in ids if d in among] or ids
        if not ids:
            return Resolution(mention, None, f"no instrument called {mention.name!r} in this index",
                              "unknown_instrument")
        families = {catalog.versions(d) for d in ids}
        if len(families) > 1:
            names = ", ".join(f"{catalog.by_id[d].title} ({d})" for d in ids)
            return Resolution(mention, None, f"{mention.name!r} could mean several instruments: {names}", "ambiguous")
        versions = next(iter(families))
        if mention.year:
            found = catalog.version_of_year(versions[0], mention.year)
            if found is None:
                listed = ", ".join(f"{catalog.year_of(v)} ({v})" for v in versions)
                return Resolution(mention, None, f"the index has no version of {mention.name} from {mention.year} "
                                  f"or before (it has {listed})", "no_such_version")
            doc_id, reason = found, f"the {mention.year} version named in the citation is {found}"
        elif len(versions) == 1:
            doc_id, reason = versions[0], f"{mention.name!r} is {versions[0]}"
        elif len(ids) == 1:
            doc_id, reason = ids[0], f"{mention.name!r} names the version {ids[0]}"
        else:
            doc_id = catalog.current_version(versions[0], day)
            reason = (f"{mention.name!r} has {len(versions)} versions in the index ({', '.join(versions)}); "
                      f"taken as {doc_id}, in force on {day.isoformat()}")
        key = unit_key(mention.number, mention.sub)
        return Resolution(mention, catalog.by_id[doc_id], reason, None, self._unit(doc_id, key))
