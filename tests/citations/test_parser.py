"""Golden cases for finding citations in text, read like a specification.

The catalogue is the real metadata of the session subset (two Cybersecurity Law versions,
PIPL, DSL, …); nothing is embedded here.
"""

from __future__ import annotations

import pytest

from policykb.catalog import Catalog
from policykb.citations.parser import CitationParser
from policykb.corpus import load_corpus

CSL = ("csl-2016", "csl-2025")


@pytest.fixture(scope="module")
def parser(subset_corpus) -> CitationParser:
    report = load_corpus([subset_corpus])
    return CitationParser(Catalog([d.instrument for d in report.documents]))


def found(parser: CitationParser, text: str) -> list[tuple]:
    return [(m.text, m.doc_ids, m.number, m.sub, m.paragraph, m.item, m.year) for m in parser.find(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("《网络安全法》第二十一条", (CSL, 21, 0, None, None, None)),
    ("个保法第13条第一款", (("pipl",), 13, 0, 1, None, None)),
    ("数据安全法第21条", (("dsl",), 21, 0, None, None, None)),
    ("网安法21条", (CSL, 21, 0, None, None, None)),
    ("PIPL Art. 13", (("pipl",), 13, 0, None, None, None)),
    ("Article 38 of the PIPL", (("pipl",), 38, 0, None, None, None)),
    ("CSL Art 21", (CSL, 21, 0, None, None, None)),
    ("《个人信息保护法》第十三条第一款第二项", (("pipl",), 13, 0, 1, 2, None)),
    ("个保法第十三条第（二）项", (("pipl",), 13, 0, None, 2, None)),
    ("PIPL Art. 13(1)(ii)", (("pipl",), 13, 0, 1, 2, None)),
    ("个保法第十条之一", (("pipl",), 10, 1, None, None, None)),
])
def test_one_citation_in_each_form(parser, text, expected):
    """expected: (ids the name can mean, article, 之 sub-article, paragraph 款, item 项, year)."""
    assert found(parser, text) == [(text, *expected)]


@pytest.mark.parametrize("text", [
    "《网络安全法》（2016年）第二十一条",
    "《中华人民共和国网络安全法（2016年修正）》第21条",
    "2016年《网络安全法》第二十一条",
    "CSL (2016) Art. 21",
    "CSL 2016 Art. 21",
    "CSL 2016, Article 21",
])
def test_a_citation_may_name_the_version_by_year(parser, text):
    [mention] = parser.find(text)
    assert (mention.number, mention.year) == (21, 2016)
    assert set(mention.doc_ids) == set(CSL)


def test_a_bare_year_after_an_english_name_is_the_version(parser):
    assert found(parser, "PIPL 2021 Article 13") == [("PIPL 2021 Article 13", ("pipl",), 13, 0, None, None, 2021)]
    assert [(m.number, m.year) for m in parser.find("CSL 2016 Arts. 21 and 22")] == [(21, 2016), (22, 2016)]


@pytest.mark.parametrize("text", ["个保法第0条", "个保法第零条", "PIPL Art. 0", "《个人信息保护法》第〇条"])
def test_article_zero_is_a_citation_of_an_article_that_cannot_exist(parser, text):
    assert found(parser, text) == [(text, ("pipl",), 0, 0, None, None, None)]


def test_an_english_title_with_a_year_names_one_version(parser):
    [mention] = parser.find("Article 21 of the Cybersecurity Law (2016)")
    assert mention.doc_ids == ("csl-2016",)


def test_listed_provisions_are_each_a_citation(parser):
    text = "根据《个人信息保护法》第十三条第一款第（一）项和第十四条，以及个保法第十条至第十五条"
    assert [(m.text, m.number, m.paragraph, m.item) for m in parser.find(text)] == [
        ("《个人信息保护法》第十三条第一款第（一）项", 13, 1, 1), ("第十四条", 14, None, None),
        ("个保法第十条", 10, None, None),
        # 至 cites every article between the two ends, each checked on its own
        *((f"第{cn}条", n, None, None) for n, cn in ((11, "十一"), (12, "十二"), (13, "十三"), (14, "十四"))),
        ("第十五条", 15, None, None)]
    assert [m.number for m in parser.find("Articles 13, 14 and 38 of the PIPL")] == [13, 14, 38]
    assert [m.number for m in parser.find("PIPL Arts. 13 and 14")] == [13, 14]


