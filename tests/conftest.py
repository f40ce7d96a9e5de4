"""Shared fixtures: the real corpus in ../shared and one small real index per test session.

The index is built with the real default embedder from a handful of real instruments
(about 700 chunks), once, and shared read-only by the tests that need it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

# Nothing in the tests may reach a model hub.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("POLICYKB_SHARED") or REPO.parent / "shared")
CORPUS = SHARED / "corpus"
CYBER = CORPUS / "cyber"

#: Instruments in the session index: the two Cybersecurity Law versions, the data and
#: personal-information laws and regulations, and two AI rules.
SUBSET = ("csl-2016", "csl-2025", "pipl", "dsl", "network-data-regulation", "genai-interim-measures",
          "deep-synthesis-provisions", "cii-regulation")


def pytest_collection_modifyitems(config, items):
    if not CYBER.is_dir():
        skip = pytest.mark.skip(reason=f"shared corpus not found at {CORPUS} (set POLICYKB_SHARED)")
        for item in items:
            if "needs_corpus" in item.keywords:
                item.add_marker(skip)


@pytest.fixture(scope="session")
def cyber_dir() -> Path:
    if not CYBER.is_dir():
        pytest.skip(f"shared corpus not found at {CORPUS}")
    return CYBER


@pytest.fixture(scope="session")
def subset_corpus(tmp_path_factory, cyber_dir) -> Path:
    """A corpus folder with a few real instruments (copied into a temporary folder)."""
    folder = tmp_path_factory.mktemp("corpus")
    for doc_id in SUBSET:
        shutil.copy(cyber_dir / f"{doc_id}.md", folder / f"{doc_id}.md")
    return folder


@pytest.fixture(scope="session")
def built_index(tmp_path_factory, subset_corpus) -> Path:
    """A real index (real model, FAISS and BM25) over the subset, built once."""
    from policykb.index.build import build_index

    index_dir = tmp_path_factory.mktemp("index")
    build_index([subset_corpus], index_dir, progress=False)
    return index_dir


@pytest.fixture(scope="session")
def retriever(built_index):
    from policykb import Retriever

    return Retriever.load(built_index)
