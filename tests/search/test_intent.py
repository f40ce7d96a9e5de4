"""What a question asks for changes which articles answer it: a sanction (the penalty article the
provision graph links to the duty), a definition (the article that defines the term), and national
law unless the question names a place whose local regulation it means."""

from __future__ import annotations

import shutil
from dataclasses import replace

import pytest

from policykb.catalog import Catalog
from policykb.corpus import load_corpus
from policykb.search.fusion import FusionWeights
from policykb.search.intent import asks_definition, asks_penalty, defines_terms, place_names
from policykb.search.plan import QueryReader

NO_INTENT = FusionWeights(penalty_link=None, penalty_article=0.0, definition=0.0, local=0.0)


@pytest.mark.parametrize("question", [
    "重要数据处理者不做风险评估会被罚多少？", "电商平台不提供非个性化选项，会被怎么处罚？",
    "违反个人信息保护法要承担什么法律责任？", "会被追究刑事责任吗", "把银行卡借给别人用，被查到会怎么样？",
    "What fines does the DSL set?", "Can we be fined for this?", "What is the maximum penalty?",
    "Are we liable if a user uploads illegal content?", "What happens if we don't file the algorithm?",
    "What are the consequences of missing the deadline?", "Could the operator be punished?",
    "违反数据安全法的规定要承担什么责任？", "What do we risk if we skip the assessment?",
])
def test_questions_about_sanctions(question):
    assert asks_penalty(question)


@pytest.mark.parametrize("question", [
    # civil liability is a rule, not a sanction
    "我被动物咬伤了，应该找谁承担责任？", "可以追究学校赔偿责任吗？",
    "What happens if an individual withdraws consent?", "如果个人撤回同意会怎么样？",
    "Is it fine to keep logs for a year?", "How do we define the scope of important data?",
    "Must a personal information handler appoint a person in charge?", "个人信息出境需要单独同意吗？",
    # fine-grained, fine-tuned: adjectives, not a fine
    "Do we need a fine-grained consent for each purpose?", "Must a fine-tuned model be filed again?",
    "Is the fine-tuning data subject to labelling?",
])
def test_questions_not_about_sanctions(question):
    assert not asks_penalty(question)


@pytest.mark.parametrize("question,expected", [
    ("什么是敏感个人信息？", True), ("个人信息是指什么", True), ("人脸信息属于敏感个人信息吗？", True),
    ("这类数据是否属于重要数据", True),
    ("What counts as important data?", True), ("What does de-identification mean?", True),
    ("Does a VPN qualify as a network product?", True), ("What is the definition of a minor?", True),
    ("个人信息出境需要单独同意吗？", False), ("How long must logs be kept?", False),
    ("How is important data defined?", True), ("What is defined as a minor?", True),
    # a purpose that is clearly defined, a label users define themselves: no term asked about
    ("Must the purpose be clearly defined before collecting personal information?", False),
    ("Is a well-defined retention period required?", False), ("平台可以让用户自定义推荐标签吗？", False),
])
def test_questions_about_meaning(question, expected):
    assert asks_definition(question) is expected


def test_articles_that_define_terms():
    assert defines_terms("本法所称个人信息处理者，是指在个人信息处理活动中自主决定处理目的、处理方式的组织、个人。")
    assert defines_terms("本法下列用语的含义：（一）自动化决策，……")
    assert not defines_terms("个人信息处理者应当对其个人信息处理活动负责，并采取必要措施保障所处理的个人信息的安全。")


@pytest.fixture(scope="module")
def instruments(cyber_dir):
    return [d.instrument for d in load_corpus([cyber_dir]).documents]


def test_places_come_from_local_titles_in_both_languages(instruments):
    from policykb.lang.lexicon import english_name

    by_id = {i.id: i for i in instruments}
    assert place_names(by_id["shenzhen-data-regulation"], english_name) == {"深圳", "shenzhen"}
    assert place_names(by_id["shanghai-data-regulation"], english_name) == {"上海", "shanghai"}
    assert place_names(by_id["shanghai-data-regulation"]) == {"上海"}
    assert place_names(by_id["pipl"], english_name) == set()  # national scope: no place


