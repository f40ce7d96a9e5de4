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
    lexical: float = 0.5


def _standardise(values: np.ndarray) -> np.ndarray:
    if values.size == 0:
        return values
    spread = values.std()
    if spread < 1e-9:
        return np.zeros_like(values)
    return (values - values.mean()) / spread


def fuse(dense: np.ndarray, lexical: np.ndarray, weights: FusionWeights) -> np.ndarray:
    """One score per candidate from its dense cosine and BM25 score."""
    lexical_weight = weights.lexical if lexical.max(initial=0.0) > 0 else 0.0
    return weights.dense * _standardise(dense) + lexical_weight * _standardise(lexical)
