"""SpanSet answers overlap questions as a plain list of spans would, in log time."""

from __future__ import annotations

import random

import pytest

from policykb.citations.spans import SpanSet


@pytest.mark.parametrize("seed", range(20))
def test_overlaps_agrees_with_a_list_of_spans(seed):
    rng = random.Random(seed)
    spans, taken = [], SpanSet()
    for _ in range(200):
        start = rng.randrange(0, 500)
        end = start + rng.randrange(1, 12)
        expected = any(start < e and s < end for s, e in spans)
        assert taken.overlaps(start, end) == expected, (start, end)
        if rng.random() < 0.5:
            spans.append((start, end))
            taken.add(start, end)


def test_touching_spans_do_not_overlap():
    taken = SpanSet()
    taken.add(10, 20)
    assert not taken.overlaps(20, 25) and not taken.overlaps(5, 10)
    assert taken.overlaps(19, 21) and taken.overlaps(0, 100)
    assert not taken.overlaps(15, 15)  # an empty span shares nothing
