"""PDF, DOCX, HTML and TXT renderings of real instruments load to exactly the articles of
their Markdown twins; metadata comes from sidecars, catalogues or the text itself."""

from __future__ import annotations

import json
import shutil

import pytest

from policykb.corpus import load_corpus
from policykb.corpus.markdown import load as load_markdown
from policykb.corpus.structure import parse

pytestmark = pytest.mark.needs_corpus


@pytest.fixture(scope="module")
def formats_dir(cyber_dir):
    return cyber_dir.parent / "formats"


@pytest.fixture(scope="module")
def catalog(formats_dir):
    return json.loads((formats_dir / "catalog.json").read_text(encoding="utf-8"))


def _articles(parsed):
    return [(a.label, a.text) for a in parsed.articles]


def _twin(cyber_dir, doc_id):
    return parse(load_markdown(cyber_dir / f"{doc_id}.md").text)


def _load_one(path):
    report = load_corpus([path])
    assert not report.skipped, report.skipped
    return report.documents[0], report


@pytest.mark.parametrize("name", [
    "pipl.pdf", "genai-interim-measures.pdf", "algorithm-recommendation-provisions.pdf",
    "network-data-regulation.pdf", "dsl.pdf", "genai-interim-measures.docx", "pipl.docx",
    "genai-interim-measures.html", "algorithm-recommendation-provisions.html", "dsl.gb18030.txt"])
def test_every_sample_has_the_articles_of_its_twin_word_for_word(formats_dir, cyber_dir, catalog, name):
    entry = next(e for e in catalog if e["path"].endswith("/" + name))
    document, report = _load_one(formats_dir / name)
    twin = _twin(cyber_dir, entry["id"])
    assert _articles(document.parsed) == _articles(twin)
    assert [a.chapter_path for a in document.parsed.articles] == [a.chapter_path for a in twin.articles]
    assert document.instrument.id == entry["id"] and document.instrument.title == entry["title"]
    assert document.instrument.format == entry["format"]
    assert not report.warnings


@pytest.mark.parametrize("name", ["pipl.pdf", "dsl.pdf", "genai-interim-measures.pdf"])
def test_pdf_articles_record_the_page_holding_their_heading(formats_dir, catalog, name):
    from pypdf import PdfReader

    entry = next(e for e in catalog if e["path"].endswith("/" + name))
    document, _ = _load_one(formats_dir / name)
    pages = ["".join(page.extract_text().split()) for page in PdfReader(formats_dir / name).pages]
    assert document.pages == entry["pages"] == len(pages)
    for article in document.parsed.articles:
        start = article.label + article.paragraphs[0][:8].replace(" ", "")
        assert start in pages[article.page - 1], (article.label, article.page)


def test_html_main_text_leaves_the_site_out(formats_dir):
    document, _ = _load_one(formats_dir / "genai-interim-measures.html")
    text = "\n".join(p for unit in document.parsed.units for p in unit.paragraphs)
    for chrome in ("网络空间法规信息网", "首页", "当前位置", "打印本页", "相关链接", "备案号", "字体"):
        assert chrome not in text
    assert document.parsed.title == "生成式人工智能服务管理暂行办法"


def test_html_page_in_gbk_with_sidebar_links_and_chapters_in_separate_blocks(tmp_path, cyber_dir):
    """A harder page than the samples: GBK, a sidebar citing articles of another law, each
    chapter in its own block, and source line breaks inside paragraphs."""
    twin = _twin(cyber_dir, "dsl")
    chapters: dict[str, list] = {}
    for article in twin.articles:
        chapters.setdefault(article.chapter_path[-1], []).append(article)
    body = []
    for chapter, articles in chapters.items():
        paragraphs = [f"<p>{a.label}\u3000{a.paragraphs[0][:10]}\n{a.paragraphs[0][10:]}</p>"
                      + "".join(f"<p>{p}</p>" for p in a.paragraphs[1:]) for a in articles]
        body.append(f'<div class="chapter"><h3>{chapter}</h3>{"".join(paragraphs)}</div>')
    sidebar = "".join(f'<li><a href="/x{i}">个人信息保护法第{n}条解读</a></li>'
                      for i, n in enumerate(["一", "十三", "三十八", "三十九"]))
    page = (f'<html><head><meta charset="gbk"><title>中华人民共和国数据安全法_法律法规库</title></head><body>'
            f'<div id="top"><a href="/">首页</a> | <a href="/law">法律</a></div>'
            f'<div class="side"><h4>热门解读</h4><ul>{sidebar}</ul></div>'
            f'<div class="article"><h1>中华人民共和国数据安全法</h1><div class="content">{"".join(body)}</div></div>'
            f'<div id="bottom">版权所有 法律法规库 京ICP备00000000号</div></body></html>')
    path = tmp_path / "dsl.html"
    path.write_bytes(page.encode("gbk"))
    document, _ = _load_one(path)
    assert _articles(document.parsed) == _articles(twin)
    assert document.instrument.title == "中华人民共和国数据安全法"
    assert "解读" not in "".join(p for u in document.parsed.units for p in u.paragraphs)


