"""The MCP server through its real protocol: `policykb mcp` as a subprocess, driven by the
official MCP client over stdio."""

from __future__ import annotations

import asyncio
import json
import os
import sys

import pytest

mcp = pytest.importorskip("mcp")

from mcp import ClientSession, StdioServerParameters  # noqa: E402
from mcp.client.stdio import stdio_client  # noqa: E402

AFTER = "2026-06-01"


def run_session(index_dir, calls):
    """Start `policykb mcp`, list its tools, make the calls; return (tool names, results)."""
    # The whole environment (PYTHONPATH included), so the server runs the code under test.
    params = StdioServerParameters(command=sys.executable, args=["-m", "policykb", "mcp", "--index", str(index_dir)],
                                   env=dict(os.environ))

    async def session():
        async with stdio_client(params) as (read, write), ClientSession(read, write) as client:
            await client.initialize()
            tools = await client.list_tools()
            results = [await client.call_tool(name, arguments) for name, arguments in calls]
            return tools.tools, results

    return asyncio.run(asyncio.wait_for(session(), timeout=600))


def payload(result) -> dict:
    """A tool result's JSON: the structured content, which must equal its text."""
    assert not result.is_error, result.content
    text = json.loads(result.content[0].text)
    assert result.structured_content in (None, text)
    return text


def test_tools_answer_over_stdio(built_index):
    tools, (search, lookup, instruments, verified, bad_name, bad_k, empty) = run_session(built_index, [
        ("search_regulations", {"query": "个保法第38条", "k": 3, "as_of": AFTER}),
        ("get_article", {"instrument": "PIPL", "article": "第十三条"}),
        ("list_instruments", {"as_of": AFTER}),
        ("verify_citations", {"text": "《网络安全法》（2016年）第二十一条和 PIPL Art. 99", "as_of": AFTER}),
        ("get_article", {"instrument": "不存在法", "article": "1"}),
        ("search_regulations", {"query": "数据", "k": 0}),
        ("search_regulations", {"query": "   "}),
    ])
    by_name = {tool.name: tool for tool in tools}
    assert set(by_name) == {"search_regulations", "get_article", "list_instruments", "verify_citations",
                            "diff_versions"}
    assert "query" in by_name["search_regulations"].input_schema["required"]
    assert by_name["search_regulations"].description

    hits = payload(search)["hits"]
    assert len(hits) == 3
    assert (hits[0]["citation"], hits[0]["match"]) == ("《个人信息保护法》第三十八条", "lookup")

    article = payload(lookup)
    assert (article["doc_id"], article["article_number"], article["citation_en"]) == ("pipl", 13, "PIPL Art. 13")

    entries = {e["id"]: e for e in payload(instruments)["instruments"]}
    assert len(entries) == 8 and entries["csl-2016"]["status"] == "amended"

    checks = payload(verified)["citations"]
    assert [c["status"] for c in checks] == ["superseded", "no_such_article"]
    assert checks[0]["current"]["citation"] == "《网络安全法》（2025年修正）第二十三条"

    # Mistakes are tool errors that say what is wrong; the session carries on after them.
    assert bad_name.is_error and "不存在法" in bad_name.content[0].text
    assert bad_k.is_error and "k: must be an integer from 1 to 100" in bad_k.content[0].text
    assert empty.is_error and "empty" in empty.content[0].text


def error_text(result) -> str:
    assert result.is_error, result.content
    return result.content[0].text


