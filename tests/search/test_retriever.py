"""Search and lookup through the Python API on a real index (real model, FAISS, BM25)."""

import datetime as dt

import pytest

from policykb import NoSuchArticle, QueryError, Retriever, UnknownInstrument

pytestmark = pytest.mark.needs_corpus


def _top(hits, n=5):
    return [(h.doc_id, h.article) for h in hits[:n]]


@pytest.mark.parametrize(("query", "doc_id", "article"), [
    ("个人信息出境需要取得个人的单独同意吗？", "pipl", "第三十九条"),
    ("do we need separate consent to send personal information abroad?", "pipl", "第三十九条"),
    ("生成式人工智能服务提供者应当履行哪些备案手续", "genai-interim-measures", "第十七条"),
    ("关键信息基础设施运营者采购网络产品和服务应当通过安全审查", "cii-regulation", "第十九条"),
    ("How long must network logs be kept?", "csl-2025", "第二十三条"),
])
def test_known_questions_find_their_article(retriever, query, doc_id, article):
    assert (doc_id, article) in _top(retriever.search(query, k=5))


@pytest.mark.parametrize("query", [
    "个保法第38条", "《个人信息保护法》第三十八条", "个人信息保护法第三十八条", "PIPL Art. 38",
    "PIPL Article 38", "Article 38 of the PIPL", "pipl art 38",
])
def test_direct_citation_lookup_puts_the_article_first(retriever, query):
    hits = retriever.search(query, k=5)
    assert (hits[0].doc_id, hits[0].article, hits[0].match) == ("pipl", "第三十八条", "lookup")
    assert hits[0].citation == "《个人信息保护法》第三十八条"
    assert hits[0].citation_en == "PIPL Art. 38"
    assert hits[0].score > hits[1].score
    assert len({(h.doc_id, h.article) for h in hits}) == len(hits)


@pytest.mark.parametrize(("query", "doc_id", "article"), [
    ("网安法21条", "csl-2025", "第二十一条"), ("CSL Art. 21", "csl-2025", "第二十一条"),
    ("数据安全法第21条", "dsl", "第二十一条"), ("DSL Article 32", "dsl", "第三十二条"),
    ("Deep Synthesis Provisions Article 10", "deep-synthesis-provisions", "第十条"),
])
def test_lookup_by_alias_and_english_names(retriever, query, doc_id, article):
    assert _top(retriever.search(query, k=3), 1) == [(doc_id, article)]


def test_as_of_picks_the_cybersecurity_law_in_force_that_day(retriever):
    before = retriever.search("网络运营者 安全保护义务", k=10, as_of="2025-06-01")
    after = retriever.search("网络运营者 安全保护义务", k=10, as_of=dt.date(2026, 6, 1))
    assert {h.doc_id for h in before if h.doc_id.startswith("csl")} == {"csl-2016"}
    assert {h.doc_id for h in after if h.doc_id.startswith("csl")} == {"csl-2025"}
    assert all(h.status == "in_force" for h in before if h.doc_id == "csl-2016")
    old = retriever.article("网络安全法", 21, as_of="2025-06-01")
    assert old.doc_id == "csl-2016" and old.citation == "《网络安全法》（2016年）第二十一条"
    assert retriever.article("网络安全法", 21, as_of="2026-06-01").doc_id == "csl-2025"


def test_superseded_version_is_marked_and_can_be_included(retriever):
    hits = retriever.search("网络运营者应当按照网络安全等级保护制度的要求", k=20, include_superseded=True)
    statuses = {h.doc_id: h.status for h in hits}
    assert statuses.get("csl-2016") == "amended"
    assert statuses.get("csl-2025") == "in_force"
    default = retriever.search("网络运营者应当按照网络安全等级保护制度的要求", k=20)
    assert "csl-2016" not in {h.doc_id for h in default}


def test_question_naming_an_old_version_searches_it(retriever):
    hits = retriever.search("Under the original 2016 Cybersecurity Law, what was the penalty for "
                            "a network operator that did not verify users' real identity?", k=10)
    assert "csl-2016" in {h.doc_id for h in hits}
    assert "csl-2025" not in {h.doc_id for h in hits}


def test_filters(retriever):
    hits = retriever.search("数据处理者的安全义务", k=10, instrument="DSL")
    assert hits and {h.doc_id for h in hits} == {"dsl"}
    listed = retriever.search("数据处理者的安全义务", k=10, instrument=["DSL,PIPL"])  # as GET ?instrument=DSL,PIPL
    assert {h.doc_id for h in listed} <= {"dsl", "pipl"}
    assert listed == retriever.search("数据处理者的安全义务", k=10, instrument=["DSL", "PIPL"])
    hits = retriever.search("数据处理者的安全义务", k=10, level="administrative_regulation")
    assert hits and {h.level for h in hits} == {"administrative_regulation"}
    hits = retriever.search("人工智能", k=10, issuer="国家互联网信息办公室")
    assert hits and all("国家互联网信息办公室" in h.issuer for h in hits)
    hits = retriever.search("网络安全", k=10, in_force_only=True, as_of="2025-06-01")
    assert hits and all(h.in_force for h in hits)