def test_html_page_without_articles_is_found_by_its_text_outside_links(tmp_path, cyber_dir):
    """A decision numbered 一、二、 has no 第X条: the main text is the block with the most
    text outside links, not the long navigation list beside it."""
    text = load_markdown(cyber_dir / "npcsc-network-info-protection-decision-2012.md").text
    lines = [line for line in text.split("\n") if line.strip()]
    title = lines[0].removeprefix("# ")
    nav = "".join(f'<li><a href="/{i}">栏目{i}的相关新闻报道和政策解读链接文字</a></li>' for i in range(30))
    page = (f'<html><head><title>{title}_中国人大网</title></head><body><div class="head"><a href="/">首页</a></div>'
            f'<div class="left"><ul>{nav}</ul></div><div class="main"><div class="tit">{title}</div>'
            f'<div class="txt">{"".join(f"<p>{line}</p>" for line in lines[1:])}</div></div>'
            f'<div class="foot">版权所有 ICP备案</div></body></html>')
    (tmp_path / "decision.html").write_text(page, encoding="utf-8")
    document, _ = _load_one(tmp_path / "decision.html")
    twin = parse(text)
    assert document.parsed.structure == "items"
    assert [(u.label, u.text) for u in document.parsed.units] == [(u.label, u.text) for u in twin.units]
    assert document.instrument.title == title


