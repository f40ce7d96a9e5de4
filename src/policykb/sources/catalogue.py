"""The catalogue of instruments policykb knows how to acquire: `corpus/sources.toml`.

Each `[[instrument]]` table holds the catalogue facts of one instrument version (id, titles,
aliases, level, issuer, document number, dates, status, supersedes/superseded_by) and where
its official text lives (`[[instrument.source]]` tables with `url` and `format`). An entry
whose official URL is not known says so with `url_known = false` instead of guessing one.

Loading checks every entry and reports all problems at once, each naming the entry and field,
so a bad sources file is fixed in one pass and can never make `policykb fetch` write outside
the corpus folder or fetch over plain HTTP from the internet.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..corpus.metadata import valid_id
from ..errors import ConfigError
from ..model import LEVELS, STATUSES, in_force_from
from .network import is_loopback

#: Formats a source may have, with the file suffix the fetched copy gets.
FORMATS = {"html": ".html", "pdf": ".pdf", "docx": ".docx", "doc": ".doc"}
#: Official texts are published on government domains; .gov.cn is reserved to government bodies
#: and covers npc.gov.cn, flk.npc.gov.cn, www.gov.cn, cac.gov.cn, court.gov.cn, spp.gov.cn and
#: the Shanghai and Shenzhen government and people's-congress sites.
OFFICIAL_DOMAINS = ("gov.cn",)

_REQUIRED_TEXT = ("id", "title", "level", "issuer", "status")
_OPTIONAL_TEXT = ("title_en", "doc_number", "supersedes", "superseded_by", "note")
_DATES = ("promulgated", "effective", "version", "checked")
_KNOWN_KEYS = {*_REQUIRED_TEXT, *_OPTIONAL_TEXT, *_DATES, "aliases", "url_known", "source"}
#: Catalogue facts copied into the sidecar of a fetched text, in this order.
SIDECAR_FACTS = ("id", "title", "title_en", "aliases", "level", "issuer", "doc_number", "promulgated",
                 "effective", "version", "status", "supersedes", "superseded_by", "note")


class SourcesError(ConfigError):
    """The sources file cannot be used; the message lists every problem found."""


@dataclass(frozen=True)
class SourceLink:
    """One place the official text can be downloaded from, in a known format."""

    url: str
    format: str
    #: "flk": looked up by title in the National Laws and Regulations Database (url and format
    #: are known only once it is found).
    database: str | None = None

    @property
    def suffix(self) -> str:
        return FORMATS[self.format]

    @property
    def where(self) -> str:
        return self.url or "national database (looked up by title)"


@dataclass(frozen=True)
class SourceEntry:
    """Catalogue facts and official sources of one instrument version."""

    id: str
    title: str
    level: str
    issuer: str
    status: str
    title_en: str | None = None
    aliases: tuple[str, ...] = ()
    doc_number: str | None = None
    promulgated: dt.date | None = None
    effective: dt.date | None = None
    version: dt.date | None = None
    supersedes: str | None = None
    superseded_by: str | None = None
    note: str | None = None
    #: The day a person last compared these facts and URLs with the official page.
    checked: dt.date | None = None
    links: tuple[SourceLink, ...] = ()
    url_known: bool = True

    def catalogue_facts(self) -> dict[str, Any]:
        """The facts a sidecar carries, empty fields left out."""
        facts: dict[str, Any] = {}
        for key in SIDECAR_FACTS:
            value = getattr(self, key)
            if value in (None, ()):
                continue
            facts[key] = list(value) if key == "aliases" else value
        return facts

    @property
    def in_force_from(self) -> dt.date | None:
        """The day this version's text applies from, as far as the catalogue knows (the rule of
        Instrument.in_force_from)."""
        return in_force_from(self.effective, self.promulgated)


def url_problem(url: str) -> str | None:
    """Why a URL may not be fetched, or None. HTTPS is required; plain HTTP only on this
    machine's loopback interface (local mirrors and tests), never across a network."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError as exc:
        return f"not a valid URL ({exc})"
    if parts.scheme not in ("https", "http") or not host:
        return "must be an https:// URL with a host"
    if parts.username or parts.password:
        return "must not carry a user name or password"
    if parts.scheme == "http" and not is_loopback(host):
        return "must use https (plain http is allowed only for 127.0.0.1/localhost)"
    return None


def is_official_host(host: str) -> bool:
    host = host.lower().rstrip(".")
    return any(host == d or host.endswith("." + d) for d in OFFICIAL_DOMAINS)