def test_results_are_one_hit_per_article_with_full_citation_fields(retriever):
    hits = retriever.search("个人信息处理者", k=20)
    keys = [(h.doc_id, h.article) for h in hits]
    assert len(keys) == len(set(keys)) == 20
    hit = hits[0]
    data = hit.to_dict()
    for field in ("doc_id", "title", "article", "article_number", "text", "score", "citation"):
        assert data[field] not in (None, "")
    assert data["scores"]["dense"] > 0
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_article_lookup_forms(retriever):
    assert retriever.article("pipl", 13).article == "第十三条"
    assert retriever.article("个人信息保护法", "第十三条").article_number == 13
    assert retriever.article("PIPL", "13").chapter_path == ("第二章 个人信息处理规则", "第一节 一般规定")
    for english in ("Art. 13", "Article 13", "art 13"):  # every interface, not only `policykb show`
        assert retriever.article("PIPL", english).article_number == 13
    context = retriever.context("pipl", 13, before=1, after=1)
    assert [h.article for h in context] == ["第十二条", "第十三条", "第十四条"]
    toc = retriever.articles_of("数安法")
    assert [h.article for h in toc if h.kind == "article"][:2] == ["第一条", "第二条"]


def test_bad_input_gets_clear_errors(retriever):
    with pytest.raises(QueryError, match="empty"):
        retriever.search("   ")
    with pytest.raises(QueryError, match="k must be"):
        retriever.search("数据", k=0)
    with pytest.raises(QueryError, match="k must be"):
        retriever.search("数据", k=10_000)
    with pytest.raises(QueryError, match="limit"):
        retriever.search("数" * 10_001)
    with pytest.raises(QueryError, match="as_of"):
        retriever.search("数据", as_of="last tuesday")
    for compact in ("20250601", "2025-6-1", "2025-W22"):  # YYYY-MM-DD only, as every interface says
        with pytest.raises(QueryError, match="YYYY-MM-DD"):
            retriever.search("数据", as_of=compact)
    with pytest.raises(QueryError, match="level"):
        retriever.search("数据", level="bylaw")
    with pytest.raises(UnknownInstrument, match="no instrument"):
        retriever.search("数据", instrument="Foo Law")
    with pytest.raises(UnknownInstrument):
        retriever.article("Foo Law", 1)
    with pytest.raises(NoSuchArticle, match="74 articles"):
        retriever.article("pipl", 75)
    with pytest.raises(QueryError):
        retriever.article("pipl", "seventy")


def test_retriever_is_loaded_from_env(built_index, monkeypatch):
    monkeypatch.setenv("POLICYKB_INDEX", str(built_index))
    assert Retriever.load().info()["counts"]["instruments"] == 8


@pytest.mark.parametrize("query", ["《网络安全法》（2016年）第二十一条", "CSL (2016) Art. 21",
                                   "2016年网络安全法第二十一条"])
def test_a_citation_naming_a_version_year_looks_up_that_version(retriever, query):
    hit = retriever.search(query, k=3)[0]
    assert (hit.doc_id, hit.article, hit.match, hit.status) == ("csl-2016", "第二十一条", "lookup", "amended")


def test_a_bare_citation_is_followed_by_articles_like_it(retriever):
    hits = retriever.search("个保法第38条", k=6)
    assert hits[0].match == "lookup"
    related = hits[1:]
    assert all(h.match == "search" for h in related)
    # Article 38 is about providing personal information abroad; so are its neighbours in meaning.
    assert sum("境外" in h.text for h in related) >= 3


@pytest.mark.parametrize("query", ["《网络安全法》（2016年）第二十一条", "2016年网络安全法 网络运营者的安全保护义务"])
def test_naming_an_old_version_never_gets_round_explicit_filters(retriever, query):
    for filters in ({"in_force_only": True}, {"status": "in_force"}):
        hits = retriever.search(query, k=5, **filters)
        assert hits and all(h.status == "in_force" for h in hits), filters
    hits = retriever.search(query, k=5, level="administrative_regulation")
    assert hits and {h.level for h in hits} == {"administrative_regulation"}


