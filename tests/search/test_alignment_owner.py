"""Notes and verify read one alignment of versions, owned by the loaded index."""

from __future__ import annotations

import gc
import weakref

from policykb import Retriever
from policykb.citations.verify import CitationVerifier

AFTER = "2026-06-01"


def test_notes_and_verify_share_the_index_alignments(retriever):
    verifier = CitationVerifier(retriever)
    [check] = verifier.verify("《网络安全法》（2016年）第二十一条", as_of=AFTER)
    hits = retriever.search("《网络安全法》（2016年）第二十一条", k=3, as_of=AFTER)
    notes = retriever.notes("《网络安全法》（2016年）第二十一条", hits, as_of=AFTER)
    alignment = retriever.alignments.between("csl-2016", "csl-2025")
    moved = alignment["21"][0]
    assert check.status == "superseded" and check.current.article_number == int(moved)
    assert [n.citation for n in notes if n.kind == "renumbered"] == [check.current.citation]


def test_every_superseded_verdict_matches_the_renumbered_note(retriever):
    """For each CSL 2016 article, verify's current article is where the search note says it moved."""
    verifier = CitationVerifier(retriever)
    for key, (new_key, _, _) in retriever.alignments.between("csl-2016", "csl-2025").items():
        cited = f"《网络安全法》（2016年）第{key}条" if "-" not in key else None
        if cited is None:
            continue
        [check] = verifier.verify(cited, as_of=AFTER)
        hit = retriever.article("csl-2016", key, as_of=AFTER)
        notes = retriever.notes(cited, [hit], as_of=AFTER)
        newer = [n.citation for n in notes if n.kind == "renumbered" and "newer version" in n.message]
        if new_key != key:
            assert newer == [check.current.citation], key
        else:
            assert newer == [] and check.current.citation == retriever.article("csl-2025", key).citation


def test_a_dropped_index_is_freed_with_its_caches(built_index):
    loaded = Retriever.load(built_index)
    hits = loaded.search("网安法（2016年）第二十一条", k=2, as_of=AFTER)
    assert loaded.notes("网安法（2016年）第二十一条", hits, as_of=AFTER)
    gone = weakref.ref(loaded)
    del loaded, hits
    gc.collect()
    assert gone() is None, "something outside the retriever still holds it (a module-level cache?)"
