"""Turn the metadata of a document (front-matter, sidecar or catalogue entry) into an
Instrument: check every field's type, report unknown fields, and fill a missing title
from the text's own title line. Nothing is invented: a field the text does not state stays
empty.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml

from ..model import LEVELS, STATUSES, Instrument

_STRING_FIELDS = ("id", "title", "title_en", "level", "issuer", "doc_number", "status",
                  "supersedes", "superseded_by", "source", "source_url", "retrieved_at", "note")
_DATE_FIELDS = ("promulgated", "effective", "version")
#: Fields the corpus uses for its own bookkeeping; accepted and not reported.
_KNOWN_EXTRA = {"doc_type", "department", "sha256", "content_type", "tier", "path", "format", "derived_from",
                "pages", "encoding", "verified", "size_bytes", "articles", "first_article",
                "last_article", "chars", "structure", "check_problems", "inferred",
                # provenance of texts fetched from the national database or an issuer's page
                "flk_id", "flk_category", "flk_kind", "flk_date", "download_url", "page_title", "page_date",
                "page_source", "attachment_of"}
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")
#: YAML's date-and-time forms (2021-11-01 10:00:00, 2021-11-01T10:00:00+08:00): front-matter and
#: sidecars keep them as text (yamlfields.py); read here as YAML would have read them.
_TIMESTAMP = yaml.SafeLoader.timestamp_regexp


def _as_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        stamp = _TIMESTAMP.match(text)
        if stamp and stamp.group("hour"):
            moment = yaml.safe_load(text)  # ValueError for a day that does not exist
            if isinstance(moment, dt.datetime):
                return moment.date()
        return dt.date.fromisoformat(text)
    raise TypeError(f"expected a date (YYYY-MM-DD), got {type(value).__name__}")


def valid_id(value: str) -> bool:
    """Instrument ids are used in paths and URLs: letters, digits, '.', '_' and '-' only."""
    return bool(_ID.match(value))


def instrument_from_metadata(meta: dict[str, Any], *, fallback_id: str, title_line: str | None,
                             path: str | None, fmt: str | None) -> tuple[Instrument, list[str]]:
    """Build an Instrument; return it with warnings about fields that were dropped."""
    warnings: list[str] = []
    values: dict[str, Any] = {}
    inferred: list[str] = list(meta.get("inferred") or []) if isinstance(meta.get("inferred"), list) else []
    for key, value in meta.items():
        if value is None or key == "inferred":
            continue
        if key in _STRING_FIELDS:
            if isinstance(value, (str, int, float)) and not isinstance(value, bool):
                values[key] = str(value).strip()
            else:
                warnings.append(f"field '{key}' should be text, got {type(value).__name__}; ignored")
        elif key in _DATE_FIELDS:
            try:
                values[key] = _as_date(value)
            except (TypeError, ValueError) as exc:
                warnings.append(f"field '{key}' is not a valid date ({value!r}): {exc}; ignored")
        elif key == "aliases":
            if isinstance(value, str):
                value = [value]
            if isinstance(value, list) and all(isinstance(a, (str, int)) for a in value):
                values["aliases"] = tuple(dict.fromkeys(str(a).strip() for a in value if str(a).strip()))
            else:
                warnings.append("field 'aliases' should be a list of names; ignored")
        elif key not in _KNOWN_EXTRA:
            warnings.append(f"unknown field '{key}' ignored")
    if values.get("id") and not valid_id(values["id"]):
        warnings.append(f"id {values['id']!r} has characters other than letters, digits, '.', '_', '-';"
                        f" using {fallback_id!r}")
        values.pop("id")
    if not values.get("id"):
        values["id"] = fallback_id
    if not values.get("title"):
        if title_line:
            values["title"] = title_line
            inferred.append("title")
        else:
            values["title"] = values["id"]
            warnings.append("no title in metadata or text; the id stands in for it")
    if values.get("level") and values["level"] not in LEVELS:
        warnings.append(f"unknown level {values['level']!r} (expected one of {', '.join(LEVELS)})")
    if values.get("status") and values["status"] not in STATUSES:
        warnings.append(f"unknown status {values['status']!r} (expected one of {', '.join(STATUSES)})")
        values.pop("status")
    values["path"] = path
    values["format"] = fmt
    values["inferred"] = tuple(dict.fromkeys(inferred))
    return Instrument(**values), warnings
