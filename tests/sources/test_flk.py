"""`policykb fetch --collection national` against a replay of the National Laws and Regulations
Database on 127.0.0.1 (tests/flk_replay.py): the real saved details responses of
../shared/fixtures/flk plus records built to the documented shape, with DOCX bodies made from
real texts of ../shared/corpus. Paging, backoff, signed links, resuming after a kill, re-runs
that download nothing, --check, and the version chain as the build reads it."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import CORPUS, REPO, SHARED
from flk_replay import FlkReplay, Record, docx_from_markdown, real_details, record
from word97 import paragraphs, word97

from policykb.catalog import Catalog
from policykb.corpus import load_corpus
from policykb.interfaces.cli import main
from policykb.sources.flk import KINDS, FlkClient, FlkError, clean_title, sniff
from policykb.sources.national import local_texts, run_national

CYBER, NATIONAL, FORMATS = CORPUS / "cyber", CORPUS / "national", CORPUS / "formats"
FAST = ["--delay", "0", "--backoff", "0", "--retries", "2", "--page-size", "2"]
LAW_CODES = list(KINDS["法律"])


def fid(name: str) -> str:
    """A 32-hex database id for a made-up record."""
    return hashlib.md5(name.encode()).hexdigest()


CSL16, CSL25, NDR, PICRIME = fid("csl-2016"), fid("csl-2025"), fid("ndr"), fid("pi-crime")
CONSTITUTION, INCOME_TAX = "2c909fdd678bf17901678bf5a483004b", "2c909fdd678bf17901678bf724bd0609"


@pytest.fixture(scope="module")
def bodies() -> dict[str, bytes]:
    if not (SHARED / "fixtures" / "flk").is_dir() or not CYBER.is_dir():
        pytest.skip(f"shared fixtures or corpus not found under {SHARED}")
    return {name: docx_from_markdown(path) for name, path in {
        "csl-2016": CYBER / "csl-2016.md", "csl-2025": CYBER / "csl-2025.md",
        "pi-crime": CYBER / "personal-info-crime-interp-2017.md", "cii": CYBER / "cii-regulation.md",
        "constitution": NATIONAL / "nl-e47f0130677c.md", "income-tax": NATIONAL / "nl-e2de3c492c4f.md"}.items()}


def csl_pair(bodies) -> list[Record]:
    versions = [(CSL16, "2016-11-07"), (CSL25, "2025-10-28")]
    title, npcsc = "中华人民共和国网络安全法", "全国人民代表大会常务委员会"
    return [record(CSL16, title, "法律", npcsc, "2016-11-07", "2017-06-01", 2, 130, {"docx": bodies["csl-2016"]},
                   versions),
            record(CSL25, title, "法律", npcsc, "2025-10-28", "2026-01-01", 3, 130, {"docx": bodies["csl-2025"]},
                   versions)]


def full_database(replay: FlkReplay, bodies) -> None:
    """Four laws (two versions of one), a regulation offered only as PDF, an interpretation."""
    replay.add(*csl_pair(bodies))
    replay.add(Record(real_details("detail_constitution.json"), 100, {"docx": bodies["constitution"]}),
               Record(real_details("detail_with-tables.json"), 150, {"docx": bodies["income-tax"]}, flat=True))
    replay.add(record(NDR, "网络数据安全管理条例", "行政法规", "国务院", "2024-09-24", "2025-01-01", 3, 210,
                      {"pdf": (FORMATS / "network-data-regulation.pdf").read_bytes()}))
    title = "最高人民法院、最高人民检察院关于办理侵犯公民个人信息刑事案件适用法律若干问题的解释"
    replay.add(record(PICRIME, title, "司法解释", "最高人民法院、最高人民检察院", "2017-05-08", "2017-06-01", 3, 340,
                      {"docx": bodies["pi-crime"]}))


@pytest.fixture
def replay(monkeypatch):
    server = FlkReplay()
    monkeypatch.setenv("POLICYKB_FLK_BASE", server.base)
    yield server
    server.close()


def fetch(corpus: Path, *args: str):
    return CliRunner().invoke(main, ["fetch", "--collection", "national", "--corpus", str(corpus), *FAST, *args],
                              catch_exceptions=False)


def sidecar(folder: Path, flk_id: str) -> dict:
    [path] = folder.glob(f"flk-{flk_id}.*.meta.yaml")
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file() and p.name != ".flk.lock"}


def assert_consistent(folder: Path) -> None:
    """Every text has a sidecar whose sha256 matches it; no temporary file is left visible."""
    for path in folder.iterdir():
        if path.name.startswith(".") or path.name.endswith(".meta.yaml"):
            continue
        meta = yaml.safe_load(path.with_name(path.name + ".meta.yaml").read_text(encoding="utf-8"))
        assert meta["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest(), path


def test_a_national_fetch_pages_backs_off_and_writes_sidecars(replay, bodies, tmp_path):
    full_database(replay, bodies)
    # The site misbehaves as reported: rate limiting, its HTML shell where JSON was expected,
    # an empty answer, and a signed link that expired before it was used.
    replay.faults = {"/law-search/search/list": [429], "/law-search/search/flfgDetails": ["html"],
                     "/law-search/download/pc": ["empty"]}
    replay.expire_first = {CSL25}
    corpus = tmp_path / "corpus"
    result = fetch(corpus)
    assert result.exit_code == 0, result.output
    assert "6 listed; 6 fetched" in result.output
    names = sorted(p.name for p in corpus.iterdir() if not p.name.startswith("."))
    assert names == sorted([f"flk-{i}.docx" for i in (CSL16, CSL25, CONSTITUTION, INCOME_TAX, PICRIME)]
                           + [f"flk-{NDR}.pdf"] + [f"flk-{i}.{s}.meta.yaml" for i, s in (
                               (CSL16, "docx"), (CSL25, "docx"), (CONSTITUTION, "docx"), (INCOME_TAX, "docx"),
                               (PICRIME, "docx"), (NDR, "pdf"))])
    assert_consistent(corpus)
    assert (corpus / f"flk-{CSL25}.docx").read_bytes() == bodies["csl-2025"]
    # Paging: each kind's pages in turn, with exactly the documented body.
    laws = [b["pageNum"] for b in replay.bodies if b["flfgCodeId"] == LAW_CODES]
    assert laws == [1, 2] and {b["pageSize"] for b in replay.bodies} == {2}
    assert [b["flfgCodeId"] for b in replay.bodies[2:]] == [list(KINDS["行政法规"]), list(KINDS["司法解释"])]
    assert replay.count("/law-search/search/list") == 5  # four pages and the one refused with 429
    assert replay.count(f"/oss/prod/{CSL25}.docx") == 2  # the expired link was asked for again

    old, new = sidecar(corpus, CSL16), sidecar(corpus, CSL25)
    assert old["status"] == "amended" and old["superseded_by"] == f"flk-{CSL25}" and "supersedes" not in old
    assert new["status"] == "in_force" and new["supersedes"] == f"flk-{CSL16}" and "superseded_by" not in new
    assert new["title"] == "中华人民共和国网络安全法" and new["level"] == "law"
    assert new["promulgated"] == dt.date(2016, 11, 7) and new["version"] == dt.date(2025, 10, 28)
    assert new["effective"] == dt.date(2026, 1, 1) and new["issuer"] == "全国人民代表大会常务委员会"
    assert new["flk_id"] == CSL25 and new["source_url"] == f"{replay.base}/detail?id={CSL25}"
    assert "X-Amz" not in new["download_url"] and new["content_type"] == "docx"
    constitution = sidecar(corpus, CONSTITUTION)
    assert constitution["title"] == "中华人民共和国宪法（2018年修正文本）" and constitution["level"] == "law"
    assert constitution["issuer"] == "全国人民代表大会" and constitution["flk_category"] == "宪法"
    assert sidecar(corpus, INCOME_TAX)["effective"] == dt.date(2019, 1, 1)  # served flat, without `data`
    regulation = sidecar(corpus, NDR)
    assert regulation["level"] == "administrative_regulation" and regulation["content_type"] == "pdf"
    assert sidecar(corpus, PICRIME)["level"] == "judicial_interpretation"

    # A second run lists again and downloads nothing.
    before, asked = snapshot(corpus), len(replay.requests)
    again = fetch(corpus)
    assert again.exit_code == 0 and "6 listed; 6 unchanged" in again.output
    later = replay.requests[asked:]
    assert later and all(path.startswith("/law-search/search/list") for path in later)
    assert {k: v for k, v in snapshot(corpus).items() if k != ".flk-state.json"} == \
        {k: v for k, v in before.items() if k != ".flk-state.json"}


def test_check_reports_status_changes_new_and_vanished_then_a_fetch_applies_them(replay, bodies, tmp_path):
    full_database(replay, bodies)
    corpus = tmp_path / "corpus"
    assert fetch(corpus).exit_code == 0
    before = snapshot(corpus)
    replay.records[INCOME_TAX].details["sxx"] = 1
    del replay.records[PICRIME]
    replay.add(record(fid("genai"), "新的法律", "法律", "全国人民代表大会常务委员会", "2026-06-01", "2026-09-01", 4,
                      140, {"docx": bodies["cii"]}))
    checked = fetch(corpus, "--check")
    assert checked.exit_code == 1
    lines = checked.output.splitlines()
    assert any(line.startswith("STATUS") and f"flk-{INCOME_TAX}" in line and "in_force → repealed" in line
               for line in lines), checked.output
    assert any(line.startswith("NEW") and f"flk-{fid('genai')}" in line for line in lines), checked.output
    assert any(line.startswith("VANISHED") and f"flk-{PICRIME}" in line for line in lines)
    assert snapshot(corpus) == before  # --check changes nothing

    report = json.loads(fetch(corpus, "--check", "--json").stdout)
    assert report["ok"] is False and report["counts"] == {"unchanged": 4, "status_changed": 1, "new": 1,
                                                          "vanished": 1}

    downloads = replay.count("/oss/")
    applied = fetch(corpus)
    assert applied.exit_code == 0, applied.output
    assert "1 fetched" in applied.output and "1 refreshed" in applied.output and "1 vanished" in applied.output
    assert replay.count("/oss/") == downloads + 1  # the new law only: a status change downloads nothing
    tax = sidecar(corpus, INCOME_TAX)
    assert tax["status"] == "repealed" and tax["sha256"] == yaml.safe_load(
        before[f"flk-{INCOME_TAX}.docx.meta.yaml"])["sha256"]
    assert sidecar(corpus, fid("genai"))["status"] == "not_yet_in_force"
    assert (corpus / f"flk-{PICRIME}.docx").is_file()  # vanished upstream, kept here
    assert fetch(corpus, "--check").exit_code == 1  # still reported as vanished


def _start(corpus: Path, base: str) -> subprocess.Popen:
    env = {**os.environ, "POLICYKB_FLK_BASE": base,
           "PYTHONPATH": os.pathsep.join([str(REPO / "src"), os.environ.get("PYTHONPATH", "")])}
    return subprocess.Popen([sys.executable, "-m", "policykb", "fetch", "--collection", "national", "--corpus",
                             str(corpus), *FAST], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _kill_when_hung(replay: FlkReplay, process: subprocess.Popen) -> None:
    assert replay.hung.wait(60), "the fetch never reached the request it was to be killed in"
    process.send_signal(signal.SIGKILL)
    process.wait(10)
    replay.release.set()
    replay.hung.clear()


def test_a_fetch_killed_mid_listing_and_mid_download_resumes_where_it_stopped(replay, bodies, tmp_path):
    full_database(replay, bodies)
    corpus = tmp_path / "corpus"
    replay.faults = {"/law-search/search/list": [None, "hang"]}
    _kill_when_hung(replay, _start(corpus, replay.base))
    state = json.loads((corpus / ".flk-state.json").read_text(encoding="utf-8"))
    assert state["pages"] == {"法律": 1} and len(state["rows"]) == 2 and not state["finished"]
    assert not list(corpus.glob("flk-*"))

    replay.release.clear()
    replay.faults = {"/oss/": [None, None, "hang"]}
    _kill_when_hung(replay, _start(corpus, replay.base))
    assert len(list(corpus.glob("flk-*.meta.yaml"))) == 2
    assert_consistent(corpus)

    listed = replay.count("/law-search/search/list")
    result = fetch(corpus)
    assert result.exit_code == 0, result.output
    assert "6 listed; 2 unchanged, 4 fetched" in result.output
    assert replay.count("/law-search/search/list") == listed  # the listing was complete: not asked again
    # Page 1 of the laws was listed once over all three runs.
    assert [b["pageNum"] for b in replay.bodies if b["flfgCodeId"] == LAW_CODES] == [1, 2]
    assert_consistent(corpus)
    assert len(local_texts(corpus)) == 6


def test_the_version_chain_and_statuses_reach_the_catalogue_the_build_reads(replay, bodies, tmp_path):
    replay.add(*csl_pair(bodies))
    corpus = tmp_path / "corpus"
    assert fetch(corpus).exit_code == 0
    report = load_corpus([corpus])
    assert report.skipped == [] and report.warnings == []
    catalog = Catalog(d.instrument for d in report.documents)
    old, new = f"flk-{CSL16}", f"flk-{CSL25}"
    assert catalog.versions(old) == (old, new)
    assert catalog.by_id[new].supersedes == old and catalog.by_id[old].status == "amended"
    assert catalog.status_on(old, dt.date(2025, 6, 1)) == "in_force"
    assert catalog.status_on(old, dt.date(2026, 2, 1)) == "amended"
    assert catalog.status_on(new, dt.date(2025, 6, 1)) == "not_yet_in_force"
    assert catalog.resolve("中华人民共和国网络安全法", dt.date(2026, 2, 1)).id == new
    articles = {d.instrument.id: len(d.parsed.articles) for d in report.documents}
    assert articles[old] == 79 and articles[new] > 79


@pytest.mark.slow
def test_a_fetched_national_folder_builds_with_versions_and_statuses(replay, bodies, tmp_path):
    from policykb import Retriever

    replay.add(*csl_pair(bodies))
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    assert fetch(corpus).exit_code == 0
    built = CliRunner().invoke(main, ["build", "--corpus", str(corpus), "--index", str(index), "--quiet"])
    assert built.exit_code == 0, built.output
    retriever = Retriever.load(index)
    old, new = f"flk-{CSL16}", f"flk-{CSL25}"
    assert retriever.catalog.versions(new) == (old, new)
    by_id = {i.id: i for i in retriever.instruments()}
    assert (by_id[old].status, by_id[new].status) == ("amended", "in_force")
    assert by_id[new].source_url == f"{replay.base}/detail?id={CSL25}"


def test_facts_from_the_real_saved_details(replay, bodies, tmp_path):
    regulation = Record(real_details("detail_xzfg_zhufang-gongjijin_sxx4_legalize-pipeline.json"), 210,
                        {"docx": bodies["cii"]})
    criminal = Record(real_details("detail_criminal-law.json"), 160, {"docx": bodies["constitution"]})
    # An older regulation whose "docx" link serves a Word 97 file.
    old_text = word97(paragraphs(CYBER / "computer-info-system-security-regulation.md"))
    legacy = record(fid("computer-info"), "中华人民共和国计算机信息系统安全保护条例", "行政法规", "国务院",
                    "2011-01-08", "2011-01-08", 3, 210, {"docx": old_text})
    replay.add(regulation, criminal, legacy)
    client = FlkClient(delay=0, retries=0)
    report = run_national(tmp_path, client, ["法律", "行政法规"], page_size=10, progress=False)
    assert report.ok and report.counts() == {"fetched": 3}
    assert (tmp_path / f"flk-{legacy.bbbs}.doc").is_file() and sidecar(tmp_path, legacy.bbbs)["content_type"] == "doc"
    if shutil.which("antiword"):
        corpus_report = load_corpus([tmp_path])
        loaded = {d.instrument.id: d for d in corpus_report.documents}
        assert f"flk-{legacy.bbbs}" in loaded, corpus_report.skipped
        assert len(loaded[f"flk-{legacy.bbbs}"].parsed.articles) == 31
    housing = sidecar(tmp_path, regulation.bbbs)
    assert housing["status"] == "not_yet_in_force" and housing["level"] == "administrative_regulation"
    assert housing["supersedes"] == "flk-ff8080816f3cbb3c016f40fc7b680ff2"
    assert (housing["promulgated"], housing["version"], housing["effective"]) == (
        dt.date(2019, 3, 24), dt.date(2026, 8, 10), dt.date(2026, 9, 20))
    assert sidecar(tmp_path, criminal.bbbs)["supersedes"] == "flk-2c909fdd678bf17901678bf6922504bf"
    # No PDF (ossPdfPath null) and a DOCX: the DOCX is asked for, and only it.
    assert replay.count(f"/law-search/download/pc?format=pdf&bbbs={regulation.bbbs}") == 0


def test_client_errors_are_clear_and_bounded(replay, bodies):
    replay.add(*csl_pair(bodies))
    waits: list[float] = []
    client = FlkClient(delay=0, retries=2, backoff=0.25, sleep=waits.append)
    # A body that is not the documented one gets the site's 500, retried with backoff, then a clear error.
    with pytest.raises(FlkError, match=r"HTTP 500 .*\(after 3 attempts\)"):
        client._json("POST", "/law-search/search/list", {"pageNum": 1})
    assert waits == [0.25, 0.5]
    replay.faults = {"/law-search/search/flfgDetails": ["html", "html", "html"]}
    with pytest.raises(FlkError, match="an HTML page where JSON was expected"):
        client.details(CSL16)
    assert client.details(CSL16)["title"] == "中华人民共和国网络安全法"
    with pytest.raises(FlkError, match="code 500"):
        client.details(fid("nothing"))
    with pytest.raises(FlkError, match=r"no text file .* no docx offered; no pdf offered"):
        FlkClient(delay=0, retries=0).download(fid("nothing"))
    page = client.search(LAW_CODES, 1, 10)
    assert page.total == 2 and [row.sxx for row in page.rows] == [3, 2]  # "3" (text) read as 3
    assert clean_title("中华人民共和国<em class='highlight'>网络</em>安全法") == "中华人民共和国网络安全法"
    with pytest.raises(ValueError, match="must use https"):
        FlkClient("http://flk.npc.gov.cn")


def test_requests_to_the_database_are_spaced_and_the_file_host_is_not_held_up(replay, bodies):
    replay.add(*csl_pair(bodies))
    waits: list[float] = []
    # The API as localhost, the signed files (whose links name 127.0.0.1) on another host.
    client = FlkClient(replay.base.replace("127.0.0.1", "localhost"), delay=30, retries=0, sleep=waits.append)
    client.details(CSL16)
    client.details(CSL25)
    assert len(waits) == 1 and 29 < waits[0] <= 30
    assert client.download(CSL16).body == bodies["csl-2016"]
    assert len(waits) == 2  # before asking for the signed link; the file itself is fetched at once


def test_downloads_are_sniffed_by_their_bytes(bodies):
    assert sniff(bodies["csl-2016"]) == "docx"
    assert sniff((FORMATS / "dsl.pdf").read_bytes()) == "pdf"
    assert sniff(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)) == "doc"
    assert sniff(b"PK\x03\x04 not a zip") is None and sniff(b"<html></html>") is None


def test_a_sources_entry_can_name_the_database_and_a_national_fetch_leaves_its_version_out(replay, bodies,
                                                                                          tmp_path):
    replay.add(*csl_pair(bodies))
    sources = tmp_path / "sources.toml"
    sources.write_text("""
