"""Combining the dense and lexical signals into one ranking.

Candidates come from every side; each side's scores are standardised over the candidate
pool, so no side's scale (cosine near 0.8, BM25 anywhere from 0 to 40) dominates.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class FusionWeights:
    dense: float = 1.0
    #: The lexical weight is shared between BM25 over words and over character bigrams.
    words: float = 0.4
    bigrams: float = 0.35
    #: Bonus, in standard deviations, for articles of an instrument the question names.
    named: float = 1.0
    #: For a question about sanctions: bonus for a penalty article, and how far below the duty
    #: it punishes (among the first `penalty_sources` articles) its penalty article is placed.
    penalty_article: float = 1.0
    penalty_link: float | None = -0.25
    penalty_sources: int = 10
    #: Bonus for an article that defines terms, for a question about what a term means.
    definition: float = 2.0
    #: Malus for a local regulation the question does not bring into scope (intent.py).
    local: float = 1.0


def _standardise(values: np.ndarray) -> np.ndarray:
    if values.size == 0:
        return values
    spread = values.std()
    if spread < 1e-9:
        return np.zeros_like(values)
    return (values - values.mean()) / spread


def fuse(dense: np.ndarray, words: np.ndarray, bigrams: np.ndarray, weights: FusionWeights,
         named: np.ndarray | None = None) -> np.ndarray:
    """One score per candidate from its dense cosine, its two BM25 scores, and whether the
    question names its instrument. A lexical side that matched nothing adds nothing."""
    score = weights.dense * _standardise(dense)
    for values, weight in ((words, weights.words), (bigrams, weights.bigrams)):
        if values.max(initial=0.0) > 0:
            score = score + weight * _standardise(values)
    if named is not None and named.any():
        score = score + weights.named * named
    return score
