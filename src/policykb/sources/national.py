"""`policykb fetch --collection national`: every instrument of the chosen kinds from the National
Laws and Regulations Database, each kept as its original file (DOCX, else PDF; some older texts
are Word 97 .doc) beside a sidecar with its facts, status and version links.

A run has two steps, both resumable:
1. the listing: the search list is paged through kind by kind; each page's rows are added to a
   state file (`.flk-state.json`, written atomically) so a run killed mid-listing goes on from
   the next page;
2. the texts: for each listed instrument whose copy is missing, damaged or of another date, the
   details are read and the text downloaded; the sidecar and the file are each written to a
   temporary file and renamed into place, the sidecar first, so a kill at any point leaves
   either the old copy or a sidecar whose sha256 does not match, which the next run repairs.
   An instrument whose date is unchanged but whose status changed (amended, repealed) gets a new
   sidecar from fresh details (its version links change too) without downloading its text.

The sidecars, not the state file, say what is in the folder, so a corpus copied elsewhere or a
state file lost costs one listing, never a download. `--check` lists afresh and compares.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml
from tqdm import tqdm

from ..catalog import normalise_name
from .fetch import _inside, _write_temp, sidecar_path
from .flk import (
    KINDS,
    LEVEL_BY_CATEGORY,
    LEVEL_BY_KIND,
    STATUS_BY_SXX,
    SUFFIXES,
    FlkClient,
    FlkError,
    Listing,
    clean_title,
    listing,
)

STATE_NAME = ".flk-state.json"
_LOCK_NAME = ".flk.lock"
_PREFIX = "flk-"
#: States after a run: fetched, updated (a new text for a known id), refreshed (facts and status
#: from fresh details, text unchanged), unchanged, failed, vanished (no longer listed; kept).
#: --check: new, changed, status_changed, vanished, unchanged. Both: covered (this version is in
#: the corpus already, fetched from its issuer's page by the focus collection; not downloaded).
ATTENTION = ("failed", "new", "changed", "status_changed", "vanished")
_SIDECAR_NOTE = ("# Written by `policykb fetch --collection national` from the National Laws and Regulations\n"
                 "# Database. A re-run rewrites it; edit nothing here.\n")


@dataclass
class NationalOutcome:
    id: str
    state: str
    title: str = ""
    path: str | None = None
    message: str = ""


@dataclass
class NationalReport:
    kinds: list[str]
    checked: bool = False
    listed: int = 0
    outcomes: list[NationalOutcome] = field(default_factory=list)
    requests: int = 0

    def with_state(self, *states: str) -> list[NationalOutcome]:
        return [o for o in self.outcomes if o.state in states]

    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for outcome in self.outcomes:
            counts[outcome.state] = counts.get(outcome.state, 0) + 1
        return counts

    @property
    def ok(self) -> bool:
        """Nothing failed; after --check also nothing new, changed or vanished."""
        return not self.with_state(*(ATTENTION if self.checked else ("failed",)))

    def to_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "kinds": self.kinds, "listed": self.listed, "counts": self.counts(),
                "requests": self.requests, "outcomes": [asdict(o) for o in self.outcomes]}


@dataclass(frozen=True)
class LocalText:
    """A text fetched from the database earlier, as its sidecar describes it."""

    flk_id: str
    sidecar: Path
    path: Path
    meta: dict

    @property
    def intact(self) -> bool:
        if not self.path.is_file() or self.path.is_symlink():
            return False
        return hashlib.sha256(self.path.read_bytes()).hexdigest() == self.meta.get("sha256")

    @property
    def status(self) -> str | None:
        return self.meta.get("status")

    @property
    def date(self) -> str | None:
        value = self.meta.get("flk_date")
        return str(value) if value else None


def doc_id(flk_id: str) -> str:
    return _PREFIX + flk_id


def local_texts(folder: Path) -> dict[str, LocalText]:
    """Texts in the folder that a national fetch wrote, by database id."""
    found: dict[str, LocalText] = {}
    if not folder.is_dir():
        return found
    for sidecar in sorted(folder.glob(f"{_PREFIX}*.meta.yaml")):
        try:
            meta = yaml.safe_load(sidecar.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue
        if isinstance(meta, dict) and meta.get("flk_id"):
            path = sidecar.with_name(sidecar.name.removesuffix(".meta.yaml"))
            found[str(meta["flk_id"])] = LocalText(str(meta["flk_id"]), sidecar, path, meta)
    return found


def focus_versions(folders: Sequence[Path]) -> dict[tuple[str, str], str]:
    """Versions the focus collection fetched into these folders (not into subfolders), by
    (normalised title, version or promulgation date): a national fetch leaves them out, so one
    corpus does not hold the same version twice."""
    found: dict[tuple[str, str], str] = {}
    for folder in folders:
        if not folder.is_dir():
            continue
        for sidecar in sorted(folder.glob("*.meta.yaml")):
            if sidecar.name.startswith(_PREFIX):
                continue
            try:
                meta = yaml.safe_load(sidecar.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, yaml.YAMLError):
                continue
            if not isinstance(meta, dict) or not meta.get("title"):
                continue
            date = meta.get("version") or meta.get("promulgated")
            if date and sidecar.with_name(sidecar.name.removesuffix(".meta.yaml")).is_file():
                found[(normalise_name(str(meta["title"])), str(date))] = str(meta.get("id") or sidecar.name)
    return found


def _covered(listed: Listing, covered: dict[tuple[str, str], str]) -> str | None:
    return covered.get((normalise_name(listed.title), listed.promulgated or ""))


# -- state ------------------------------------------------------------------------------------

def _load_state(folder: Path) -> dict[str, Any]:
    try:
        state = json.loads((folder / STATE_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def _save_state(folder: Path, state: dict[str, Any]) -> None:
    temp = _write_temp(folder, json.dumps(state, ensure_ascii=False, indent=1).encode("utf-8"))
    try:
        os.replace(temp, folder / STATE_NAME)
    finally:
        temp.unlink(missing_ok=True)


@contextmanager
def _lock(folder: Path) -> Iterator[None]:
    with (folder / _LOCK_NAME).open("w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ValueError(f"another national fetch is running on {folder}") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def list_instruments(client: FlkClient, kinds: Sequence[str], page_size: int, state: dict[str, Any],
                     save: Callable[[], None], progress: bool) -> dict[str, dict[str, Any]]:
    """Page through the search list, kind by kind, from where the state says it stopped."""
    rows: dict[str, dict[str, Any]] = state.setdefault("rows", {})
    pages: dict[str, int] = state.setdefault("pages", {})
    done: list[str] = state.setdefault("listed_kinds", [])
    bar = tqdm(desc="Listing", unit=" pages", disable=None if progress else True)
    try:
        for kind in kinds:
            while kind not in done:
                page = pages.get(kind, 0) + 1
                result = client.search(KINDS[kind], page, page_size)
                before = len(rows)
                for row in result.rows:
                    rows.setdefault(row.id, {**row.to_dict(), "kind": kind})
                pages[kind] = page
                # The last page is short; a page with nothing new means the paging went wrong.
                if len(result.rows) < page_size or page * page_size >= result.total or len(rows) == before:
                    done.append(kind)
                save()
                bar.update()
                bar.set_postfix_str(f"{len(rows)} instruments")
    finally:
        bar.close()
    return rows


# -- the run ----------------------------------------------------------------------------------

def run_national(folder: Path, client: FlkClient, kinds: Sequence[str], *, page_size: int = 100,
                 check: bool = False, progress: bool = True, covered: dict[tuple[str, str], str] | None = None,
                 on_outcome: Callable[[NationalOutcome], None] | None = None) -> NationalReport:
    """Fetch (or with check, compare) the chosen kinds into `folder`, leaving out the versions
    in `covered` (see focus_versions)."""
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        raise ValueError(f"unknown kind {', '.join(unknown)}; choose from {', '.join(KINDS)}")
    folder.mkdir(parents=True, exist_ok=True)
    report = NationalReport(kinds=list(kinds), checked=check)

    def record(outcome: NationalOutcome) -> None:
        report.outcomes.append(outcome)
        if on_outcome:
            on_outcome(outcome)

    with _lock(folder):
        if check:
            state: dict[str, Any] = {}
            rows = list_instruments(client, kinds, page_size, state, lambda: None, progress)
        else:
            state = _load_state(folder)
            if state.get("finished", True) or state.get("kinds") != list(kinds) or state.get("base") != client.base:
                state = {"kinds": list(kinds), "base": client.base, "finished": False,
                         "started_at": _now()}
            rows = list_instruments(client, kinds, page_size, state, lambda: _save_state(folder, state), progress)
        report.listed = len(rows)
        local = local_texts(folder)
        if check:
            _compare(rows, local, kinds, covered or {}, record)
        else:
            _fetch_all(folder, client, rows, local, covered or {}, progress, record)
            for flk_id, text in local.items():
                if flk_id not in rows and text.meta.get("flk_kind") in kinds:
                    record(NationalOutcome(doc_id(flk_id), "vanished", str(text.meta.get("title", "")),
                                           str(text.path), "no longer listed by the database; the copy is kept"))
            state["finished"] = True
            state["finished_at"] = _now()
            _save_state(folder, state)
    report.requests = client.requests
    return report


def _compare(rows: dict[str, dict], local: dict[str, LocalText], kinds: Sequence[str],
             covered: dict[tuple[str, str], str], record: Callable[[NationalOutcome], None]) -> None:
    for flk_id, row in rows.items():
        listed = Listing.from_dict(row)
        text = local.get(flk_id)
        if text is None and _covered(listed, covered):
            record(NationalOutcome(doc_id(flk_id), "covered", listed.title, message=f"as {_covered(listed, covered)}"))
        elif text is None:
            record(NationalOutcome(doc_id(flk_id), "new", listed.title, message=_dates(listed)))
        elif text.date != listed.promulgated:
            record(NationalOutcome(doc_id(flk_id), "changed", listed.title, str(text.path),
                                   f"dated {text.date}, now {listed.promulgated}"))
        elif text.status != listed.status:
            record(NationalOutcome(doc_id(flk_id), "status_changed", listed.title, str(text.path),
                                   f"{text.status} → {listed.status}"))
        elif not text.intact:
            record(NationalOutcome(doc_id(flk_id), "changed", listed.title, str(text.path),
                                   "the local copy is missing or differs from its sidecar's sha256"))
        else:
            record(NationalOutcome(doc_id(flk_id), "unchanged", listed.title, str(text.path)))
    for flk_id, text in local.items():
        if flk_id not in rows and text.meta.get("flk_kind") in kinds:
            record(NationalOutcome(doc_id(flk_id), "vanished", str(text.meta.get("title", "")), str(text.path),
                                   "no longer listed by the database"))


def _fetch_all(folder: Path, client: FlkClient, rows: dict[str, dict], local: dict[str, LocalText],
               covered: dict[tuple[str, str], str], progress: bool,
               record: Callable[[NationalOutcome], None]) -> None:
    bar = tqdm(total=len(rows), desc="Texts", unit=" instruments", disable=None if progress else True)
    counts: dict[str, int] = {}
    try:
        for flk_id, row in rows.items():
            listed = Listing.from_dict(row)
            try:
                if flk_id not in local and _covered(listed, covered):
                    outcome = NationalOutcome(doc_id(flk_id), "covered", listed.title,
                                              message=f"in the corpus already as {_covered(listed, covered)}")
                else:
                    outcome = _one(folder, client, listed, row.get("kind"), local.get(flk_id))
            except (FlkError, OSError, ValueError) as exc:
                outcome = NationalOutcome(doc_id(flk_id), "failed", str(row.get("title", "")),
                                          message=str(exc))
            record(outcome)
            counts[outcome.state] = counts.get(outcome.state, 0) + 1
            bar.update()
            bar.set_postfix_str(", ".join(f"{n} {s}" for s, n in counts.items()))
    finally:
        bar.close()


def _one(folder: Path, client: FlkClient, listed: Listing, kind: str | None, text: LocalText | None) -> NationalOutcome:
    name = doc_id(listed.id)
    if text is not None and text.date == listed.promulgated and text.intact:
        if text.status == listed.status:
            return NationalOutcome(name, "unchanged", listed.title, str(text.path))
        record = client.details(listed.id)
        meta = {**_facts(record, listed, kind, client), **_provenance(text.meta)}
        _replace(folder, text.sidecar, _sidecar_bytes(meta))
        return NationalOutcome(name, "refreshed", listed.title, str(text.path),
                               f"status {text.status} → {meta.get('status')}; text unchanged")
    record = client.details(listed.id)
    facts = _facts(record, listed, kind, client)
    file = client.download(listed.id, _formats(record))
    target = _inside(folder, name + SUFFIXES[file.format])
    if target.exists() and text is None:
        raise ValueError(f"{target} was not written by policykb fetch (no sidecar); move or remove it")
    digest = hashlib.sha256(file.body).hexdigest()
    meta = {**facts, "download_url": file.url, "retrieved_at": _now(), "sha256": digest,
            "size_bytes": len(file.body), "content_type": file.format}
    sidecar = sidecar_path(target)
    # The sidecar first: a kill between the two renames leaves a sidecar whose sha256 does
    # not match the file, and the next run downloads again.
    _replace(folder, sidecar, _sidecar_bytes(meta))
    _replace(folder, target, file.body)
    if text is not None and text.path != target:
        text.path.unlink(missing_ok=True)
        if text.sidecar != sidecar:
            text.sidecar.unlink(missing_ok=True)
    note = f"{len(file.body) / 1024:.0f} KB {file.format}"
    if file.format == "doc":
        note += " (Word 97; read with antiword or catdoc)"
    return NationalOutcome(name, "updated" if text else "fetched", facts["title"], str(target), note)


def _formats(record: dict[str, Any]) -> tuple[str, ...]:
    oss = record.get("ossFile") if isinstance(record.get("ossFile"), dict) else {}
    if oss and not oss.get("ossWordPath") and oss.get("ossPdfPath"):
        return ("pdf", "docx")
    return ("docx", "pdf")


def _facts(record: dict[str, Any], listed: Listing, kind: str | None, client: FlkClient) -> dict[str, Any]:
    """The sidecar's catalogue facts from the details record (the listing fills gaps)."""
    own = listing(record) or listed
    title = own.title or listed.title
    category = own.category or listed.category
    versions = _versions(record.get("lsyg"), listed.id)
    first = min((d for _, d in versions if d), default=None) if versions else None
    promulgated = own.promulgated or listed.promulgated
    status = STATUS_BY_SXX.get(own.sxx if own.sxx is not None else listed.sxx)
    meta: dict[str, Any] = {
        "id": doc_id(listed.id), "title": title,
        "level": LEVEL_BY_CATEGORY.get(category or "") or LEVEL_BY_KIND.get(kind or ""),
        "issuer": own.issuer or listed.issuer,
        "promulgated": _as_date(first or promulgated),
        "effective": _as_date(own.effective or listed.effective),
        "version": _as_date(promulgated) if first and promulgated and first != promulgated else None,
        "status": status,
    }
    ids = [i for i, _ in versions]
    if listed.id in ids:
        at = ids.index(listed.id)
        meta["supersedes"] = doc_id(ids[at - 1]) if at > 0 else None
        meta["superseded_by"] = doc_id(ids[at + 1]) if at + 1 < len(ids) else None
    meta.update({"flk_id": listed.id, "flk_category": category, "flk_kind": kind, "flk_date": promulgated,
                 "source_url": client.page_url(listed.id)})
    return {k: v for k, v in meta.items() if v is not None}


def _versions(lsyg: Any, own_id: str) -> list[tuple[str, str | None]]:
    """历史沿革 as (id, date), oldest first; entries without a usable id are left out."""
    if not isinstance(lsyg, list):
        return []
    found = [(row.id, row.promulgated) for row in (listing(x) for x in lsyg if isinstance(x, dict)) if row]
    order = {i: n for n, (i, _) in enumerate(found)}
    return sorted(dict(found).items(), key=lambda item: (item[1] or "", -order[item[0]]))


def _provenance(meta: dict[str, Any]) -> dict[str, Any]:
    return {k: meta[k] for k in ("download_url", "retrieved_at", "sha256", "size_bytes", "content_type") if k in meta}


def _sidecar_bytes(meta: dict[str, Any]) -> bytes:
    return (_SIDECAR_NOTE + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)).encode("utf-8")


def _replace(folder: Path, target: Path, data: bytes) -> None:
    _inside(folder, target.name)
    temp = _write_temp(folder, data)
    try:
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)


def _as_date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _dates(listed: Listing) -> str:
    return f"promulgated {listed.promulgated}, {listed.status or 'status unknown'}"


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


__all__ = ["NationalOutcome", "NationalReport", "clean_title", "local_texts", "run_national"]
