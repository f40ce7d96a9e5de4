"""Build an index from corpus folders: load, chunk, embed (reusing cached vectors), index
densely and lexically, then publish atomically. `policykb build` and
`scripts/build_index.py` both call `build_index`.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import shutil
import time
from collections.abc import Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from .. import __version__
from ..citations.graph import build_links
from ..corpus import CorpusReport, load_corpus
from ..errors import ConfigError
from . import store as index_store
from .chunking import MAX_PIECE_CHARS, chunk_document
from .dense import DENSE_KINDS
from .embedding import get_embedder, identity_key
from .embedding_cache import EmbeddingCache, embed_passages
from .lexical import LexicalIndex

#: Bumped whenever chunking, lexical analysis or the build's files change, so an index built by
#: older code counts as stale even though the corpus is the same (6: no vectors.npy beside FAISS,
#: and links.jsonl, the provision graph).
PIPELINE_VERSION = 6


@dataclass
class BuildResult:
    index_dir: Path
    build_dir: Path
    manifest: dict
    report: CorpusReport
    up_to_date: bool
    embedded: int
    seconds: float


@contextmanager
def _build_lock(root: Path):
    """One build at a time per index folder; a second one fails fast with a clear message.

    A build that fails in a folder it created takes back what it made, so a failed first
    build leaves no empty index folder behind (a folder that existed before is kept).
    """
    created = [folder for folder in (root, *root.parents) if not folder.exists()]
    root.mkdir(parents=True, exist_ok=True)
    with (root / ".build.lock").open("w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ConfigError(f"another build is running on {root}") from None
        try:
            yield
        except BaseException:
            if created:  # still under the lock: no other build can be using the folder
                _remove_if_empty(root, created)
            raise
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _remove_if_empty(root: Path, created: list[Path]) -> None:
    """Remove the lock file, empty sub-folders and then the folders this build created,
    each only while empty: an index, a vector cache or anyone else's file keeps them."""
    (root / ".build.lock").unlink(missing_ok=True)
    for folder in (root / index_store.BUILDS, root / "cache"):
        with suppress(OSError):
            folder.rmdir()
    for folder in created:  # deepest first
        try:
            folder.rmdir()
        except OSError:
            return


def corpus_fingerprint(report: CorpusReport, settings: dict) -> str:
    digest = hashlib.sha256(json.dumps(settings, sort_keys=True).encode())
    for document in report.documents:
        meta = document.instrument.to_dict()
        meta.pop("path", None)
        digest.update(json.dumps(meta, sort_keys=True, ensure_ascii=False).encode())
        digest.update(document.content_hash.encode())
    return digest.hexdigest()


def build_index(corpus: Sequence[str | Path], index: str | Path, *, embedder: str | None = None,
                full: bool = False, dense: str = "flat", progress: bool = True) -> BuildResult:
    """Build (or refresh) the index at `index` from the corpus folders.

    Unless `full`, an index whose corpus, embedder and settings are unchanged is left as
    it is, and vectors of unchanged chunks come from the cache.
    """
    if dense not in DENSE_KINDS:
        raise ConfigError(f"dense index must be one of {', '.join(DENSE_KINDS)}, not {dense!r}")
    started = time.perf_counter()
    root = Path(index)
    roots = [Path(c) for c in corpus]
    if not roots:
        raise ConfigError("no corpus folder given")
    with _build_lock(root):
        files = tqdm(desc="Reading corpus", unit=" files", disable=not progress)
        report = load_corpus(roots, progress=lambda _: files.update())
        files.close()
        if not report.documents:
            raise ConfigError(f"no documents could be loaded from {', '.join(map(str, roots))}")
        model = get_embedder(embedder)
        settings = {"schema": index_store.SCHEMA_VERSION, "pipeline": PIPELINE_VERSION, "embedder": model.identity(),
                    "dense": dense, "max_piece_chars": MAX_PIECE_CHARS}
        fingerprint = corpus_fingerprint(report, settings)
        if not full:
            existing = _existing_manifest(root)
            if existing and existing.get("corpus_fingerprint") == fingerprint:
                return BuildResult(root, index_store.current_build(root), existing, report, True, 0,
                                   time.perf_counter() - started)
        staging = index_store.new_build_dir(root)
        try:
            manifest, embedded = _write_build(staging, report, model, dense, full, root, progress)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        manifest.update({"corpus_fingerprint": fingerprint, "corpus_roots": [str(r) for r in roots],
                         "build_seconds": round(time.perf_counter() - started, 2)})
        build_id = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
        manifest["build_id"] = build_id
        manifest["files"] = index_store.checksums(staging)
        index_store.write_json(staging / "manifest.json", manifest)
        final = index_store.publish(root, staging, build_id)
        return BuildResult(root, final, manifest, report, False, embedded, time.perf_counter() - started)


