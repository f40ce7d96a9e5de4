"""Articles into chunks: short articles whole, long ones split along their text, each piece
carrying its citation header; promulgation notes are kept for reading but not searched."""

from __future__ import annotations

import pytest

from policykb.corpus import load_corpus
from policykb.index.chunking import MAX_PIECE_CHARS, chunk_article, chunk_document


@pytest.fixture(scope="module")
def pipl(subset_corpus):
    [document] = [d for d in load_corpus([subset_corpus]).documents if d.instrument.id == "pipl"]
    return document


def test_every_searchable_unit_is_covered_by_its_pieces_in_order(pipl):
    chunks = chunk_document(pipl.instrument, pipl.parsed.units)
    by_unit: dict[str, list] = {}
    for chunk in chunks:
        by_unit.setdefault(chunk.article_key, []).append(chunk)
    for unit in pipl.parsed.units:
        pieces = by_unit.get(unit.key)
        if unit.label == "题注":
            assert pieces is None  # 2021年8月20日 … 通过 would match every question with a year
            continue
        assert [p.piece for p in pieces] == list(range(len(pieces))) and {p.pieces for p in pieces} == {len(pieces)}
        assert "".join(p.text for p in pieces).replace("\n", "") == "".join(unit.paragraphs).replace("\n", "")
        assert all(len(p.text) <= MAX_PIECE_CHARS for p in pieces)


def test_each_piece_names_its_instrument_and_article(pipl):
    article = next(u for u in pipl.parsed.units if u.label == "第三十八条")
    [chunk] = chunk_article(pipl.instrument, article)
    assert chunk.chunk_id == "pipl:38:0" and chunk.embed_text.startswith("《个人信息保护法》")
    assert "第三十八条" in chunk.embed_text.splitlines()[0]


def test_split_items_keep_the_sentence_that_introduces_them(pipl):
    article = next(u for u in pipl.parsed.units if u.label == "第十三条")
    pieces = chunk_article(pipl.instrument, article, max_chars=60)
    assert len(pieces) > 2
    lead = article.paragraphs[0]
    assert all(lead in p.embed_text for p in pieces)


def test_the_content_hash_follows_the_embedded_text(pipl):
    article = next(u for u in pipl.parsed.units if u.label == "第三十八条")
    [same] = chunk_article(pipl.instrument, article)
    [again] = chunk_article(pipl.instrument, article)
    assert same.content_hash == again.content_hash
    shorter = chunk_article(pipl.instrument, article, max_chars=40)
    assert shorter[0].content_hash != same.content_hash
