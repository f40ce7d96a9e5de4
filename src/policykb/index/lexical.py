"""The lexical side of retrieval: two BM25 fields over the same passages.

- words: Chinese word segmentation (jieba, search mode) plus lower-cased Latin words;
- bigrams: overlapping pairs of Chinese characters, which still match where the question
  and the statute are segmented differently (出租人 / 租人, 人脸识别 / 脸识) — the classic
  complement to words in Chinese retrieval (on stard_dev it lifts MRR@10 by about 2 points).

Both are scored with bm25s, whose files are plain NumPy arrays and JSON, loaded without pickle.
"""

from __future__ import annotations

import logging
import os
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import bm25s
import jieba
import numpy as np

from ..errors import IndexIncompatible

jieba.setLogLevel(logging.WARNING)

# Function words and question words carry no topic: 的, 是否, 什么, 如何 …
_STOPWORDS = frozenset("""
的 了 是 在 和 与 及 或 或者 以及 等 对 对于 把 被 由 从 向 于 为 为了 其 之 所 而 并 且 也
都 就 还 又 这 那 这个 那个 这些 那些 该 本 此 我 我们 你 你们 他 她 它 他们 公司 一个 一些 有
没有 要 会 能 能否 可 可以 吗 呢 吧 啊 么 什么 怎么 怎样 怎么办 如何 哪些 哪个 哪里 多少 多久
是否 是不是 有没有 需要 应该 请问 如果 因为 所以 但是 但 时候 情况 问题 规定 法律 条 第 中 上 下
后 前 里 个 人 者 时
a an the of to in on for and or is are be by with as at from that this it its what which how do
does did can may must should we our you your they their there any if when who whom whose
""".split())
_TOKEN = re.compile(r"[a-z0-9]+|[\u3400-\u9fff\uf900-\ufaff]+")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_EMPTY = "\u2205"  # stands in for a passage with no tokens: bm25s wants at least one


class Tokenizer:
    """Deterministic tokens for both index and query; thread-safe."""

    def __init__(self) -> None:
        self._jieba = jieba.Tokenizer()
        self._jieba.tmp_dir = _jieba_cache_dir()
        self._lock = threading.Lock()

    def __call__(self, text: str) -> list[str]:
        tokens: list[str] = []
        for span in _TOKEN.findall(text.lower()):
            if span.isascii():
                if span not in _STOPWORDS and (len(span) > 1 or span.isdigit()):
                    tokens.append(span)
                continue
            with self._lock:  # jieba initialises lazily and is not re-entrant on first use
                words = self._jieba.lcut_for_search(span)
            tokens.extend(w for w in words if w not in _STOPWORDS)
        return tokens


def _jieba_cache_dir() -> str | None:
    """jieba keeps its dictionary cache in /tmp/jieba.cache by default: a file that another user
    may own (then every run prints a traceback) or may have written. This user's own cache
    folder is used instead; None (jieba's default) only if it cannot be made."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = os.path.join(base, "policykb")
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError:
        return None
    return folder


_TOKENIZER: Tokenizer | None = None


def tokenizer() -> Tokenizer:
    global _TOKENIZER
    if _TOKENIZER is None:
        _TOKENIZER = Tokenizer()
    return _TOKENIZER


def bigrams(text: str) -> list[str]:
    """Overlapping character pairs of each run of Chinese characters (a lone character is kept)."""
    pairs: list[str] = []
    for span in _HAN.findall(text):
        pairs.extend(span[i:i + 2] for i in range(max(1, len(span) - 1)))
    return pairs


@dataclass(frozen=True)
class LexicalScores:
    """Every passage's BM25 score for one query, per field."""

    words: np.ndarray
    bigrams: np.ndarray


class _Field:
    """One BM25 model and the analyser that feeds it."""

    def __init__(self, model: bm25s.BM25, analyse: Callable[[str], list[str]]) -> None:
        self.model = model
        self.analyse = analyse

    @classmethod
    def build(cls, texts: list[str], analyse: Callable[[str], list[str]], k1: float, b: float) -> _Field:
        # Term ids are given in first-seen order: bm25s would number them in a set's order,
        # which changes with Python's hash seed, so the same corpus would give other files.
        vocab: dict[str, int] = {}
        ids = [[vocab.setdefault(token, len(vocab)) for token in analyse(t) or [_EMPTY]] for t in texts]
        model = bm25s.BM25(k1=k1, b=b, method="lucene")
        model.index((ids, vocab), show_progress=False)
        return cls(model, analyse)

    def tokens(self, query: str) -> list[str]:
        vocab = self.model.vocab_dict
        return [t for t in self.analyse(query) if t in vocab]

    def document_frequencies(self) -> dict[str, int]:
        """How many passages each indexed token occurs in."""
        indptr = np.asarray(self.model.scores["indptr"])
        counts = np.diff(indptr)
        return {token: int(counts[i]) for token, i in self.model.vocab_dict.items() if i < len(counts)}

    def scores(self, query: str) -> np.ndarray:
        tokens = self.tokens(query)
        if not tokens:
            return np.zeros(self.model.scores["num_docs"], dtype=np.float32)
        return np.asarray(self.model.get_scores(tokens), dtype=np.float32)


def _analysers() -> dict[str, Callable[[str], list[str]]]:
    """Each field's name (its folder in the index, its key in LexicalScores) and analyser."""
    return {"words": tokenizer(), "bigrams": bigrams}


class LexicalIndex:
    """BM25 over words and over character bigrams; `scores` gives every passage's scores."""

    def __init__(self, fields: dict[str, _Field]) -> None:
        self._fields = fields

    @classmethod
    def build(cls, texts: list[str], k1: float = 1.2, b: float = 0.75) -> LexicalIndex:
        return cls({name: _Field.build(texts, analyse, k1, b) for name, analyse in _analysers().items()})

    def save(self, folder: Path) -> None:
        for name, field in self._fields.items():
            (folder / name).mkdir()
            field.model.save(str(folder / name), corpus=None, show_progress=False)

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex:
        analysers = _analysers()
        missing = [name for name in analysers if not (folder / name).is_dir()]
        if missing:
            raise IndexIncompatible(f"lexical index at {folder} lacks {', '.join(missing)}; rebuild the index")
        return cls({name: _Field(bm25s.BM25.load(str(folder / name), mmap=False, allow_pickle=False,
                                                 show_progress=False), analyse)
                    for name, analyse in analysers.items()})

    def vocabulary(self) -> tuple[dict[str, int], int]:
        """Each word of the passages (as segmented for search) with its passage count, and the
        number of passages."""
        words = self._fields["words"]
        return words.document_frequencies(), int(words.model.scores["num_docs"])

    def scores(self, query: str) -> LexicalScores:
        return LexicalScores(**{name: field.scores(query) for name, field in self._fields.items()})
