"""The two BM25 fields (jieba words, character bigrams) on real files on disk."""

import os
import subprocess
import sys
from pathlib import Path

import bm25s
import numpy as np
import pytest

from policykb.errors import IndexIncompatible
from policykb.index.lexical import LexicalIndex, bigrams, tokenizer

TEXTS = [
    "出租人应当按照约定将租赁物交付承租人，并在租赁期限内保持租赁物符合约定的用途。",
    "网络运营者收集、使用个人信息，应当遵循合法、正当、必要的原则。",
    "国家网信部门负责统筹协调网络安全工作和相关监督管理工作。",
]


def test_bigrams_pair_each_run_of_chinese_and_keep_a_lone_character() -> None:
    assert bigrams("出租人") == ["出租", "租人"]
    assert bigrams("PIPL 第13条 罚") == ["第", "条", "罚"]
    assert bigrams("data only") == []


def test_both_fields_survive_a_save_and_load(tmp_path: Path) -> None:
    built = LexicalIndex.build(TEXTS)
    built.save(tmp_path)
    assert {p.name for p in tmp_path.iterdir()} == {"words", "bigrams"}
    loaded = LexicalIndex.load(tmp_path)
    for query in ("租赁物交付", "网信办负责什么"):
        before, after = built.scores(query), loaded.scores(query)
        np.testing.assert_allclose(before.words, after.words)
        np.testing.assert_allclose(before.bigrams, after.bigrams)


def test_bigrams_match_where_the_words_do_not() -> None:
    index = LexicalIndex.build(TEXTS)
    # jieba keeps 网信部 (short for 网信部门) as one word that no text contains; its pairs
    # 网信 and 信部 are in the third text.
    scores = index.scores("网信部")
    assert scores.words.max() == 0
    assert int(np.argmax(scores.bigrams)) == 2 and scores.bigrams[[0, 1]].max() == 0


def test_an_index_from_before_the_bigram_field_asks_for_a_rebuild(tmp_path: Path) -> None:
    LexicalIndex.build(TEXTS).save(tmp_path)
    (tmp_path / "bigrams").rename(tmp_path / "old")
    with pytest.raises(IndexIncompatible, match="rebuild"):
        LexicalIndex.load(tmp_path)


def test_scores_are_those_of_plain_bm25_over_the_same_tokens() -> None:
    index = LexicalIndex.build(TEXTS)
    for field, analyse in (("words", tokenizer()), ("bigrams", bigrams)):
        plain = bm25s.BM25(k1=1.2, b=0.75, method="lucene")
        plain.index([analyse(t) for t in TEXTS], show_progress=False)
        query = [t for t in analyse("承租人的租赁期限和个人信息") if t in plain.vocab_dict]
        np.testing.assert_allclose(getattr(index.scores("承租人的租赁期限和个人信息"), field),
                                   plain.get_scores(query), rtol=1e-6)


def test_the_same_texts_give_the_same_files_whatever_the_hash_seed(tmp_path: Path) -> None:
    code = ("import sys; from pathlib import Path; from policykb.index.lexical import LexicalIndex; "
            f"LexicalIndex.build({TEXTS!r}).save(Path(sys.argv[1]))")
    for seed in (1, 2, 3):
        (tmp_path / str(seed)).mkdir()
        subprocess.run([sys.executable, "-c", code, str(tmp_path / str(seed))], check=True,
                       env=os.environ | {"PYTHONHASHSEED": str(seed)})

    def files(folder: Path) -> dict[str, bytes]:
        return {str(f.relative_to(folder)): f.read_bytes() for f in sorted(folder.rglob("*")) if f.is_file()}

    first = files(tmp_path / "1")
    assert first and all(files(tmp_path / str(seed)) == first for seed in (2, 3))


def test_jieba_caches_its_dictionary_in_this_users_own_folder(tmp_path: Path) -> None:
    # Not /tmp/jieba.cache, which another user may own or have written.
    code = "from policykb.index.lexical import tokenizer; print(tokenizer()('网络安全等级保护'))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            env=os.environ | {"XDG_CACHE_HOME": str(tmp_path)})
    assert "网络安全" in result.stdout and "Traceback" not in result.stderr
    assert (tmp_path / "policykb" / "jieba.cache").is_file()
