"""Fusing dense and lexical scores: each side standardised, a silent side adds nothing."""

from __future__ import annotations

import numpy as np

from policykb.search.fusion import FusionWeights, fuse

WEIGHTS = FusionWeights()


def test_dense_alone_ranks_by_cosine_when_no_word_matched():
    dense = np.array([0.80, 0.85, 0.70])
    zero = np.zeros(3)
    assert list(np.argsort(-fuse(dense, zero, zero, WEIGHTS))) == [1, 0, 2]


def test_scales_do_not_matter_only_positions_within_each_side():
    dense = np.array([0.80, 0.81, 0.82])
    words = np.array([40.0, 0.0, 0.0])  # BM25's scale dwarfs cosine's, yet is standardised
    scaled = fuse(dense, words * 1000, np.zeros(3), WEIGHTS)
    assert np.allclose(fuse(dense, words, np.zeros(3), WEIGHTS), scaled)
    alone = fuse(dense, np.zeros(3), np.zeros(3), WEIGHTS)
    assert scaled[0] > alone[0] and scaled[1] < alone[1]  # the word match lifts its passage only


def test_a_named_instrument_gets_its_bonus_in_standard_deviations():
    dense = np.array([0.5, 0.6, 0.7])
    zero = np.zeros(3)
    plain = fuse(dense, zero, zero, WEIGHTS)
    named = fuse(dense, zero, zero, WEIGHTS, named=np.array([True, False, False]))
    assert np.allclose(named - plain, [WEIGHTS.named, 0, 0])


def test_equal_scores_and_empty_pools_are_harmless():
    assert np.allclose(fuse(np.full(4, 0.7), np.ones(4), np.ones(4), WEIGHTS), 0.0)
    assert fuse(np.zeros(0), np.zeros(0), np.zeros(0), WEIGHTS).size == 0
