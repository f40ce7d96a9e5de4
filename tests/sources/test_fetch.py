"""`policykb fetch` against a real HTTP server on 127.0.0.1 serving the real sample files in
../shared/corpus/formats: downloads with sidecars, every kind of failure reported with good
copies kept, --check finding changed and vanished texts, and paths kept inside the corpus."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import socket
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import CORPUS

from policykb import __version__
from policykb.corpus.metadata import instrument_from_metadata
from policykb.interfaces.cli import main
from policykb.sources.download import Downloader, DownloadError

FORMATS_DIR = CORPUS / "formats"
TYPES = {"html": "text/html; charset=utf-8", "pdf": "application/pdf",
         "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
FAST = ["--timeout", "1", "--retries", "0", "--delay", "0"]


@dataclass
class Route:
    body: bytes = b""
    content_type: str = "text/html"
    status: int = 200
    location: str | None = None
    #: Declare this many more bytes than are sent, then close the connection.
    short_by: int = 0
    hang: bool = False
    #: Answer 503 this many times before serving the body.
    fail_first: int = 0


class Site:
    """A real HTTP server on loopback whose pages a test can change between runs."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, str]] = []
        self.release = threading.Event()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                site.requests.append((self.path, self.headers.get("User-Agent", "")))
                route = site.routes.get(self.path)
                if route is None:
                    self.send_error(404)
                    return
                if route.hang:
                    site.release.wait(10)
                    return
                if route.fail_first:
                    route.fail_first -= 1
                    self.send_error(503)
                    return
                self.send_response(route.status)
                if route.location:
                    self.send_header("Location", route.location)
                self.send_header("Content-Type", route.content_type)
                self.send_header("Content-Length", str(len(route.body) + route.short_by))
                self.end_headers()
                self.wfile.write(route.body)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_port}{path}"

    def serve(self, path: str, sample: str, content_type: str | None = None) -> bytes:
        body = (FORMATS_DIR / sample).read_bytes()
        fmt = sample.rsplit(".", 1)[1]
        self.routes[path] = Route(body=body, content_type=content_type or TYPES[fmt])
        return body

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def site():
    if not FORMATS_DIR.is_dir():
        pytest.skip(f"sample files not found at {FORMATS_DIR} (set POLICYKB_SHARED)")
    server = Site()
    yield server
    server.close()


def write_sources(path: Path, site: Site, entries: list[tuple[str, str, str]], extra: str = "") -> Path:
    """entries: (id, url path, format)."""
    blocks = []
    for doc_id, url_path, fmt in entries:
        blocks.append(f'[[instrument]]\nid = "{doc_id}"\ntitle = "标题 {doc_id}"\nlevel = "departmental_rule"\n'
                      f'issuer = "国家互联网信息办公室"\npromulgated = 2023-07-10\neffective = 2023-08-15\n'
                      f'status = "in_force"\naliases = ["别名{doc_id}"]\n\n'
                      f'[[instrument.source]]\nurl = "{site.url(url_path)}"\nformat = "{fmt}"\n')
    path.write_text("\n".join(blocks) + extra, encoding="utf-8")
    return path


def run(*args: str):
    return CliRunner().invoke(main, ["fetch", *args], catch_exceptions=False)


