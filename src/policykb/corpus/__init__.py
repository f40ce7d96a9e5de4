"""Load a corpus: find documents in one or more folders, read each with the loader for its
format, turn its metadata into an Instrument and parse its legal structure.

A bad file never stops the load: it is skipped with a reason, and the report says so.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Instrument
from ..structure import ParsedText, parse
from . import markdown
from .metadata import instrument_from_metadata
from .text import LoadedText, UnreadableDocument

__all__ = ["LOADERS", "CorpusReport", "Document", "UnreadableDocument", "load_corpus"]

#: Loaders by file suffix. Each takes a path and returns LoadedText or raises
#: UnreadableDocument with a reason a user can act on.
LOADERS: dict[str, Callable[[Path], LoadedText]] = {
    ".md": markdown.load,
    ".markdown": markdown.load,
}
#: Files in a corpus folder that describe it rather than belong to it.
_NOT_DOCUMENTS = {"readme.md", "catalog.json", "sources.toml", "done.txt"}
MAX_FILE_BYTES = 20 * 1024 * 1024


@dataclass
class Document:
    instrument: Instrument
    parsed: ParsedText
    path: Path
    content_hash: str


@dataclass
class CorpusReport:
    """Documents loaded, files skipped and warnings, each naming its file."""

    documents: list[Document] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)

    @property
    def article_count(self) -> int:
        return sum(len(d.parsed.articles) for d in self.documents)


def iter_corpus_files(roots: Sequence[Path]) -> Iterable[Path]:
    """Files under the roots in a stable order, hidden files and folders left out."""
    for root in roots:
        if root.is_file():
            yield root
            continue
        for folder, dirs, files in os.walk(root, followlinks=False):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if name.startswith(".") or name.lower() in _NOT_DOCUMENTS:
                    continue
                if name.endswith((".meta.yaml", ".meta.yml", ".meta.json")):
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
    seen_ids: dict[str, Path] = {}
    seen_hashes: dict[str, Path] = {}
    for path in iter_corpus_files(paths):
        if progress:
            progress(path)
        document = _load_one(path, report)
        if document is None:
            continue
        doc_id = document.instrument.id
        if doc_id in seen_ids:
            report.skipped.append((str(path), f"id '{doc_id}' is already used by {seen_ids[doc_id]}"))
            continue
        if document.content_hash in seen_hashes:
            report.skipped.append((str(path), f"same text as {seen_hashes[document.content_hash]}"))
            continue
        seen_ids[doc_id] = path
        seen_hashes[document.content_hash] = path
        report.documents.append(document)
    return report


def _load_one(path: Path, report: CorpusReport) -> Document | None:
    loader = LOADERS.get(path.suffix.lower())
    if loader is None:
        report.skipped.append((str(path), f"unsupported file type '{path.suffix or '(none)'}'"))
        return None
    try:
        if not path.exists():
            raise UnreadableDocument("broken link or file vanished")
        size = path.stat().st_size
        if size == 0:
            raise UnreadableDocument("empty file")
        if size > MAX_FILE_BYTES:
            raise UnreadableDocument(
                f"file is {size / 1e6:.1f} MB, over the {MAX_FILE_BYTES // 2**20} MB limit for one document")
        loaded = loader(path)
    except UnreadableDocument as exc:
        report.skipped.append((str(path), str(exc)))
        return None
    except OSError as exc:
        report.skipped.append((str(path), f"cannot read: {exc.strerror or exc}"))
        return None
    parsed = parse(loaded.text)
    if not parsed.units:
        report.skipped.append((str(path), "no text after extraction"))
        return None
    instrument, warnings = instrument_from_metadata(
        loaded.meta, fallback_id=_id_from_name(path), title_line=parsed.title,
        path=str(path), fmt=loaded.format)
    parsed = parsed.for_document(instrument.id)
    for message in [*loaded.warnings, *warnings, *parsed.problems]:
        report.warnings.append((str(path), message))
    digest = hashlib.sha256(_normalised_body(parsed).encode("utf-8")).hexdigest()
    return Document(instrument=instrument, parsed=parsed, path=path, content_hash=digest)


def _normalised_body(parsed: ParsedText) -> str:
    """The text that decides whether two files are the same document, whatever their format."""
    return "\n".join(f"{u.label}\t{u.text}" for u in parsed.units if u.kind != "preamble")


def _id_from_name(path: Path) -> str:
    stem = path.name.split(".")[0]
    cleaned = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_") else "-" for ch in stem).strip("-")
    if cleaned:
        return cleaned
    return "doc-" + hashlib.sha1(path.name.encode("utf-8")).hexdigest()[:10]
