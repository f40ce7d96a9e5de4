"""The legal-structure parser on real texts from the shared corpus, and on small cases."""

import json

import pytest
from conftest import CORPUS, CYBER

from policykb.corpus.markdown import split_front_matter
from policykb.corpus.structure import parse, tidy_heading

pytestmark = pytest.mark.needs_corpus


def _parse_file(path):
    _, body = split_front_matter(path.read_text(encoding="utf-8"))
    return parse(body, path.stem)


def test_every_corpus_file_parses_to_the_catalogued_articles():
    """catalog.json records each file's article count and first/last label; the parser must agree,
    except for the two files the corpus README documents as defective at the source."""
    catalog = json.loads((CORPUS / "catalog.json").read_text(encoding="utf-8"))
    known_defects = {"nl-e37bfe4bff63", "nl-194cd328d819"}
    mismatches = []
    for entry in catalog:
        parsed = _parse_file(CORPUS / entry["path"])
        articles = parsed.articles
        if entry.get("structure") == "articles" and entry["id"] not in known_defects:
            ok = (len(articles) == entry["articles"] and articles[0].label == entry["first_article"]
                  and articles[-1].label == entry["last_article"] and not parsed.problems)
            if not ok:
                mismatches.append(entry["id"])
    assert mismatches == []


def test_pipl_structure():
    parsed = _parse_file(CYBER / "pipl.md")
    assert parsed.title == "中华人民共和国个人信息保护法"
    assert parsed.structure == "articles"
    assert len(parsed.articles) == 74
    art13 = next(a for a in parsed.articles if a.number == 13)
    assert art13.label == "第十三条"
    assert art13.chapter_path == ("第二章 个人信息处理规则", "第一节 一般规定")
    assert art13.paragraphs[0] == "符合下列情形之一的，个人信息处理者方可处理个人信息："
    assert art13.paragraphs[1] == "（一）取得个人的同意；"
    assert len(art13.paragraphs) == 9  # lead-in, seven items, closing paragraph
    preamble = parsed.units[0]
    assert preamble.kind == "preamble" and preamble.label == "题注"
    assert "2021年8月20日" in preamble.text


def test_gaps_in_the_environment_code_are_reported():
    parsed = _parse_file(CORPUS / "national" / "nl-e37bfe4bff63.md")
    assert any("第一千一百一十九条 to 第一千一百二十一条" in p for p in parsed.problems)


def test_a_stray_cross_reference_does_not_make_articles():
    """The seed-law decision has a line starting 第三十一条 that quotes another law."""
    parsed = _parse_file(CORPUS / "national" / "nl-194cd328d819.md")
    assert parsed.structure == "text"
    assert parsed.articles == []


def test_decision_numbered_items():
    parsed = _parse_file(CYBER / "npcsc-network-info-protection-decision-2012.md")
    assert parsed.structure == "items"
    labels = [a.label for a in parsed.articles]
    assert labels[0] == "一、" and labels[-1] == "十二、"
    assert [a.number for a in parsed.articles] == list(range(1, 13))


def test_annex_is_kept_as_its_own_unit():
    parsed = _parse_file(CYBER / "cybersecurity-incident-reporting-measures.md")
    annexes = [u for u in parsed.units if u.kind == "annex"]
    assert len(annexes) == 1
    assert annexes[0].label == "附件 网络安全事件分级指南"
    assert len(parsed.articles) == 14
    assert "特别重大网络安全事件" in annexes[0].text


def test_inserted_articles_and_arabic_numbers():
    text = "# 示例办法\n\n## 第一章 总则\n\n第一条 目的。\n\n第十条之一 插入的条文。\n\n第2条 阿拉伯数字。\n"
    parsed = parse(text, "demo")
    assert [(a.label, a.number, a.sub) for a in parsed.articles] == [
        ("第一条", 1, 0), ("第十条之一", 10, 1), ("第二条", 2, 0)]


def test_book_part_headings_without_markdown_and_page_breaks():
    text = ("中华人民共和国示例法\n第一编 总 则\n第一章 一般规定\n第一条 第一条的文字。\n"
            "\f第二条 第二条的文字，\n第二款。\n第二章 附 则\n第三条 本法自公布之日起施行。\n")
    parsed = parse(text, "demo")
    assert [a.page for a in parsed.articles] == [1, 2, 2]
    assert parsed.articles[0].chapter_path == ("第一编 总则", "第一章 一般规定")
    assert parsed.articles[2].chapter_path == ("第一编 总则", "第二章 附则")
    assert parsed.articles[1].paragraphs == ("第二条的文字，", "第二款。")


def test_article_text_that_starts_with_a_heading_word_is_not_a_heading():
    text = "第一条 总则。\n\n第二条 编制规划，应当依法进行。\n"
    parsed = parse(text, "demo")
    assert len(parsed.articles) == 2
    assert parsed.articles[1].text == "编制规划，应当依法进行。"


def test_tidy_heading():
    assert tidy_heading("第三编　审 判") == "第三编 审判"
    assert tidy_heading("第一章 总 则") == "第一章 总则"


def test_each_plain_text_annex_is_a_unit_of_its_own():
    text = ("# 网络安全事件测试办法\n\n第一条 为了测试附件，制定本办法。\n\n第二条 事件分级见附件1。\n\n"
            "附件所列事项由国家网信部门另行规定。\n\n附件1\n\n网络安全事件分级指南\n\n一、特别重大网络安全事件\n\n"
            "二、重大网络安全事件，见附件2。\n\n附件2 报告模板\n\n事件名称：\n\n附件3：联系表\n\n"
            "附件三所列单位名单\n\n联系人：\n")
    parsed = parse(text, "demo")
    assert [a.label for a in parsed.articles] == ["第一条", "第二条"]
    # A paragraph that begins with 附件 but goes on as a sentence belongs to its article.
    assert parsed.articles[1].paragraphs == ("事件分级见附件1。", "附件所列事项由国家网信部门另行规定。")
    annexes = [u for u in parsed.units if u.kind == "annex"]
    assert [(a.label, a.paragraphs) for a in annexes] == [
        ("附件1", ("网络安全事件分级指南", "一、特别重大网络安全事件", "二、重大网络安全事件，见附件2。")),
        ("附件2 报告模板", ("事件名称：",)),
        ("附件3：联系表", ("附件三所列单位名单", "联系人：")),
    ]
    assert [u.ordinal for u in parsed.units] == list(range(len(parsed.units)))


def test_the_macau_basic_law_has_three_annexes():
    parsed = _parse_file(CORPUS / "national" / "nl-80ef43b8f2a8.md")
    annexes = [u for u in parsed.units if u.kind == "annex"]
    assert [a.label for a in annexes] == ["附件一", "附件二", "附件三"]
    assert annexes[0].paragraphs[0] == "澳门特别行政区行政长官的产生办法"
    assert annexes[1].paragraphs[0] == "澳门特别行政区立法会的产生办法"
    assert annexes[2].paragraphs[0] == "在澳门特别行政区实施的全国性法律"
    # The later decisions that add laws to 附件三 are printed after it, and stay with it.
    assert sum(p == "附件三所列全国性法律的决定" for p in annexes[2].paragraphs) == 3
    assert len(parsed.articles) == 145