def sidecar(path: Path) -> dict:
    return yaml.safe_load(path.with_name(path.name + ".meta.yaml").read_text(encoding="utf-8"))


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_fetch_keeps_originals_with_provenance_sidecars(site, tmp_path):
    html = site.serve("/genai.html", "genai-interim-measures.html")
    pdf = site.serve("/files/dsl.pdf", "dsl.pdf")
    docx = site.serve("/pipl.docx", "pipl.docx")
    sources = write_sources(tmp_path / "sources.toml", site, [
        ("genai-interim-measures", "/genai.html", "html"), ("dsl", "/files/dsl.pdf", "pdf"),
        ("pipl", "/pipl.docx", "docx")])
    corpus = tmp_path / "corpus"
    result = run("--sources", str(sources), "--corpus", str(corpus), *FAST)
    assert result.exit_code == 0, result.output
    assert "3 fetched" in result.output
    assert sorted(p.name for p in corpus.iterdir()) == [
        "dsl.pdf", "dsl.pdf.meta.yaml", "genai-interim-measures.html", "genai-interim-measures.html.meta.yaml",
        "pipl.docx", "pipl.docx.meta.yaml"]
    assert (corpus / "genai-interim-measures.html").read_bytes() == html
    assert (corpus / "dsl.pdf").read_bytes() == pdf
    assert (corpus / "pipl.docx").read_bytes() == docx
    meta = sidecar(corpus / "dsl.pdf")
    assert meta["id"] == "dsl" and meta["title"] == "标题 dsl" and meta["aliases"] == ["别名dsl"]
    assert meta["effective"] == dt.date(2023, 8, 15) and meta["status"] == "in_force"
    assert meta["source_url"] == site.url("/files/dsl.pdf")
    assert meta["sha256"] == hashlib.sha256(pdf).hexdigest()
    assert meta["size_bytes"] == len(pdf)
    assert meta["content_type"] == "application/pdf"
    # A quoted string, so YAML readers keep it as text: 2026-11-29T04:03:58Z
    retrieved = dt.datetime.fromisoformat(meta["retrieved_at"])
    assert meta["retrieved_at"].endswith("Z") and retrieved.tzinfo is not None
    assert abs((dt.datetime.now(dt.UTC) - retrieved).total_seconds()) < 600
    assert sidecar(corpus / "genai-interim-measures.html")["content_type"] == "text/html"
    # What the corpus loaders make of the sidecar: every field known, provenance kept.
    instrument, warnings = instrument_from_metadata(meta, fallback_id="x", title_line=None, path=None, fmt="pdf")
    assert warnings == []
    assert (instrument.source_url, instrument.retrieved_at) == (meta["source_url"], meta["retrieved_at"])
    assert all(agent.startswith(f"policykb/{__version__} ") for _, agent in site.requests)

    # A second fetch keeps the good copies and asks the server nothing.
    asked = len(site.requests)
    again = run("--sources", str(sources), "--corpus", str(corpus), *FAST)
    assert again.exit_code == 0 and "3 present" in again.output
    assert len(site.requests) == asked


def test_fetch_into_a_relative_folder_keeps_what_it_fetched(site, tmp_path, monkeypatch):
    # `make run` passes POLICYKB_CORPUS=corpus: a relative folder, compared once with a resolved path.
    site.serve("/genai.html", "genai-interim-measures.html")
    sources = write_sources(tmp_path / "sources.toml", site, [("genai-interim-measures", "/genai.html", "html")])
    monkeypatch.chdir(tmp_path)
    result = run("--sources", str(sources), "--corpus", "corpus", *FAST)
    assert result.exit_code == 0 and "1 fetched" in result.output, result.output
    assert sorted(p.name for p in (tmp_path / "corpus").iterdir()) == [
        "genai-interim-measures.html", "genai-interim-measures.html.meta.yaml"]


def test_failures_are_reported_by_id_and_url_and_good_copies_survive(site, tmp_path):
    names = {"gone": ("genai-interim-measures.html", "html"),
             "slow": ("algorithm-recommendation-provisions.html", "html"),
             "short": ("dsl.pdf", "pdf"), "wrong-type": ("pipl.pdf", "pdf"), "looping": ("pipl.docx", "docx"),
             "healthy": ("genai-interim-measures.docx", "docx")}
    for doc_id, (sample, _) in names.items():
        site.serve(f"/{doc_id}", sample)
    sources = write_sources(tmp_path / "sources.toml", site, [(d, f"/{d}", fmt) for d, (_, fmt) in names.items()])
    corpus = tmp_path / "corpus"
    assert run("--sources", str(sources), "--corpus", str(corpus), *FAST).exit_code == 0
    before = snapshot(corpus)

    site.routes["/gone"] = Route(status=404)
    site.routes["/slow"] = Route(hang=True)
    site.routes["/short"].short_by = 5000
    site.routes["/wrong-type"] = Route(body=b"<html><body>Service busy</body></html>", content_type="text/html")
    site.routes["/looping"] = Route(status=302, location="/loop-b")
    site.routes["/loop-b"] = Route(status=301, location=site.url("/looping"))
    site.serve("/healthy", "pipl.docx")  # changed upstream, and fine

    result = run("--sources", str(sources), "--corpus", str(corpus), "--check", "--update", *FAST)
    assert result.exit_code == 1
    out = result.output
    for doc_id, reason in (("gone", "HTTP 404"), ("slow", "no answer within 1 s"),
                           ("short", "truncated: received"), ("wrong-type", "wrong content type: expected pdf"),
                           ("looping", "redirect loop")):
        line = next(line for line in out.splitlines() if f" {doc_id} " in line and "  (" in line)
        assert site.url(f"/{doc_id}") in line and reason in line, line
    assert "VANISHED" in out and "FAILED" in out
    assert "1 updated" in out
    after = snapshot(corpus)
    changed = {name for name in before if before[name] != after[name]}
    assert changed == {"healthy.docx", "healthy.docx.meta.yaml"}
    assert after["healthy.docx"] == (FORMATS_DIR / "pipl.docx").read_bytes()
    assert not [p for p in corpus.iterdir() if p.name.startswith(".")]


