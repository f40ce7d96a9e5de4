"""policykb: Chinese cyberspace laws and AI rules, parsed along their legal structure and
searchable with cited clauses.

    from policykb import Retriever
    r = Retriever.load("index")
    hits = r.search("个人信息出境需要单独同意吗", k=5)
    hit = r.article("个保法", 38)
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

__version__ = "0.1.0"

from .errors import (
    EmbedderMismatch,
    IndexIncompatible,
    IndexNotFound,
    NoSuchArticle,
    PolicyKBError,
    QueryError,
    UnknownInstrument,
)
from .model import Article, Hit, Instrument, SearchNote

#: Loaded on first use, so that `import policykb` (and `policykb --help`) stays light: the
#: search and build modules bring FAISS, numpy, jieba, bm25s and OpenCC with them.
_LAZY = {
    "BuildResult": "policykb.index.build",
    "build_index": "policykb.index.build",
    "CorpusReport": "policykb.corpus",
    "load_corpus": "policykb.corpus",
    "Retriever": "policykb.search.retriever",
    "SearchResult": "policykb.search.retriever",
    "Filters": "policykb.search.filters",
    "CitationVerifier": "policykb.citations.verify",
    "CitationCheck": "policykb.citations.verify",
}

if TYPE_CHECKING:
    from .citations.verify import CitationCheck, CitationVerifier
    from .corpus import CorpusReport, load_corpus
    from .index.build import BuildResult, build_index
    from .search.filters import Filters
    from .search.retriever import Retriever, SearchResult


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'policykb' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])


__all__ = [
    "Article",
    "BuildResult",
    "CitationCheck",
    "CitationVerifier",
    "CorpusReport",
    "EmbedderMismatch",
    "Filters",
    "Hit",
    "IndexIncompatible",
    "IndexNotFound",
    "Instrument",
    "NoSuchArticle",
    "PolicyKBError",
    "QueryError",
    "Retriever",
    "SearchNote",
    "SearchResult",
    "UnknownInstrument",
    "build_index",
    "load_corpus",
]
