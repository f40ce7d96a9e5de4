"""The index on disk, and how a new one replaces the old without a reader noticing.

Layout of an index folder::

    index/
      CURRENT                  name of the build being served (replaced atomically)
      builds/<build-id>/       one complete index
        manifest.json          schema, embedder, dimension, counts, corpus fingerprint, file checksums
        instruments.json       metadata of every instrument version
        articles.jsonl         every article (and text outside articles) with its chapter path
        links.jsonl            the provision graph: each article's references, citers and penalties
        chunks.jsonl           the embedded pieces, in vector order
        dense.faiss            the dense index (FAISS, flat or HNSW): the only copy of the vectors
        lexical/words/         BM25 over jieba words: arrays (.npy) and vocabulary (.json)
        lexical/bigrams/       BM25 over Chinese character bigrams, same files
      cache/embeddings.sqlite  vectors by content hash, reused by the next build

A build writes a new folder under builds/, then replaces CURRENT in one rename: an
interrupted build leaves the served index untouched. Everything here is JSON, NumPy
arrays or FAISS's own format; nothing is unpickled. This module is the only one that knows
these file names: `write_contents` writes a build's files and `read_contents` reads them.
(Builds made before pipeline 5 also hold vectors.npy, which is checked and no longer read.)
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import IndexIncompatible, IndexNotFound
from .dense import DenseIndex, dense_kind
from .lexical import LexicalIndex

SCHEMA_VERSION = 2
CURRENT = "CURRENT"
BUILDS = "builds"
KEEP_BUILDS = 2


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def cache_path(root: Path) -> Path:
    return root / "cache" / "embeddings.sqlite"


def new_build_dir(root: Path) -> Path:
    """A fresh, empty folder for the next build (a temporary name until published)."""
    builds = root / BUILDS
    builds.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=".incomplete-", dir=builds))


def write_json(path: Path, data: object) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False), encoding="utf-8")


def write_jsonl(path: Path, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def checksums(folder: Path) -> dict[str, str]:
    """sha256 of every file in a build (relative path -> digest), manifest excluded."""
    result = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.name != "manifest.json":
            result[path.relative_to(folder).as_posix()] = file_sha256(path)
    return result


def publish(root: Path, staging: Path, build_id: str) -> Path:
    """Move a finished build into place and point CURRENT at it, atomically."""
    final = root / BUILDS / build_id
    os.replace(staging, final)
    _fsync_dir(final.parent)
    pointer = root / f".{CURRENT}.tmp"
    with pointer.open("w", encoding="utf-8") as handle:
        handle.write(build_id + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(pointer, root / CURRENT)
    _fsync_dir(root)
    _prune(root, keep=build_id)
    return final


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _prune(root: Path, keep: str) -> None:
    """Keep the served build and the one before it (a reader may still be loading it);
    remove older builds and leftovers of interrupted ones."""
    builds = root / BUILDS
    complete = sorted((p for p in builds.iterdir() if p.is_dir() and not p.name.startswith(".")),
                      key=lambda p: p.name)
    survivors = {keep, *[p.name for p in complete if p.name != keep][-(KEEP_BUILDS - 1):]}
    for path in builds.iterdir():
        if path.name.startswith(".incomplete-") or (path.is_dir() and path.name not in survivors):
            shutil.rmtree(path, ignore_errors=True)


def current_build(root: Path) -> Path:
    """The folder of the build being served, or IndexNotFound with what to do."""
    root = Path(root)
    pointer = root / CURRENT
    if not pointer.is_file():
        if (root / "manifest.json").is_file():
            return root  # a build folder given directly
        raise IndexNotFound(
            f"no index at {root}: build one with `policykb build --corpus DIR --index {root}`")
    build_id = pointer.read_text(encoding="utf-8").strip()
    if not build_id or "/" in build_id or build_id.startswith("."):
        raise IndexIncompatible(f"{pointer} is damaged ({build_id!r}); rebuild with `policykb build --full`")
    folder = root / BUILDS / build_id
    if not (folder / "manifest.json").is_file():
        raise IndexIncompatible(f"{pointer} names build {build_id!r}, which is missing; rebuild the index")
    return folder


def read_manifest(folder: Path) -> dict:
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise IndexIncompatible(f"cannot read {folder / 'manifest.json'}: {exc}") from exc
    if manifest.get("schema_version") != SCHEMA_VERSION:
        raise IndexIncompatible(
            f"index schema {manifest.get('schema_version')} is not the supported {SCHEMA_VERSION}; "
            "rebuild with `policykb build --full`")
    return manifest


def verify_files(folder: Path, manifest: dict) -> None:
    """Refuse a build whose files do not match their recorded checksums."""
    for name, expected in manifest.get("files", {}).items():
        path = folder / name
        if not path.is_file():
            raise IndexIncompatible(f"index file missing: {path}; rebuild the index")
        if file_sha256(path) != expected:
            raise IndexIncompatible(f"index file damaged (checksum mismatch): {path}; rebuild the index")


@dataclass
class BuildContents:
    """Everything a build holds besides its manifest."""

    #: Instrument metadata (Instrument.to_dict), articles and chunks (in vector order) as rows.
    instruments: list[dict]
    articles: list[dict]
    chunks: list[dict]
    dense: DenseIndex
    lexical: LexicalIndex
    #: The provision graph (citations.graph), one row per linked article; None for a build made
    #: before there was one (the retriever then computes it).
    links: list[dict] | None = None


def write_contents(folder: Path, contents: BuildContents) -> None:
    """Write a build's files into its (staging) folder."""
    contents.dense.save(folder)
    lexical_dir = folder / "lexical"
    lexical_dir.mkdir()
    contents.lexical.save(lexical_dir)
    write_json(folder / "instruments.json", contents.instruments)
    write_jsonl(folder / "articles.jsonl", contents.articles)
    write_jsonl(folder / "chunks.jsonl", contents.chunks)
    if contents.links is not None:
        write_jsonl(folder / "links.jsonl", contents.links)


def read_contents(folder: Path, manifest: dict) -> BuildContents:
    """Read a build's files, refusing one whose parts disagree."""
    try:
        kind = dense_kind(manifest.get("dense_index", "flat"))
    except ValueError as exc:
        raise IndexIncompatible(f"index at {folder}: {exc}; rebuild it") from None
    contents = BuildContents(
        instruments=json.loads((folder / "instruments.json").read_text(encoding="utf-8")),
        articles=read_jsonl(folder / "articles.jsonl"), chunks=read_jsonl(folder / "chunks.jsonl"),
        dense=kind.load(folder), lexical=LexicalIndex.load(folder / "lexical"),
        links=read_jsonl(folder / "links.jsonl") if (folder / "links.jsonl").is_file() else None)
    if len(contents.dense) != len(contents.chunks) or contents.dense.dim != manifest["dim"]:
        raise IndexIncompatible(f"index at {folder} is inconsistent (vectors, chunks and FAISS disagree); rebuild it")
    return contents
