"""The day a question is asked about (`as_of`): which versions count and what is in force."""

from __future__ import annotations

import datetime as dt
import re

from .errors import QueryError

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def as_date(value: dt.date | str | None) -> dt.date:
    """A date from a date, an ISO string (2025-06-01) or None (today)."""
    if value is None or value == "":
        return dt.date.today()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        # YYYY-MM-DD only, as every interface documents: fromisoformat would also take 20250601
        if not _ISO_DAY.fullmatch(text):
            raise ValueError
        return dt.date.fromisoformat(text)
    except ValueError:
        raise QueryError(f"as_of must be a date written YYYY-MM-DD, like 2025-06-01, not {value!r}") from None
