"""The LangChain retriever inside a real LangChain runnable chain (no LLM): the documents
carry the article text and the citation metadata a prompt needs."""

from __future__ import annotations

import pytest

pytest.importorskip("langchain_core")

from langchain_core.runnables import RunnableLambda, RunnablePassthrough

from policykb.interfaces.langchain_retriever import PolicyKBRetriever

AFTER = "2026-06-01"


@pytest.fixture(scope="module")
def lc_retriever(retriever) -> PolicyKBRetriever:
    return PolicyKBRetriever(retriever=retriever, k=3, search_kwargs={"as_of": AFTER})


def format_docs(docs) -> str:
    return "\n\n".join(f"[{d.metadata['citation']}] {d.page_content}" for d in docs)


def test_documents_carry_citation_metadata(lc_retriever, retriever):
    docs = lc_retriever.invoke("PIPL Art. 13")
    assert len(docs) == 3
    first = docs[0]
    assert first.page_content.startswith("符合下列情形之一的，个人信息处理者方可处理个人信息")
    meta = first.metadata
    assert (meta["doc_id"], meta["article"], meta["article_number"]) == ("pipl", "第十三条", 13)
    assert (meta["citation"], meta["citation_en"]) == ("《个人信息保护法》第十三条", "PIPL Art. 13")
    assert (meta["status"], meta["in_force"], meta["title"]) == ("in_force", True, "中华人民共和国个人信息保护法")
    assert first.id == "pipl#第十三条"
    hits = retriever.search("PIPL Art. 13", k=3, as_of=AFTER)
    assert [d.metadata["citation"] for d in docs] == [h.citation for h in hits]


def test_inside_a_runnable_chain(lc_retriever):
    chain = {"context": lc_retriever | RunnableLambda(format_docs), "question": RunnablePassthrough()} | RunnableLambda(
        lambda x: f"Context:\n{x['context']}\n\nQuestion: {x['question']}")
    prompt = chain.invoke("网络运营者的网络安全等级保护义务是什么")
    assert prompt.startswith("Context:\n[《")
    assert "《网络安全法》（2025年修正）第二十三条" in prompt
    assert prompt.endswith("Question: 网络运营者的网络安全等级保护义务是什么")


def test_filters_and_batch(retriever):
    old_law = PolicyKBRetriever(retriever=retriever, k=2,
                                search_kwargs={"instrument": "网络安全法", "as_of": "2025-06-01"})
    batches = old_law.batch(["网络安全等级保护", "关键信息基础设施"])
    assert [len(docs) for docs in batches] == [2, 2]
    assert {d.metadata["doc_id"] for docs in batches for d in docs} == {"csl-2016"}


def test_k_is_validated(retriever):
    with pytest.raises(ValueError, match="k"):
        PolicyKBRetriever(retriever=retriever, k=0)
