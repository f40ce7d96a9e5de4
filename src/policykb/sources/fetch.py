"""Acquiring the corpus: download each instrument's official text named in sources.toml,
keep the original file (HTML, PDF or DOCX) in the corpus folder beside a `<file>.meta.yaml`
sidecar with the catalogue facts and its provenance (source_url, retrieved_at, sha256,
content_type), and check later whether the texts and the facts are still current.

A copy in the corpus folder is only ever replaced by a complete download of the expected
format, written to a temporary file and renamed into place, and never by a plain `fetch`:
only `--check --update` replaces a copy that changed upstream. A file the fetcher did not
write (no sidecar) is never touched.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

from ..catalog import normalise_name
from .catalogue import FORMATS, SIDECAR_FACTS, SourceEntry, SourceLink
from .download import Download, Downloader, DownloadError, media_type
from .flk_source import download_from_database
from .freshness import DEFAULT_MAX_AGE_DAYS, StaleFact, never_checked, stale_facts
from .pages import resolve_page

#: States of one instrument after a run. Plain fetch: fetched, present, no_source, failed,
#: vanished. --check adds unchanged, changed (upstream), modified (the local copy was edited),
#: missing (not fetched yet), and updated (replaced, with --update).
FAILED_STATES = ("failed", "vanished")
ATTENTION_STATES = ("failed", "vanished", "changed", "modified", "missing")
_SIDECAR_HEADER = ("# Written by `policykb fetch`: catalogue facts from sources.toml and the provenance\n"
                   "# of the file beside it. Edit sources.toml, not this file.\n")


@dataclass
class Outcome:
    id: str
    state: str
    url: str | None = None
    path: str | None = None
    message: str = ""


@dataclass
class FetchReport:
    outcomes: list[Outcome] = field(default_factory=list)
    stale: list[StaleFact] = field(default_factory=list)
    never_checked: list[str] = field(default_factory=list)
    checked_upstream: bool = False

    def with_state(self, *states: str) -> list[Outcome]:
        return [o for o in self.outcomes if o.state in states]

    @property
    def ok(self) -> bool:
        """Nothing failed; after --check also nothing changed, vanished or looks stale."""
        if self.checked_upstream:
            return not self.with_state(*ATTENTION_STATES) and not self.stale
        return not self.with_state(*FAILED_STATES)

    def to_dict(self) -> dict:
        return {"ok": self.ok, "outcomes": [asdict(o) for o in self.outcomes],
                "stale": [asdict(s) for s in self.stale], "never_checked": self.never_checked}


@dataclass(frozen=True)
class LocalCopy:
    """A fetched file in the corpus folder and what its sidecar says about it."""

    path: Path
    format: str
    sha256: str
    recorded_sha256: str | None
    retrieved_at: str | None
    has_sidecar: bool
    meta: dict = field(default_factory=dict)

    @property
    def intact(self) -> bool:
        return self.has_sidecar and self.recorded_sha256 == self.sha256


def sidecar_path(path: Path) -> Path:
    return path.with_name(path.name + ".meta.yaml")


def local_copies(folder: Path, doc_id: str) -> list[LocalCopy]:
    """Copies of an instrument in the folder, one per format at most."""
    copies = []
    for fmt, suffix in FORMATS.items():
        path = folder / f"{doc_id}{suffix}"
        if not path.is_file() or path.is_symlink():
            continue
        meta = _read_sidecar(sidecar_path(path))
        copies.append(LocalCopy(
            path=path, format=fmt, sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
            recorded_sha256=meta.get("sha256") if meta is not None else None,
            retrieved_at=str(meta["retrieved_at"]) if meta and meta.get("retrieved_at") else None,
            has_sidecar=meta is not None, meta=meta or {}))
    return copies


def _read_sidecar(path: Path) -> dict | None:
    if not path.is_file():
        return None
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    return data if isinstance(data, dict) else {}


def fetch_corpus(entries: Sequence[SourceEntry], corpus_dir: Path, downloader: Downloader, *,
                 only: Iterable[str] = (), check: bool = False, update: bool = False,
                 today: dt.date | None = None, max_age_days: int = DEFAULT_MAX_AGE_DAYS,
                 on_outcome: Callable[[Outcome], None] | None = None) -> FetchReport:
    """Fetch the entries' texts into `corpus_dir` (or, with check, compare them with upstream)."""
    wanted = set(only)
    unknown = wanted - {e.id for e in entries}
    if unknown:
        raise ValueError(f"no entry with id {', '.join(sorted(unknown))} in the sources file")
    selected = [e for e in entries if not wanted or e.id in wanted]
    corpus_dir.mkdir(parents=True, exist_ok=True)
    report = FetchReport(checked_upstream=check)
    for entry in selected:
        try:
            outcome = _one(entry, corpus_dir, downloader, check=check, update=update)
        except (OSError, ValueError) as exc:
            outcome = Outcome(entry.id, "failed", url=entry.links[0].where if entry.links else None,
                              message=f"cannot store: {exc}")
        report.outcomes.append(outcome)
        if on_outcome:
            on_outcome(outcome)
    if check:
        report.stale = stale_facts(selected, today or dt.date.today(), max_age_days)
        report.never_checked = never_checked(selected)
    return report


