"""The files of a build: written and read by one module, the dense index behind one seam."""

from __future__ import annotations

import numpy as np
import pytest

from policykb.errors import IndexIncompatible, IndexNotFound
from policykb.index import store
from policykb.index.dense import DENSE_KINDS, dense_kind
from policykb.index.lexical import LexicalIndex

TEXTS = ["个人信息处理者应当取得个人的单独同意", "网络运营者应当履行安全保护义务", "数据出境安全评估"]


def _vectors(n: int = 3, dim: int = 8) -> np.ndarray:
    vectors = np.random.default_rng(7).normal(size=(n, dim)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


@pytest.mark.parametrize("kind", sorted(DENSE_KINDS))
def test_a_build_reads_back_what_was_written(tmp_path, kind):
    vectors = _vectors()
    chunks = [{"chunk_id": f"a:{n}:0", "doc_id": "a", "article_key": str(n), "text": t} for n, t in enumerate(TEXTS)]
    contents = store.BuildContents(instruments=[{"id": "a", "title": "甲"}], articles=[{"doc_id": "a"}],
                                   chunks=chunks, dense=DENSE_KINDS[kind].build(vectors),
                                   lexical=LexicalIndex.build(TEXTS))
    store.write_contents(tmp_path, contents)
    back = store.read_contents(tmp_path, {"dim": 8, "dense_index": kind})
    assert back.chunks == chunks and back.instruments == contents.instruments
    assert np.allclose(back.dense.vectors(np.arange(3)), vectors)  # the only copy of the vectors
    assert list(back.dense.search(vectors[1], 1)) == [1]
    assert list(back.dense.search(vectors[1], 1, mask=np.array([True, False, True]))) != [1]
    files = store.checksums(tmp_path)
    assert "dense.faiss" in files and "vectors.npy" not in files


def test_parts_that_disagree_are_refused(tmp_path):
    contents = store.BuildContents(instruments=[], articles=[], chunks=[{"chunk_id": "x"}],
                                   dense=DENSE_KINDS["flat"].build(_vectors(2)), lexical=LexicalIndex.build(TEXTS))
    store.write_contents(tmp_path, contents)
    with pytest.raises(IndexIncompatible, match="inconsistent"):
        store.read_contents(tmp_path, {"dim": 8})
    with pytest.raises(IndexIncompatible, match="dense index must be one of"):
        store.read_contents(tmp_path, {"dim": 8, "dense_index": "annoy"})


def test_unknown_kinds_and_missing_indexes_say_what_to_do(tmp_path):
    with pytest.raises(ValueError, match="flat, hnsw"):
        dense_kind("ivf")
    with pytest.raises(IndexNotFound, match="policykb build"):
        store.current_build(tmp_path)
