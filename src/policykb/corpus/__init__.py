"""Load a corpus: find documents in one or more folders, read each with the loader for its
format, turn its metadata into an Instrument and parse its legal structure.

A bad file never stops the load: it is skipped with a reason, and the report says so.
Metadata comes from the file's front-matter, its sidecar or its folder's catalog.json (see
sidecars.py); for a file with none, from its own text (infer.py), marked as inferred.
"""

from __future__ import annotations

import errno
import hashlib
import itertools
import os
import stat
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..catalog import normalise_name
from ..model import Instrument
from . import docx, html, markdown, pdf, text, worddoc
from .infer import infer_metadata, legal_text_problem
from .metadata import instrument_from_metadata
from .sidecars import MetadataSources, is_metadata_file
from .structure import ParsedText, parse
from .text import LoadedText, UnreadableDocument

__all__ = ["LOADERS", "CorpusReport", "Document", "UnreadableDocument", "load_corpus"]

#: Loaders by file suffix. Each takes a path and returns LoadedText or raises
#: UnreadableDocument with a reason a user can act on.
LOADERS: dict[str, Callable[[Path], LoadedText]] = {
    ".md": markdown.load,
    ".markdown": markdown.load,
    ".txt": text.load,
    ".pdf": pdf.load,
    ".docx": docx.load,
    ".doc": worddoc.load,
    ".html": html.load,
    ".htm": html.load,
    ".shtml": html.load,
    ".xhtml": html.load,
}
#: What to do with formats that look like documents but have no loader.
_CONVERT_HINTS = {".wps": "WPS format: save it as .docx",
                  ".rtf": "save it as .docx or .txt", ".odt": "save it as .docx", ".ofd": "export it as PDF",
                  ".xlsx": "a spreadsheet, not a document", ".xls": "a spreadsheet, not a document"}
#: Files in a corpus folder that describe it rather than belong to it.
_NOT_DOCUMENTS = {"readme.md", "catalog.json", "sources.toml", "done.txt"}
MAX_FILE_BYTES = 20 * 1024 * 1024


@dataclass
class Document:
    instrument: Instrument
    parsed: ParsedText
    path: Path
    content_hash: str
    pages: int | None = None
    encoding: str | None = None


@dataclass
class CorpusReport:
    """Documents loaded, files skipped, warnings and notes, each naming its file.

    Warnings are problems a careful user fixes (and `--strict` fails on); notes are facts
    worth knowing that need no fix, such as two versions of one instrument.
    """

    documents: list[Document] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)

    @property
    def article_count(self) -> int:
        return sum(len(d.parsed.articles) for d in self.documents)

    @property
    def clean(self) -> bool:
        """Nothing skipped and nothing to warn about: what `--strict` requires."""
        return not self.skipped and not self.warnings


def iter_corpus_files(roots: Sequence[Path], on_error: Callable[[OSError], None] | None = None,
                      on_skip: Callable[[Path, str], None] | None = None) -> Iterable[Path]:
    """Files under the roots in a stable order, hidden files and folders left out.

    A symbolic link to a folder is not followed (it could loop, or lead out of the corpus);
    on_skip hears of it, so that it is reported rather than silently missing.
    """
    for root in roots:
        if not root.is_dir():
            yield root
            continue
        for folder, dirs, files in os.walk(root, followlinks=False, onerror=on_error):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in dirs:
                if on_skip and os.path.islink(os.path.join(folder, name)):
                    on_skip(Path(folder) / name, "a symbolic link to a folder is not followed; "
                                                 "give that folder with --corpus instead")
            for name in sorted(files):
                if name.startswith(".") or name.lower() in _NOT_DOCUMENTS or is_metadata_file(name):
                    continue
                yield Path(folder) / name


