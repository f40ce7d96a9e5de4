"""Citation verification against the real session index (csl-2016, csl-2025, pipl, dsl, …),
through the library and through `policykb verify`.

The day is always given: on 2026-06-01 the 2025 amendment of the Cybersecurity Law is in
force and the 2016 text is superseded; on 2025-06-01 the 2016 text is the one in force.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from policykb.citations.verify import CitationVerifier
from policykb.interfaces.cli import main

AFTER, BEFORE = "2026-06-01", "2025-06-01"

DRAFT = (
    "依据《个人信息保护法》第十三条第一款第（二）项和数据安全法第21条，以及 PIPL Art. 38 和 Article 21 of the DSL，"
    "处理者还应遵守《网络安全法》（2016年）第二十一条与 CSL (2016) Art. 79。"
    "另见《数据出境法》第3条、个保法第99条、Article 5 of the Data Export Law 和个保法第十三条第三款。"
)


@pytest.fixture(scope="module")
def verifier(retriever) -> CitationVerifier:
    return CitationVerifier(retriever)


def test_a_draft_mixing_every_outcome(verifier):
    checks = verifier.verify(DRAFT, as_of=AFTER)
    assert [(c.citation, c.status, c.doc_id, c.article_number) for c in checks] == [
        ("《个人信息保护法》第十三条第一款第（二）项", "found", "pipl", 13),
        ("数据安全法第21条", "found", "dsl", 21),
        ("PIPL Art. 38", "found", "pipl", 38),
        ("Article 21 of the DSL", "found", "dsl", 21),
        ("《网络安全法》（2016年）第二十一条", "superseded", "csl-2016", 21),
        ("CSL (2016) Art. 79", "superseded", "csl-2016", 79),
        ("《数据出境法》第3条", "unknown_instrument", None, 3),
        ("个保法第99条", "no_such_article", "pipl", 99),
        ("Article 5 of the Data Export Law", "unknown_instrument", None, 5),
        ("个保法第十三条第三款", "no_such_article", "pipl", 13),
    ]
    for check in checks:
        assert DRAFT[check.start:check.end].strip() == check.citation


def test_found_citations_carry_the_article_and_the_cited_item(verifier):
    check = verifier.verify("《个人信息保护法》第十三条第一款第（二）项", as_of=AFTER)[0]
    assert check.title == "中华人民共和国个人信息保护法"
    assert check.text.startswith("符合下列情形之一的，个人信息处理者方可处理个人信息")
    assert check.passage.startswith("（二）为订立、履行个人作为一方当事人的合同所必需")
    assert check.reference == "《个人信息保护法》第十三条第一款第二项"
    assert check.reference_en == "PIPL Art. 13(1)(ii)"


def test_a_superseded_article_points_to_its_current_counterpart(verifier):
    renumbered, identical = verifier.verify("《网络安全法》（2016年）第二十一条；CSL (2016) Art. 79", as_of=AFTER)
    # The 2025 amendment inserted articles: 等级保护 moved from 21 to 23, with small edits.
    assert renumbered.text.startswith("国家实行网络安全等级保护制度")
    assert renumbered.instrument_status == "amended"
    assert (renumbered.current.doc_id, renumbered.current.article_number) == ("csl-2025", 23)
    assert renumbered.current.match == "similar_text" and renumbered.current.similarity >= 0.9
    assert "similar text" in renumbered.note and "check it" in renumbered.note
    assert (identical.current.article_number, identical.current.match) == (81, "identical_text")


def test_an_article_that_gained_a_paragraph_still_has_its_counterpart(verifier):
    # 2016 Art. 40 survives word for word as the first paragraph of 2025 Art. 42.
    [kept] = verifier.verify("《网络安全法》（2016年）第四十条", as_of=AFTER)
    assert (kept.current.article_number, kept.current.match, kept.current.similarity) == (42, "similar_text", 1.0)


def test_no_two_old_articles_point_to_one_current_article(verifier):
    text = "；".join(f"《网络安全法》（2016年）第{n}条" for n in range(1, 80))
    currents = [c.current.article_number for c in verifier.verify(text, as_of=AFTER) if c.current]
    assert len(currents) > 60 and len(currents) == len(set(currents))


def test_the_day_decides_which_version_a_plain_name_means(verifier):
    before = verifier.verify("《网络安全法》第二十一条", as_of=BEFORE)[0]
    assert (before.status, before.doc_id, before.text[:6]) == ("found", "csl-2016", "国家实行网络")
    after = verifier.verify("《网络安全法》第二十一条", as_of=AFTER)[0]
    assert (after.status, after.doc_id) == ("found", "csl-2025")
    # Never silently: the note names the choice and warns that the 2016 numbering differs.
    assert "taken as csl-2025" in after.note and "第二十三条 of csl-2025" in after.note
    old = verifier.verify("《网络安全法》（2016年）第二十一条", as_of=BEFORE)[0]
    assert old.status == "found" and old.current is None


def test_missing_paragraphs_and_items_are_named(verifier):
    paragraph, item = verifier.verify("个保法第十三条第三款，个保法第十三条第一款第八项", as_of=AFTER)
    assert paragraph.status == item.status == "no_such_article"
    assert "2 paragraph(s)" in paragraph.note and "第三款" in paragraph.note
    assert "7 item(s)" in item.note and "第八项" in item.note


def test_a_year_before_any_version_is_not_guessed(verifier):
    check = verifier.verify("2010年《网络安全法》第二十一条", as_of=AFTER)[0]
    assert check.status == "unknown_instrument" and check.doc_id is None
    assert "2016 (csl-2016)" in check.note


def test_every_citation_the_index_writes_verifies(retriever, verifier):
    """Round trip: each article's own Chinese and English citation verifies to that article."""
    checked = 0
    for instrument in retriever.instruments():
        for hit in retriever.articles_of(instrument.id, as_of=AFTER):
            if hit.kind not in ("article", "item") or not hit.article_number:
                continue
            for citation in filter(None, (hit.citation, hit.citation_en)):
                [check] = verifier.verify(citation, as_of=AFTER)
                expected = "superseded" if hit.doc_id == "csl-2016" else "found"
                assert (check.status, check.doc_id, check.article_number) == (
                    expected, hit.doc_id, hit.article_number), citation
                checked += 1
    assert checked > 800