def test_failed_first_fetch_leaves_no_file(site, tmp_path):
    site.routes["/empty"] = Route(body=b"", content_type="text/html")
    site.routes["/error-page"] = Route(body=b"<html>not here</html>", content_type="text/html")
    sources = write_sources(tmp_path / "sources.toml", site, [("empty", "/empty", "html"),
                                                              ("error-page", "/error-page", "pdf")])
    corpus = tmp_path / "corpus"
    result = run("--sources", str(sources), "--corpus", str(corpus), *FAST)
    assert result.exit_code == 1
    assert "empty response" in result.output
    assert "wrong content type: expected pdf, server sent text/html" in result.output
    assert "2 failed: empty (" in result.output
    assert list(corpus.iterdir()) == []


def test_check_reports_changed_vanished_and_stale_without_replacing(site, tmp_path):
    site.serve("/a.pdf", "dsl.pdf")
    site.serve("/b.html", "genai-interim-measures.html")
    site.serve("/c.docx", "pipl.docx")
    stale = ('\n[[instrument]]\nid = "future-rule"\ntitle = "F"\nlevel = "law"\nissuer = "X"\n'
             'effective = 2999-01-01\nstatus = "in_force"\nchecked = 2001-01-01\nurl_known = false\n')
    sources = write_sources(tmp_path / "sources.toml", site, [
        ("changes", "/a.pdf", "pdf"), ("vanishes", "/b.html", "html"), ("stays", "/c.docx", "docx")], stale)
    corpus = tmp_path / "corpus"
    assert run("--sources", str(sources), "--corpus", str(corpus), *FAST).exit_code == 0
    before = snapshot(corpus)

    site.serve("/a.pdf", "pipl.pdf")
    site.routes["/b.html"] = Route(status=410)
    result = run("--sources", str(sources), "--corpus", str(corpus), "--check", *FAST)
    assert result.exit_code == 1
    lines = {line.split()[1]: line for line in result.output.splitlines() if line[:1].isalpha() and " " in line}
    assert lines["changes"].startswith("CHANGED") and "--update replaces it" in lines["changes"]
    assert lines["vanishes"].startswith("VANISHED") and "HTTP 410" in lines["vanishes"]
    assert lines["stays"].startswith("unchanged")
    assert "takes effect on 2999-01-01" in result.output
    assert "facts last checked against the official page on 2001-01-01" in result.output
    assert snapshot(corpus) == before

    json_run = run("--sources", str(sources), "--corpus", str(corpus), "--check", "--json", *FAST)

    report = json.loads(json_run.stdout)
    states = {o["id"]: o["state"] for o in report["outcomes"]}
    assert states == {"changes": "changed", "vanishes": "vanished", "stays": "unchanged", "future-rule": "no_source"}
    assert report["ok"] is False and {s["id"] for s in report["stale"]} == {"future-rule"}

    updated = run("--sources", str(sources), "--corpus", str(corpus), "--check", "--update", "--only", "changes",
                  *FAST)
    assert "updated" in updated.output
    assert (corpus / "changes.pdf").read_bytes() == (FORMATS_DIR / "pipl.pdf").read_bytes()
    new_digest = hashlib.sha256((corpus / "changes.pdf").read_bytes()).hexdigest()
    assert sidecar(corpus / "changes.pdf")["sha256"] == new_digest