def _one(entry: SourceEntry, folder: Path, downloader: Downloader, *, check: bool, update: bool) -> Outcome:
    if not entry.links:
        return Outcome(entry.id, "no_source", message="official URL not known; add a [[instrument.source]]")
    copies = local_copies(folder, entry.id)
    foreign = [c for c in copies if not c.has_sidecar]
    if foreign:
        return Outcome(entry.id, "failed", path=str(foreign[0].path),
                       message=f"{foreign[0].path} was not written by policykb fetch (no sidecar); "
                               "move or remove it to fetch this instrument")
    if not check and copies:
        copy = copies[0]
        note = "" if copy.intact else "; it differs from the sha256 in its sidecar (edited or damaged)"
        note += _refresh_facts(folder, copy, entry)
        return Outcome(entry.id, "present", path=str(copy.path),
                       message=f"retrieved {copy.retrieved_at or '(date unknown)'}{note}")
    result = _download_first(entry, downloader)
    if isinstance(result, Outcome):
        return result
    link, download, page = result  # page: what the source says about itself (page title, database id)
    if link.format == "html":  # a list or notice page is not the law: follow an attachment or refuse
        resolved = resolve_page(link, download, downloader)
        if isinstance(resolved, str):
            return Outcome(entry.id, "failed", url=link.url, message=resolved)
        link, download, facts = resolved
        page = {**page, **facts}
    digest = hashlib.sha256(download.body).hexdigest()
    same_format = next((c for c in copies if c.format == link.format), None)
    if same_format is not None and same_format.sha256 == digest and same_format.intact:
        note = _refresh_facts(folder, same_format, entry, write=update)
        return Outcome(entry.id, "unchanged", url=link.url, path=str(same_format.path),
                       message=f"same as the copy retrieved {same_format.retrieved_at}{note}")
    if check and not update:
        if not copies:
            return Outcome(entry.id, "missing", url=link.url, message="not fetched yet (use --update to fetch)")
        old = same_format or copies[0]
        if old.recorded_sha256 == digest:
            return Outcome(entry.id, "modified", url=link.url, path=str(old.path),
                           message="upstream is unchanged, but the local copy was edited or damaged since "
                                   f"{old.retrieved_at}; --update restores it")
        return Outcome(entry.id, "changed", url=link.url, path=str(old.path),
                       message=f"upstream differs from the copy retrieved {old.retrieved_at} "
                               f"(sha256 {old.sha256[:12]} → {digest[:12]}); --update replaces it")
    path = store(folder, entry, link, download, digest, page)
    state = "updated" if copies else "fetched"
    return Outcome(entry.id, state, url=link.url, path=str(path),
                   message=f"{len(download.body) / 1024:.0f} KB {link.format}" + _page_note(entry, page))


def _page_note(entry: SourceEntry, page: dict) -> str:
    note = f"; the text is an attachment of {page['attachment_of']}" if page.get("attachment_of") else ""
    dated = entry.version or entry.promulgated
    if page.get("flk_date") and dated and page["flk_date"] != dated.isoformat():
        note += (f"; no version dated {dated} in the national database: its version in force, dated "
                 f"{page['flk_date']}, was taken; check the entry's dates")
    shown = page.get("page_title")
    if shown and normalise_name(shown) not in {normalise_name(n) for n in (entry.title, *entry.aliases)}:
        note += f"; the page's own title is {shown!r}: check that the URL is this instrument's"
    return note