def test_arguments_are_checked_like_the_http_api(built_index):
    calls = [
        ("get_article", {"instrument": "PIPL", "article": 13}),
        ("get_article", {"instrument": "PIPL", "article": "13"}),
        ("list_instruments", {"as_of": AFTER}),
        ("search_regulations", {"query": "数据", "k": True}),
        ("search_regulations", {"query": "数据", "k": 0}),
        ("search_regulations", {"query": "数据", "as_of": "20250601"}),
        ("list_instruments", {"as_of": 86400}),
        ("verify_citations", {"text": "PIPL Art. 13", "as_of": "2025-13-01"}),
        ("search_regulations", {"query": "数据", "bogus": 1}),
        ("get_article", {"instrument": "PIPL", "article": True}),
        ("get_article", {"instrument": "PIPL"}),
        ("search_regulations", {"query": "PIPL Art. 13", "k": 2, "as_of": AFTER}),
    ]
    _, results = run_session(built_index, calls)
    (number, text, instruments, k_true, k_zero, compact_day, timestamp, bad_month, bogus, article_true,
     missing, fine) = results

    assert payload(number) == payload(text)
    assert (payload(number)["doc_id"], payload(number)["article_number"]) == ("pipl", 13)

    listed = payload(instruments)
    assert set(listed) == {"as_of", "instruments"} and listed["as_of"] == AFTER

    messages = [error_text(r) for r in (k_true, k_zero, compact_day, timestamp, bad_month, bogus, article_true,
                                        missing)]
    for message in messages:
        assert "pydantic" not in message and "validation error" not in message, message
        assert len(message) < 300, message
    assert "k: must be an integer from 1 to 100" in messages[0]
    assert "k: must be an integer from 1 to 100" in messages[1]
    for message in messages[2:5]:
        assert "as_of:" in message and "YYYY-MM-DD" in message
    assert "bogus" in messages[5] and "query" in messages[5]
    assert "article:" in messages[6]
    assert "article:" in messages[7] and "required" in messages[7]
    assert len(payload(fine)["hits"]) == 2


def test_search_tells_when_the_cited_article_does_not_exist(built_index):
    _, (missing, plain) = run_session(built_index, [
        ("search_regulations", {"query": "个保法第99条", "k": 2}),
        ("search_regulations", {"query": "个人信息出境需要单独同意吗", "k": 2}),
    ])
    notes = payload(missing)["notes"]
    assert [n["kind"] for n in notes] == ["no_such_article"] and "74" in notes[0]["message"]
    assert payload(plain)["notes"] == [] and len(payload(plain)["hits"]) == 2


def test_article_links_and_version_diffs(built_index):
    _, (article, diff, wrong) = run_session(built_index, [
        ("get_article", {"instrument": "dsl", "article": 31}),
        ("diff_versions", {"old": "csl-2016", "new": "csl-2025"}),
        ("diff_versions", {"old": "csl-2016", "new": "pipl"}),
    ])
    article = payload(article)
    assert [(p["doc_id"], p["article_number"], p["citation"]) for p in article["penalties"]] == [
        ("dsl", 46, "《数据安全法》第四十六条")]
    assert article["refers_to"][0]["doc_id"] == "csl-2025"
    diff = payload(diff)
    assert (diff["old"], diff["new"]) == ("csl-2016", "csl-2025")
    row = next(a for a in diff["articles"] if a["old"] == 21)
    assert (row["new"], row["renumbered"]) == (23, True)
    assert "not versions of one instrument" in error_text(wrong)


def test_verify_reads_short_names_and_caps_one_call(built_index):
    too_many = " ".join(f"PIPL Art. {n % 70 + 1}," for n in range(2_001))
    _, (short, refused) = run_session(built_index, [
        ("verify_citations", {"text": "Generative AI Measures Article 17", "as_of": AFTER}),
        ("verify_citations", {"text": too_many}),
    ])
    checked = payload(short)["citations"]
    assert [(c["status"], c["doc_id"], c["article_number"]) for c in checked] == [
        ("found", "genai-interim-measures", 17)]
    assert refused.is_error and "at most 2,000" in refused.content[0].text


def test_verify_gives_penalty_articles_when_asked(built_index):
    text = "依据《数据安全法》第三十一条……"
    _, (plain, asked) = run_session(built_index, [
        ("verify_citations", {"text": text, "as_of": AFTER}),
        ("verify_citations", {"text": text, "as_of": AFTER, "with_penalties": True}),
    ])
    assert payload(plain)["citations"][0]["penalties"] is None
    assert [(p["doc_id"], p["article_number"]) for p in payload(asked)["citations"][0]["penalties"]] == [("dsl", 46)]