@pytest.mark.parametrize(("text", "cited"), [
    # the keyword repeated in a list before the name
    ("Article 13 and Article 14 of the PIPL", [("pipl", 13), ("pipl", 14)]),
    ("Art. 13 and Art. 14 PIPL", [("pipl", 13), ("pipl", 14)]),
    ("Article 13 and Article 21 of the DSL and PIPL Art. 4", [("dsl", 13), ("dsl", 21), ("pipl", 4)]),
    # ...but two instruments' articles stay two instruments'
    ("PIPL Art. 13 and Art. 14 of the DSL", [("pipl", 13), ("dsl", 14)]),
    # a singular keyword followed by a bare list
    ("PIPL Art. 13 and 14", [("pipl", 13), ("pipl", 14)]),
    ("Under PIPL Art. 13 and 14, consent is needed.", [("pipl", 13), ("pipl", 14)]),
    ("PIPL Art. 13, 14", [("pipl", 13), ("pipl", 14)]),
    # ...not a number that counts something
    ("PIPL Art. 13 and 14 days later", [("pipl", 13)]),
])
def test_english_lists_as_people_write_them(parser, text, cited):
    assert [(m.doc_ids[0], m.number) for m in parser.find(text)] == cited


def test_a_paragraph_listed_after_an_article_keeps_the_article(parser):
    mentions = parser.find("个保法第十三条第一款、第二款")
    assert [(m.number, m.paragraph) for m in mentions] == [(13, 1), (13, 2)]
    assert mentions[1].text == "第二款"


def test_positions_point_at_the_citation_as_written(parser):
    text = "See PIPL Art. 13 and Article 14 of the DSL; 另见《网络安全法》第二十一条。"
    for mention in parser.find(text):
        assert text[mention.start:mention.end].strip() == mention.text


def test_each_citation_keeps_its_own_instrument(parser):
    mentions = parser.find("PIPL Art. 13 and Art. 14 of the DSL")
    assert [(m.doc_ids, m.number) for m in mentions] == [(("pipl",), 13), (("dsl",), 14)]


def test_unknown_instruments_are_still_found_as_citations(parser):
    assert found(parser, "《数据出境法》第3条")[0][1:3] == ((), 3)
    assert found(parser, "Article 5 of the Data Export Law")[0][1:3] == ((), 5)


@pytest.mark.parametrize(("text", "numbers"), [
    ("依据本法第十条", []),                    # this law: no instrument named
    ("第十条之一", []),                        # no instrument at all
    ("the PIPL 2021 text", []),                # a year, not Article 2021
    ("PIPL Art. 13, 14 days later", [13]),     # the 14 is a number of days
    ("个保法第13条和网安法", [13]),             # 和 before another name, not another article
    ("CSL 2016 21", []),                       # a year and a number: no article keyword
    ("PIPL 2021 articles", []),                # a year, then no article number
    ("PIPL 0", []),                            # a bare 0 is not an article
    ("in the CSL 2016 version, 21 articles", []),
])
def test_what_is_not_a_citation(parser, text, numbers):
    assert [m.number for m in parser.find(text)] == numbers


@pytest.mark.parametrize(("text", "expected"), [
    # Name-first citations side by side: "Art. 13 DSL" must not swallow the second name.
    ("PIPL Art. 13 DSL Art. 21", [("PIPL Art. 13", "pipl", 13), ("DSL Art. 21", "dsl", 21)]),
    ("PIPL Art. 13 CSL 2016 Art. 21", [("PIPL Art. 13", "pipl", 13), ("CSL 2016 Art. 21", "csl-2016", 21)]),
    # Article-first citations keep their reading.
    ("Art. 13 PIPL, Art. 21 DSL", [("Art. 13 PIPL", "pipl", 13), ("Art. 21 DSL", "dsl", 21)]),
    ("Article 13 of the PIPL and Art. 21 of the DSL",
     [("Article 13 of the PIPL", "pipl", 13), ("Art. 21 of the DSL", "dsl", 21)]),
])
def test_neighbouring_english_citations_are_read_the_way_that_keeps_them_all(parser, text, expected):
    assert [(m.text, m.doc_ids[0], m.number) for m in parser.find(text)] == expected



@pytest.mark.parametrize(("text", "numbers"), [
    ("《数据安全法》第二十一条至第二十三条", [21, 22, 23]),
    ("《个人信息保护法》第七十条至七十三条", [70, 71, 72, 73]),
    ("个保法第70至73条", [70, 71, 72, 73]),
    ("个保法第21-23条", [21, 22, 23]),
    ("个保法第13~14条", [13, 14]),
    ("数据安全法第二十一至二十三条", [21, 22, 23]),
    ("Arts. 38-40 PIPL", [38, 39, 40]),
    ("Articles 38 through 40 of the PIPL", [38, 39, 40]),
    ("PIPL Arts. 38-40", [38, 39, 40]),
    # a comma or slash lists whole articles only
    ("个保法第13条，第99条", [13, 99]),
    ("个保法第13条/第99条", [13, 99]),
    ("个保法第13条，第二款规定", [13]),
    # a range of more than 50 articles is not filled in
    ("个保法第1条至第74条", [1, 74]),
])
def test_ranges_and_lists_cite_every_article(parser, text, numbers):
    assert [m.number for m in parser.find(text)] == numbers