def test_a_question_brings_local_rules_into_scope_by_place_or_name(instruments):
    reader = QueryReader(Catalog(instruments))
    shenzhen = {"shenzhen-data-regulation", "shenzhen-ai-industry-regulation"}
    assert reader.read("在深圳，个人信息处理者应当告知哪些事项？").local_scope == shenzhen
    assert reader.read("What must a data handler in Shenzhen tell its users?").local_scope == shenzhen
    assert reader.read("Under Shanghai rules, what must a handler tell individuals?").local_scope == {
        "shanghai-data-regulation"}
    assert reader.read("《上海市数据条例》对公共数据有什么规定？").local_scope == {"shanghai-data-regulation"}
    assert reader.read("个人信息处理者应当告知哪些事项？").local_scope == frozenset()
    assert reader.read("What must a handler tell individuals?").local_scope == frozenset()


def test_a_question_about_what_a_penalty_is_is_a_definition(instruments):
    plan = QueryReader(Catalog(instruments)).read("什么是行政处罚？")
    assert plan.asks_definition and not plan.asks_penalty


def _ranked(retriever, question, weights):
    saved, retriever.weights = retriever.weights, weights
    try:
        return [f"{h.doc_id}:{h.article}" for h in retriever.search(question, k=10)]
    finally:
        retriever.weights = saved


def test_a_question_about_a_sanction_gets_the_penalty_article_of_its_duty(retriever):
    # DSL Art. 30 (risk assessment reports) is punished by Art. 45, linked in the provision graph.
    question = "重要数据处理者没有按规定报送风险评估报告，会被罚多少钱？"
    hits = _ranked(retriever, question, FusionWeights())
    assert hits[0] == "dsl:第四十五条"
    assert hits.index("dsl:第四十五条") < hits.index("dsl:第三十条")
    assert _ranked(retriever, question, NO_INTENT)[0] == "dsl:第三十条"  # what the words alone find
    # the same duty asked about as a duty keeps the duty first
    assert _ranked(retriever, "重要数据处理者要按规定报送风险评估报告吗？", FusionWeights())[0] == "dsl:第三十条"
    # the hit says why it ranks there
    first = retriever.search(question, k=3)[0]
    assert first.scores["intent"] > 0 and {"dense", "lexical", "bigrams"} <= set(first.scores)
    assert all("intent" not in h.scores for h in retriever.search("重要数据处理者要按规定报送风险评估报告吗？", k=3))


def test_a_question_about_meaning_gets_the_defining_article(retriever):
    hits = _ranked(retriever, "What does de-identification mean?", FusionWeights())
    assert hits[0] == "pipl:第七十三条"


@pytest.fixture(scope="module")
def local_retriever(tmp_path_factory, cyber_dir):
    """A real index of the PIPL beside a local regulation that restates much of it."""
    from policykb import Retriever
    from policykb.index.build import build_index

    corpus = tmp_path_factory.mktemp("local-corpus")
    for doc_id in ("pipl", "shenzhen-data-regulation"):
        shutil.copy(cyber_dir / f"{doc_id}.md", corpus / f"{doc_id}.md")
    index = tmp_path_factory.mktemp("local-index")
    build_index([corpus], index, progress=False)
    return Retriever.load(index)


def test_national_law_first_unless_the_question_names_the_place(local_retriever):
    # Shenzhen's Art. 19 restates the PIPL's consent rule for biometric data in nearly its words.
    question = "收集人脸、指纹等生物识别信息需要单独同意吗？"
    words_alone = _ranked(local_retriever, question, replace(FusionWeights(), local=0.0))
    assert words_alone[0] == "shenzhen-data-regulation:第十九条"
    national = _ranked(local_retriever, question, FusionWeights())
    assert national[0].startswith("pipl:")
    assert "shenzhen-data-regulation:第十九条" in national[:3]  # moved down, not out of reach
    assert _ranked(local_retriever, "在深圳，" + question, FusionWeights())[0] == "shenzhen-data-regulation:第十九条"


def test_a_citation_alone_asks_for_nothing_its_article_says(retriever):
    # What follows a cited article reads like its text, but the text is the law's, not the
    # question's: the 罚款 of a penalty article or the 是指 of a definitions article asks for nothing.
    for citation in ("个保法第66条", "个保法第73条", "数据安全法第四十五条"):
        hits = retriever.search(citation, k=6)
        assert hits[0].match == "lookup"
        assert [h.scores.get("intent") for h in hits[1:]] == [None] * 5, citation


def test_a_cited_local_regulation_stays_in_scope_for_what_follows_it(local_retriever):
    hits = local_retriever.search("深圳经济特区数据条例第十九条", k=6)
    assert hits[0].match == "lookup" and hits[0].doc_id == "shenzhen-data-regulation"
    assert all(h.scores.get("intent") is None for h in hits[1:])