def _refresh_facts(folder: Path, copy: LocalCopy, entry: SourceEntry, *, write: bool = True) -> str:
    """Bring the catalogue facts in a sidecar in line with sources.toml, keeping its provenance,
    so an edited status or date reaches `policykb build` without downloading again."""
    facts = entry.catalogue_facts()
    if not copy.has_sidecar or all(copy.meta.get(k) == facts.get(k) for k in SIDECAR_FACTS):
        return ""
    if not write:
        return "; its sidecar's catalogue facts differ from sources.toml (--update refreshes them)"
    provenance = {k: v for k, v in copy.meta.items() if k not in SIDECAR_FACTS}
    _write_sidecar(folder, sidecar_path(copy.path), {**facts, **provenance})
    return "; catalogue facts in its sidecar refreshed from sources.toml"


def _download_first(entry: SourceEntry, downloader: Downloader) -> tuple[SourceLink, Download, dict] | Outcome:
    """The first source that gives a usable download; otherwise an outcome naming every error."""
    errors: list[tuple[SourceLink, DownloadError]] = []
    for link in entry.links:
        try:
            if link.database:
                return download_from_database(entry, downloader)
            return link, downloader.get(link.url, link.format), {}
        except DownloadError as exc:
            errors.append((link, exc))
    state = "vanished" if all(e.vanished for _, e in errors) else "failed"
    message = str(errors[0][1]) if len(errors) == 1 else "; ".join(f"{link.where}: {exc}" for link, exc in errors)
    return Outcome(entry.id, state, url=entry.links[0].where, message=message)


def store(folder: Path, entry: SourceEntry, link: SourceLink, download: Download, digest: str,
          page: dict | None = None) -> Path:
    """Write the file and its sidecar atomically; then drop copies of the same instrument in
    other formats that an earlier fetch wrote, so the corpus holds one copy per instrument."""
    target = _inside(folder, f"{entry.id}{link.suffix}")
    sidecar = sidecar_path(target)
    meta = entry.catalogue_facts()
    meta.update({
        # Where the bytes were actually served from, after any redirect.
        "source_url": download.final_url,
        "retrieved_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        "sha256": digest,
        "size_bytes": len(download.body),
        "content_type": media_type(download.content_type) or link.format,
        **(page or {}),  # the page's own title, date and source; attachment_of
    })
    temp_file = _write_temp(folder, download.body)
    temp_meta = _write_temp(folder, _sidecar_text(meta))
    try:
        os.replace(temp_file, target)
        os.replace(temp_meta, sidecar)
    finally:
        for temp in (temp_file, temp_meta):
            temp.unlink(missing_ok=True)
    for copy in local_copies(folder, entry.id):
        if copy.path.resolve() != target and copy.has_sidecar:
            copy.path.unlink(missing_ok=True)
            sidecar_path(copy.path).unlink(missing_ok=True)
    return target


def _sidecar_text(meta: dict) -> bytes:
    return (_SIDECAR_HEADER + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)).encode("utf-8")


def _write_sidecar(folder: Path, path: Path, meta: dict) -> None:
    _inside(folder, path.name)
    temp = _write_temp(folder, _sidecar_text(meta))
    try:
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)


def _inside(folder: Path, name: str) -> Path:
    """The path for `name` directly in `folder`; refuses anything that would land elsewhere."""
    root = folder.resolve()
    target = root / name
    if target.is_symlink() or target.is_dir():
        raise ValueError(f"refusing to replace {target}: it is a link or a folder")
    if target.parent != root or target.resolve().parent != root or name.startswith("."):
        raise ValueError(f"refusing to write {name!r} outside the corpus folder {root}")
    return target


def _write_temp(folder: Path, data: bytes) -> Path:
    # Hidden name: a corpus load running meanwhile skips it.
    handle, name = tempfile.mkstemp(prefix=".fetch-", suffix=".part", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(name, 0o644)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)
