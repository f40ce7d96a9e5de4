"""The HTTP API through its real protocol: `policykb serve` runs as a subprocess on a free
loopback port over the session index, and httpx talks to it."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from policykb.model import Hit

AFTER, BEFORE = "2026-06-01", "2025-06-01"
HIT_FIELDS = set(Hit.__dataclass_fields__)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(built_index, tmp_path_factory):
    """Base URL of a running `policykb serve`; stopped after the module."""
    port = _free_port()
    log = (tmp_path_factory.mktemp("serve") / "serve.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "policykb", "serve", "--index", str(built_index), "--port", str(port),
         "--log-level", "warning"], stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300
    while True:
        try:
            if httpx.get(f"{url}/health", timeout=5).status_code == 200:
                break
        except httpx.TransportError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"policykb serve did not start (exit {process.poll()}); see {log.name}")
        time.sleep(0.5)
    yield url
    process.terminate()
    process.wait(timeout=30)
    log.close()


@pytest.fixture(scope="module")
def client(server):
    with httpx.Client(base_url=server, timeout=60) as http:
        yield http


def _comparable(hit: dict) -> dict:
    """A hit without its scores, which may differ in the last bits between processes."""
    return {k: v for k, v in hit.items() if k not in ("score", "scores")}


def test_health_reports_the_index(client):
    answer = client.get("/health")
    assert answer.status_code == 200
    body = answer.json()
    assert body["status"] == "ok"
    assert body["index"]["counts"]["instruments"] == 8
    assert body["index"]["embedder"]["spec"] == "e5-small"


def test_search_answers_with_the_same_hits_as_the_library(client, retriever):
    query = "个人信息处理者向境外提供个人信息应当具备什么条件"
    answer = client.get("/search", params={"q": query, "k": 5, "as_of": AFTER})
    assert answer.status_code == 200
    hits = answer.json()["hits"]
    assert all(set(h) == HIT_FIELDS for h in hits)
    expected = [json.loads(json.dumps(h.to_dict())) for h in retriever.search(query, k=5, as_of=AFTER)]
    assert [_comparable(h) for h in hits] == [_comparable(h) for h in expected]


def test_search_answers_carry_notes_about_what_the_hits_are_not(client):
    missing = client.get("/search", params={"q": "个保法第99条", "k": 3}).json()
    assert missing["hits"] and [n["kind"] for n in missing["notes"]] == ["no_such_article"]
    assert "74" in missing["notes"][0]["message"] and missing["notes"][0]["cited"] == "个保法第99条"
    filtered = client.post("/search", json={"q": "个保法第38条", "instrument": "dsl", "k": 3}).json()
    assert filtered["notes"] == [{"kind": "filtered_out", "message": filtered["notes"][0]["message"],
                                  "cited": "个保法第38条", "citation": "《个人信息保护法》第三十八条"}]
    assert client.get("/search", params={"q": "个人信息出境需要单独同意吗", "k": 3}).json()["notes"] == []


def test_post_search_equals_get_search(client):
    params = {"q": "PIPL Art. 38", "k": 3, "as_of": AFTER}
    got = client.get("/search", params=params).json()["hits"]
    posted = client.post("/search", json=params).json()["hits"]
    assert [_comparable(h) for h in got] == [_comparable(h) for h in posted]
    assert posted[0]["citation"] == "《个人信息保护法》第三十八条" and posted[0]["match"] == "lookup"


def test_search_filters_are_query_parameters(client, retriever):
    only_pipl = client.get("/search", params={"q": "数据安全", "k": 10, "instrument": "pipl"}).json()["hits"]
    assert only_pipl and {h["doc_id"] for h in only_pipl} == {"pipl"}
    repeated = [("q", "个人信息和重要数据出境"), ("instrument", "pipl"), ("instrument", "dsl"), ("as_of", AFTER)]
    two = client.get("/search", params=repeated).json()["hits"]
    library = retriever.search("个人信息和重要数据出境", instrument=["pipl", "dsl"], as_of=AFTER)
    assert [(h["doc_id"], h["article"]) for h in two] == [(h.doc_id, h.article) for h in library]
    assert {h["doc_id"] for h in two} <= {"pipl", "dsl"}
    old = client.get("/search", params={"q": "网络安全等级保护制度", "instrument": "网络安全法", "as_of": BEFORE,
                                        "k": 3}).json()["hits"]
    assert {h["doc_id"] for h in old} == {"csl-2016"}
    posted = client.post("/search", json={"q": "网络安全等级保护制度", "instrument": ["网络安全法"], "as_of": AFTER,
                                          "in_force_only": True, "k": 3}).json()["hits"]
    assert {h["doc_id"] for h in posted} == {"csl-2025"} and all(h["in_force"] for h in posted)


def test_article_lookup_by_alias_and_label(client):
    hit = client.get("/articles/个保法/第三十八条").json()
    assert (hit["doc_id"], hit["article_number"], hit["citation"]) == ("pipl", 38, "《个人信息保护法》第三十八条")
    old = client.get("/articles/csl-2016/21", params={"as_of": AFTER}).json()
    assert (old["doc_id"], old["status"], old["in_force"]) == ("csl-2016", "amended", False)
    assert client.get("/articles/PIPL/13").json()["citation_en"] == "PIPL Art. 13"


def test_instruments_list_each_version(client):
    body = client.get("/instruments", params={"as_of": AFTER}).json()
    entries = {e["id"]: e for e in body["instruments"]}
    assert len(entries) == 8 and body["as_of"] == AFTER
    assert (entries["csl-2016"]["status"], entries["csl-2025"]["status"]) == ("amended", "in_force")
    assert entries["csl-2016"]["versions"] == ["csl-2016", "csl-2025"]
    assert entries["pipl"]["articles"] == 74
    assert "path" not in entries["pipl"]


def test_verify_endpoint(client):
    text = "依据《网络安全法》（2016年）第二十一条、个保法第13条第一款、PIPL Art. 99 和《数据出境法》第3条。"
    body = client.post("/verify", json={"text": text, "as_of": AFTER}).json()
    assert [c["status"] for c in body["citations"]] == ["superseded", "found", "no_such_article",
                                                        "unknown_instrument"]
    assert body["counts"] == {"found": 1, "unknown_instrument": 1, "no_such_article": 1, "superseded": 1}
    assert body["citations"][0]["current"]["article_number"] == 23
    assert all(c.get("penalties") is None for c in body["citations"])


def test_verify_gives_penalty_articles_when_asked(client):
    text = "依据《数据安全法》第三十一条和《网络安全法》第二十三条……"
    body = client.post("/verify", json={"text": text, "as_of": AFTER, "with_penalties": True}).json()
    assert [[(p["doc_id"], p["article_number"]) for p in c["penalties"]] for c in body["citations"]] == [
        [("dsl", 46)], [("csl-2025", 61)]]
    refused = client.post("/verify", json={"text": text, "with_penalties": "yes"})
    assert refused.status_code == 422 and "with_penalties" in refused.text


@pytest.mark.parametrize(("method", "path", "payload", "status", "code", "says"), [
    ("GET", "/search", {"q": ""}, 422, "invalid_request", "q:"),
    ("GET", "/search", {"q": "   "}, 422, "query_error", "empty"),
    ("GET", "/search", {"q": "数据", "k": 0}, 422, "invalid_request", "k:"),
    ("GET", "/search", {"q": "数据", "k": 10000}, 422, "invalid_request", "less than or equal to 100"),
    ("GET", "/search", {"q": "数据", "k": "ten"}, 422, "invalid_request", "k:"),
    ("GET", "/search", {"q": "数" * 1001}, 422, "invalid_request", "at most 1000"),
    ("GET", "/search", {"q": "数据", "as_of": "2025-13-01"}, 422, "invalid_request", "as_of"),
    ("GET", "/search", {"q": "数据", "level": "treaty"}, 422, "query_error", "unknown level"),
    ("GET", "/search", {"q": "数据", "instrument": "不存在法"}, 404, "unknown_instrument", "不存在法"),
    ("POST", "/search", {"q": "数" * 10_001}, 422, "invalid_request", "at most 10000"),
    ("POST", "/search", {"query": "数据"}, 422, "invalid_request", "q:"),
    ("POST", "/verify", {"txt": "x"}, 422, "invalid_request", "text:"),
    ("GET", "/articles/不存在法/1", None, 404, "unknown_instrument", "不存在法"),
    ("GET", "/articles/pipl/999", None, 404, "no_such_article", "74 articles"),
    ("GET", "/articles/pipl/abc", None, 422, "query_error", "not an article number"),
    ("GET", "/nowhere", None, 404, "not_found", "Not Found"),
])
def test_bad_requests_get_clear_errors(client, method, path, payload, status, code, says):
    answer = client.get(path, params=payload) if method == "GET" else client.post(path, json=payload)
    assert answer.status_code == status
    error = answer.json()["error"]
    assert (error["status"], error["code"]) == (status, code)
    assert says in error["message"]


def test_malformed_json_is_a_400(client):
    answer = client.post("/search", content='{"q": "数据", '.encode(), headers={"content-type": "application/json"})
    assert answer.status_code == 400
    assert answer.json()["error"]["code"] == "malformed_json"


def test_a_megabyte_query_is_refused_and_the_server_keeps_serving(server):
    big = "数据" * 200_000  # 1.2 MB of UTF-8
    with httpx.Client(base_url=server, timeout=60) as http:
        posted = http.post("/search", json={"q": big})
        assert posted.status_code == 413
        assert posted.json()["error"]["code"] == "body_too_large"
    # httpx refuses URLs this long, so the request goes over a plain socket.
    status, body = _raw_get(server, "/search?q=" + "x" * 1_000_000)
    assert status == 422
    assert "at most 1000" in json.loads(body)["error"]["message"]
    with httpx.Client(base_url=server, timeout=60) as http:
        assert http.get("/health").status_code == 200
        assert http.get("/search", params={"q": "PIPL Art. 13", "k": 1}).json()["hits"][0]["article_number"] == 13


def _raw_get(server: str, target: str) -> tuple[int, bytes]:
    host, port = server.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=60) as sock:
        sock.sendall(f"GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        response = b""
        while chunk := sock.recv(65536):
            response += chunk
    head, _, body = response.partition(b"\r\n\r\n")
    return int(head.split()[1]), body


def test_concurrent_searches_answer_like_serial_ones(server):
    """Requests run on the server's thread pool; the shared Retriever must give each the same answer."""
    queries = ["个人信息出境", "数据分类分级", "关键信息基础设施", "深度合成服务", "生成式人工智能", "网络安全等级保护",
               "PIPL Art. 13", "个保法第38条", "network data export", "personal information consent"] * 4

    def ask(query: str) -> list[tuple[str, str]]:
        with httpx.Client(base_url=server, timeout=120) as http:
            answer = http.get("/search", params={"q": query, "k": 5, "as_of": AFTER})
        assert answer.status_code == 200
        return [(h["doc_id"], h["article"]) for h in answer.json()["hits"]]

    serial = {q: ask(q) for q in set(queries)}
    with ThreadPoolExecutor(max_workers=20) as pool:
        parallel = list(pool.map(ask, queries))
    assert parallel == [serial[q] for q in queries]


