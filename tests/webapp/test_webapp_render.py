"""The app's pure parts: highlighting and escaping, article cards, exports, the table of
contents, label tables and the mapping of filters onto Retriever.search."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import replace

from policykb.search.limits import MAX_QUERY_CHARS
from policykb.webapp.cards import (
    copy_text,
    hit_card,
    instrument_header,
    instrument_summary,
    safe_url,
    sources_list,
)
from policykb.webapp.contents import section_key, table_of_contents
from policykb.webapp.export import CSV_COLUMNS, results_csv, results_markdown
from policykb.webapp.highlight import mark, paragraphs_html, query_terms, term_pattern
from policykb.webapp.labels import LANGUAGES, Labels, keys
from policykb.webapp.search_request import SearchRequest, article_ref, group_by_instrument

ZH, EN = Labels("zh"), Labels("en")


# -- highlighting ----------------------------------------------------------------------

def test_query_terms_are_topic_words_longest_first():
    terms = query_terms("个人信息出境需要单独同意吗？")
    assert {"个人信息", "单独", "同意"} <= set(terms)
    assert all(len(t) >= 2 for t in terms)
    assert "需要" not in terms and "吗" not in terms  # question words mark nothing
    assert terms.index("个人信息") < terms.index("个人")


def test_english_questions_mark_the_chinese_statutory_terms():
    terms = query_terms("Do we need separate consent to transfer personal information abroad?")
    assert {"单独", "同意", "个人信息", "境外"} <= set(terms)
    assert "<mark>单独同意</mark>" in mark("应当取得个人的单独同意", term_pattern(terms))


def test_marks_are_merged_and_the_rest_is_escaped():
    pattern = term_pattern(query_terms("个人 同意"))
    marked = mark("取得<b>个人同意</b> & 其他", pattern)
    assert "<mark>个人同意</mark>" in marked
    assert "&lt;b&gt;" in marked and "&amp;" in marked
    assert "<b>" not in marked


def test_query_with_markup_and_regex_characters_is_harmless():
    pattern = term_pattern(query_terms('<script>alert("x")</script> (个人信息|.*) PIPL'))
    marked = paragraphs_html("处理个人信息的规则（PIPL）。\n\n<img src=x onerror=alert(1)>", pattern)
    assert "<script" not in marked and "<img" not in marked
    assert "<mark>个人信息</mark>" in marked
    assert "<mark>PIPL</mark>" in marked  # Latin terms match case-insensitively, original case kept
    assert marked.count("<p>") == 2


def test_no_terms_means_plain_escaped_text():
    assert term_pattern(query_terms("的 吗 38")) is None
    assert mark("a<b", None) == "a&lt;b"


# -- cards -------------------------------------------------------------------------------

def test_article_card_carries_citation_path_and_copy_text(retriever):
    hit = retriever.article("个保法", 38)
    card = hit_card(hit, ZH, term_pattern(query_terms("向境外提供个人信息")), cited=True)
    assert "《个人信息保护法》第三十八条" in card and "PIPL Art. 38" in card
    assert "第三章 个人信息跨境提供的规则" in card
    assert "pkb-lookup" in card and ZH("cited") in card
    assert "<mark>个人信息</mark>" in card
    assert copy_text(hit).startswith("《个人信息保护法》第三十八条 (PIPL Art. 38)\n")
    assert hit.text in copy_text(hit)


def test_card_escapes_hostile_metadata(retriever):
    hit = replace(retriever.article("pipl", 1), text='<img src=x onerror="alert(1)">', citation='《x》" onclick="y',
                  chapter_path=("<i>章</i>",))
    card = hit_card(hit, EN)
    assert "<img" not in card and "<i>" not in card
    assert 'onclick="y' not in card  # the quote cannot close the data-copy attribute
    assert "&quot; onclick=&quot;y" in card


def test_instrument_header_shows_level_issuer_effective_and_status(retriever):
    hit = retriever.article("dsl", 21)
    header = instrument_header(hit, ZH)
    for text in ("中华人民共和国数据安全法", "法律", "全国人民代表大会常务委员会", "2021-09-01", "现行有效"):
        assert text in header
    assert "pkb-status-in_force" in header
    assert "In force" in instrument_header(hit, EN) and "Law" in instrument_header(hit, EN)


def test_only_web_links_are_linked(retriever):
    assert safe_url("javascript:alert(1)") is None
    assert safe_url("data:text/html,x") is None
    assert safe_url("https://www.cac.gov.cn/x.htm") == "https://www.cac.gov.cn/x.htm"
    bad = replace(retriever.instrument("pipl"), source_url="javascript:alert(1)", retrieved_at="2026-01-02")
    listing = sources_list([bad, retriever.instrument("dsl")])
    assert "javascript:" not in listing and "2026-01-02" in listing
    assert 'href="http://www.npc.gov.cn/' in listing  # the DSL's recorded official source


# -- exports -----------------------------------------------------------------------------

def test_markdown_export_lists_each_clause_with_citation_status_and_text(retriever):
    hits = retriever.search("个保法38条", k=3)
    text = results_markdown("个保法38条", hits, EN, as_of=dt.date(2026, 1, 2), filters=["In force only"])
    assert text.startswith("# 个保法38条\n")
    assert "Status as of 2026-01-02" in text and "In force only" in text
    assert "## 《个人信息保护法》第三十八条 (PIPL Art. 38)" in text
    for hit in hits:
        assert f"## {hit.citation}" in text
        first_paragraph = hit.text.split("\n")[0]
        assert f"> {first_paragraph}" in text


def test_csv_export_round_trips_every_clause(retriever):
    hits = retriever.search("数据分类分级保护制度", k=5)
    data = results_csv(hits)
    assert data.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(data[1:])))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [r["citation"] for r in rows] == [h.citation for h in hits]
    assert [r["text"] for r in rows] == [h.text for h in hits]  # multi-paragraph text survives quoting
    assert rows[0]["rank"] == "1" and rows[0]["status"] == hits[0].status


# -- table of contents -------------------------------------------------------------------

def test_table_of_contents_follows_chapters_and_sections(retriever):
    units = retriever.articles_of("pipl")
    sections = table_of_contents(units, "Full text")
    assert [h for s in sections for h in s.hits] == units  # every unit once, in order
    headings = [s.heading for s in sections]
    assert headings[0] == "题注"
    assert "第一章 总则" in headings
    assert "第二章 › 第一节 一般规定" in headings
    chapter_one = sections[headings.index("第一章 总则")]
    assert chapter_one.article_range == ("第一条", "第十二条")
    article_13 = retriever.article("pipl", 13)
    assert section_key(article_13.chapter_path) in {s.key for s in sections}


def test_unchaptered_text_is_one_full_text_entry(retriever):
    articles = [replace(u, chapter_path=()) for u in retriever.articles_of("dsl") if u.kind == "article"]
    sections = table_of_contents(articles, "Full text")
    assert len(sections) == 1
    assert sections[0].heading == "Full text" and sections[0].article_range == ("第一条", "第五十五条")


# -- labels and requests ---------------------------------------------------------------

def test_both_languages_have_every_label():
    assert keys("zh") == keys("en")
    for language in LANGUAGES:
        tr = Labels(language)
        for status in ("in_force", "amended", "repealed", "not_yet_in_force"):
            assert tr.status(status) and tr.status(status) != status
    assert Labels("fr").language == "zh"


def test_request_maps_filters_onto_search_kwargs():
    request = SearchRequest(query="  数据出境  ", k=20, instruments=("pipl",), levels=("law",), issuers=("国务院",),
                            in_force_only=True, as_of=dt.date(2025, 6, 1))
    assert request.question == "数据出境"
    assert request.search_kwargs() == {"k": 20, "instrument": ["pipl"], "level": ["law"], "issuer": ["国务院"],
                                       "in_force_only": True, "include_superseded": False,
                                       "as_of": dt.date(2025, 6, 1)}
    assert SearchRequest().search_kwargs()["instrument"] is None
    assert SearchRequest(query="x" * (MAX_QUERY_CHARS + 1)).too_long
    assert not SearchRequest(query="x" * MAX_QUERY_CHARS).too_long
    described = request.describe_filters(EN, {"pipl": "PIPL"})
    assert described[:2] == ["Instrument: PIPL", "Level: Law"] and "In force only" in described


def test_an_amended_text_shows_its_amendment_date_beside_the_original_promulgation(retriever):
    amended = instrument_summary(retriever.instrument("csl-2025"), "in_force", ZH)
    assert "公布" in amended and "2016-11-07" in amended and "修正" in amended and "2025-10-28" in amended
    original = instrument_summary(retriever.instrument("csl-2016"), "amended", EN)
    assert "2016-11-07" in original and '<span class="pkb-meta-key">Amended</span>' not in original


def test_grouping_keeps_rank_order_of_instruments(retriever):
    hits = retriever.search("个人信息 数据 安全", k=15)
    groups = group_by_instrument(hits)
    assert [h for g in groups for h in g] == sorted(hits, key=lambda h: [g[0].doc_id for g in groups].index(h.doc_id))
    firsts = [hits.index(g[0]) for g in groups]
    assert firsts == sorted(firsts)


def test_article_ref_asks_for_the_same_article_again(retriever):
    hit = retriever.article("pipl", 38)
    assert article_ref(hit) == "第三十八条"
    assert retriever.article("pipl", article_ref(hit)).text == hit.text
    preamble = next(u for u in retriever.articles_of("pipl") if u.kind == "preamble")
    assert article_ref(preamble) is None