def test_docx_tables_become_text_lines(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("网络安全事件报告管理办法", style="Title")
    document.add_paragraph("第一条 网络安全事件分为下列等级：")
    table = document.add_table(rows=2, cols=2)
    for row, cells in zip(table.rows, [("等级", "判定标准"), ("特别重大", "造成特别严重损失")], strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    document.add_paragraph("第二条 本办法自公布之日起施行。")
    path = tmp_path / "incident.docx"
    document.save(path)
    loaded, _ = _load_one(path)
    first = loaded.parsed.articles[0]
    assert first.paragraphs == ("网络安全事件分为下列等级：", "等级 | 判定标准", "特别重大 | 造成特别严重损失")
    assert loaded.instrument.title == "网络安全事件报告管理办法"


@pytest.mark.parametrize(("encoding", "prefix", "detected"), [
    ("gbk", b"", "gb18030"), ("utf-8", b"\xef\xbb\xbf", "utf-8-sig"), ("utf-8", b"", "utf-8"),
    ("utf-16-le", b"\xff\xfe", "utf-16")])
def test_text_encodings_are_detected(tmp_path, cyber_dir, encoding, prefix, detected):
    body = load_markdown(cyber_dir / "dsl.md").text.replace("# ", "", 1)
    path = tmp_path / "dsl.txt"
    path.write_bytes(prefix + body.encode(encoding))
    document, _ = _load_one(path)
    assert document.encoding == detected
    assert _articles(document.parsed) == _articles(_twin(cyber_dir, "dsl"))


def test_gb18030_sample_is_detected_not_assumed(formats_dir):
    document, _ = _load_one(formats_dir / "dsl.gb18030.txt")
    assert document.encoding == "gb18030"


def test_yaml_sidecar_gives_a_pdf_its_id_and_fields(tmp_path, formats_dir):
    shutil.copy(formats_dir / "pipl.pdf", tmp_path / "pipl.pdf")
    (tmp_path / "pipl.pdf.meta.yaml").write_text(
        "id: pipl-2021-pdf\naliases: [个保法]\nstatus: in_force\nsource_url: https://www.npc.gov.cn/\n",
        encoding="utf-8")
    document, report = _load_one(tmp_path)
    instrument = document.instrument
    assert (instrument.id, instrument.aliases, instrument.status) == ("pipl-2021-pdf", ("个保法",), "in_force")
    # Fields the sidecar leaves out are read from the text and marked as inferred.
    assert instrument.title == "中华人民共和国个人信息保护法"
    assert str(instrument.effective) == "2021-11-01"
    assert {"title", "effective", "promulgated", "issuer"} <= set(instrument.inferred)
    assert "id" not in instrument.inferred and not report.warnings


def test_json_sidecar_works_too_and_its_unknown_fields_are_reported(tmp_path, formats_dir):
    shutil.copy(formats_dir / "genai-interim-measures.docx", tmp_path / "genai.docx")
    (tmp_path / "genai.docx.meta.json").write_text(
        json.dumps({"id": "genai", "level": "departmental_rule", "effective": "2023-08-15", "colour": "red"}),
        encoding="utf-8")
    document, report = _load_one(tmp_path)
    assert (document.instrument.id, str(document.instrument.effective)) == ("genai", "2023-08-15")
    assert report.warnings == [(str(tmp_path / "genai.docx"), "unknown field 'colour' ignored")]


def test_broken_sidecar_is_reported_under_its_own_name_and_the_text_speaks(tmp_path, formats_dir):
    shutil.copy(formats_dir / "dsl.pdf", tmp_path / "dsl.pdf")
    (tmp_path / "dsl.pdf.meta.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    document, report = _load_one(tmp_path)
    assert [p for p, _ in report.warnings] == [str(tmp_path / "dsl.pdf.meta.yaml")]
    assert "not valid YAML" in report.warnings[0][1]
    assert document.instrument.id == "dsl" and document.instrument.title == "中华人民共和国数据安全法"


def test_catalog_entry_is_matched_by_file_name(tmp_path, formats_dir):
    shutil.copy(formats_dir / "network-data-regulation.pdf", tmp_path / "ndr.pdf")
    (tmp_path / "catalog.json").write_text(json.dumps([
        {"path": "rules/ndr.pdf", "id": "ndr-2024", "title": "网络数据安全管理条例",
         "level": "administrative_regulation", "effective": "2025-01-01",
         "derived_from": "cyber/network-data-regulation.md"}]), encoding="utf-8")
    document, report = _load_one(tmp_path)
    assert document.instrument.id == "ndr-2024"
    assert document.instrument.level == "administrative_regulation"
    assert not report.warnings


def test_metadata_inferred_from_the_text_alone(tmp_path, formats_dir, catalog):
    shutil.copy(formats_dir / "genai-interim-measures.pdf", tmp_path / "genai.pdf")
    document, _ = _load_one(tmp_path / "genai.pdf")
    entry = next(e for e in catalog if e["path"] == "formats/genai-interim-measures.pdf")
    instrument = document.instrument
    for key in ("title", "level", "issuer", "promulgated", "effective"):
        assert str(getattr(instrument, key)) == entry[key], key
        assert key in instrument.inferred
    assert instrument.doc_number == "国家互联网信息办公室等七部门令第15号"
    assert instrument.id == "genai"  # from the file name


# Decree lines as governments print them, with or without a space after the date's 日:
# the 日 belongs to the date, the body before 令 is the issuer.
DECREE_LINES = {
    "（2020年1月1日国家网信办令第1号公布 自2020年2月1日起施行）": (
        "国家网信办", "国家网信办令第1号", "2020-01-01", "2020-02-01", "departmental_rule"),
    "（2020年1月1日 国家网信办令第1号公布 自2020年2月1日起施行）": (
        "国家网信办", "国家网信办令第1号", "2020-01-01", "2020-02-01", "departmental_rule"),
    "(2000年9月25日中华人民共和国国务院令第292号公布 自2000年9月25日起施行)": (
        "中华人民共和国国务院", "中华人民共和国国务院令第292号", "2000-09-25", "2000-09-25",
        "administrative_regulation"),
    "2017年5月2日国家互联网信息办公室令第1号公布 自2017年6月1日起施行": (
        "国家互联网信息办公室", "国家互联网信息办公室令第1号", "2017-05-02", "2017-06-01", "departmental_rule"),
    "二〇一七年五月二日国家互联网信息办公室令（第1号）公布": (
        "国家互联网信息办公室", "国家互联网信息办公室令（第1号）", "2017-05-02", None, "departmental_rule"),
}


@pytest.mark.parametrize("line", DECREE_LINES, ids=[
    "no-space", "space", "state-council-ascii-brackets", "no-brackets", "chinese-numerals-number-in-brackets"])
def test_decree_line_gives_issuer_and_number_whether_or_not_a_space_follows_the_date(tmp_path, line):
    (tmp_path / "rule.txt").write_text(f"测试管理办法\n\n{line}\n\n第一条 甲。\n\n第二条 乙。\n", encoding="utf-8")
    instrument = _load_one(tmp_path)[0].instrument
    issuer, doc_number, promulgated, effective, level = DECREE_LINES[line]
    assert (instrument.issuer, instrument.doc_number, instrument.level) == (issuer, doc_number, level)
    assert str(instrument.promulgated) == promulgated
    assert (str(instrument.effective) if instrument.effective else None) == effective
    assert {"issuer", "doc_number", "promulgated", "level"} <= set(instrument.inferred)


def test_a_law_promulgated_by_presidential_decree_takes_its_issuer_from_the_adoption_line(tmp_path):
    (tmp_path / "law.txt").write_text(
        "中华人民共和国测试法\n\n（2021年6月10日第十三届全国人民代表大会常务委员会第二十九次会议通过）\n\n"
        "中华人民共和国主席令第八十四号\n\n第一条 甲。\n\n第二条 乙。\n", encoding="utf-8")
    instrument = _load_one(tmp_path)[0].instrument
    assert instrument.issuer == "全国人民代表大会常务委员会" and instrument.level == "law"
    assert instrument.doc_number == "中华人民共和国主席令第八十四号"