def test_openapi_describes_the_api(client):
    spec = client.get("/openapi.json").json()
    assert {"/search", "/articles/{instrument}/{article}", "/instruments", "/verify", "/health"} <= set(spec["paths"])
    parameters = {p["name"]: p for p in spec["paths"]["/search"]["get"]["parameters"]}
    assert parameters["k"]["schema"]["maximum"] == 100 and parameters["q"]["schema"]["maxLength"] == 1000
    assert "citation" in parameters["q"]["description"]
    assert "422" in spec["paths"]["/search"]["get"]["responses"]
    hit = spec["components"]["schemas"]["Hit"]["properties"]
    assert {"scores", "penalties", "refers_to", "cited_by"} <= set(hit) and "intent" in hit["scores"]["description"]


def test_serve_binds_loopback_by_default():
    from click.testing import CliRunner

    from policykb.interfaces.cli import main

    help_text = " ".join(CliRunner().invoke(main, ["serve", "--help"]).output.split())
    assert "[default: 127.0.0.1]" in help_text


def test_k_must_be_a_number_not_a_boolean(client):
    for flag in (True, False):
        answer = client.post("/search", json={"q": "数据", "k": flag})
        assert answer.status_code == 422, answer.text
        error = answer.json()["error"]
        assert error["code"] == "invalid_request" and error["message"].startswith("k:")
        assert "integer" in error["message"]
    assert len(client.get("/search", params={"q": "数据", "k": "5"}).json()["hits"]) == 5
    assert len(client.post("/search", json={"q": "数据", "k": 2}).json()["hits"]) == 2


