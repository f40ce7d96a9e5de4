"""The diff of two versions on the real Cybersecurity Law (2016 and the 2025 amendment): one row
per article, renumbering that agrees with verify's, every changed text named, changed words marked."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from policykb.citations.diff import diff_versions, resolve_versions
from policykb.errors import PolicyKBError
from policykb.interfaces.cli import main

pytestmark = pytest.mark.needs_corpus
_SPACE = re.compile(r"\s+")


@pytest.fixture(scope="module")
def csl_diff(retriever):
    return diff_versions(retriever, "csl-2016", "csl-2025")


def articles(retriever, doc_id):
    return {h.article_number: h for h in retriever.articles_of(doc_id) if h.kind == "article"}


def test_one_row_per_article_of_either_version(retriever, csl_diff):
    old, new = articles(retriever, "csl-2016"), articles(retriever, "csl-2025")
    assert sorted(r.old for r in csl_diff.articles if r.old) == sorted(old)
    assert sorted(r.new for r in csl_diff.articles if r.new) == sorted(new)
    assert all((r.old is None) == (r.change == "added") and (r.new is None) == (r.change == "removed")
               for r in csl_diff.articles)
    news = [r.new for r in csl_diff.articles if r.new]
    assert news == sorted(news)  # in the new version's order


def test_renumbering_agrees_with_verify(retriever, csl_diff):
    pairs = {r.old: r.new for r in csl_diff.articles if r.old and r.new}
    assert pairs[21] == 23 and pairs[59] == 61
    row = next(r for r in csl_diff.articles if r.old == 21)
    assert row.renumbered and row.old_citation.endswith("第二十一条") and row.new_citation.endswith("第二十三条")
    alignment = retriever.alignments.between("csl-2016", "csl-2025")  # what verify and the notes use
    assert alignment and all(pairs[int(old)] == int(new) for old, (new, _, _) in alignment.items())


def test_every_changed_text_is_named_and_marked(retriever, csl_diff):
    old, new = articles(retriever, "csl-2016"), articles(retriever, "csl-2025")
    for row in csl_diff.articles:
        if row.old and row.new:
            differs = _SPACE.sub("", old[row.old].text) != _SPACE.sub("", new[row.new].text)
            assert (row.change == "changed") == differs, row
            if differs:
                kept = "".join(t for op, t in row.marks if op != "+")
                assert kept == old[row.old].text and "".join(t for op, t in row.marks if op != "-") == new[row.new].text
    # the fine for not protecting a network: 2016 Art. 59 gave a warning; 2025 Art. 61 adds a fine
    fine = next(r for r in csl_diff.articles if r.old == 59)
    assert fine.change == "changed" and not fine.typographic
    assert ["+", "，可以处一万元以上五万元以下罚款"] in fine.marks
    counts = csl_diff.counts
    assert counts["added"] >= 3 and counts["changed"] >= 10 and counts["renumbered"] > 50


def test_cli_diff_by_ids_and_by_name_and_dates(built_index):
    runner = CliRunner()
    by_ids = runner.invoke(main, ["diff", "csl-2016", "csl-2025", "--json", "--index", str(built_index)])
    assert by_ids.exit_code == 0, by_ids.output
    data = json.loads(by_ids.output)
    assert (data["old"], data["new"]) == ("csl-2016", "csl-2025")
    row = next(a for a in data["articles"] if a["old"] == 21)
    assert (row["new"], row["change"], row["renumbered"]) == (23, "changed", True)
    by_dates = runner.invoke(main, ["diff", "网络安全法", "2025-06-01", "2026-06-01", "--json",
                                    "--index", str(built_index)])
    assert json.loads(by_dates.output)["articles"] == data["articles"]
    text = runner.invoke(main, ["diff", "csl-2016", "csl-2025", "--index", str(built_index)]).output
    assert "59 → 61" in text and "{+，可以处一万元以上五万元以下罚款+}" in text
    wrong = runner.invoke(main, ["diff", "csl-2016", "pipl", "--index", str(built_index)])
    assert wrong.exit_code == 1 and "not versions of one instrument" in wrong.output


def test_bad_requests_say_why(retriever):
    for args in (("csl-2025", "csl-2025"), ("网络安全法", "2025-13-01", "2026-06-01"), ("不存在法", "csl-2025")):
        with pytest.raises(PolicyKBError):
            resolve_versions(retriever, *args)