def test_a_citation_dated_between_versions_means_the_version_of_that_time(retriever):
    # No version is from 2020: the text then was the 2016 one, as `verify` also reads it.
    hit = retriever.search("《网络安全法》（2020年）第二十一条", k=1)[0]
    assert (hit.doc_id, hit.article, hit.match) == ("csl-2016", "第二十一条", "lookup")
    hits = retriever.search("《网络安全法》（2010年）第二十一条", k=3)
    assert all(h.match == "search" for h in hits)
    assert [n.kind for n in retriever.notes("《网络安全法》（2010年）第二十一条", hits)] == ["no_such_version"]


def test_contradictory_status_filters_find_nothing(retriever):
    assert retriever.search("网络运营者", k=5, status="amended", in_force_only=True) == []
    assert {h.status for h in retriever.search("网络运营者", k=20, status="amended")} == {"amended"}


@pytest.mark.parametrize(("query", "filters", "kind"), [
    ("个保法第99条", {}, "no_such_article"),
    ("网络安全法第0条", {}, "no_such_article"),
    ("个保法第13条第三款", {}, "no_such_article"),
    ("PIPL Art. 13(1)(viii)", {}, "no_such_article"),
    ("个保法第38条", {"instrument": "dsl"}, "filtered_out"),
    ("《网络安全法》（2016年）第二十一条", {"in_force_only": True}, "filtered_out"),
    ("asdkjh qwpoeiru zxcmvn", {}, "no_word_matched"),
    ("！！！？？？", {}, "no_word_matched"),
    ("CSL Art. 21", {"as_of": "2026-06-01"}, "renumbered"),
])
def test_notes_say_what_the_hits_are_not(retriever, query, filters, kind):
    hits = retriever.search(query, k=5, **filters)
    notes = retriever.notes(query, hits, **filters)
    assert [n.kind for n in notes] == [kind]
    assert notes[0].message and (notes[0].cited == query if kind in ("no_such_article", "filtered_out")
                                 else kind != "no_word_matched" or notes[0].cited is None)


@pytest.mark.parametrize("query", ["个保法第38条", "个人信息出境需要取得单独同意吗", "PIPL Art. 13 and DSL Art. 21"])
def test_no_notes_when_the_hits_answer_the_question(retriever, query):
    assert retriever.notes(query, retriever.search(query, k=1)) == []


def test_an_instrument_without_an_effective_date_is_not_in_force_before_it_was_promulgated():
    from policykb.catalog import Catalog
    from policykb.model import Instrument

    catalog = Catalog([Instrument(id="interp", title="某司法解释", promulgated=dt.date(2011, 8, 1), status="in_force")])
    assert catalog.status_on("interp", dt.date(2000, 1, 1)) == "not_yet_in_force"
    assert catalog.status_on("interp", dt.date(2011, 8, 1)) == "in_force"


def test_text_outside_articles_has_an_english_citation_too(retriever):
    headnote = retriever.articles_of("pipl")[0]
    assert (headnote.kind, headnote.article, headnote.citation_en) == ("preamble", "题注", "PIPL, headnote")


def test_a_renumbered_article_says_where_the_provision_went(retriever):
    # The Cybersecurity Law's graded-protection duty is Art. 21 in 2016 and Art. 23 in 2025.
    hits = retriever.search("CSL Art. 21", k=3, as_of="2026-06-01")
    notes = retriever.notes("CSL Art. 21", hits, as_of="2026-06-01")
    assert [(n.kind, n.cited, n.citation) for n in notes] == [
        ("renumbered", "CSL Art. 21", "《网络安全法》（2025年修正）第二十三条")]
    old = retriever.search("网络安全法第二十一条", k=3, as_of="2025-06-01")
    assert [(n.kind, n.citation) for n in retriever.notes("网络安全法第二十一条", old, as_of="2025-06-01")] == [
        ("renumbered", "《网络安全法》（2025年修正）第二十三条")]
    assert retriever.notes("网络安全法第一条", retriever.search("网络安全法第一条", k=3)) == []


def test_a_question_in_traditional_characters_finds_the_same_articles(retriever):
    assert _top(retriever.search("個保法第38條", k=3), 1) == [("pipl", "第三十八条")]
    simplified = _top(retriever.search("个人信息出境需要单独同意吗", k=5))
    assert _top(retriever.search("個人信息出境需要單獨同意嗎", k=5)) == simplified


def test_a_filtered_out_old_article_names_where_its_provision_is_now(retriever):
    query = "《网络安全法》（2016年）第二十一条"
    [note] = retriever.notes(query, retriever.search(query, k=3, in_force_only=True), in_force_only=True)
    assert note.kind == "filtered_out" and note.message.endswith("《网络安全法》（2025年修正）第二十三条")