def test_post_flags_must_be_json_booleans(client):
    for value in ("yes", 1, "true"):
        answer = client.post("/search", json={"q": "数据", "k": 1, "in_force_only": value})
        assert answer.status_code == 422 and answer.json()["error"]["message"].startswith("in_force_only:")
    assert client.post("/search", json={"q": "数据", "k": 1, "include_superseded": True}).status_code == 200
    assert client.get("/search", params={"q": "数据", "k": 1, "in_force_only": "true"}).status_code == 200


@pytest.mark.parametrize(("method", "path", "payload"), [
    ("GET", "/instruments", {"as_of": "86400"}),
    ("GET", "/instruments", {"as_of": "20250601"}),
    ("GET", "/instruments", {"as_of": "2025-6-1"}),
    ("GET", "/instruments", {"as_of": "2025-06-01T00:00:00"}),
    ("GET", "/search", {"q": "数据", "as_of": "20250601"}),
    ("GET", "/articles/pipl/13", {"as_of": "86400"}),
    ("POST", "/search", {"q": "数据", "as_of": 86400}),
    ("POST", "/search", {"q": "数据", "as_of": "20250601"}),
    ("POST", "/verify", {"text": "PIPL Art. 13", "as_of": 1748736000}),
    ("POST", "/verify", {"text": "PIPL Art. 13", "as_of": "2025-13-01"}),
])
def test_dates_are_yyyy_mm_dd_only(client, method, path, payload):
    answer = client.get(path, params=payload) if method == "GET" else client.post(path, json=payload)
    assert answer.status_code == 422, answer.text
    error = answer.json()["error"]
    assert error["code"] == "invalid_request"
    assert error["message"].startswith("as_of:") and "YYYY-MM-DD" in error["message"]
    assert "Datetimes" not in error["message"]


