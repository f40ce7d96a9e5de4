"""The catalogue of official sources: the shipped corpus/sources.toml, how a bad sources file
is reported, the https rule, and which facts count as stale."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from policykb.sources.catalogue import (
    FORMATS,
    SourceEntry,
    SourcesError,
    is_official_host,
    load_sources,
    url_problem,
)
from policykb.sources.freshness import never_checked, stale_facts

SHIPPED = Path(__file__).resolve().parents[2] / "corpus" / "sources.toml"
#: Instruments the shared corpus README lists as missing but with an official URL.
README_URLS = {
    "ai-content-labelling-measures": "https://www.cac.gov.cn/2025-03/14/c_1743654684782215.htm",
    "pi-compliance-audit-measures": "https://www.cac.gov.cn/2025-02/14/c_1741233507681519.htm",
    "cross-border-data-flow-provisions": "https://www.cac.gov.cn/2024-03/22/c_1712776611775634.htm",
    "miit-data-security-measures":
        "https://www.gov.cn/xinwen/2022-02/13/5673340/files/895420e2bf564609812ac305213a290e.pdf",
}


@pytest.fixture(scope="module")
def shipped() -> list[SourceEntry]:
    return load_sources(SHIPPED)


def _front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("\n---\n", 1)[0].removeprefix("---\n"))


def test_shipped_sources_load_with_unique_ids_and_resolving_links(shipped):
    ids = [e.id for e in shipped]
    assert len(ids) == len(set(ids))
    by_id = {e.id: e for e in shipped}
    for entry in shipped:
        assert entry.title and entry.level and entry.issuer and entry.status
        for date in (entry.promulgated, entry.effective, entry.version):
            assert date is None or isinstance(date, dt.date)
        if entry.supersedes:
            assert by_id[entry.supersedes].superseded_by == entry.id
        if entry.superseded_by:
            assert by_id[entry.superseded_by].supersedes == entry.id
    assert by_id["csl-2016"].superseded_by == "csl-2025"


def test_shipped_urls_are_https_on_government_hosts(shipped):
    links = [link for e in shipped for link in e.links if not link.database]
    assert len(links) >= 15
    for link in links:
        parts = urlsplit(link.url)
        assert parts.scheme == "https", link.url
        assert is_official_host(parts.hostname), link.url
        assert link.format in FORMATS
    for entry in shipped:
        assert entry.url_known == bool(entry.links), entry.id


def test_shipped_sources_cover_the_cyber_tier_with_its_facts(shipped, cyber_dir):
    by_id = {e.id: e for e in shipped}
    files = sorted(cyber_dir.glob("*.md"))
    assert len(files) == 41
    for path in files:
        meta = _front_matter(path)
        entry = by_id[meta["id"]]
        for key in ("title", "title_en", "level", "issuer", "doc_number", "status", "supersedes",
                    "superseded_by", "promulgated", "effective", "version"):
            assert getattr(entry, key) == meta.get(key), (meta["id"], key)
        assert list(entry.aliases) == meta.get("aliases", [])
        if meta.get("source_url"):
            # Same page, moved to https.
            assert entry.links[0].url == meta["source_url"].replace("http://", "https://", 1)


def test_shipped_sources_add_the_instruments_the_readme_lists_with_urls(shipped):
    by_id = {e.id: e for e in shipped}
    for doc_id, url in README_URLS.items():
        assert by_id[doc_id].links[0].url == url
    assert by_id["miit-data-security-measures"].links[0].format == "pdf"
    labelling = by_id["ai-content-labelling-measures"]
    assert labelling.effective == dt.date(2025, 9, 1)
    assert [link.url for link in labelling.links][1].startswith("https://www.gov.cn/")


#: Targets ../shared/corpus/README.md lists as not included (the algorithm-filing documents are
#: notices and lists, not one instrument).
README_MISSING = (
    "全国人民代表大会常务委员会关于维护互联网安全的决定", "网络信息内容生态治理规定", "儿童个人信息网络保护规定",
    "科技伦理审查办法（试行）", "具有舆论属性或社会动员能力的互联网信息服务安全评估规定",
    "互联网用户账号信息管理规定", "移动互联网应用程序信息服务管理规定", "网络音视频信息服务管理规定",
    "汽车数据安全管理若干规定（试行）", "常见类型移动互联网应用程序必要个人信息范围规定", "网信部门行政执法程序规定",
    "上海市促进人工智能产业发展条例")
#: Levels the National Laws and Regulations Database holds.
DATABASE_LEVELS = ("law", "administrative_regulation", "judicial_interpretation", "local_regulation")


def test_every_target_has_an_official_source_or_says_why_not(shipped, cyber_dir):
    titles = {e.title: e for e in shipped}
    for title in README_MISSING:
        assert title in titles, title
    assert len(shipped) == 41 + len(README_MISSING)
    for entry in shipped:
        in_database = any(link.database == "flk" for link in entry.links)
        assert in_database == (entry.level in DATABASE_LEVELS), entry.id
        if not entry.url_known:
            assert entry.note and "not seen cited" in entry.note, entry.id
    # Every law, regulation and interpretation can now be fetched; the rest say why not.
    unknown = sorted(e.id for e in shipped if not e.links)
    assert {e.level for e in shipped if not e.links} <= {"departmental_rule", "normative_document"}, unknown
    assert len(unknown) == 10


def test_a_database_source_is_written_one_way(tmp_path):
    path = tmp_path / "sources.toml"
    path.write_text('[[instrument]]\nid = "a"\ntitle = "中华人民共和国某法"\nlevel = "law"\nissuer = "X"\n'
                    'status = "in_force"\n[[instrument.source]]\ndatabase = "flk"\n', encoding="utf-8")
    [entry] = load_sources(path)
    assert entry.links[0].database == "flk" and entry.links[0].where.startswith("national database")
    path.write_text(path.read_text(encoding="utf-8").replace('database = "flk"', 'database = "pkulaw"'),
                    encoding="utf-8")
    with pytest.raises(SourcesError, match='a database source is written as database = "flk" and nothing else'):
        load_sources(path)


def test_every_problem_in_a_sources_file_is_reported_at_once(tmp_path):
    bad = tmp_path / "sources.toml"
    bad.write_text("""
