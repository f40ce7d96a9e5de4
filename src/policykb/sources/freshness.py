"""Which catalogue facts in sources.toml look out of date.

A sources file goes stale in a few recognisable ways, and each is reported with what to do:

- a version marked in_force although the version that supersedes it is already in force
  (its status should now be amended);
- a version marked amended that names no newer version (superseded_by is missing);
- a version marked in_force whose effective date is still in the future (it is not yet in
  force; the catalogue may have been filled in ahead of time or the date is wrong);
- an entry whose facts a person last compared with the official page (`checked`) more than
  `max_age_days` ago: laws are amended and rules replaced, and the only way to know the
  catalogue still matches is to look again. Entries never checked are listed separately,
  as a notice rather than a fault, because a freshly compiled catalogue has no such dates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .catalogue import SourceEntry

DEFAULT_MAX_AGE_DAYS = 365


@dataclass(frozen=True)
class StaleFact:
    id: str
    reason: str


def stale_facts(entries: Sequence[SourceEntry], today: dt.date,
                max_age_days: int = DEFAULT_MAX_AGE_DAYS) -> list[StaleFact]:
    """Facts that contradict each other or today's date, or were checked too long ago."""
    by_id = {e.id: e for e in entries}
    found: list[StaleFact] = []
    for entry in entries:
        successor = by_id.get(entry.superseded_by or "")
        if entry.status == "in_force" and successor is not None:
            start = successor.in_force_from
            if start is not None and start <= today:
                found.append(StaleFact(entry.id, f"status is in_force, but {successor.id} supersedes it "
                                                 f"and applies since {start}: status should be amended"))
        if entry.status == "amended" and entry.superseded_by is None:
            found.append(StaleFact(entry.id, "status is amended, but no superseded_by names the newer version"))
        if entry.status == "in_force" and entry.effective and entry.effective > today:
            found.append(StaleFact(entry.id, f"status is in_force, but it takes effect on {entry.effective}, "
                                             "after today"))
        if entry.checked is not None:
            age = (today - entry.checked).days
            if age > max_age_days:
                found.append(StaleFact(entry.id, f"facts last checked against the official page on "
                                                 f"{entry.checked} ({age} days ago; limit {max_age_days})"))
    return found


def never_checked(entries: Sequence[SourceEntry]) -> list[str]:
    """Ids of entries with no `checked` date."""
    return [e.id for e in entries if e.checked is None]