def load_sources(path: Path) -> list[SourceEntry]:
    """Read and check a sources file; raise SourcesError listing every problem."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SourcesError(f"sources file not found: {path}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SourcesError(f"{path}: not valid TOML: {exc}") from None
    tables = data.get("instrument")
    if not isinstance(tables, list) or not tables:
        raise SourcesError(f"{path}: no [[instrument]] entries")
    entries: list[SourceEntry] = []
    problems: list[str] = []
    for number, table in enumerate(tables, 1):
        entry, entry_problems = _entry(table, number)
        problems.extend(entry_problems)
        if entry is not None:
            entries.append(entry)
    problems.extend(_link_problems(entries))
    if problems:
        listed = "\n  ".join(problems)
        raise SourcesError(f"{path}: {len(problems)} problem(s):\n  {listed}")
    return entries


def _entry(table: Any, number: int) -> tuple[SourceEntry | None, list[str]]:
    if not isinstance(table, dict):
        return None, [f"entry {number}: not a table"]
    name = f"entry {number} ({table.get('id')!r})" if table.get("id") else f"entry {number}"
    problems = [f"{name}: unknown field '{k}'" for k in table if k not in _KNOWN_KEYS]
    values: dict[str, Any] = {}
    for key in (*_REQUIRED_TEXT, *_OPTIONAL_TEXT):
        value = table.get(key)
        if value is None:
            if key in _REQUIRED_TEXT:
                problems.append(f"{name}: field '{key}' is required")
        elif not isinstance(value, str) or not value.strip():
            problems.append(f"{name}: field '{key}' must be non-empty text")
        else:
            values[key] = value.strip()
    for key in _DATES:
        value = table.get(key)
        if value is None:
            continue
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            values[key] = value
        else:
            problems.append(f"{name}: field '{key}' must be a date written as YYYY-MM-DD, got {value!r}")
    aliases = table.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        problems.append(f"{name}: field 'aliases' must be a list of names")
    else:
        values["aliases"] = tuple(dict.fromkeys(a.strip() for a in aliases))
    if "id" in values and not valid_id(values["id"]):
        problems.append(f"{name}: id may hold only letters, digits, '.', '_' and '-' (it names the file)")
    if values.get("level") and values["level"] not in LEVELS:
        problems.append(f"{name}: level {values['level']!r} is not one of {', '.join(LEVELS)}")
    if values.get("status") and values["status"] not in STATUSES:
        problems.append(f"{name}: status {values['status']!r} is not one of {', '.join(STATUSES)}")
    links, link_problems = _links(table, name)
    problems.extend(link_problems)
    url_known = table.get("url_known", True)
    if not isinstance(url_known, bool):
        problems.append(f"{name}: url_known must be true or false")
    elif url_known and not table.get("source"):
        problems.append(f"{name}: no [[instrument.source]] with a url; add one or set url_known = false")
    elif not url_known and table.get("source"):
        problems.append(f"{name}: url_known = false but sources are given")
    if problems:
        return None, problems
    return SourceEntry(**values, links=links, url_known=url_known), []


def _links(table: dict, name: str) -> tuple[tuple[SourceLink, ...], list[str]]:
    raw = table.get("source", [])
    if not isinstance(raw, list):
        return (), [f"{name}: 'source' must be written as [[instrument.source]] tables"]
    links: list[SourceLink] = []
    problems: list[str] = []
    for index, item in enumerate(raw, 1):
        where = f"{name}: source {index}"
        if isinstance(item, dict) and "database" in item:
            if item != {"database": "flk"}:
                problems.append(f"{where}: a database source is written as database = \"flk\" and nothing else")
            else:
                links.append(SourceLink(url="", format="", database="flk"))
            continue
        if not isinstance(item, dict) or set(item) - {"url", "format"}:
            problems.append(f"{where}: must have exactly the fields url and format")
            continue
        url, fmt = item.get("url"), item.get("format")
        if not isinstance(url, str):
            problems.append(f"{where}: url is required")
            continue
        problem = url_problem(url)
        if problem:
            problems.append(f"{where}: url {url!r} {problem}")
        if fmt not in FORMATS:
            problems.append(f"{where}: format {fmt!r} is not one of {', '.join(FORMATS)}")
        if not problem and fmt in FORMATS:
            links.append(SourceLink(url=url, format=fmt))
    return tuple(links), problems


def _link_problems(entries: list[SourceEntry]) -> list[str]:
    """Ids are unique, and supersedes / superseded_by name entries that point back."""
    problems: list[str] = []
    by_id: dict[str, SourceEntry] = {}
    for entry in entries:
        if entry.id in by_id:
            problems.append(f"id {entry.id!r} is used by more than one entry")
        by_id[entry.id] = entry
    for entry in entries:
        for key, back in (("supersedes", "superseded_by"), ("superseded_by", "supersedes")):
            other_id = getattr(entry, key)
            if other_id is None:
                continue
            other = by_id.get(other_id)
            if other is None:
                problems.append(f"{entry.id!r}: {key} names {other_id!r}, which has no entry")
            elif getattr(other, back) != entry.id:
                problems.append(f"{entry.id!r}: {key} = {other_id!r}, but {other_id!r} has "
                                f"{back} = {getattr(other, back)!r}")
    return problems