def test_iso_dates_still_work_everywhere(client):
    assert client.get("/instruments", params={"as_of": BEFORE}).json()["as_of"] == BEFORE
    assert client.post("/verify", json={"text": "PIPL Art. 13", "as_of": BEFORE}).json()["as_of"] == BEFORE
    assert client.post("/search", json={"q": "PIPL Art. 13", "k": 1, "as_of": BEFORE}).json()["hits"]


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", None])
@pytest.mark.parametrize("path", ["/search", "/verify"])
def test_post_bodies_must_be_json(client, path, content_type):
    body = json.dumps({"q": "数据"} if path == "/search" else {"text": "PIPL Art. 13"}).encode()
    headers = {"content-type": content_type} if content_type else {}
    answer = client.post(path, content=body, headers=headers)
    assert answer.status_code == 415, answer.text
    error = answer.json()["error"]
    assert (error["status"], error["code"]) == (415, "unsupported_media_type")
    assert "application/json" in error["message"]


@pytest.mark.parametrize("content_type", ["application/json; charset=utf-8", "application/vnd.api+json"])
def test_json_content_type_variants_are_accepted(client, content_type):
    answer = client.post("/search", content=json.dumps({"q": "PIPL Art. 13", "k": 1}).encode(),
                         headers={"content-type": content_type})
    assert answer.status_code == 200, answer.text
    assert answer.json()["hits"][0]["article_number"] == 13


def test_a_body_that_is_not_utf8_is_malformed_json(client):
    answer = client.post("/search", content=b'{"q": "\xff\xfe\xfd"}', headers={"content-type": "application/json"})
    assert answer.status_code == 400
    error = answer.json()["error"]
    assert error["code"] == "malformed_json" and "UTF-8" in error["message"]


def test_every_error_code_is_documented(client):
    from policykb.interfaces.http_api import errors

    spec = client.get("/openapi.json").json()
    documented = set(spec["components"]["schemas"]["ErrorDetail"]["properties"]["code"]["enum"])
    emitted = {code for _, _, code in errors.STATUS_OF} | set(errors.HTTP_CODES.values()) | {
        errors.FALLBACK_HTTP_CODE, "invalid_request", "malformed_json", "internal_error", "body_too_large"}
    assert emitted <= documented
    answers = [client.delete("/search"), client.post("/search", content=b"x", headers={"content-type": "text/plain"}),
               client.post("/search", content=b"\xff", headers={"content-type": "application/json"})]
    seen = [answer.json()["error"]["code"] for answer in answers]
    assert seen == ["method_not_allowed", "unsupported_media_type", "malformed_json"]
    assert set(seen) <= documented
    assert "415" in spec["paths"]["/search"]["post"]["responses"]


