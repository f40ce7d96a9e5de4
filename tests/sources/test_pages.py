"""Real official pages (byte-exact copies in ../shared/fixtures/pages): each law page extracts
completely, its own title, date and source reach the sidecar when fetched, a list page is
refused with a reason (never stored or indexed), and a notice page's attached text is fetched
in its place. Served over loopback by the test server of test_fetch."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import SHARED
from test_fetch import FAST, Route, Site, run, sidecar, write_sources

from policykb.corpus import load_corpus
from policykb.sources.pages import attachments, law_text_problem, page_facts

PAGES = SHARED / "fixtures" / "pages"
REGULATION = "cac_2024-09-30_网络数据安全管理条例.html"
INCIDENTS = "cac_2025-09-15_国家网络安全事件报告管理办法.html"
LISTING = "cac_list_行政法规目录.html"


@pytest.fixture(scope="module")
def pages() -> Path:
    if not PAGES.is_dir():
        pytest.skip(f"saved pages not found at {PAGES} (set POLICYKB_SHARED)")
    return PAGES


@pytest.fixture
def site():
    server = Site()
    yield server
    server.close()


def _serve(site: Site, path: str, page: Path) -> None:
    site.routes[path] = Route(body=page.read_bytes(), content_type="text/html; charset=utf-8")


def test_every_law_page_extracts_completely_and_the_list_page_is_skipped(pages, tmp_path):
    for page in pages.glob("*.html"):
        shutil.copy(page, tmp_path / page.name)
    report = load_corpus([tmp_path])
    loaded = {d.path.name: d for d in report.documents}
    assert set(loaded) == {REGULATION, INCIDENTS}
    [(skipped, reason)] = report.skipped
    assert Path(skipped).name == LISTING and reason.startswith("not a legal text: no articles")

    regulation = loaded[REGULATION].parsed
    assert [a.number for a in regulation.articles] == list(range(1, 65))
    assert len({a.chapter_path[0] for a in regulation.articles}) == 9
    assert regulation.articles[-1].text.startswith("本条例自2025年1月1日起施行")
    assert loaded[REGULATION].instrument.title == "网络数据安全管理条例"

    incidents = loaded[INCIDENTS].parsed
    assert [a.number for a in incidents.articles] == list(range(1, 15))
    sixth = incidents.articles[5].text  # split in the page as <strong>第六</strong><strong>条</strong>
    assert sixth and "第六" not in sixth
    annex = [u for u in incidents.units if u.kind == "annex"]
    assert annex and "网络安全事件分级指南" in annex[0].label + annex[0].text
    assert "特别重大网络安全事件" in " ".join(u.text for u in annex)
    assert loaded[INCIDENTS].instrument.title == "国家网络安全事件报告管理办法"
    assert not any("中央网络安全和信息化委员会办公室" in u.text for d in loaded.values() for u in d.parsed.units)


def test_a_page_states_its_own_title_date_and_source(pages):
    assert page_facts((pages / REGULATION).read_bytes()) == {
        "page_title": "网络数据安全管理条例", "page_date": "2024-09-30", "page_source": "中国政府网"}
    assert page_facts((pages / INCIDENTS).read_bytes()) == {
        "page_title": "国家网络安全事件报告管理办法", "page_date": "2025-09-15", "page_source": "中国网信网"}
    listing = (pages / LISTING).read_bytes()
    assert "page_title" not in page_facts(listing)
    assert law_text_problem(listing).startswith("not a legal text")
    assert law_text_problem((pages / INCIDENTS).read_bytes()) is None
    assert attachments(listing, "https://www.cac.gov.cn/wxzw/zcfg/xzfg/A09370302index_1.htm") == []


def test_fetched_pages_keep_their_own_facts_and_a_list_page_is_refused(pages, site, tmp_path):
    _serve(site, "/2024-09/30/c_1729384452307680.htm", pages / REGULATION)
    _serve(site, "/2025-09/15/c_1759583017717009.htm", pages / INCIDENTS)
    _serve(site, "/wxzw/zcfg/xzfg/A09370302index_1.htm", pages / LISTING)
    sources = write_sources(tmp_path / "sources.toml", site, [
        ("network-data-regulation", "/2024-09/30/c_1729384452307680.htm", "html"),
        ("cybersecurity-incident-reporting-measures", "/2025-09/15/c_1759583017717009.htm", "html"),
        ("wrong-url", "/wxzw/zcfg/xzfg/A09370302index_1.htm", "html")])
    corpus = tmp_path / "corpus"
    result = run("--sources", str(sources), "--corpus", str(corpus), *FAST)
    assert result.exit_code == 1
    line = next(line for line in result.output.splitlines() if " wrong-url " in line)
    assert line.startswith("FAILED") and "the page holds no law text (not a legal text: no articles" in line
    assert not list(corpus.glob("wrong-url*"))
    meta = sidecar(corpus / "network-data-regulation.html")
    assert (meta["page_title"], meta["page_date"], meta["page_source"]) == (
        "网络数据安全管理条例", "2024-09-30", "中国政府网")
    # The test catalogue gives other titles: the page's own title is pointed out.
    assert "the page's own title is '网络数据安全管理条例'" in result.output
    report = load_corpus([corpus])
    assert report.warnings == [] and report.skipped == []
    counts = {d.instrument.id: len(d.parsed.articles) for d in report.documents}
    assert counts == {"network-data-regulation": 64, "cybersecurity-incident-reporting-measures": 14}


def test_a_notice_page_is_followed_to_its_attached_text(site, tmp_path):
    from conftest import CORPUS

    notice = ("<html><head><title>关于印发《网络数据安全管理条例》的通知_中国政府网</title></head><body>"
              "<div class='nav'><a href='/'>首页</a></div><h1>关于印发《网络数据安全管理条例》的通知</h1>"
              "<span id='pubtime'>2024年09月30日</span><div class='content'><p>各有关单位：</p>"
              "<p>现将《网络数据安全管理条例》印发给你们，请认真遵照执行。</p>"
              "<p>附件：<a href='files/att-790.pdf'>网络数据安全管理条例.pdf</a></p></div></body></html>")
    site.routes["/zhengce/notice.htm"] = Route(body=notice.encode("utf-8"), content_type="text/html; charset=utf-8")
    pdf = (CORPUS / "formats" / "network-data-regulation.pdf").read_bytes()
    site.routes["/zhengce/files/att-790.pdf"] = Route(body=pdf, content_type="application/pdf")
    sources = write_sources(tmp_path / "sources.toml", site, [("ndr", "/zhengce/notice.htm", "html")])
    corpus = tmp_path / "corpus"
    result = run("--sources", str(sources), "--corpus", str(corpus), *FAST)
    assert result.exit_code == 0, result.output
    assert "the text is an attachment of" in result.output
    assert sorted(p.name for p in corpus.iterdir()) == ["ndr.pdf", "ndr.pdf.meta.yaml"]
    assert (corpus / "ndr.pdf").read_bytes() == pdf
    meta = sidecar(corpus / "ndr.pdf")
    assert meta["source_url"] == site.url("/zhengce/files/att-790.pdf")
    assert meta["attachment_of"] == site.url("/zhengce/notice.htm")
    assert meta["page_title"] == "关于印发《网络数据安全管理条例》的通知" and meta["page_date"] == "2024-09-30"
    [document] = load_corpus([corpus]).documents
    assert len(document.parsed.articles) == 64