def test_check_tells_a_local_edit_from_an_upstream_change(site, tmp_path):
    site.serve("/a.html", "genai-interim-measures.html")
    sources = write_sources(tmp_path / "sources.toml", site, [("edited", "/a.html", "html")])
    corpus = tmp_path / "corpus"
    run("--sources", str(sources), "--corpus", str(corpus), *FAST)
    (corpus / "edited.html").write_text("<html><body>changed here</body></html>", encoding="utf-8")
    result = run("--sources", str(sources), "--corpus", str(corpus), "--check", *FAST)
    assert "MODIFIED" in result.output and "upstream is unchanged" in result.output
    assert result.exit_code == 1


def test_a_file_fetch_did_not_write_is_never_replaced(site, tmp_path):
    site.serve("/a.html", "genai-interim-measures.html")
    sources = write_sources(tmp_path / "sources.toml", site, [("mine", "/a.html", "html")])
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "mine.html").write_text("<html>my own copy</html>", encoding="utf-8")
    result = run("--sources", str(sources), "--corpus", str(corpus), *FAST)
    assert result.exit_code == 1 and "was not written by policykb fetch" in result.output
    assert (corpus / "mine.html").read_text(encoding="utf-8") == "<html>my own copy</html>"


def test_a_link_in_the_corpus_folder_is_not_followed(site, tmp_path):
    site.serve("/a.html", "genai-interim-measures.html")
    sources = write_sources(tmp_path / "sources.toml", site, [("linked", "/a.html", "html")])
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    outside = tmp_path / "outside.html"
    outside.write_text("keep", encoding="utf-8")
    (corpus / "linked.html").symlink_to(outside)
    result = run("--sources", str(sources), "--corpus", str(corpus), *FAST)
    assert result.exit_code == 1 and "is a link or a folder" in result.output
    assert outside.read_text(encoding="utf-8") == "keep"


def test_an_id_that_escapes_the_corpus_is_refused_before_any_request(site, tmp_path):
    site.serve("/a.html", "genai-interim-measures.html")
    sources = write_sources(tmp_path / "sources.toml", site, [("../../escape", "/a.html", "html")])
    result = run("--sources", str(sources), "--corpus", str(tmp_path / "corpus"), *FAST)
    assert result.exit_code == 1 and "id may hold only letters" in result.output
    assert site.requests == [] and not (tmp_path / "escape.html").exists()


def test_a_redirect_to_plain_http_elsewhere_is_refused(site, tmp_path):
    site.routes["/moved"] = Route(status=301, location="http://www.gov.cn.invalid/a.html")
    sources = write_sources(tmp_path / "sources.toml", site, [("moved", "/moved", "html")])
    result = run("--sources", str(sources), "--corpus", str(tmp_path / "corpus"), *FAST)
    assert result.exit_code == 1 and "must use https" in result.output


def test_an_alternate_source_is_used_when_the_first_fails(site, tmp_path):
    site.serve("/mirror.html", "genai-interim-measures.html")
    sources = tmp_path / "sources.toml"
    sources.write_text(f'[[instrument]]\nid = "two"\ntitle = "T"\nlevel = "law"\nissuer = "X"\nstatus = "in_force"\n'
                       f'[[instrument.source]]\nurl = "{site.url("/missing.html")}"\nformat = "html"\n'
                       f'[[instrument.source]]\nurl = "{site.url("/mirror.html")}"\nformat = "html"\n',
                       encoding="utf-8")
    corpus = tmp_path / "corpus"
    assert run("--sources", str(sources), "--corpus", str(corpus), *FAST).exit_code == 0
    assert sidecar(corpus / "two.html")["source_url"] == site.url("/mirror.html")