def test_health_does_not_reveal_server_paths(client, built_index, subset_corpus):
    answer = client.get("/health")
    index = answer.json()["index"]
    assert "index_dir" not in index and "corpus_roots" not in index
    assert index["build_id"] and index["counts"]["articles"] > 0 and index["embedder"]["spec"] == "e5-small"
    for path in (built_index, subset_corpus):
        assert str(path) not in answer.text and str(path.resolve()) not in answer.text
        assert path.name not in answer.text


def test_get_search_splits_instruments_on_commas(client):
    params = {"q": "个人信息和重要数据出境", "as_of": AFTER, "k": 10}
    comma = client.get("/search", params={**params, "instrument": "pipl,dsl"})
    assert comma.status_code == 200, comma.text
    repeated = client.get("/search", params=[*params.items(), ("instrument", "pipl"), ("instrument", "dsl")])
    posted = client.post("/search", json={**params, "instrument": "pipl,dsl"})
    hits = [(h["doc_id"], h["article"]) for h in comma.json()["hits"]]
    assert hits == [(h["doc_id"], h["article"]) for h in repeated.json()["hits"]]
    assert hits == [(h["doc_id"], h["article"]) for h in posted.json()["hits"]]
    assert {doc for doc, _ in hits} == {"pipl", "dsl"}
    levels = client.get("/search", params={**params, "level": "law,departmental_rule"})
    assert levels.status_code == 200 and levels.json()["hits"]


def test_articles_carry_their_links_and_versions_diff(client):
    article = client.get("/articles/csl-2025/44").json()
    assert ("csl-2025", 71) in {(p["doc_id"], p["article_number"]) for p in article["penalties"]}
    assert {"refers_to", "cited_by", "penalties"} <= set(article)
    diff = client.get("/diff", params={"old": "csl-2016", "new": "csl-2025"})
    assert diff.status_code == 200
    data = diff.json()
    assert (data["old"], data["new"]) == ("csl-2016", "csl-2025")
    rows = {(a["old"], a["new"]): a for a in data["articles"]}
    assert rows[(21, 23)]["renumbered"] and rows[(59, 61)]["change"] == "changed"
    assert {a["change"] for a in data["articles"]} == {"unchanged", "changed", "added", "removed"}
    assert client.get("/diff", params={"old": "csl-2016", "new": "pipl"}).status_code == 422
    missing = client.get("/diff", params={"old": "不存在法", "new": "csl-2025"})
    assert missing.status_code == 404 and missing.json()["error"]["code"]


def test_names_people_write_serve_lookups_and_verify(client):
    # short names derived from the catalogue: the same reading in /articles, /verify and /search
    hit = client.get("/articles/Generative AI Measures/17", params={"as_of": AFTER}).json()
    assert (hit["doc_id"], hit["article_number"]) == ("genai-interim-measures", 17)
    body = client.post("/verify", json={"text": "Article 17 of the Generative AI Measures; 第二条 关基条例",
                                        "as_of": AFTER}).json()
    assert [(c["status"], c["doc_id"], c["article_number"]) for c in body["citations"]] == [
        ("found", "genai-interim-measures", 17), ("found", "cii-regulation", 2)]
    top = client.get("/search", params={"q": "CII Regulations Art. 2", "k": 3, "as_of": AFTER}).json()["hits"][0]
    assert (top["doc_id"], top["article_number"], top["match"]) == ("cii-regulation", 2, "lookup")


def test_verify_refuses_more_citations_than_one_request_may_check(client):
    text = " ".join(f"PIPL Art. {n % 70 + 1}," for n in range(2_001))
    response = client.post("/verify", json={"text": text})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "query_error" and "2,001" in error["message"] and "at most 2,000" in error["message"]
    assert client.post("/verify", json={"text": text[: text.index("PIPL Art. 1,", 10)]}).status_code == 200


def test_a_hit_moved_by_what_the_question_asks_says_so(client, retriever):
    # a sanction question: the penalty article comes first and its scores carry "intent"
    query = "重要数据处理者没有按规定报送风险评估报告，会被罚多少钱？"
    hits = client.get("/search", params={"q": query, "k": 3}).json()["hits"]
    assert all(set(h) == HIT_FIELDS for h in hits)
    assert [h["citation"] for h in hits] == [h.citation for h in retriever.search(query, k=3)]
    assert hits[0]["scores"]["intent"] > 0 and {"dense", "lexical", "bigrams"} <= set(hits[0]["scores"])
