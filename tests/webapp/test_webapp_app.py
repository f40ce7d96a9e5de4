"""The Streamlit app, run with Streamlit's AppTest against the session's real index:
questions, direct lookups, filters, as-of dates, context, browsing, exports, languages,
and the page shown when there is no index."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
from pathlib import Path

import pytest

pytest.importorskip("streamlit")
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parents[2] / "app.py"
_CARD = re.compile(r'class="pkb-card[^"]*" data-doc="([^"]+)" data-article="([^"]+)"')
_HEADER = re.compile(r'class="pkb-inst" data-doc="([^"]+)"')


@pytest.fixture
def app(built_index, monkeypatch) -> AppTest:
    monkeypatch.setenv("POLICYKB_INDEX", str(built_index))
    at = AppTest.from_file(str(APP), default_timeout=300)
    at.run()
    assert not at.exception, at.exception
    return at


def ask(at: AppTest, query: str) -> AppTest:
    at.text_input(key="q").input(query).run()
    assert not at.exception, at.exception
    return at


def html_blocks(at: AppTest) -> list[str]:
    return [h.value for h in at.html]


def cards(at: AppTest) -> list[tuple[str, str]]:
    """(doc_id, article) of every article card on the page, in order."""
    return [m.groups() for block in html_blocks(at) if (m := _CARD.search(block))]


def card_html(at: AppTest) -> list[str]:
    return [block for block in html_blocks(at) if _CARD.search(block)]


def headers(at: AppTest) -> list[str]:
    return [m.group(1) for block in html_blocks(at) if (m := _HEADER.search(block))]


def test_question_gives_cited_clauses_grouped_by_instrument(app):
    ask(app, "向境外提供个人信息需要取得个人的单独同意吗")
    found = cards(app)
    assert ("pipl", "第三十九条") in found
    page = "\n".join(html_blocks(app))
    assert "《个人信息保护法》第三十九条" in page and "PIPL Art. 39" in page
    for text in ("法律", "全国人民代表大会常务委员会", "2021-11-01", "现行有效", "个人信息跨境提供"):
        assert text in page
    assert "<mark>" in page
    # grouped: each instrument has one header, and its cards follow it before the next header
    groups = headers(app)
    assert len(groups) == len(set(groups)) == len({doc for doc, _ in found})
    order = []
    for block in html_blocks(app):
        if (m := _HEADER.search(block)):
            order.append(m.group(1))
        elif (m := _CARD.search(block)):
            assert m.group(1) == order[-1]
    assert "10 条结果" in page


@pytest.mark.parametrize(("query", "expected"), [
    ("个保法38条", ("pipl", "第三十八条")),
    ("PIPL 38", ("pipl", "第三十八条")),
    ("《数据安全法》第二十一条", ("dsl", "第二十一条")),
])
def test_direct_lookup_puts_the_cited_article_first(app, query, expected):
    ask(app, query)
    assert cards(app)[0] == expected
    first = card_html(app)[0]
    assert "pkb-lookup" in first and "直接引用" in first


def test_citing_a_missing_article_says_so(app):
    ask(app, "个保法第999条")
    assert any("999" in w.value for w in app.warning)


def test_a_renumbered_article_points_to_its_new_number(app):
    ask(app, "CSL Art. 21")
    assert any("第二十三条" in i.value for i in app.info)


def test_hits_that_share_no_word_with_the_question_say_so(app):
    ask(app, "asdkjh qwpoeiru zxcmvn")
    assert cards(app) and any("语义上最接近" in w.value for w in app.warning)
    ask(app, "个人信息出境需要单独同意吗")
    assert cards(app) and not app.warning


def test_instrument_level_issuer_and_in_force_filters(app):
    app.select_slider(key="f_k").set_value(30).run()
    ask(app, "服务提供者应当履行哪些安全管理义务")
    assert len(cards(app)) == 30 and len({doc for doc, _ in cards(app)}) > 2
    app.multiselect(key="f_instruments").set_value(["dsl"]).run()
    assert cards(app) and {doc for doc, _ in cards(app)} == {"dsl"}
    app.multiselect(key="f_instruments").set_value([]).run()
    app.multiselect(key="f_levels").set_value(["administrative_regulation"]).run()
    assert cards(app) and {doc for doc, _ in cards(app)} <= {"network-data-regulation", "cii-regulation"}
    app.multiselect(key="f_levels").set_value([]).run()
    app.multiselect(key="f_issuers").set_value(["国家互联网信息办公室"]).run()
    assert cards(app) and {doc for doc, _ in cards(app)} <= {"genai-interim-measures", "deep-synthesis-provisions"}
    app.button(key="reset_filters").click().run()
    assert app.multiselect(key="f_issuers").value == []
    app.checkbox(key="f_in_force").check().run()
    assert cards(app) and all("现行有效" in block for block in html_blocks(app) if _HEADER.search(block))


def test_as_of_date_picks_the_cybersecurity_law_in_force_then(app):
    ask(app, "网络运营者应当履行哪些安全保护义务")
    docs_today = {doc for doc, _ in cards(app)}
    assert "csl-2025" in docs_today and "csl-2016" not in docs_today
    assert "（2025年修正）" in "\n".join(html_blocks(app))
    app.date_input(key="f_as_of").set_value(dt.date(2025, 6, 1)).run()
    docs_then = {doc for doc, _ in cards(app)}
    assert "csl-2016" in docs_then and "csl-2025" not in docs_then
    page = "\n".join(html_blocks(app))
    assert "（2016年）" in page and "2025-06-01" in page


def test_superseded_versions_show_as_amended(app):
    ask(app, "网络运营者应当履行哪些安全保护义务")
    app.checkbox(key="f_superseded").check().run()
    app.multiselect(key="f_instruments").set_value(["csl-2016"]).run()
    assert {doc for doc, _ in cards(app)} == {"csl-2016"}
    assert "已被修订" in next(b for b in html_blocks(app) if _HEADER.search(b))


def test_empty_and_overlong_questions_are_handled(app):
    ask(app, "   ")
    assert not cards(app)
    assert any("pkb-empty" in block for block in html_blocks(app))
    ask(app, "数据出境" * 3000)
    assert not cards(app)
    assert any("12,000" in w.value and "10,000" in w.value for w in app.warning)
    assert not app.error


def test_example_question_runs_a_search(app):
    app.pills(key="example").set_value("个保法38条").run()
    assert app.text_input(key="q").value == "个保法38条"
    assert cards(app)[0] == ("pipl", "第三十八条")


def test_context_opens_neighbouring_articles(app):
    ask(app, "个保法38条")
    before = cards(app)
    app.button(key="ctx|pipl|第三十八条").click().run()
    articles = [a for doc, a in cards(app) if doc == "pipl"]
    assert {"第三十六条", "第三十七条", "第三十九条", "第四十条"} <= set(articles)
    assert len(cards(app)) > len(before)
    assert any("pkb-focus" in block and 'data-article="第三十八条"' in block for block in card_html(app))
    app.button(key="ctx|pipl|第三十八条").click().run()
    assert cards(app) == before
    assert not any("pkb-focus" in block for block in card_html(app))


def test_whole_chapter_opens_the_browse_view_at_that_chapter(app):
    ask(app, "个保法38条")
    app.button(key="chap|pipl|第三十八条").click().run()
    assert app.segmented_control(key="view").value == "browse"
    assert app.selectbox(key="browse_doc").value == "pipl"
    assert app.radio(key="browse_section").value == "第三章 个人信息跨境提供的规则"
    chapter = ["第三十八条", "第三十九条", "第四十条", "第四十一条", "第四十二条", "第四十三条"]
    assert [a for _, a in cards(app)] == chapter
    assert any("pkb-focus" in block and 'data-article="第三十八条"' in block for block in card_html(app))
    # the question survives the trip to the other view
    app.segmented_control(key="view").set_value("search").run()
    assert app.text_input(key="q").value == "个保法38条" and cards(app)[0] == ("pipl", "第三十八条")


def test_browse_an_instrument_by_its_table_of_contents(app):
    app.segmented_control(key="view").set_value("browse").run()
    app.selectbox(key="browse_doc").set_value("dsl").run()
    contents = app.radio(key="browse_section")
    assert "第四章 数据安全保护义务" in contents.options
    contents.set_value("第四章 数据安全保护义务").run()
    assert cards(app)[0] == ("dsl", "第二十七条") and {doc for doc, _ in cards(app)} == {"dsl"}
    assert "中华人民共和国数据安全法" in "\n".join(html_blocks(app))


def test_exports_carry_the_current_results(app, monkeypatch):
    files: dict[str, bytes] = {}
    load = MemoryMediaFileStorage.load_and_get_id

    def keep(self, path_or_data, mimetype, kind, filename=None):
        files[filename] = path_or_data
        return load(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", keep)
    ask(app, "个保法38条")
    shown = cards(app)
    markdown = next(v for k, v in files.items() if k.endswith(".md")).decode("utf-8")
    table = next(v for k, v in files.items() if k.endswith(".csv")).decode("utf-8-sig")
    assert markdown.startswith("# 个保法38条")
    assert "## 《个人信息保护法》第三十八条 (PIPL Art. 38)" in markdown
    assert markdown.count("\n## ") == len(shown)
    rows = list(csv.DictReader(io.StringIO(table)))
    exported = [(r["doc_id"], r["article"]) for r in rows]
    assert exported[0] == shown[0] and sorted(exported) == sorted(shown)  # rank order; the page groups
    assert rows[0]["citation_en"] == "PIPL Art. 38" and "个人信息处理者因业务等需要" in rows[0]["text"]
    assert {b.label for b in app.get("download_button")} == {"Markdown", "CSV"}


def test_copy_button_holds_citation_and_text(app):
    ask(app, "个保法38条")
    first = card_html(app)[0]
    copied = re.search(r'data-copy="([^"]*)"', first).group(1)
    assert copied.startswith("《个人信息保护法》第三十八条 (PIPL Art. 38)")
    assert "个人信息处理者因业务等需要" in copied
    assert any("navigator.clipboard" in block for block in html_blocks(app))


def test_language_switch_changes_labels_not_results(app):
    ask(app, "个保法38条")
    before = cards(app)
    app.segmented_control(key="lang").set_value("en").run()
    assert not app.exception
    assert cards(app) == before
    page = "\n".join(html_blocks(app))
    assert "Copy citation" in page and "In force" in page and "Cited" in page
    assert app.multiselect(key="f_instruments").label == "Instrument"
    assert app.button(key="search_button").label == "Search"
    app.segmented_control(key="lang").set_value("zh").run()
    assert "复制引文" in "\n".join(html_blocks(app))


def test_language_can_come_from_the_url(built_index, monkeypatch):
    monkeypatch.setenv("POLICYKB_INDEX", str(built_index))
    at = AppTest.from_file(str(APP), default_timeout=300)
    at.query_params["lang"] = "en"
    at.run()
    assert at.segmented_control(key="lang").value == "en"
    assert at.multiselect(key="f_levels").label == "Level"


def test_sidebar_summarises_the_index(app, retriever):
    sidebar = "\n".join(h.value for h in app.sidebar.get("html"))
    assert f"<b>{len(retriever.instruments())}</b>" in sidebar
    assert f"{retriever.info()['counts']['articles']:,}" in sidebar
    assert "multilingual-e5-small" in sidebar
    assert retriever.info()["built_at"][:10] in sidebar
    sources = "\n".join(h.value for h in app.get("html") if "pkb-sources" in h.value)
    assert "www.npc.gov.cn" in sources and "pipl" in sources


def test_missing_index_page_explains_and_gives_the_build_command(tmp_path, monkeypatch):
    missing = tmp_path / "no-index-here"
    monkeypatch.setenv("POLICYKB_INDEX", str(missing))
    monkeypatch.setenv("POLICYKB_CORPUS", "/data/laws")
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not at.exception
    assert at.subheader[0].value == "还没有可以检索的索引"
    assert str(missing) in at.error[0].value
    assert at.code[0].value == f"policykb build --corpus /data/laws --index {missing}"
    assert not at.text_input  # nothing to search


def test_damaged_index_page_says_why(tmp_path, monkeypatch):
    (tmp_path / "CURRENT").write_text("20990101T000000Z\n", encoding="utf-8")
    monkeypatch.setenv("POLICYKB_INDEX", str(tmp_path))
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not at.exception
    assert "20990101T000000Z" in at.error[0].value and "missing" in at.error[0].value
    assert at.code[0].value.startswith("policykb build --corpus ")


def test_a_newly_published_build_is_picked_up_without_restart(built_index, tmp_path, monkeypatch):
    root = tmp_path / "index"
    shutil.copytree(built_index, root)
    old = (root / "CURRENT").read_text(encoding="utf-8").strip()
    monkeypatch.setenv("POLICYKB_INDEX", str(root))
    at = AppTest.from_file(str(APP), default_timeout=300).run()
    assert old in "\n".join(h.value for h in at.sidebar.get("html"))
    new = "29990101T000000000000Z"
    shutil.copytree(root / "builds" / old, root / "builds" / new)
    (root / "CURRENT").write_text(new + "\n", encoding="utf-8")
    ask(at, "个保法38条")
    assert new in "\n".join(h.value for h in at.sidebar.get("html"))
    assert cards(at)[0] == ("pipl", "第三十八条")


def test_link_chips_open_the_linked_article_in_place(app):
    ask(app, "《网络安全法》第二十三条")
    assert cards(app)[0] == ("csl-2025", "第二十三条")
    chip = app.button(key="link|csl-2025|第二十三条|penalties|csl-2025|61")
    assert chip.label.startswith("罚则") and "第六十一条" in chip.label
    assert app.button(key="link|csl-2025|第二十三条|cited_by|csl-2025|36")
    chip.click().run()
    assert cards(app)[1] == ("csl-2025", "第六十一条")
    assert any("pkb-focus" in block and 'data-article="第六十一条"' in block for block in card_html(app))
    app.button(key="link|csl-2025|第二十三条|penalties|csl-2025|61").click().run()
    assert ("csl-2025", "第六十一条") not in cards(app)[:2]
    ask(app, "生成式人工智能服务管理暂行办法第十七条")
    held = app.button(key="link|genai-interim-measures|第十七条|refers_to|《互联网信息服务算法推荐管理规定》")
    assert held.disabled and "本库未收录" in held.label


def test_what_changed_view_compares_two_versions(app):
    app.segmented_control(key="view").set_value("changes").run()
    assert not app.exception, app.exception
    assert (app.selectbox(key="changes_old").value, app.selectbox(key="changes_new").value) == ("csl-2016",
                                                                                             "csl-2025")
    changes = [block for block in html_blocks(app) if "pkb-change-" in block]
    assert any('data-old="59" data-new="61"' in block and "<ins" in block for block in changes)
    assert any("pkb-change-added" in block for block in changes)
    shown = len(changes)
    app.toggle(key="changes_all").set_value(True).run()
    assert len([block for block in html_blocks(app) if "pkb-change-" in block]) > shown


def test_a_sanction_question_shows_the_penalty_article_beside_its_duty(app):
    ask(app, "重要数据处理者没有按规定报送风险评估报告，会被罚多少钱？")
    found = cards(app)
    assert found[0] == ("dsl", "第四十五条") and ("dsl", "第三十条") in found
    page = "\n".join(html_blocks(app))
    assert "intent" not in page and "《数据安全法》第四十五条" in page