@pytest.mark.parametrize(("text", "items"), [
    ("《个人信息保护法》第十三条第一款第（八）、（九）项", [8, 9]),
    ("个保法第十三条第一款第八、九项", [8, 9]),
    ("《个人信息保护法》第十三条第一款第（一）至（三）项", [1, 2, 3]),
    ("个保法第十三条第一款第（二）项", [2]),
])
def test_a_list_or_range_of_items_cites_each_item(parser, text, items):
    mentions = parser.find(text)
    assert [(m.number, m.paragraph, m.item) for m in mentions] == [(13, 1, i) for i in items]


def test_back_references_cite_the_instrument_named_just_before(parser):
    text = ("根据《个人信息保护法》第十三条，该法第九十九条和同法第五十六条第（五）项；"
            "《数据安全法》第二十一条、该法第二十二条")
    assert [(m.text, m.doc_ids, m.number, m.item) for m in parser.find(text)] == [
        ("《个人信息保护法》第十三条", ("pipl",), 13, None), ("该法第九十九条", ("pipl",), 99, None),
        ("同法第五十六条第（五）项", ("pipl",), 56, 5), ("《数据安全法》第二十一条", ("dsl",), 21, None),
        ("该法第二十二条", ("dsl",), 22, None)]
    assert parser.find("该法第四十条") == []  # nothing named before it
    [unknown, back] = parser.find("《民法典》第一千零三十四条，该法第五条")
    assert back.doc_ids == () and back.name == unknown.name  # refers to the unknown law, not a guess


@pytest.mark.parametrize("text", ["Under the 2016 Cybersecurity Law, Article 21",
                                  "Article 21 of the 2016 Cybersecurity Law"])
def test_a_year_before_an_english_name_is_the_version(parser, text):
    [mention] = parser.find(text)
    assert (mention.number, mention.year, set(mention.doc_ids)) == (21, 2016, set(CSL))


def test_traditional_characters_are_read_as_simplified_and_reported_as_written(parser):
    text = "依據《個人信息保護法》第十三條第一款第（二）項和個保法第３８條"
    assert [(m.text, m.doc_ids, m.number, m.paragraph, m.item) for m in parser.find(text)] == [
        ("《個人信息保護法》第十三條第一款第（二）項", ("pipl",), 13, 1, 2),
        ("個保法第３８條", ("pipl",), 38, None, None)]
    [mention] = parser.find("《網絡安全法》（2016年）第二十一條")
    assert (mention.number, mention.year, mention.start, mention.end) == (21, 2016, 0, 19)


def test_reading_traditional_characters_leaves_the_simplified_corpus_as_it_is(cyber_dir):
    from policykb.lang.script import to_simplified

    for path in sorted(cyber_dir.parent.glob("*/*.md")):
        text = path.read_text(encoding="utf-8")
        assert to_simplified(text) == text, path.name


@pytest.mark.parametrize(("text", "expected"), [
    ("Article 38, paragraph 1, item (2) of the PIPL", (38, 1, 2)),
    ("PIPL Article 13, paragraph 1, item 2", (13, 1, 2)),
    ("PIPL Article 13 paragraph 2", (13, 2, None)),
    ("PIPL Art. 13, subparagraph (ii)", (13, None, 2)),
])
def test_paragraphs_and_items_written_out_in_english(parser, text, expected):
    [mention] = parser.find(text)
    assert (mention.text, mention.number, mention.paragraph, mention.item) == (text, *expected)


@pytest.mark.parametrize(("text", "cited", "number", "span"), [
    ("依据个保法第二十\n一条规定", "个保法第二十一条", 21, (2, 11)),
    ("依据《个人信息保护\n法》第十三条", "《个人信息保护法》第十三条", 13, (2, 16)),
    ("PIPL\nArt. 13 applies", "PIPL Art. 13", 13, (0, 12)),
])
def test_a_citation_wrapped_over_two_lines_is_read_and_reported_on_one(parser, text, cited, number, span):
    [mention] = parser.find(text)
    assert (mention.text, mention.number, (mention.start, mention.end)) == (cited, number, span)
    assert parser.find("普通文本\n没有引用") == []