[[instrument]]
id = "csl-2016"
title = "中华人民共和国网络安全法"
level = "law"
issuer = "全国人民代表大会常务委员会"
promulgated = 2016-11-07
status = "amended"
superseded_by = "csl-2025"
[[instrument.source]]
database = "flk"

[[instrument]]
id = "csl-2025"
title = "中华人民共和国网络安全法"
level = "law"
issuer = "全国人民代表大会常务委员会"
promulgated = 2016-11-07
version = 2099-01-01
status = "in_force"
supersedes = "csl-2016"
[[instrument.source]]
database = "flk"
""", encoding="utf-8")
    corpus = tmp_path / "corpus"
    result = CliRunner().invoke(main, ["fetch", "--sources", str(sources), "--corpus", str(corpus), "--delay", "0",
                                       "--retries", "0"])
    assert result.exit_code == 0, result.output
    assert "2 fetched" in result.output
    # By date for the 2016 text; for the in-force entry whose date matches none, the version in force.
    assert (corpus / "csl-2016.docx").read_bytes() == bodies["csl-2016"]
    assert (corpus / "csl-2025.docx").read_bytes() == bodies["csl-2025"]
    meta = yaml.safe_load((corpus / "csl-2016.docx.meta.yaml").read_text(encoding="utf-8"))
    assert meta["source_url"] == f"{replay.base}/detail?id={CSL16}" and meta["status"] == "amended"
    assert (meta["flk_id"], meta["flk_date"]) == (CSL16, "2016-11-07")
    assert "no version dated 2099-01-01 in the national database: its version in force, dated 2025-10-28" in \
        result.output
    assert [b["searchContent"] for b in replay.bodies] == ["中华人民共和国网络安全法"] * 2

    # The national collection, fetched into a folder inside, leaves out the 2016 version the focus
    # set holds (same title and date); csl-2025's catalogue date differs, so its version is fetched.
    national = fetch(corpus / "national")
    assert national.exit_code == 0, national.output
    assert "2 listed; 1 fetched, 1 covered" in national.output
    assert "in the corpus already as csl-2016" in national.output
    assert [p.name for p in (corpus / "national").glob("flk-*.docx")] == [f"flk-{CSL25}.docx"]

    missing = sources.read_text(encoding="utf-8").replace("中华人民共和国网络安全法", "中华人民共和国不存在法")
    sources.write_text(missing, encoding="utf-8")
    gone = CliRunner().invoke(main, ["fetch", "--sources", str(sources), "--corpus", str(tmp_path / "other"),
                                     "--delay", "0", "--retries", "0"])
    assert gone.exit_code == 1
    assert "national database: no instrument titled '中华人民共和国不存在法' in the database" in gone.output


def test_national_options_are_checked_before_any_request(replay, tmp_path):
    unknown = fetch(tmp_path / "corpus", "--kind", "部门规章")
    assert unknown.exit_code == 2
    assert "'部门规章' is not one of '法律', '行政法规', '监察法规', '司法解释', '地方性法规'" in unknown.output
    assert "fetching" not in unknown.output  # refused before the run announces itself
    update = fetch(tmp_path / "corpus", "--check", "--update")
    assert update.exit_code == 2 and "with --collection national a plain fetch applies what changed" in update.output
    focus_kind = CliRunner().invoke(main, ["fetch", "--kind", "法律", "--corpus", str(tmp_path / "corpus")])
    assert focus_kind.exit_code == 2 and "--kind only makes sense with --collection national" in focus_kind.output
    assert replay.requests == []
