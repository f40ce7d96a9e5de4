"""Combining the dense and lexical signals into one ranking.

Candidates come from both sides; each side's scores are standardised over the candidate
pool, so neither side's scale (cosine near 0.8, BM25 anywhere from 0 to 40) dominates.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class FusionWeights:
    dense: float = 1.0
    lexical: float = 0.75
    #: Bonus, in standard deviations, for articles of an instrument the question names.
    named: float = 1.0


def _standardise(values: np.ndarray) -> np.ndarray:
    if values.size == 0:
        return values
    spread = values.std()
    if spread < 1e-9:
        return np.zeros_like(values)
    return (values - values.mean()) / spread


def fuse(dense: np.ndarray, lexical: np.ndarray, weights: FusionWeights,
         named: np.ndarray | None = None) -> np.ndarray:
    """One score per candidate from its dense cosine, its BM25 score, and whether the
    question names its instrument."""
    lexical_weight = weights.lexical if lexical.max(initial=0.0) > 0 else 0.0
    score = weights.dense * _standardise(dense) + lexical_weight * _standardise(lexical)
    if named is not None and named.any():
        score = score + weights.named * named
    return score
