"""The dense (vector) index behind one seam: build it from unit vectors, save and load it, search
it with a filter mask, and read vectors back by position. Flat (exact) and HNSW (approximate)
FAISS indexes implement it; another engine slots in as one more subclass in `DENSE_KINDS`.

The index holds the only copy of the vectors: a retriever reads them back from it (the
mean vector of a cited article, the exact cosine of each candidate) instead of keeping its own.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from pathlib import Path
from typing import ClassVar

import faiss
import numpy as np

#: File of a build that holds the dense index.
FILE = "dense.faiss"


class DenseIndex(ABC):
    """Inner-product search over unit vectors, positions 0..n-1 in chunk order."""

    kind: ClassVar[str]

    @classmethod
    @abstractmethod
    def build(cls, vectors: np.ndarray) -> DenseIndex:
        """An index over float32 unit vectors (n × dim)."""

    @classmethod
    @abstractmethod
    def load(cls, folder: Path) -> DenseIndex:
        """The index saved in a build folder."""

    @abstractmethod
    def save(self, folder: Path) -> None:
        """Write the index into a build folder (the file `FILE`)."""

    @abstractmethod
    def search(self, query: np.ndarray, k: int, mask: np.ndarray | None = None) -> np.ndarray:
        """Positions of up to k nearest vectors, best first; with a boolean mask, only where it is True."""

    @abstractmethod
    def vectors(self, ids: np.ndarray) -> np.ndarray:
        """The stored vectors at these positions (len(ids) × dim)."""

    @abstractmethod
    def __len__(self) -> int: ...

    @property
    @abstractmethod
    def dim(self) -> int: ...


class _FaissIndex(DenseIndex):
    """What FAISS's flat and HNSW indexes share: file format, filtered search, reconstruction."""

    def __init__(self, index: faiss.Index) -> None:
        self._index = index

    @classmethod
    def build(cls, vectors: np.ndarray) -> DenseIndex:
        index = cls._empty(vectors.shape[1])
        if len(vectors):
            index.add(np.ascontiguousarray(vectors, dtype=np.float32))
        return cls(index)

    @staticmethod
    @abstractmethod
    def _empty(dim: int) -> faiss.Index: ...

    @classmethod
    def load(cls, folder: Path) -> DenseIndex:
        faiss.omp_set_num_threads(1)  # a loaded index serves one query at a time: threads cost more than they save
        return cls(faiss.read_index(str(folder / FILE)))

    def save(self, folder: Path) -> None:
        faiss.write_index(self._index, str(folder / FILE))

    def search(self, query: np.ndarray, k: int, mask: np.ndarray | None = None) -> np.ndarray:
        if k <= 0 or len(self) == 0:
            return np.zeros(0, dtype=np.int64)
        params = None
        if mask is not None and not mask.all():
            params = faiss.SearchParameters(sel=faiss.IDSelectorBatch(np.flatnonzero(mask).astype(np.int64)))
        _, ids = self._index.search(query.reshape(1, -1).astype(np.float32, copy=False), k, params=params)
        ids = ids[0]
        return ids[ids >= 0]

    def vectors(self, ids: np.ndarray) -> np.ndarray:
        ids = np.asarray(ids, dtype=np.int64)
        if ids.size == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        return self._index.reconstruct_batch(ids)

    def __len__(self) -> int:
        return int(self._index.ntotal)

    @property
    def dim(self) -> int:
        return int(self._index.d)


class FlatIndex(_FaissIndex):
    """Exact search: every vector is compared (fast enough for tens of thousands of chunks)."""

    kind = "flat"

    @staticmethod
    def _empty(dim: int) -> faiss.Index:
        return faiss.IndexFlatIP(dim)


class HNSWIndex(_FaissIndex):
    """Approximate search over a navigable small-world graph, for corpora too big for flat search."""

    kind = "hnsw"

    @staticmethod
    def _empty(dim: int) -> faiss.Index:
        index = faiss.IndexHNSWFlat(dim, 32, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = 80
        index.hnsw.efSearch = 128
        return index


#: Every kind of dense index, by the name `policykb build --dense` and the manifest use.
DENSE_KINDS: dict[str, type[DenseIndex]] = {cls.kind: cls for cls in (FlatIndex, HNSWIndex)}


def dense_kind(kind: str) -> type[DenseIndex]:
    """The class for a kind name, or ValueError naming the kinds there are."""
    try:
        return DENSE_KINDS[kind]
    except KeyError:
        raise ValueError(f"dense index must be one of {', '.join(DENSE_KINDS)}, not {kind!r}") from None
