"""Search filters: which instrument versions a search may return.

By default a search returns every instrument except versions replaced by a newer version
in force on the day (today, or `as_of`). `in_force_only` keeps only what is in force
that day; `include_superseded` brings old versions back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from ..catalog import AMENDED, IN_FORCE, NOT_YET, REPEALED, Catalog
from ..dates import as_date
from ..errors import QueryError
from ..model import LEVELS

STATUS_VALUES = (IN_FORCE, AMENDED, REPEALED, NOT_YET)


def _as_list(value: str | Iterable[str] | None) -> list[str]:
    """pipl,dsl or [pipl, dsl] or [pipl,dsl] -> [pipl, dsl]: every interface reads a filter alike."""
    if value is None:
        return []
    values = [value] if isinstance(value, str) else value
    return [part.strip() for v in values for part in str(v).split(",") if part.strip()]


@dataclass(frozen=True)
class Filters:
    instrument: tuple[str, ...] = ()
    level: tuple[str, ...] = ()
    issuer: tuple[str, ...] = ()
    status: tuple[str, ...] = ()
    in_force_only: bool = False
    include_superseded: bool = False
    as_of: dt.date | None = None

    @classmethod
    def of(cls, *, instrument=None, level=None, issuer=None, status=None, in_force_only: bool = False,
           include_superseded: bool = False, as_of=None) -> Filters:
        levels = _as_list(level)
        for value in levels:
            if value not in LEVELS:
                raise QueryError(f"unknown level {value!r}; use one of: {', '.join(LEVELS)}")
        statuses = _as_list(status)
        for value in statuses:
            if value not in STATUS_VALUES:
                raise QueryError(f"unknown status {value!r}; use one of: {', '.join(STATUS_VALUES)}")
        return cls(tuple(_as_list(instrument)), tuple(levels), tuple(_as_list(issuer)), tuple(statuses),
                   bool(in_force_only), bool(include_superseded), as_date(as_of))

    @property
    def day(self) -> dt.date:
        return self.as_of or dt.date.today()

    def allowed(self, catalog: Catalog, *, superseded: bool | None = None) -> set[str]:
        """Ids of the instrument versions these filters let through.

        `superseded=True` lifts only the default that hides replaced versions (a question that
        names the 2016 Cybersecurity Law may search it); explicit filters still hold.
        """
        day = self.day
        ids = set(catalog.by_id)
        if self.instrument:
            chosen: set[str] = set()
            for name in self.instrument:
                if name in catalog.by_id:
                    chosen.add(name)
                    continue
                resolved = catalog.resolve(name, day)  # raises UnknownInstrument with the reason
                chosen.update(catalog.versions(resolved.id))
            ids &= chosen
        if self.level:
            ids = {i for i in ids if catalog.by_id[i].level in self.level}
        if self.issuer:
            ids = {i for i in ids if any(part in (catalog.by_id[i].issuer or "") for part in self.issuer)}
        if self.status or self.in_force_only:
            # status=amended with in_force_only asks for nothing, not for everything
            statuses = set(self.status or STATUS_VALUES) & ({IN_FORCE} if self.in_force_only else set(STATUS_VALUES))
            ids = {i for i in ids if catalog.status_on(i, day) in statuses}
        elif not (self.include_superseded or superseded) and not self._names_exact_version(catalog):
            ids = {i for i in ids if not catalog.superseded_on(i, day)}
        return ids

    def _names_exact_version(self, catalog: Catalog) -> bool:
        """A filter that names a version by id (csl-2016) asks for that version."""
        return any(name in catalog.by_id and len(catalog.versions(name)) > 1 for name in self.instrument)