def load_corpus(roots: Sequence[str | os.PathLike], *, progress: Callable[[Path], None] | None = None,
                ) -> CorpusReport:
    """Load every document under the given folders (or files)."""
    report = CorpusReport()
    paths = [Path(r) for r in roots]
    for root in paths:
        if not root.exists():
            raise FileNotFoundError(f"corpus folder not found: {root}")

    def unlistable(exc: OSError) -> None:
        report.skipped.append((str(exc.filename), f"cannot list folder: {exc.strerror or exc}"))

    sources = MetadataSources()
    seen_ids: dict[str, Document] = {}
    seen_hashes: dict[str, Document] = {}
    for path in iter_corpus_files(paths, unlistable, lambda path, why: report.skipped.append((str(path), why))):
        if progress:
            progress(path)
        document = _load_one(path, report, sources)
        if document is None:
            continue
        doc_id = document.instrument.id
        if document.content_hash in seen_hashes:
            first = seen_hashes[document.content_hash]
            if _facts(document.instrument) > _facts(first.instrument) and document.instrument.id not in seen_ids:
                # The same text twice: keep the copy that says more about it (a version link,
                # aliases, an English title), whichever folder came first.
                report.documents[report.documents.index(first)] = document
                del seen_ids[first.instrument.id]
                seen_ids[document.instrument.id] = seen_hashes[document.content_hash] = document
                report.skipped.append((str(first.path), (
                    f"duplicate of {path} ('{document.instrument.id}', {document.instrument.format}): "
                    f"{_same_text(first.parsed)} word for word; {path.name} is kept, its metadata says more")))
                continue
            report.skipped.append((str(path), (
                f"duplicate of {first.path} ('{first.instrument.id}', {first.instrument.format}): "
                f"{_same_text(first.parsed)} word for word; the first one is kept")))
            continue
        if doc_id in seen_ids:
            first = seen_ids[doc_id]
            report.skipped.append((str(path), (
                f"id '{doc_id}' is already used by {first.path}, whose text differs; give this file its own id "
                f"(front-matter or {path.name}.meta.yaml), with supersedes/version if it is another version")))
            continue
        seen_ids[doc_id] = document
        seen_hashes[document.content_hash] = document
        report.documents.append(document)
    report.warnings[:0] = sources.warnings
    _report_versions(report)
    return report


def _facts(instrument) -> int:
    """How much a document's metadata says: its filled-in fields, each alias counting once."""
    data = instrument.to_dict()
    data.pop("path", None)
    return sum(len(v) if isinstance(v, (list, tuple)) else 1 for v in data.values() if v not in (None, "", [], ()))


def _same_text(parsed: ParsedText) -> str:
    if parsed.articles:
        return f"the same {len(parsed.articles)} articles"
    return "the same text"


def _refuse_special(path: Path) -> None:
    """Raise for paths that are not a readable regular file of a sensible size."""
    if path.is_symlink() and not path.exists():
        target = os.readlink(path)
        try:
            path.resolve(strict=True)
        except (RuntimeError, OSError) as exc:  # a loop: RuntimeError up to Python 3.12, ELOOP after
            if isinstance(exc, RuntimeError) or exc.errno == errno.ELOOP:
                raise UnreadableDocument(f"symbolic link loop (points to {target}, which leads back to it)") from None
        raise UnreadableDocument(f"broken symbolic link (points to {target}, which does not exist)")
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):
        raise UnreadableDocument("not a regular file (a pipe, socket or device)")
    if info.st_size == 0:
        raise UnreadableDocument("empty file (0 bytes)")
    if info.st_size > MAX_FILE_BYTES:
        raise UnreadableDocument(f"file is {info.st_size / 2**20:.1f} MB, over the {MAX_FILE_BYTES // 2**20} MB "
                                 "limit for one document; split it or remove what is not the text")


