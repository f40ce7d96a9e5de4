"""The embedders: the bundled e5 model's conventions, and the query thread chooser."""

import numpy as np

from policykb.index.embedding import ThreadChooser, get_embedder


def test_e5_embeds_queries_and_passages_as_unit_vectors():
    embedder = get_embedder("e5-small")
    assert embedder is get_embedder("e5-small")  # loaded once per process
    query = embedder.embed_query("个人信息出境需要单独同意吗")
    passages = embedder.embed_passages(["个人信息处理者向境外提供个人信息的，应当取得个人的单独同意。",
                                        "国家建立数据分类分级保护制度。"])
    assert query.shape == (384,) and passages.shape == (2, 384)
    assert np.allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-3)
    assert passages[0] @ query > passages[1] @ query
    assert embedder.embed_passages([]).shape == (0, 384)
    # The same text as query and as passage differs: e5's prefixes are applied.
    assert not np.allclose(embedder.embed_query("数据安全"), embedder.embed_passages(["数据安全"])[0])


def test_thread_chooser_tries_both_then_prefers_the_faster_and_keeps_checking():
    chooser = ThreadChooser(cores=2)
    assert chooser.pick() == 1
    chooser.record(1, 0.030, 20)
    assert chooser.pick() == 2  # not measured yet
    chooser.record(2, 0.015, 20)
    picks = [chooser.pick() for _ in range(ThreadChooser.EXPLORE_EVERY * 2)]
    assert picks.count(2) == len(picks) - 2 and picks.count(1) == 2
    for _ in range(10):  # the machine gets busy: every core is now far slower
        chooser.record(2, 0.5, 20)
    assert [chooser.pick() for _ in range(5)] == [1] * 5


def test_thread_chooser_on_one_core():
    chooser = ThreadChooser(cores=1)
    assert {chooser.pick() for _ in range(100)} == {1}