@pytest.mark.parametrize("question,as_of,expected", [
    ("DSL Art. 30 — what fine if we breach it?", None, "dsl:第四十五条"),
    ("网络安全法第二十一条 违反了怎么处罚？", "2020-01-01", "csl-2016:第五十九条"),
])
def test_a_cited_duty_asked_about_as_a_sanction_is_followed_by_its_penalty_article(retriever, question, as_of,
                                                                                  expected):
    hits = retriever.search(question, k=5, as_of=as_of)
    assert hits[0].match == "lookup"
    assert f"{hits[1].doc_id}:{hits[1].article}" == expected
    assert (hits[1].doc_id, hits[1].article_number) in {(p["doc_id"], p["article_number"]) for p in hits[0].penalties}
    assert hits[1].scores["intent"] > 0


@pytest.mark.parametrize("filters", [
    {"as_of": "2020-01-01"}, {"instrument": "csl-2016"}, {"instrument": ["pipl", "dsl"]}, {"level": "law"},
    {"level": "administrative_regulation"}, {"in_force_only": True, "as_of": "2024-01-01"},
    {"include_superseded": True}, {"status": "amended", "as_of": "2026-06-01"},
])
def test_a_penalty_article_the_graph_brings_in_keeps_to_the_filters(retriever, filters):
    from policykb.search.filters import Filters

    allowed = Filters.of(**filters).allowed(retriever.catalog)
    for question in ("网络运营者不履行安全保护义务会被怎么罚？", "网络安全法第二十一条 违反了怎么处罚？",
                     "What fine for not reporting the risk assessment of important data?"):
        for k in (1, 100):
            hits = retriever.search(question, k=k, **filters)
            assert len(hits) <= k and {h.doc_id for h in hits} <= allowed, (question, filters)


@pytest.mark.parametrize("filters", [{"instrument": "shenzhen-data-regulation"}, {"instrument": "深圳数据条例"},
                                     {"level": "local_regulation"}, {"issuer": "深圳市"}])
def test_a_local_regulation_the_filters_choose_is_in_scope(local_retriever, filters):
    hits = local_retriever.search("收集人脸、指纹等生物识别信息需要单独同意吗？", k=5, **filters)
    assert hits and {h.doc_id for h in hits} == {"shenzhen-data-regulation"}
    assert all("intent" not in h.scores for h in hits)  # nothing moved it out of scope


def test_filters_that_choose_a_local_regulation_beside_national_law_rank_them_on_their_words(local_retriever):
    question = "收集人脸、指纹等生物识别信息需要单独同意吗？"
    both = local_retriever.search(question, k=3, instrument=["pipl", "shenzhen-data-regulation"])
    assert f"{both[0].doc_id}:{both[0].article}" == "shenzhen-data-regulation:第十九条"
    # without the filter it is out of scope as before
    assert local_retriever.search(question, k=3)[0].doc_id == "pipl"


@pytest.mark.parametrize("question", [
    "Shenzhen的数据处理者应当告知哪些事项？", "SHENZHEN: what must a handler tell users?",
    "Shenzhen's rules on biometric data", "在Shenzhen收集人脸信息需要单独同意吗"])
def test_an_english_place_name_brings_its_local_rules_into_scope_in_any_question(instruments, question):
    reader = QueryReader(Catalog(instruments))
    assert reader.read(question).local_scope == {"shenzhen-data-regulation", "shenzhen-ai-industry-regulation"}


@pytest.fixture(scope="module")
def sanction_named_laws(cyber_dir, tmp_path_factory):
    """Real national laws whose titles hold a sanction word: 行政处罚法, 治安管理处罚法, 反外国制裁法."""
    folder = tmp_path_factory.mktemp("national")
    for name in ("nl-a0d4c8097152", "nl-aa8d8d35ce17", "nl-117cdbf32037"):
        shutil.copy(cyber_dir.parent / "national" / f"{name}.md", folder / f"{name}.md")
    return [d.instrument for d in load_corpus([folder]).documents]


@pytest.mark.parametrize(("question", "penalty"), [
    ("治安管理处罚法适用于哪些行为？", False), ("行政处罚法的立法目的是什么", False),
    ("反外国制裁法规定了哪些反制措施？", False),
    ("违反治安管理处罚法会被怎么罚？", True), ("行政处罚法对不按时缴纳罚款有什么后果", True),
])
def test_a_sanction_word_in_a_named_law_is_no_sanction_question(sanction_named_laws, question, penalty):
    assert QueryReader(Catalog(sanction_named_laws)).read(question).asks_penalty is penalty