def _read(path: Path, report: CorpusReport) -> LoadedText | None:
    suffix = path.suffix.lower()
    loader = LOADERS.get(suffix)
    if loader is None:
        hint = _CONVERT_HINTS.get(suffix, f"supported: {', '.join(sorted(LOADERS))}")
        report.skipped.append((str(path), f"unsupported file type '{path.suffix or '(none)'}' ({hint})"))
        return None
    try:
        _refuse_special(path)
        loaded = loader(path)
    except UnreadableDocument as exc:
        report.skipped.append((str(path), str(exc)))
        return None
    except OSError as exc:
        report.skipped.append((str(path), f"cannot read: {exc.strerror or exc}"))
        return None
    except (Exception, RecursionError) as exc:  # a loader's library failing on a malformed file
        report.skipped.append((str(path), f"cannot read this {suffix[1:].upper()} file "
                                          f"({type(exc).__name__}: {exc})"))
        return None
    if not loaded.text.strip():
        report.skipped.append((str(path), "no text: the file holds only whitespace or markup"))
        return None
    return loaded


def _load_one(path: Path, report: CorpusReport, sources: MetadataSources | None = None) -> Document | None:
    loaded = _read(path, report)
    if loaded is None:
        return None
    parsed = parse(loaded.text)
    if not parsed.units:
        report.skipped.append((str(path), "no text besides a title"))
        return None
    meta = {**(sources or MetadataSources()).for_file(path), **loaded.meta}
    if not meta or loaded.format != "markdown":
        # Files without metadata describe themselves; partial sidecars are completed.
        inferred = infer_metadata(loaded.text)
        fields = [k for k in inferred.pop("inferred") if k not in meta]
        given = meta.get("inferred") if isinstance(meta.get("inferred"), list) else []
        meta = {**{k: inferred[k] for k in fields}, **meta, "inferred": [*given, *fields]}
    title = meta.get("title") if isinstance(meta.get("title"), str) else parsed.title
    problem = legal_text_problem(parsed.structure, title, meta.get("level") if isinstance(
        meta.get("level"), str) else None)
    if problem:
        report.skipped.append((str(path), problem))
        return None
    instrument, warnings = instrument_from_metadata(
        meta, fallback_id=_id_from_name(path), title_line=parsed.title,
        path=str(path), fmt=loaded.format)
    parsed = parsed.for_document(instrument.id)
    for message in [*loaded.warnings, *warnings, *parsed.problems]:
        report.warnings.append((str(path), message))
    digest = hashlib.sha256(_normalised_body(parsed).encode("utf-8")).hexdigest()
    return Document(instrument=instrument, parsed=parsed, path=path, content_hash=digest,
                    pages=loaded.pages, encoding=loaded.encoding)


def _report_versions(report: CorpusReport) -> None:
    """Documents sharing a title are versions of one instrument: noted (the catalogue links
    them), or a warning when nothing tells them apart."""
    by_title: dict[str, list[Document]] = {}
    for document in report.documents:
        by_title.setdefault(normalise_name(document.instrument.title), []).append(document)
    for family in by_title.values():
        if len(family) < 2:
            continue
        dated = sorted(family, key=lambda d: (_version_date(d.instrument) or "", d.instrument.id))
        first = dated[0]
        for earlier, later in itertools.pairwise(dated):
            when, then = _version_date(earlier.instrument), _version_date(later.instrument)
            if when and then and when != then:
                report.notes.append((str(later.path), (
                    f"a later version of {first.instrument.title} than {earlier.path} ('{earlier.instrument.id}', "
                    f"{when} → {then}); both are kept and linked as versions")))
            else:
                report.warnings.append((str(later.path), (
                    f"same title as {earlier.path} ('{earlier.instrument.id}') and no different date: give each "
                    "version its effective or version date (or supersedes), or remove the extra copy")))


def _version_date(instrument: Instrument) -> str | None:
    date = instrument.version_date
    return date.isoformat() if date else None


def _normalised_body(parsed: ParsedText) -> str:
    """The text that decides whether two files are the same document, whatever their format."""
    return "\n".join(f"{u.label}\t{u.text}" for u in parsed.units if u.kind != "preamble")


def _id_from_name(path: Path) -> str:
    stem = path.name.split(".")[0]
    cleaned = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_") else "-" for ch in stem).strip("-")
    if cleaned:
        return cleaned
    return "doc-" + hashlib.sha1(path.name.encode("utf-8")).hexdigest()[:10]