def test_no_source_is_reported_but_is_not_a_failure(tmp_path):
    sources = tmp_path / "sources.toml"
    sources.write_text('[[instrument]]\nid = "unknown-url"\ntitle = "T"\nlevel = "law"\nissuer = "X"\n'
                       'status = "in_force"\nurl_known = false\n', encoding="utf-8")
    result = run("--sources", str(sources), "--corpus", str(tmp_path / "corpus"), *FAST)
    assert result.exit_code == 0 and "no source" in result.output and "unknown-url" in result.output
    usage = run("--sources", str(sources), "--corpus", str(tmp_path / "corpus"), "--only", "nope", *FAST)
    assert usage.exit_code == 2 and "no entry with id nope" in usage.output


def test_if_empty_fetches_only_into_an_empty_corpus_and_explains_offline_use(site, tmp_path, monkeypatch):
    site.routes["/down"] = Route(status=500)
    sources = write_sources(tmp_path / "sources.toml", site, [("down", "/down", "html")])
    filled = tmp_path / "filled"
    filled.mkdir()
    (filled / "law.md").write_text("---\nid: law\n---\n# 法\n\n第一条 内容。\n", encoding="utf-8")
    monkeypatch.setenv("POLICYKB_CORPUS", str(filled))
    skipped = run("--sources", str(sources), "--if-empty", *FAST)
    assert skipped.exit_code == 0 and "already holds 1 documents" in skipped.output and site.requests == []

    empty = tmp_path / "empty"
    result = run("--sources", str(sources), "--corpus", str(empty), "--if-empty", *FAST)
    assert result.exit_code == 1
    assert "could not fetch any texts" in result.output and "POLICYKB_CORPUS=/path/to/folder make run" in result.output


def test_downloader_retries_with_exponential_backoff(site):
    body = site.serve("/flaky.pdf", "dsl.pdf")
    site.routes["/flaky.pdf"].fail_first = 2
    waits: list[float] = []
    downloader = Downloader(timeout=2, retries=3, backoff=0.5, delay=0, sleep=waits.append)
    download = downloader.get(site.url("/flaky.pdf"), "pdf")
    assert download.body == body and waits == [0.5, 1.0]
    assert [path for path, _ in site.requests] == ["/flaky.pdf"] * 3

    site.routes["/flaky.pdf"].fail_first = 5
    waits.clear()
    with pytest.raises(DownloadError, match=r"HTTP 503 .*\(after 3 attempts\)"):
        Downloader(timeout=2, retries=2, backoff=0.5, delay=0, sleep=waits.append).get(site.url("/flaky.pdf"), "pdf")
    assert waits == [0.5, 1.0]


def test_downloader_spaces_requests_to_one_host(site):
    site.serve("/a.html", "genai-interim-measures.html")
    waits: list[float] = []
    downloader = Downloader(timeout=2, retries=0, delay=30, sleep=waits.append)
    downloader.get(site.url("/a.html"), "html")
    downloader.get(site.url("/a.html"), "html")
    assert len(waits) == 1 and 29 < waits[0] <= 30


def test_downloader_bounds_a_long_redirect_chain(site):
    for hop in range(8):
        site.routes[f"/hop{hop}"] = Route(status=302, location=f"/hop{hop + 1}")
    with pytest.raises(DownloadError, match="more than 5 redirects"):
        Downloader(timeout=2, retries=0, delay=0).get(site.url("/hop0"), "html")


