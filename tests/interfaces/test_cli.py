"""The command-line contract other tools rely on: flags, JSON fields, exit statuses."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from policykb.interfaces.cli import main

pytestmark = pytest.mark.needs_corpus

HIT_FIELDS = {"doc_id", "title", "article", "article_number", "text", "score", "citation"}


@pytest.fixture
def run(built_index):
    runner = CliRunner()

    def invoke(*args, input=None):
        return runner.invoke(main, [*args[:1], "--index", str(built_index), *args[1:]], input=input)

    return invoke


def test_search_json_has_the_stable_hit_shape(run):
    query = "向境外提供个人信息需要取得个人的单独同意吗"
    result = run("search", "--json", "-k", "3", query)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["query"] == query
    assert len(data["hits"]) == 3
    for hit in data["hits"]:
        assert set(hit) >= HIT_FIELDS
        assert isinstance(hit["article_number"], int) and isinstance(hit["score"], float)
    assert ("pipl", "第三十九条") in {(h["doc_id"], h["article"]) for h in data["hits"]}


def test_search_readable_output_and_lookup(run):
    result = run("search", "-k", "2", "个保法第38条")
    assert result.exit_code == 0
    first = result.output.splitlines()[0]
    assert "《个人信息保护法》第三十八条" in first and "PIPL Art. 38" in first and "in force" in first


def test_batch_search_reads_jsonl_and_keeps_qids(run, tmp_path):
    queries = tmp_path / "q.jsonl"
    queries.write_text("\n".join([
        json.dumps({"qid": "a", "query": "PIPL Art. 13"}),
        json.dumps({"qid": 7, "query": "数据分类分级保护制度"}),
        "",
    ]), encoding="utf-8")
    result = run("search", "--queries", str(queries), "--json", "-k", "2")
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [line["qid"] for line in lines] == ["a", 7]
    assert lines[0]["hits"][0]["article"] == "第十三条"
    assert len(lines[1]["hits"]) == 2


def test_batch_search_reports_bad_lines_and_goes_on(run, tmp_path):
    queries = tmp_path / "q.jsonl"
    queries.write_text('{"qid": 1, "query": "数据安全"}\nnot json\n{"qid": 3, "query": ""}\n', encoding="utf-8")
    result = run("search", "--queries", str(queries), "--json")
    assert result.exit_code == 1
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert out[0]["qid"] == 1 and out[0]["hits"]
    assert out[1]["error"] and out[2]["qid"] == 3 and "empty" in out[2]["error"]
    assert "line 2" in result.stderr


QUERIES = [{"qid": "a", "query": "个保法第38条"}, {"query": "数据分类分级保护制度"}]


@pytest.mark.parametrize(("encoding", "prefix"), [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("gb18030", b"")])
def test_batch_search_reads_utf8_with_or_without_bom_and_gb18030(run, tmp_path, encoding, prefix):
    queries = tmp_path / "q.jsonl"
    text = "\n".join(json.dumps(q, ensure_ascii=False) for q in QUERIES) + "\n"
    queries.write_bytes(prefix + text.encode(encoding))
    result = run("search", "--queries", str(queries), "--json", "-k", "1")
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["qid"] for line in lines] == ["a", 2]
    assert (lines[0]["hits"][0]["doc_id"], lines[0]["hits"][0]["article"]) == ("pipl", "第三十八条")


@pytest.mark.parametrize("data", [b"\xff\xfe{\x00\"\x00q\x00", b"\x00\x01\x02\xff" * 8, b"\x81\x30\xfe\xff"])
def test_batch_search_rejects_undecodable_queries_in_one_line(run, tmp_path, data):
    queries = tmp_path / "q.jsonl"
    queries.write_bytes(data)
    result = run("search", "--queries", str(queries), "--json")
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)  # not a UnicodeDecodeError traceback
    assert result.stderr == f"error: {queries} is not UTF-8 or GB18030 text\n"
    assert result.stdout == ""


def test_batch_search_reads_stdin_with_a_bom(run):
    result = run("search", "--queries", "-", "--json", "-k", "1",
                 input=b"\xef\xbb\xbf" + json.dumps(QUERIES[0], ensure_ascii=False).encode())
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["qid"] == "a"


def test_batch_error_records_keep_the_qid_or_the_line_number(run, tmp_path):
    queries = tmp_path / "q.jsonl"
    queries.write_text('{"qid": "e"}\n{"qid": "f", "query": 123}\n[1]\nnot json\n{"query": 5}\n'
                       '{"qid": "ok", "query": "数据安全"}\n', encoding="utf-8")
    result = run("search", "--queries", str(queries), "--json", "-k", "1")
    assert result.exit_code == 1
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["qid"] for line in out] == ["e", "f", 3, 4, 5, "ok"]
    assert all(line["error"] and line["hits"] == [] for line in out[:5])
    assert out[5]["hits"] and "error" not in out[5]


@pytest.mark.parametrize(("option", "message"), [
    (("--as-of", "bad"), "as_of must be a date"),
    (("--level", "bad"), "unknown level 'bad'"),
    (("--status", "bad"), "unknown status 'bad'"),
    (("--instrument", "nope"), "no instrument called 'nope'"),
    (("-k", "0"), "k must be"),
])
def test_bad_options_in_batch_mode_stop_once_before_any_query(run, tmp_path, option, message):
    queries = tmp_path / "q.jsonl"
    queries.write_text("\n".join(json.dumps(q, ensure_ascii=False) for q in QUERIES * 3), encoding="utf-8")
    result = run("search", "--queries", str(queries), "--json", *option)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.count("error:") == 1 and result.stderr.startswith("error: ") and message in result.stderr


def test_search_reads_a_bare_year_after_an_english_name(run):
    for query, doc_id, article in [("CSL 2016 Art. 21", "csl-2016", "第二十一条"),
                                   ("PIPL 2021 Article 13", "pipl", "第十三条")]:
        result = run("search", "--json", "-k", "1", "--as-of", "2026-06-01", query)
        assert result.exit_code == 0, result.output
        [hit] = json.loads(result.stdout)["hits"]
        assert (hit["doc_id"], hit["article"]) == (doc_id, article), query


@pytest.mark.parametrize("article", ["Art. 39", "Article 39", "art 39", "ART.39", "39", "第三十九条"])
def test_show_takes_english_article_forms(run, article):
    result = run("show", "--json", "PIPL", article)
    assert result.exit_code == 0, result.output
    hit = json.loads(result.stdout)
    assert (hit["doc_id"], hit["article_number"]) == ("pipl", 39)


def test_show_and_info(run):
    result = run("show", "--json", "个保法", "第十七条")
    assert result.exit_code == 0
    hit = json.loads(result.output)
    assert (hit["doc_id"], hit["article_number"]) == ("pipl", 17)
    result = run("show", "--as-of", "2025-06-01", "网络安全法", "21")
    assert "《网络安全法》（2016年）第二十一条" in result.output
    result = run("info", "--json")
    info = json.loads(result.output)
    assert info["counts"]["instruments"] == 8
    assert {i["id"] for i in info["instruments"]} >= {"pipl", "csl-2016", "csl-2025"}


@pytest.mark.parametrize(("args", "message"), [
    (("show", "Foo Law", "3"), "no instrument called 'Foo Law'"),
    (("show", "pipl", "999"), "has no article 999"),
    (("show", "pipl", "Art. x"), "not an article number"),
    (("search", "-k", "0", "数据"), "k must be"),
    (("search", "--as-of", "yesterday", "数据"), "as_of must be a date"),
])
def test_errors_are_one_line_with_exit_status_1(run, args, message):
    result = run(*args)
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ") and message in result.stderr


def test_missing_index_says_how_to_build_one(tmp_path):
    result = CliRunner().invoke(main, ["search", "--index", str(tmp_path / "none"), "数据"])
    assert result.exit_code == 1 and "policykb build" in result.stderr


def test_build_script_is_the_same_command(tmp_path, cyber_dir):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "cybersecurity-review-measures.md").write_text(
        (cyber_dir / "cybersecurity-review-measures.md").read_text(encoding="utf-8"), encoding="utf-8")
    script = [sys.executable, "scripts/build_index.py", "--corpus", str(corpus), "--index", str(tmp_path / "i"),
              "--json"]
    result = subprocess.run(script, capture_output=True, text=True, check=False, cwd=_repo())
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["documents"] == 1 and summary["articles"] == 23 and not summary["up_to_date"]
    again = subprocess.run(script, capture_output=True, text=True, check=False, cwd=_repo())
    assert json.loads(again.stdout)["up_to_date"] is True


def test_build_rejects_a_missing_corpus_folder(tmp_path):
    result = CliRunner().invoke(main, ["build", "--corpus", str(tmp_path / "nope"), "--index", str(tmp_path / "i")])
    assert result.exit_code == 1 and "corpus folder not found" in result.stderr


def _repo() -> Path:
    return Path(__file__).resolve().parents[2]


def test_search_says_when_the_cited_article_does_not_exist(run):
    data = json.loads(run("search", "--json", "-k", "2", "个保法第99条").stdout)
    assert data["hits"] and [n["kind"] for n in data["notes"]] == ["no_such_article"]
    result = run("search", "-k", "2", "个保法第99条")
    assert result.exit_code == 0
    assert "note: 个保法第99条" in result.stderr and "has no article 99" not in result.stdout
    assert json.loads(run("search", "--json", "-k", "2", "个保法第38条").stdout)["notes"] == []


def test_batch_records_carry_notes(run):
    lines = '{"qid": "x", "query": "个保法第38条"}\n{"qid": "y", "query": "asdkjh qwpoeiru"}\n'
    result = run("search", "--queries", "-", "--json", "-k", "1", "--instrument", "dsl", input=lines)
    assert result.exit_code == 0, result.output
    notes = {r["qid"]: [n["kind"] for n in r["notes"]] for r in map(json.loads, result.stdout.splitlines())}
    assert notes == {"x": ["filtered_out"], "y": ["no_word_matched"]}


def test_verify_says_a_folder_is_a_folder(run, tmp_path):
    result = run("verify", str(tmp_path))
    assert result.exit_code == 1 and "is a directory" in result.stderr