def test_text_without_citations_gives_an_empty_list(verifier):
    assert verifier.verify("本办法自公布之日起施行。No citations here.", as_of=AFTER) == []


# -- the command --------------------------------------------------------------------------


def test_verify_command_json(built_index, tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    result = CliRunner().invoke(main, ["verify", "--json", "--as-of", AFTER, "--index", str(built_index), str(draft)])
    assert result.exit_code == 1, result.output  # not every citation is found
    checks = json.loads(result.stdout)
    assert [c["status"] for c in checks].count("superseded") == 2
    for check in checks:
        assert {"citation", "status", "doc_id", "article_number", "title", "text"} <= set(check)
    superseded = next(c for c in checks if c["status"] == "superseded")
    assert superseded["current"]["citation"] == "《网络安全法》（2025年修正）第二十三条"


def test_verify_command_reads_stdin_and_reads_like_a_report(built_index):
    result = subprocess.run(
        [sys.executable, "-m", "policykb", "verify", "--as-of", AFTER, "--index", str(built_index), "-"],
        input="PIPL Art. 13 与数据安全法第21条".encode(), capture_output=True, timeout=300)
    assert result.returncode == 0, result.stderr.decode()
    out = result.stdout.decode()
    assert "《个人信息保护法》第十三条" in out and "《数据安全法》第二十一条" in out
    assert out.strip().endswith("2 citations: 2 found")


def test_verify_command_rejects_binary_input(built_index, tmp_path):
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"\xff\xfe\x00\x81" * 10)
    result = CliRunner().invoke(main, ["verify", "--index", str(built_index), str(junk)])
    assert result.exit_code == 1
    assert "not UTF-8 or GB18030" in result.output


@pytest.mark.parametrize("citation", ["个保法第0条", "个保法第零条", "PIPL Art. 0"])
def test_verify_command_reports_article_zero(built_index, citation):
    result = CliRunner().invoke(main, ["verify", "--json", "--as-of", AFTER, "--index", str(built_index), "-"],
                                input=citation)
    assert result.exit_code == 1, result.output
    [check] = json.loads(result.stdout)
    assert (check["citation"], check["status"], check["doc_id"], check["article_number"]) == (
        citation, "no_such_article", "pipl", 0)
    assert "numbered from 1" in check["note"]


def test_verify_command_reads_a_bare_year_after_an_english_name(built_index):
    result = CliRunner().invoke(main, ["verify", "--json", "--as-of", BEFORE, "--index", str(built_index), "-"],
                                input="CSL 2016 Art. 21; PIPL 2021 Article 13")
    assert result.exit_code == 0, result.output
    checks = json.loads(result.stdout)
    assert [(c["citation"], c["status"], c["doc_id"], c["article_number"]) for c in checks] == [
        ("CSL 2016 Art. 21", "found", "csl-2016", 21), ("PIPL 2021 Article 13", "found", "pipl", 13)]
    assert "2016 version" in checks[0]["note"]
    after = CliRunner().invoke(main, ["verify", "--json", "--as-of", AFTER, "--index", str(built_index), "-"],
                               input="CSL 2016 Art. 21")
    [check] = json.loads(after.stdout)
    assert (check["status"], check["doc_id"], check["current"]["article_number"]) == ("superseded", "csl-2016", 23)



def test_ranges_and_item_lists_are_checked_one_by_one(verifier):
    checks = verifier.verify("《个人信息保护法》第十三条第一款第（六）、（八）项；"
                             "《个人信息保护法》第七十三条至七十五条")
    assert [(c.status, c.citation) for c in checks] == [
        ("found", "《个人信息保护法》第十三条第一款第（六）、（八）项"), ("no_such_article", "第（八）项"),
        ("found", "《个人信息保护法》第七十三条"), ("found", "第七十四条"), ("no_such_article", "七十五条")]
