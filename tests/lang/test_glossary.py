"""The glossaries that bring questions closer to statutory words."""

import os
import subprocess
import sys

from policykb.lang.glossary import chinese_terms, is_english, statutory_terms
from policykb.search.plan import QueryReader


def test_english_phrases_become_chinese_statutory_terms(retriever):
    # the glossary alone, then through the lexicon (glossary, titles and dictionary) of a real index
    assert chinese_terms("Do we need separate consent to send personal information abroad?")[:3] == [
        "单独同意", "个人信息", "境外"]
    lexicon = retriever.reader.lexicon
    # inflections and the longest phrase win: "fines" is "fine", CII is the whole term
    terms = lexicon.chinese_terms("What fines apply if a CII operator refuses a security inspection?")
    assert {"罚款", "关键信息基础设施", "运营者", "拒不", "安全检查"} <= set(terms)
    assert chinese_terms("the quick brown fox") == []


def test_the_exact_word_wins_over_its_stem_in_every_process():
    # "duties" has an entry of its own and, stemmed, matches "duty": the exact form must win,
    # whatever order Python's hash seed gives to sets in that process.
    query = "failing basic data security duties like risk monitoring"
    code = f"from policykb.lang.glossary import chinese_terms; print(chinese_terms({query!r}))"
    outputs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                              env=os.environ | {"PYTHONHASHSEED": str(seed)}).stdout for seed in range(6)}
    assert len(outputs) == 1
    assert chinese_terms(query) == ["义务", "职责", "风险监测"]  # data security: the titles give it


def test_everyday_chinese_gets_statutory_words():
    assert statutory_terms("房东不退押金怎么办") == ["出租人", "担保"]
    assert statutory_terms("拖欠工资去哪里投诉")[:1] == ["拖欠劳动报酬"]  # longest everyday word first
    assert statutory_terms("侮辱他人的法律责任") == []  # already in statutory words
    assert statutory_terms("个人信息出境需要单独同意吗") == ["境外", "提供"]  # statutes say 向境外提供


def test_language_detection():
    assert is_english("PIPL consent rules")
    assert not is_english("个人信息 PIPL")
    assert not is_english("第38条")


def test_query_plan_carries_the_added_terms(retriever):
    reader = retriever.reader
    plan = reader.read("What does the DSL say about important data catalogues?")
    assert plan.english and "重要数据" in plan.dense_text and "目录" in plan.lexical_text  # 目录: the dictionary's
    assert QueryReader(retriever.catalog).read("important data").lexical_text.endswith("重要数据")  # glossary alone
    assert plan.named >= {"dsl"}
    plan = reader.read("网上被人辱骂造谣，能告他吗")
    assert not plan.english and "侮辱" in plan.lexical_text and "诽谤" in plan.lexical_text
    plan = reader.read("2016年网络安全法对日志留存的规定")
    assert plan.versions == {"csl-2016"}
