"""The app marks what the search looked for: its plan, everyday-Chinese expansions included."""

from __future__ import annotations

from policykb import Filters, SearchResult
from policykb.webapp.highlight import mark, query_terms, term_pattern


def test_a_search_plan_marks_the_statutory_word_for_an_everyday_one(retriever):
    result = retriever.query("房东不退押金", 3, Filters.of(as_of="2026-06-01"))
    assert isinstance(result, SearchResult) and "出租人" in result.plan.lexical_text
    pattern = term_pattern(query_terms(result.plan))
    assert "<mark>出租人</mark>" in mark("出租人应当返还押金", pattern)


def test_query_gives_the_hits_and_notes_of_search_and_notes(retriever):
    query, day = "个保法第99条 个人信息出境", "2026-06-01"
    result = retriever.query(query, 4, Filters.of(as_of=day, level="law"))
    hits = retriever.search(query, 4, as_of=day, level="law")
    assert list(result.hits) == hits
    assert list(result.notes) == retriever.notes(query, hits, as_of=day, level="law")
    assert [n.kind for n in result.notes] == ["no_such_article"]
    assert result.as_of.isoformat() == day
    assert result.to_dict() == {"hits": [h.to_dict() for h in hits], "notes": [n.to_dict() for n in result.notes]}
