"""policykb: Chinese cyberspace laws and AI rules, parsed along their legal structure and
searchable with cited clauses.

    from policykb import Retriever
    r = Retriever.load("index")
    hits = r.search("个人信息出境需要单独同意吗", k=5)
    hit = r.article("个保法", 38)
"""

__version__ = "0.1.0"

from .corpus import CorpusReport, load_corpus
from .errors import (
    EmbedderMismatch,
    IndexIncompatible,
    IndexNotFound,
    NoSuchArticle,
    PolicyKBError,
    QueryError,
    UnknownInstrument,
)
from .index.build import BuildResult, build_index
from .model import Article, Hit, Instrument, SearchNote
from .search.retriever import Retriever

__all__ = [
    "Article",
    "BuildResult",
    "CorpusReport",
    "EmbedderMismatch",
    "Hit",
    "IndexIncompatible",
    "IndexNotFound",
    "Instrument",
    "NoSuchArticle",
    "PolicyKBError",
    "QueryError",
    "Retriever",
    "SearchNote",
    "UnknownInstrument",
    "build_index",
    "load_corpus",
]
