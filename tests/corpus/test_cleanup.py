"""Cleanup of extracted text: wrapped lines rejoined, page furniture dropped, variants
normalised, paragraph and item breaks kept. Real PDF pages where possible; property tests
for rejoining against real article text wrapped at random widths."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from policykb.corpus.cleanup import (
    clean_pages,
    clean_text,
    display_width,
    drop_page_furniture,
    is_hard_wrapped,
    normalise_chars,
    rejoin_lines,
)
from policykb.corpus.markdown import load as load_markdown
from policykb.corpus.structure import parse

pytestmark = pytest.mark.needs_corpus


@pytest.fixture(scope="module")
def formats_dir(cyber_dir):
    return cyber_dir.parent / "formats"


@pytest.fixture(scope="module")
def pipl_pages(formats_dir):
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(formats_dir / "pipl.pdf").pages]


@pytest.fixture(scope="module")
def pipl_twin(cyber_dir):
    return parse(load_markdown(cyber_dir / "pipl.md").text)


# -- characters ---------------------------------------------------------------------------

def test_presentation_forms_become_ordinary_characters():
    assert normalise_chars("项⽬\u3000名称﹐个⼈信息︰") == "项目 名称，个人信息："
    assert normalise_chars("数据\u00a0安全\u200b法\ufeff") == "数据 安全法"
    assert normalise_chars("甲\r\n乙\r丙") == "甲\n乙\n丙"


def test_punctuation_as_the_source_wrote_it_is_kept():
    # The official PIPL text has ASCII semicolons in 第六十三条; normalising them would
    # make the PDF differ from the official text.
    text = "（一）询问有关当事人，调查与个人信息处理活动有关的情况;"
    assert normalise_chars(text) == text


def test_display_width_counts_cjk_twice():
    assert display_width("个人信息") == 8
    assert display_width("PIPL 2021") == 9
    assert display_width("（一）") == 6


# -- page furniture -----------------------------------------------------------------------

def test_page_numbers_and_running_headers_are_dropped():
    pages = [["中华人民共和国国务院公报 2024年第3号", f"第{n}条 甲乙丙丁。", "正文继续。", "（一）项；", f"— {n} —"]
             for n in range(1, 5)]
    pages[2][-1] = "第 3 页 共 4 页"
    cleaned = drop_page_furniture(pages)
    assert cleaned == [[f"第{n}条 甲乙丙丁。", "正文继续。", "（一）项；"] for n in range(1, 5)]


def test_a_title_repeated_as_running_header_stays_on_the_first_page():
    pages = [["个人信息保护法", "第一条 甲。"], ["个人信息保护法", "第二条 乙。"], ["个人信息保护法", "第三条 丙。"]]
    cleaned = drop_page_furniture(pages)
    assert cleaned == [["个人信息保护法", "第一条 甲。"], ["第二条 乙。"], ["第三条 丙。"]]


def test_numbers_inside_the_page_are_not_page_numbers():
    pages = [["第一条 甲。", "乙。", "丙。", "2021", "丁。", "戊。", "己。"]]
    assert drop_page_furniture(pages) == pages


# -- rejoining ----------------------------------------------------------------------------

def test_first_pdf_page_reads_like_the_markdown(pipl_pages, pipl_twin):
    lines = clean_pages(pipl_pages[:1]).split("\n")
    assert lines[0] == "# 中华人民共和国个人信息保护法"
    assert "第一章 总 则" in lines
    first = pipl_twin.articles[0]
    assert f"{first.label} {first.paragraphs[0]}" in lines
    third = next(a for a in pipl_twin.articles if a.label == "第三条")
    assert all(p in lines for p in third.paragraphs[1:])  # items （一）（二）（三） stay apart


def test_whole_pdf_parses_to_the_twin_with_pages(pipl_pages, pipl_twin):
    parsed = parse(clean_pages(pipl_pages))
    assert [(a.label, a.text) for a in parsed.articles] == [(a.label, a.text) for a in pipl_twin.articles]
    pages = {a.label: a.page for a in parsed.articles}
    assert pages["第一条"] == 1 and pages["第七十四条"] == len(pipl_pages)
    assert pages["第五十条"] == 10  # 第四十九条 ends at the top of page 10: its page is still 9
    assert pages["第四十九条"] == 9


def test_a_full_line_that_stops_mid_sentence_continues_even_if_the_next_is_indented():
    # pipl.pdf pages 10-11: the renderer indents the last line of 第五十三条.
    text = "\n".join([
        " 第五十二条 处理个人信息达到国家网信部门规定数量的个人信息处理",
        "者应当指定个人信息保护负责人，负责对个人信息处理活动以及采取的保护",
        "措施等进行监督。",
        " 第五十三条 本法第三条第二款规定的中华人民共和国境外的个人信息",
        "处理者，应当在中华人民共和国境内设立专门机构或者指定代表，负责处理",
        "个人信息保护相关事务，并将有关机构的名称或者代表的姓名、联系方式等",
        " 报送履行个人信息保护职责的部门。",
        " 第五十四条 个人信息处理者应当定期对其处理个人信息遵守法律、行",
        "政法规的情况进行合规审计。"])
    paragraphs = rejoin_lines(text)
    assert [p[:5] for p in paragraphs] == ["第五十二条", "第五十三条", "第五十四条"]
    assert paragraphs[1].endswith("联系方式等报送履行个人信息保护职责的部门。")


def test_a_line_starting_with_a_comma_was_wrapped():
    text = " 第一条 根据《中华人民共和国网络安全法》等法律、行政法规\n，制定本办法。\n 第二条 本办法适用于境内。"
    assert rejoin_lines(text) == ["第一条 根据《中华人民共和国网络安全法》等法律、行政法规，制定本办法。",
                                  "第二条 本办法适用于境内。"]


def test_latin_words_split_by_a_wrap_get_their_space_back():
    # Ragged right: a line is wrapped when the next line's first word would not have fitted.
    text = ("第一条 This Law is enacted in accordance with the\nConstitution in order to protect the rights and\n"
            "interests of individuals.\n第二条 The personal information of natural\n"
            "persons shall be protected by law.")
    assert rejoin_lines(text) == [
        "第一条 This Law is enacted in accordance with the Constitution in order to protect the rights and "
        "interests of individuals.",
        "第二条 The personal information of natural persons shall be protected by law."]


def test_paragraph_continuing_on_the_next_page_starts_on_its_first_page():
    pages = ["第一条 甲乙丙丁戊己庚辛壬癸甲乙丙丁戊己庚辛\n壬癸。\n第二条 甲乙丙丁戊己庚辛壬癸甲乙丙丁戊己庚辛",
             "— 2 —\n壬癸甲乙。\n第三条 丙。"]
    text = clean_pages(pages)
    assert text.split("\n")[1] == "第二条 甲乙丙丁戊己庚辛壬癸甲乙丙丁戊己庚辛壬癸甲乙。"
    parsed = parse(text)
    assert [(a.label, a.page) for a in parsed.articles] == [("第一条", 1), ("第二条", 1), ("第三条", 2)]


def test_plain_text_one_paragraph_per_line_is_not_rewrapped(cyber_dir):
    body = load_markdown(cyber_dir / "dsl.md").text.replace("# ", "").replace("\n\n", "\n")
    assert not is_hard_wrapped(body)
    assert clean_text(body).split("\n")[0] == "# 中华人民共和国数据安全法"


def test_hard_wrapped_plain_text_is_detected_and_rejoined(pipl_pages):
    copied = "\n".join(line.strip() for line in pipl_pages[1].split("\n")[1:])  # as pasted from the PDF
    assert is_hard_wrapped(copied)
    article = "第七条 处理个人信息应当遵循公开、透明原则，公开个人信息处理规则，明示处理的目的、方式和范围。"
    assert article in clean_text(copied).split("\n")


# -- properties ---------------------------------------------------------------------------

def _article_paragraphs(cyber_dir) -> list[str]:
    paragraphs = []
    for doc_id in ("pipl", "dsl", "network-data-regulation", "genai-interim-measures"):
        for article in parse(load_markdown(cyber_dir / f"{doc_id}.md").text).articles:
            paragraphs.append(f"{article.label} {article.paragraphs[0]}")
            paragraphs.extend(article.paragraphs[1:])
    return paragraphs


@pytest.fixture(scope="module")
def paragraphs(cyber_dir):
    return _article_paragraphs(cyber_dir)


def _wrap(paragraph: str, cells: int) -> list[str]:
    lines, line = [], ""
    for ch in paragraph:
        if line and display_width(line + ch) > cells:
            lines.append(line)
            line = ch
        else:
            line += ch
    return [*lines, line]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), cells=st.integers(min_value=30, max_value=90))
def test_indented_paragraphs_wrapped_at_any_width_are_rejoined(paragraphs, data, cells):
    chosen = data.draw(st.lists(st.sampled_from(paragraphs), min_size=2, max_size=8))
    lines = []
    for paragraph in chosen:
        wrapped = _wrap(paragraph, cells)
        assume(not any(line[:1] == " " or line[-1:] == " " for line in wrapped))
        # A paragraph that ends mid-sentence at the margin cannot be told from a wrap.
        assume(display_width(wrapped[-1]) < 0.92 * cells or wrapped[-1].endswith(("。", "；", "：")))
        lines += [" " + wrapped[0], *wrapped[1:]]
    # Indentation tells paragraphs apart only if some lines are not indented.
    assume(len(lines) > len(chosen) and len(lines) >= 3)
    assert rejoin_lines("\n".join(lines)) == chosen


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), cells=st.integers(min_value=30, max_value=90))
def test_unindented_paragraphs_are_rejoined_when_line_ends_tell_them_apart(paragraphs, data, cells):
    chosen = data.draw(st.lists(st.sampled_from(paragraphs), min_size=2, max_size=8))
    lines = []
    for paragraph in chosen:
        wrapped = _wrap(paragraph, cells)
        assume(not any(line[:1] == " " or line[-1:] == " " for line in wrapped))
        # Without indentation, a paragraph ends at a short line or a full stop, and a
        # wrap is a full line that does not end with a full stop.
        assume(not any(line.endswith(("。", "：")) for line in wrapped[:-1]))
        assume(display_width(wrapped[-1]) < 0.92 * cells or wrapped[-1].endswith(("。", "：")))
        lines += wrapped
    assert rejoin_lines("\n".join(lines)) == chosen