[[instrument]]
id = "../escape"
title = "A"
level = "law"
issuer = "X"
status = "in_force"
[[instrument.source]]
url = "https://www.gov.cn/a.htm"
format = "html"

[[instrument]]
id = "plain-http"
title = "B"
level = "law"
issuer = "X"
status = "in_force"
effective = "2021-13-01"
supersedes = "nowhere"
[[instrument.source]]
url = "http://www.gov.cn/b.htm"
format = "html"

[[instrument]]
id = "no-title"
level = "statute"
issuer = "X"
status = "in_force"
url_known = false

[[instrument]]
id = "dup"
title = "C"
level = "law"
issuer = "X"
status = "in_force"

[[instrument]]
id = "dup"
title = "D"
level = "law"
issuer = "X"
status = "in_force"
url_known = false
[[instrument.source]]
url = "https://www.gov.cn/d.pdf"
format = "rtf"
""", encoding="utf-8")
    with pytest.raises(SourcesError) as caught:
        load_sources(bad)
    message = str(caught.value)
    assert str(bad) in message
    for expected in ("'../escape'", "id may hold only letters",
                     "'plain-http'", "must use https", "'effective' must be a date",
                     "'no-title'", "field 'title' is required", "level 'statute'",
                     "entry 4 ('dup'): no [[instrument.source]]", "format 'rtf'",
                     "url_known = false but sources are given"):
        assert expected in message, expected


def test_dangling_and_one_sided_supersedes_links_are_reported(tmp_path):
    path = tmp_path / "sources.toml"
    entry = 'title = "T"\nlevel = "law"\nissuer = "X"\nstatus = "in_force"\nurl_known = false\n'
    path.write_text(f'[[instrument]]\nid = "new"\nsupersedes = "old"\n{entry}\n'
                    f'[[instrument]]\nid = "old"\n{entry}\n'
                    f'[[instrument]]\nid = "orphan"\nsuperseded_by = "missing"\n{entry}', encoding="utf-8")
    with pytest.raises(SourcesError) as caught:
        load_sources(path)
    assert "'new': supersedes = 'old', but 'old' has superseded_by = None" in str(caught.value)
    assert "'orphan': superseded_by names 'missing', which has no entry" in str(caught.value)


def test_not_toml_and_missing_file_are_clear_errors(tmp_path):
    with pytest.raises(SourcesError, match="sources file not found"):
        load_sources(tmp_path / "absent.toml")
    broken = tmp_path / "broken.toml"
    broken.write_text("[[instrument]\nid = 1", encoding="utf-8")
    with pytest.raises(SourcesError, match="not valid TOML"):
        load_sources(broken)


@pytest.mark.parametrize(("url", "allowed"), [
    ("https://www.npc.gov.cn/npc/c30834/x.shtml", True),
    ("http://127.0.0.1:8000/a.html", True),
    ("http://localhost/a.html", True),
    ("http://[::1]:81/a.pdf", True),
    ("http://www.gov.cn/a.htm", False),
    ("http://10.0.0.1/a.htm", False),
    ("ftp://www.gov.cn/a.pdf", False),
    ("https://user:pw@www.gov.cn/a.htm", False),
    ("file:///etc/passwd", False),
    ("https://", False),
])
def test_https_is_required_except_on_loopback(url, allowed):
    assert (url_problem(url) is None) is allowed


def test_official_hosts_are_government_domains():
    assert is_official_host("flk.npc.gov.cn")
    assert is_official_host("www.cac.gov.cn")
    assert is_official_host("www.court.gov.cn")
    assert not is_official_host("gov.cn.example.com")
    assert not is_official_host("npc-gov.cn")


def _entry(doc_id: str, **facts) -> SourceEntry:
    return SourceEntry(id=doc_id, title=doc_id, level="law", issuer="X", **{"status": "in_force", **facts})


def test_stale_facts_name_the_entry_and_what_to_change():
    today = dt.date(2026, 6, 1)
    entries = [
        _entry("old", superseded_by="new"),
        _entry("new", supersedes="old", effective=dt.date(2026, 1, 1)),
        _entry("future", effective=dt.date(2027, 1, 1)),
        _entry("amended-alone", status="amended"),
        _entry("checked-long-ago", checked=dt.date(2024, 1, 1)),
        _entry("checked-recently", checked=dt.date(2026, 3, 1)),
    ]
    found = {(s.id, s.reason.split(",")[0]) for s in stale_facts(entries, today, max_age_days=365)}
    assert found == {
        ("old", "status is in_force"),
        ("future", "status is in_force"),
        ("amended-alone", "status is amended"),
        ("checked-long-ago", "facts last checked against the official page on 2024-01-01 (882 days ago; limit 365)"),
    }
    assert never_checked(entries) == ["old", "new", "future", "amended-alone"]


def test_a_successor_not_yet_in_force_leaves_the_old_version_in_force():
    entries = [_entry("old", superseded_by="new"),
               _entry("new", supersedes="old", effective=dt.date(2026, 1, 1))]
    assert [s.id for s in stale_facts(entries, dt.date(2025, 12, 31))] == ["new"]


def test_an_id_used_twice_is_reported(tmp_path):
    path = tmp_path / "sources.toml"
    entry = 'id = "pipl"\ntitle = "T"\nlevel = "law"\nissuer = "X"\nstatus = "in_force"\nurl_known = false\n'
    path.write_text(f"[[instrument]]\n{entry}\n[[instrument]]\n{entry}", encoding="utf-8")
    with pytest.raises(SourcesError, match="id 'pipl' is used by more than one entry"):
        load_sources(path)


def test_fetch_falls_back_to_the_catalogue_shipped_in_this_checkout(tmp_path):
    from policykb.interfaces.cli.fetch import resolve_sources

    assert resolve_sources(None, tmp_path / "empty corpus") == SHIPPED
    assert SHIPPED.is_file()