def _existing_manifest(root: Path) -> dict | None:
    try:
        return index_store.read_manifest(index_store.current_build(root))
    except Exception:
        return None


def _write_build(folder: Path, report: CorpusReport, model, dense: str, full: bool, root: Path,
                 progress: bool) -> tuple[dict, int]:
    instruments, articles, chunks = [], [], []
    for document in report.documents:
        instruments.append(document.instrument.to_dict())
        units = document.parsed.units
        for unit in units:
            articles.append({"doc_id": unit.doc_id, "key": unit.key, "kind": unit.kind, "label": unit.label,
                             "number": unit.number, "sub": unit.sub, "repeat": unit.repeat, "ordinal": unit.ordinal,
                             "chapter_path": list(unit.chapter_path), "page": unit.page,
                             "paragraphs": list(unit.paragraphs)})
        chunks.extend(chunk_document(document.instrument, units))

    cache = None if full else EmbeddingCache(index_store.cache_path(root))
    bar = tqdm(total=len(chunks), desc="Embedding", unit=" chunks", disable=not progress)
    try:
        vectors, embedded = embed_passages(model, [c.embed_text for c in chunks],
                                           [c.content_hash for c in chunks], cache, bar.update)
    finally:
        bar.close()
        if cache:
            cache.close()
    if full:  # --full ignored the cache for reading; refresh it with the new vectors
        cache = EmbeddingCache(index_store.cache_path(root))
        pairs = [(c.content_hash, v) for c, v in zip(chunks, vectors, strict=True)]
        cache.put_many(identity_key(model.identity()), pairs)
        cache.close()

    graph_started = time.perf_counter()
    links = build_links([d.instrument for d in report.documents], [u for d in report.documents for u in d.parsed.units])
    graph_seconds = time.perf_counter() - graph_started
    index_store.write_contents(folder, index_store.BuildContents(
        instruments=instruments, articles=articles,
        chunks=[{"chunk_id": c.chunk_id, "doc_id": c.doc_id, "article_key": c.article_key, "piece": c.piece,
                 "pieces": c.pieces, "text": c.text, "content_hash": c.content_hash} for c in chunks],
        dense=DENSE_KINDS[dense].build(vectors), lexical=LexicalIndex.build([c.embed_text for c in chunks]),
        links=links))
    manifest = {
        "schema_version": index_store.SCHEMA_VERSION,
        "policykb_version": __version__,
        "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "embedder": {"spec": model.spec, **model.identity()},
        "dim": int(model.dim),
        "dense_index": dense,
        "counts": {"instruments": len(instruments),
                   "articles": sum(1 for a in articles if a["kind"] in ("article", "item")),
                   "units": len(articles), "chunks": len(chunks),
                   "references": sum(len(row["refers_to"]) for row in links)},
        "graph_seconds": round(graph_seconds, 3),
        "chunking": {"max_piece_chars": MAX_PIECE_CHARS},
        "skipped": [{"path": p, "reason": r} for p, r in report.skipped],
        "warnings": [{"path": p, "message": m} for p, m in report.warnings],
    }
    return manifest, embedded
