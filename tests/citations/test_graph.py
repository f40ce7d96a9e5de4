"""The provision graph on real texts: references resolved within and across instruments,
penalty links through lists, ranges and paragraphs, what is not held kept as written, the
graph stored with the build, and penalty links measured against a hand-made gold set."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from policykb.citations.graph import build_links
from policykb.corpus import load_corpus
from policykb.index import store as index_store
from policykb.interfaces.cli import main

GOLD = Path(__file__).parents[1] / "data" / "penalty_gold.jsonl"

pytestmark = pytest.mark.needs_corpus


def linked(items, doc_id=None) -> set[tuple[str, int]]:
    return {(i["doc_id"], i["article_number"]) for i in items if doc_id is None or i["doc_id"] == doc_id}


def test_a_duty_article_names_its_penalty_article(retriever):
    duty = retriever.article("csl-2025", 23)
    assert linked(duty.penalties) == {("csl-2025", 61)}
    assert duty.penalties[0]["citation"] == "《网络安全法》（2025年修正）第六十一条"
    assert linked(retriever.article("dsl", 31).penalties) == {("dsl", 46)}


def test_a_range_of_articles_links_the_ones_inside_it(retriever):
    # CSL 2025 Art. 71(2): 违反本法第二十四条第三款、第四十三条至第四十五条规定 — Art. 44 is only inside the range
    assert ("csl-2025", 71) in linked(retriever.article("csl-2025", 44).penalties)
    assert ("csl-2025", 71) in linked(retriever.article("csl-2025", 24).penalties)  # 第二十四条第三款
    refs = retriever.article("csl-2025", 71).refers_to
    assert {("csl-2025", n) for n in (13, 24, 43, 44, 45, 39, 46)} <= linked(refs)
    assert next(r for r in refs if r["article_number"] == 24)["paragraph"] == 3


def test_penalty_links_only_what_the_penalty_text_references(retriever):
    # CSL 2025 Art. 62 para. 2 refers to Art. 61's paragraph 3, itself a penalty: no penalty link to it
    assert not retriever.article("csl-2025", 61).penalties
    # an article no penalty names has none (Art. 1 is the purpose clause)
    assert not retriever.article("csl-2025", 1).penalties
    # the cited_by list is the reverse of refers_to
    assert ("csl-2025", 61) in linked(retriever.article("csl-2025", 23).cited_by)
    assert ("csl-2025", 36) in linked(retriever.article("csl-2025", 23).cited_by)  # 除本法第二十三条的规定外


def test_earlier_paragraphs_of_the_same_article(retriever):
    # CSL 2025 Art. 61 para. 3: 有前两款行为 — paragraphs 1 and 2 of Art. 61 itself
    refs = [r for r in retriever.article("csl-2025", 61).refers_to if r["text"] == "前两款"]
    assert [(r["doc_id"], r["article_number"], r["paragraph"]) for r in refs] == [
        ("csl-2025", 61, 1), ("csl-2025", 61, 2)]
    # CII Regulation Art. 43 para. 2: 单位有前款行为 — paragraph 1
    refs = [r for r in retriever.article("cii-regulation", 43).refers_to if r["text"] == "前款"]
    assert [(r["article_number"], r["paragraph"]) for r in refs] == [(43, 1)]
    assert refs[0]["citation"] == "《关键信息基础设施安全保护条例》第四十三条第一款"


def test_references_to_other_instruments(retriever):
    genai = retriever.article("genai-interim-measures", 1).refers_to
    by_text = {r["text"]: r for r in genai}
    csl = by_text["《中华人民共和国网络安全法》"]
    # named without an article: the instrument, in its newest version (a reference follows amendments)
    assert (csl["status"], csl["doc_id"], csl["article_number"]) == ("instrument", "csl-2025", None)
    assert by_text["《中华人民共和国个人信息保护法》"]["doc_id"] == "pipl"
    deep = next(r for r in retriever.article("genai-interim-measures", 12).refers_to if r["doc_id"])
    assert (deep["doc_id"], deep["citation"]) == ("deep-synthesis-provisions", "《互联网信息服务深度合成管理规定》")


def test_an_instrument_the_index_does_not_hold_is_never_guessed(retriever):
    refs = retriever.article("genai-interim-measures", 1).refers_to
    science = next(r for r in refs if "科学技术进步法" in r["text"])
    assert (science["status"], science["doc_id"], science["citation"]) == ("not_held", None, None)
    assert science["text"] == "《中华人民共和国科学技术进步法》"
    # the Algorithm Recommendation Provisions are not in the session index: not held there either
    algorithm = retriever.article("genai-interim-measures", 17).refers_to
    assert [(r["status"], r["text"]) for r in algorithm] == [("not_held", "《互联网信息服务算法推荐管理规定》")]


def test_the_graph_is_a_plain_file_of_the_build_under_its_checksums(built_index):
    folder = index_store.current_build(built_index)
    manifest = index_store.read_manifest(folder)
    assert "links.jsonl" in manifest["files"]
    assert manifest["files"]["links.jsonl"] == index_store.file_sha256(folder / "links.jsonl")
    rows = index_store.read_jsonl(folder / "links.jsonl")
    assert manifest["counts"]["references"] == sum(len(r["refers_to"]) for r in rows) > 100
    assert {"doc_id", "key", "penalty_article", "refers_to", "cited_by", "penalties"} <= set(rows[0])


def test_show_json_and_text_carry_the_links(built_index):
    runner = CliRunner()
    result = runner.invoke(main, ["show", "csl-2025", "23", "--json", "--index", str(built_index)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert ("csl-2025", 61) in linked(data["penalties"]) and isinstance(data["refers_to"], list)
    text = runner.invoke(main, ["show", "dsl", "31", "--index", str(built_index)]).output
    assert "penalty:   《数据安全法》第四十六条" in text


def test_verify_reports_penalties_when_asked(built_index, tmp_path):
    draft = tmp_path / "memo.txt"
    draft.write_text("依据《数据安全法》第三十一条和《网络安全法》第二十三条……", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["verify", str(draft), "--json", "--with-penalties", "--as-of", "2026-06-01",
                                  "--index", str(built_index)])
    checks = json.loads(result.output)
    assert [linked(c["penalties"]) for c in checks] == [{("dsl", 46)}, {("csl-2025", 61)}]
    plain = runner.invoke(main, ["verify", str(draft), "--json", "--index", str(built_index)])
    assert all(c["penalties"] is None for c in json.loads(plain.output))
    text = runner.invoke(main, ["verify", str(draft), "--with-penalties", "--as-of", "2026-06-01",
                                "--index", str(built_index)]).output
    assert "penalty: 《数据安全法》第四十六条" in text


def test_langchain_documents_carry_the_links(retriever):
    pytest.importorskip("langchain_core")
    from policykb.interfaces.langchain_retriever import hit_to_document

    document = hit_to_document(retriever.article("dsl", 31))
    assert ("dsl", 46) in linked(document.metadata["penalties"])
    assert document.metadata["refers_to"][0]["doc_id"] == "csl-2025"


def test_penalty_links_against_the_gold_set(cyber_dir):
    """Every duty article a penalty article names (违反本法第X条, in a list, a range or by paragraph)
    across seven instruments of the cyber tier, read by hand: all found, none extra."""
    report = load_corpus([cyber_dir])
    rows = build_links([d.instrument for d in report.documents], [u for d in report.documents for u in d.parsed.units])
    gold = {(g["doc_id"], g["article"], g["penalty"]) for g in map(json.loads, GOLD.read_text().splitlines())}
    covered = {doc for doc, _, _ in gold}
    found = {(r["doc_id"], int(r["key"]), p["article_number"]) for r in rows if r["doc_id"] in covered
             for p in r["penalties"]}
    assert len(gold) > 100 and len(covered) == 7
    assert gold - found == set(), "missed"
    assert found - gold == set(), "linked without a reference"
    by_key = {(r["doc_id"], r["key"]): r for r in rows}
    # a penalty article that applies another instrument's penalties carries that reference
    carried = next(p for p in by_key[("blockchain-info-service-provisions", "8")]["penalties"])
    assert [(r["doc_id"], r["status"]) for r in carried["refers_to"]] == [("csl-2025", "instrument")]
    # the full tier: the Algorithm Recommendation Provisions are held, so GenAI Art. 17 resolves to them
    genai = by_key[("genai-interim-measures", "17")]["refers_to"]
    assert [(r["doc_id"], r["status"]) for r in genai] == [("algorithm-recommendation-provisions", "instrument")]
    # 刑法第二百八十五条 (a code not in the corpus, cited without book-title marks) is kept as written
    crime = by_key[("computer-system-crime-interp-2011", "1")]["refers_to"]
    assert ("unresolved", "刑法第二百八十五条第二款") in {(r["status"], r["text"]) for r in crime}