@pytest.mark.parametrize(("text", "expected"), [
    # the version after the article, in either language
    ("CSL Art. 21 (2016)", (CSL, 21, 0, None, None, 2016)),
    ("网络安全法第二十一条（2016年）", (CSL, 21, 0, None, None, 2016)),
    ("2025年修正后的《网络安全法》第二十一条", (CSL, 21, 0, None, None, 2025)),
    # full-width digits and punctuation read as their ASCII forms
    ("PIPL Art．38（1）", (("pipl",), 38, 0, 1, None, None)),
    ("Ａｒｔｉｃｌｅ ３８ of the ＰＩＰＬ", (("pipl",), 38, 0, None, None, None)),
    # quotation marks around a name the catalogue knows
    ("“个人信息保护法”第三十八条", (("pipl",), 38, 0, None, None, None)),
    ("「個人信息保護法」第三十八條", (("pipl",), 38, 0, None, None, None)),
    ("Article 13 of the “Personal Information Protection Law”", (("pipl",), 13, 0, None, None, None)),
    # the name after a comma, and items in article-first order
    ("Article 21, Cybersecurity Law", (CSL, 21, 0, None, None, None)),
    ("第十三条第一款第（二）项 个人信息保护法", (("pipl",), 13, 0, 1, 2, None)),
    # lettered items, a dotted paragraph, a defined short name, words before the year
    ("Article 38(1)(b) of the PIPL", (("pipl",), 38, 0, 1, 2, None)),
    ("Article 13.1 PIPL", (("pipl",), 13, 0, 1, None, None)),
    ("Personal Information Protection Law (“PIPL”), Article 38", (("pipl",), 38, 0, None, None, None)),
    ("Article 21 of the Cybersecurity Law (as adopted in 2016)", (CSL, 21, 0, None, None, 2016)),
    # an English article with a Chinese name
    ("Article 38 of 个人信息保护法", (("pipl",), 38, 0, None, None, None)),
    ("Art. 38《个人信息保护法》", (("pipl",), 38, 0, None, None, None)),
])
def test_forms_people_write_besides(parser, text, expected):
    assert found(parser, text) == [(text, *expected)]


@pytest.mark.parametrize("text", [
    "“网络数据”第三条",  # quotes around a name the catalogue does not know are no book-title marks
    "Under Article 5, Chinese law requires it",  # after a comma, only a name the catalogue knows
    "Art. 21 (2016)",
    "Article 13.1.2 of our policy",
    "Art. 5 (see PIPL) applies",
])
def test_what_the_new_forms_do_not_read_as_citations(parser, text):
    assert found(parser, text) == []


@pytest.mark.parametrize(("text", "cited"), [
    ('policykb search "个保法第38条"', "个保法第38条"),  # the quotes are around the citation, not the name
    ('"Article 38 of the PIPL"', "Article 38 of the PIPL"),
    ("“PIPL” Art. 38", "“PIPL” Art. 38"),
])
def test_a_quotation_mark_belongs_to_a_citation_only_with_its_pair(parser, text, cited):
    assert [m.text for m in parser.find(text)] == [cited]


@pytest.mark.parametrize(("text", "year"), [
    ("CSL Art. 21 (as amended in 2025)", 2025), ("Cybersecurity Law (amended 2025), Art. 21", 2025),
    ("CSL Art. 21 (2016 version)", 2016), ("Article 21 of the Cybersecurity Law (revised in 2025)", 2025),
    # a year in a remark after a citation is no version: the citation is of the current one
    ("CSL Art. 21 (see our memo of 2024)", None), ("CSL Art. 59 (we were fined in 2023)", None),
    ("Article 21 of the Cybersecurity Law (reviewed 2024)", None),
])
def test_only_version_words_before_a_year_in_brackets_name_a_version(parser, text, year):
    mentions = parser.find(text)
    assert len(mentions) == 1 and mentions[0].year == year


@pytest.mark.parametrize(("text", "cited"), [
    ("Article 13.1 and 13.2 of the PIPL", [(13, 1), (13, 2)]),
    ("Articles 13.1, 14.2 and 38 of the PIPL", [(13, 1), (14, 2), (38, None)]),
    ("Articles 38(1) and 39.2 of the PIPL", [(38, 1), (39, 2)]),
])
def test_dotted_paragraphs_in_a_list_before_the_name_are_each_cited(parser, text, cited):
    assert [(m.number, m.paragraph) for m in parser.find(text)] == cited


@pytest.mark.parametrize("text", ["Art. 5 (2016) of the CSL",
                                  "Article 5 (as adopted in 2016) of the Cybersecurity Law"])
def test_a_version_between_the_article_and_the_name_dates_it(parser, text):
    assert [(m.number, m.paragraph, m.year) for m in parser.find(text)] == [(5, None, 2016)]
