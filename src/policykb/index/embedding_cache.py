"""A content-hash cache of passage vectors, so a rebuild embeds only text that changed.

SQLite holds raw float32 bytes keyed by (embedder identity, sha256 of the embedded text):
plain data, nothing executable, and safe if a build is interrupted mid-write.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from .embedding import Embedder, identity_key

_BATCH = 64


class EmbeddingCache:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path))
        self._db.execute("CREATE TABLE IF NOT EXISTS vectors ("
                         "embedder TEXT NOT NULL, hash TEXT NOT NULL, vector BLOB NOT NULL, "
                         "PRIMARY KEY (embedder, hash))")
        self._db.commit()

    def get_many(self, embedder_key: str, hashes: Sequence[str], dim: int) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        unique = list(dict.fromkeys(hashes))
        for start in range(0, len(unique), 500):
            part = unique[start:start + 500]
            marks = ",".join("?" * len(part))
            rows = self._db.execute(
                f"SELECT hash, vector FROM vectors WHERE embedder = ? AND hash IN ({marks})",
                [embedder_key, *part])
            for digest, blob in rows:
                vector = np.frombuffer(blob, dtype=np.float32)
                if vector.shape == (dim,):
                    found[digest] = vector
        return found

    def put_many(self, embedder_key: str, items: Sequence[tuple[str, np.ndarray]]) -> None:
        self._db.executemany(
            "INSERT OR REPLACE INTO vectors (embedder, hash, vector) VALUES (?, ?, ?)",
            [(embedder_key, digest, np.asarray(v, dtype=np.float32).tobytes()) for digest, v in items])
        self._db.commit()

    def close(self) -> None:
        self._db.close()


def embed_passages(embedder: Embedder, texts: Sequence[str], hashes: Sequence[str],
                   cache: EmbeddingCache | None,
                   progress: Callable[[int], None] | None = None) -> tuple[np.ndarray, int]:
    """Vectors for every text, reusing cached ones. Returns (vectors, number embedded now).

    New vectors are committed to the cache batch by batch, so an interrupted build keeps
    the work already done.
    """
    key = identity_key(embedder.identity())
    vectors = np.zeros((len(texts), embedder.dim), dtype=np.float32)
    cached = cache.get_many(key, hashes, embedder.dim) if cache else {}
    todo: dict[str, list[int]] = {}
    for i, digest in enumerate(hashes):
        if digest in cached:
            vectors[i] = cached[digest]
        else:
            todo.setdefault(digest, []).append(i)
    if progress and cached:
        progress(len(texts) - sum(len(v) for v in todo.values()))
    pending = list(todo.items())
    for start in range(0, len(pending), _BATCH):
        batch = pending[start:start + _BATCH]
        fresh = embedder.embed_passages([texts[positions[0]] for _, positions in batch])
        for (_, positions), vector in zip(batch, fresh, strict=True):
            vectors[positions] = vector
        if cache:
            cache.put_many(key, [(digest, vector) for (digest, _), vector in zip(batch, fresh, strict=True)])
        if progress:
            progress(sum(len(positions) for _, positions in batch))
    return vectors, len(pending)
