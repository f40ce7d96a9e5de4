"""The tuning question sets (benchmarks/tuning/*.jsonl) cite real articles of the shared corpus.

A gold citation that names a missing instrument or article silently scores as a miss in
benchmarks/eval_quality.py, so a typo would read as a ranking problem; this catches it here.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest
import yaml
from conftest import CORPUS, REPO

from policykb.corpus.markdown import split_front_matter

pytestmark = pytest.mark.needs_corpus

TUNING = REPO / "benchmarks" / "tuning"
SETS = sorted(TUNING.glob("*.jsonl"))
REQUIRED = {"qid", "query", "lang", "type", "split", "gold"}
CJK = re.compile(r"[\u4e00-\u9fff]")
ARTICLE = re.compile(r"第[零〇一二三四五六七八九十百千]+条(之[一二三四五六七八九十]+)?")


def _entries(path: Path) -> list[dict]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [json.loads(line) for line in lines]


@cache
def _instrument(doc_id: str) -> tuple[dict, str] | None:
    """(front-matter, body) of the corpus file whose id is doc_id, or None."""
    for tier in ("cyber", "national"):
        path = CORPUS / tier / f"{doc_id}.md"
        if path.is_file():
            source, body = split_front_matter(path.read_text(encoding="utf-8"))
            return yaml.safe_load(source or "") or {}, body
    return None


def _citation_problems(qid: str, ref: dict) -> list[str]:
    found = _instrument(ref.get("doc_id", ""))
    if found is None:
        return [f"{qid}: no corpus file for doc_id {ref.get('doc_id')!r}"]
    meta, body = found
    problems = []
    if meta.get("id") != ref["doc_id"]:
        problems.append(f"{qid}: front-matter id of {ref['doc_id']} is {meta.get('id')!r}")
    if ref.get("title") and ref["title"] != meta.get("title"):
        problems.append(f"{qid}: title {ref['title']!r} is not {meta.get('title')!r}")
    article = ref.get("article", "")
    if not ARTICLE.fullmatch(article):
        problems.append(f"{qid}: {article!r} is not an article label")
    elif not re.search(rf"^{re.escape(article)}[ \u3000]", body, re.MULTILINE):
        problems.append(f"{qid}: {ref['doc_id']} has no article {article}")
    return problems


def test_there_are_tuning_sets():
    assert SETS, f"no question sets under {TUNING}"


def test_qids_are_unique_across_all_tuning_sets():
    seen: dict[str, str] = {}
    clashes = []
    for path in SETS:
        for entry in _entries(path):
            if entry["qid"] in seen:
                clashes.append(f"{entry['qid']} in {seen[entry['qid']]} and {path.name}")
            seen[entry["qid"]] = path.name
    assert not clashes, clashes


@pytest.mark.parametrize("path", SETS, ids=lambda path: path.name)
def test_entries_are_well_formed(path):
    problems = []
    for entry in _entries(path):
        qid = entry.get("qid", "?")
        if missing := REQUIRED - entry.keys():
            problems.append(f"{qid}: missing {sorted(missing)}")
            continue
        if entry["split"] != "tuning":
            problems.append(f"{qid}: split is {entry['split']!r}")
        if entry["lang"] not in ("en", "zh"):
            problems.append(f"{qid}: lang is {entry['lang']!r}")
        elif (entry["lang"] == "zh") != bool(CJK.search(entry["query"])):
            problems.append(f"{qid}: a {entry['lang']} query {'without' if entry['lang'] == 'zh' else 'with'} Chinese")
        if not entry["gold"]:
            problems.append(f"{qid}: no gold article")
        gold = {(ref.get("doc_id"), ref.get("article")) for ref in entry["gold"]}
        also = {(ref.get("doc_id"), ref.get("article")) for ref in entry.get("also_relevant", [])}
        if gold & also:
            problems.append(f"{qid}: {sorted(gold & also)} both gold and also_relevant")
        if entry["type"] == "cross_instrument" and len({doc for doc, _ in gold}) < 2:
            problems.append(f"{qid}: a cross_instrument question with gold in one instrument")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", SETS, ids=lambda path: path.name)
def test_every_citation_is_a_real_article(path):
    problems = []
    for entry in _entries(path):
        for ref in [*entry["gold"], *entry.get("also_relevant", [])]:
            problems += _citation_problems(entry["qid"], ref)
    assert not problems, "\n".join(problems)