def test_info_shows_where_each_text_came_from(built_index):
    result = CliRunner().invoke(main, ["info", "--index", str(built_index)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    pipl = next(i for i, line in enumerate(lines) if line.strip().startswith("pipl "))
    assert "source http://www.npc.gov.cn/npc/c30834/202108/a8c4e3672c74491a80b53a172bb753fe.shtml" in lines[pipl + 1]


def _loaders_missing() -> str | None:
    from policykb.corpus import LOADERS

    missing = [s for s in (".html", ".pdf", ".docx") if s not in LOADERS]
    return f"corpus loaders for {', '.join(missing)} are not registered yet (issue 3)" if missing else None


@pytest.mark.slow
def test_fetched_texts_build_and_search_with_their_provenance(site, tmp_path):
    reason = _loaders_missing()
    if reason:
        pytest.skip(reason)
    site.serve("/genai.html", "genai-interim-measures.html")
    site.serve("/files/algorithm.pdf", "algorithm-recommendation-provisions.pdf")
    sources = tmp_path / "sources.toml"
    sources.write_text(f"""
[[instrument]]
id = "genai-interim-measures"
title = "生成式人工智能服务管理暂行办法"
level = "departmental_rule"
issuer = "国家互联网信息办公室"
effective = 2023-08-15
status = "in_force"
[[instrument.source]]
url = "{site.url('/genai.html')}"
format = "html"

[[instrument]]
id = "algorithm-recommendation-provisions"
title = "互联网信息服务算法推荐管理规定"
level = "departmental_rule"
issuer = "国家互联网信息办公室、工业和信息化部、公安部、国家市场监督管理总局"
effective = 2022-03-01
status = "in_force"
[[instrument.source]]
url = "{site.url('/files/algorithm.pdf')}"
format = "pdf"
""", encoding="utf-8")
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    assert run("--sources", str(sources), "--corpus", str(corpus), *FAST).exit_code == 0
    runner = CliRunner()
    built = runner.invoke(main, ["build", "--corpus", str(corpus), "--index", str(index), "--quiet"])
    assert built.exit_code == 0, built.output
    assert "2 documents" in built.output
    found = runner.invoke(main, ["search", "--index", str(index), "--json", "-k", "3", "生成式人工智能 训练数据"])
    hits = json.loads(found.stdout)["hits"]
    assert hits[0]["doc_id"] == "genai-interim-measures"
    assert hits[0]["source_url"] == site.url("/genai.html")
    info = json.loads(runner.invoke(main, ["info", "--index", str(index), "--json"]).stdout)
    by_id = {i["id"]: i for i in info["instruments"]}
    assert by_id["algorithm-recommendation-provisions"]["source_url"] == site.url("/files/algorithm.pdf")
    assert by_id["algorithm-recommendation-provisions"]["retrieved_at"].endswith("Z")
    readable = runner.invoke(main, ["info", "--index", str(index)]).output
    assert f"source {site.url('/genai.html')}, retrieved 20" in readable


def test_an_unreachable_host_is_not_retried_for_every_source():
    with socket.socket() as probe:  # a port on loopback that nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    waits: list[float] = []
    downloader = Downloader(timeout=2, retries=2, backoff=0.5, delay=0, sleep=waits.append)
    with pytest.raises(DownloadError, match=r"cannot connect: .*\(after 3 attempts\)"):
        downloader.get(f"http://127.0.0.1:{port}/a.html", "html")
    with pytest.raises(DownloadError, match=r"not tried: 127\.0\.0\.1 could not be reached earlier"):
        downloader.get(f"http://127.0.0.1:{port}/b.html", "html")
    assert waits == [0.5, 1.0]


def test_facts_edited_in_sources_reach_the_sidecar_without_downloading_again(site, tmp_path):
    site.serve("/a.pdf", "dsl.pdf")
    sources = write_sources(tmp_path / "sources.toml", site, [("dsl", "/a.pdf", "pdf")])
    corpus = tmp_path / "corpus"
    run("--sources", str(sources), "--corpus", str(corpus), *FAST)
    first = sidecar(corpus / "dsl.pdf")
    sources.write_text(sources.read_text(encoding="utf-8").replace('status = "in_force"', 'status = "repealed"'),
                       encoding="utf-8")
    asked = len(site.requests)
    result = run("--sources", str(sources), "--corpus", str(corpus), *FAST)
    assert result.exit_code == 0 and "catalogue facts in its sidecar refreshed" in result.output
    assert len(site.requests) == asked
    second = sidecar(corpus / "dsl.pdf")
    assert second["status"] == "repealed"
    assert {k: second[k] for k in ("source_url", "retrieved_at", "sha256")} == \
        {k: first[k] for k in ("source_url", "retrieved_at", "sha256")}


def test_a_redirected_text_records_where_it_was_served_from(site, tmp_path):
    site.routes["/old.htm"] = Route(status=301, location="/new/page.htm")
    site.serve("/new/page.htm", "genai-interim-measures.html")
    sources = write_sources(tmp_path / "sources.toml", site, [("moved", "/old.htm", "html")])
    corpus = tmp_path / "corpus"
    assert run("--sources", str(sources), "--corpus", str(corpus), *FAST).exit_code == 0
    assert sidecar(corpus / "moved.html")["source_url"] == site.url("/new/page.htm")
