"""Instrument names as people write them, derived from the real catalogue: each derived short
name finds its instrument, in both languages and in article-first order; a short name that two
instruments share is reported as ambiguous, never resolved to one of them."""

from __future__ import annotations

import random
import re
from dataclasses import replace

import pytest

from policykb.catalog import Catalog, names_of, normalise_name
from policykb.citations.parser import CitationParser
from policykb.corpus import load_corpus
from policykb.errors import UnknownInstrument
from policykb.names import alternation, derived_names

DAY = "2026-06-01"


@pytest.fixture(scope="module")
def instruments(cyber_dir):
    return [d.instrument for d in load_corpus([cyber_dir]).documents]


@pytest.fixture(scope="module")
def bare(instruments):
    """The catalogue without its hand-written aliases: every short name below must be derived."""
    return Catalog([replace(i, aliases=()) for i in instruments])


def test_every_derived_name_finds_its_instrument(instruments):
    catalog = Catalog(instruments)
    checked = 0
    for instrument in instruments:
        for name in derived_names(instrument):
            ids = catalog.candidates(name)
            if instrument.id in ids:
                assert {catalog.versions(i) for i in ids} == {catalog.versions(instrument.id)}, name
                checked += 1
            else:  # a name another instrument really has is never taken from it
                assert any(normalise_name(name) in names_of(catalog.by_id[i]) for i in ids), name
    assert checked > 250


@pytest.mark.parametrize(("name", "doc_id"), [
    ("Generative AI Measures", "genai-interim-measures"),
    ("Interim Measures for Generative AI Services", "genai-interim-measures"),
    ("generative artificial intelligence measures", "genai-interim-measures"),
    ("CII Regulations", "cii-regulation"),
    ("Critical Information Infrastructure Regulations", "cii-regulation"),
    ("Network Data Security Regulations", "network-data-regulation"),
    ("PI Protection Compliance Audit Measures", "pi-compliance-audit-measures"),
    ("Deep Synthesis Provisions", "deep-synthesis-provisions"),
    ("Algorithmic Recommendation Provisions", "algorithm-recommendation-provisions"),
    ("Cross-Border Data Flow Provisions", "cross-border-data-flow-provisions"),
    ("Blockchain Information Services Provisions", "blockchain-info-service-provisions"),
    ("Interim Measures for the Management of Generative AI Services", "genai-interim-measures"),
    ("Generative AI Interim Measures", "genai-interim-measures"),
    ("Algorithm Recommendation Regulations", "algorithm-recommendation-provisions"),
    ("Deep Synthesis Rules", "deep-synthesis-provisions"),
    ("生成式AI办法", "genai-interim-measures"),
    ("生成式人工智能办法", "genai-interim-measures"),
    ("关基条例", "cii-regulation"),
    ("网安法", "csl-2025"),
    ("网络数据安全条例", "network-data-regulation"),
    ("国家网络安全事件报告办法", "cybersecurity-incident-reporting-measures"),
    ("互联网信息服务算法推荐规定", "algorithm-recommendation-provisions"),
    ("商用密码条例", "commercial-cryptography-regulation"),
    # the word orders and spellings of issue 15's forms (names.py)
    ("GenAI Measures", "genai-interim-measures"),
    ("CII Regulation", "cii-regulation"),
    ("Critical Information Infrastructure Protection Regulations", "cii-regulation"),
    ("CII Security Protection Regulations", "cii-regulation"),
    ("Network Data Regulations", "network-data-regulation"),
    ("Deep Synthesis Management Provisions", "deep-synthesis-provisions"),
    ("Internet Information Service Algorithmic Recommendation Management Provisions",
     "algorithm-recommendation-provisions"),
    ("Outbound Data Transfer Security Assessment Measures", "data-export-security-assessment-measures"),
    ("Cybersecurity Incident Reporting Measures", "cybersecurity-incident-reporting-measures"),
    ("Measures for Cybersecurity Review", "cybersecurity-review-measures"),
    ("Measures for Labeling AI-Generated Synthetic Content", "ai-content-labelling-measures"),
    ("Minors Protection Law", "minors-protection-law"),
    ("Minors Online Protection Regulations", "minors-online-protection-regulation"),
    ("PRC Personal Information Protection Law", "pipl"),
    ("China's Data Security Law", "dsl"),
    ("Cyber Security Law", "csl-2025"),
    ("Electronic Commerce Law", "ecommerce-law"),
    ("Shanghai Data Regulations", "shanghai-data-regulation"),
    ("Shenzhen Data Regulations", "shenzhen-data-regulation"),
    ("中国网络安全法", "csl-2025"),
    ("关键信息基础设施保护条例", "cii-regulation"),
    ("网络数据条例", "network-data-regulation"),
    ("Data Export Security Assessment Measures", "data-export-security-assessment-measures"),
    ("Provisions on Deep Synthesis", "deep-synthesis-provisions"),
    ("Gen AI Measures", "genai-interim-measures"),
])
def test_short_names_are_derived_without_aliases(bare, name, doc_id):
    import datetime as dt

    assert bare.resolve(name, dt.date.fromisoformat(DAY)).id == doc_id


@pytest.mark.parametrize(("text", "doc_id", "number"), [
    ("第三十八条 个人信息保护法", "pipl", 38),
    ("第十七条《生成式人工智能服务管理暂行办法》", "genai-interim-measures", 17),
    ("Art. 14 CII Regulations", "cii-regulation", 14),
    ("Article 17 of the Generative AI Measures", "genai-interim-measures", 17),
    ("Interim Measures for Generative AI Services Art. 12", "genai-interim-measures", 12),
    ("生成式AI办法第七条", "genai-interim-measures", 7),
])
def test_citations_in_the_forms_people_write(bare, text, doc_id, number):
    (mention,) = CitationParser(bare).find(text)
    assert doc_id in mention.doc_ids and mention.number == number and mention.text == text


def test_article_first_order_does_not_take_the_next_citations_name(bare):
    mentions = CitationParser(bare).find("网安法第二十一条 个人信息保护法第四条")
    assert [(m.name, m.number) for m in mentions] == [("网安法", 21), ("个人信息保护法", 4)]
    mentions = CitationParser(bare).find("第三十八条 个人信息保护法第四条")  # the name belongs to 第四条
    assert [(m.name, m.number) for m in mentions] == [("个人信息保护法", 4)]


@pytest.fixture(scope="module")
def twins(instruments):
    """The real Generative AI Measures and a second instrument whose short names are the same
    (a final version of the interim measures, say), plus the CII Regulations and a namesake."""
    genai = next(i for i in instruments if i.id == "genai-interim-measures")
    cii = next(i for i in instruments if i.id == "cii-regulation")
    final = replace(genai, id="genai-final-measures", title="生成式人工智能服务管理办法", aliases=(),
                    title_en="Measures for the Administration of Generative Artificial Intelligence Services")
    namesake = replace(cii, id="cii-management-regulation", title="关键信息基础设施管理条例", aliases=(),
                       title_en="Regulations on the Management of Critical Information Infrastructure")
    return Catalog([replace(genai, aliases=()), final, cii, namesake])


def test_a_short_name_two_instruments_share_is_ambiguous(twins):
    assert twins.candidates("生成式AI办法") == {"genai-interim-measures", "genai-final-measures"}
    assert twins.candidates("Generative AI Measures") == {"genai-interim-measures", "genai-final-measures"}
    with pytest.raises(UnknownInstrument, match="ambiguous"):
        twins.resolve("生成式AI办法")
    (mention,) = CitationParser(twins).find("生成式AI办法第十七条")
    assert set(mention.doc_ids) == {"genai-interim-measures", "genai-final-measures"}
    # each full title still names one
    assert twins.resolve("生成式人工智能服务管理暂行办法").id == "genai-interim-measures"
    assert twins.resolve("生成式人工智能服务管理办法").id == "genai-final-measures"


@pytest.mark.parametrize(("text", "meant"), [
    # names both twins derive: a note, never a guess
    ("GenAI Measures Art. 4", None),
    ("Article 17 of the Generative AI Services Management Measures", None),
    ("第十七条 生成式AI管理办法", None),
    ("“生成式AI办法”第十七条", None),
    ("CII Regulation Art. 2", None),
    ("关键信息基础设施条例第二条", None),
    # names only one of them derives stay exact
    ("Critical Information Infrastructure Protection Regulations Article 2", "cii-regulation"),
    ("关键信息基础设施保护条例第二条", "cii-regulation"),
    ("Article 2 of the CII Management Regulations", "cii-management-regulation"),
    ("Interim Generative AI Measures Art. 4", "genai-interim-measures"),
])
def test_the_forms_people_write_are_ambiguous_when_a_name_is_shared(twins, text, meant):
    import datetime as dt

    from policykb.citations.resolver import CitationResolver

    (mention,) = CitationParser(twins).find(text)
    resolution = CitationResolver(twins, lambda doc_id, key: None).resolve(mention, dt.date.fromisoformat(DAY))
    if meant is None:
        assert resolution.failure == "ambiguous" and "could mean several instruments" in resolution.reason
    else:
        assert resolution.instrument.id == meant


def test_a_derived_name_never_displaces_a_real_one(twins):
    # 关基条例 is an alias the CII Regulations really have; the namesake only derives it
    assert twins.candidates("关基条例") == {"cii-regulation"}


@pytest.mark.parametrize("seed", range(5))
def test_the_prefix_tree_matches_what_a_longest_first_alternation_does(seed):
    rng = random.Random(seed)
    pieces = ["网络", "安全", "法", "数据", "条例", "AI", "ai", "办法", "生成式", "x"]
    names = {"".join(rng.choice(pieces) for _ in range(rng.randint(1, 4))) for _ in range(30)}
    text = "".join(rng.choice([*pieces, "，", " "]) for _ in range(400))
    plain = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    assert re.findall(alternation(names), text) == re.findall(plain, text)
    assert re.findall(alternation(set()), text) == []


@pytest.fixture(scope="module")
def twin_index(tmp_path_factory, cyber_dir):
    """A real index of the Generative AI Measures and a namesake (the same text under another
    id and title), so that 生成式AI办法 could mean either."""
    from policykb.index.build import build_index

    corpus = tmp_path_factory.mktemp("twins")
    text = (cyber_dir / "genai-interim-measures.md").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^aliases: .*$", "aliases: []", text)  # its short names must be derived too
    (corpus / "genai-interim-measures.md").write_text(text, encoding="utf-8")
    front, body = text.split("\n---\n", 1)
    front = re.sub(r"(?m)^id: .*$", "id: genai-final-measures", front)
    front = re.sub(r"(?m)^title: .*$", "title: 生成式人工智能服务管理办法", front)
    front = re.sub(r"(?m)^title_en: .*$", 'title_en: "Measures for the Administration of Generative Artificial '
                                          'Intelligence Services"', front)
    body = body.replace("# 生成式人工智能服务管理暂行办法", "# 生成式人工智能服务管理办法")
    body = body.replace("本办法", "本管理办法")
    (corpus / "genai-final-measures.md").write_text(f"{front}\n---\n{body}", encoding="utf-8")
    index = tmp_path_factory.mktemp("twin-index")
    build_index([corpus], index, progress=False)
    return index


def test_search_show_and_verify_say_a_shared_short_name_is_ambiguous(twin_index):
    from policykb import Retriever
    from policykb.citations.verify import CitationVerifier

    retriever = Retriever.load(twin_index)
    hits = retriever.search("生成式AI办法第十七条", k=3)
    assert all(h.match == "search" for h in hits)  # no article is put first as if it were cited
    notes = retriever.notes("生成式AI办法第十七条", hits)
    assert [n.kind for n in notes] == ["ambiguous_instrument"]
    assert "genai-interim-measures" in notes[0].message and "genai-final-measures" in notes[0].message
    with pytest.raises(UnknownInstrument, match="ambiguous"):
        retriever.article("Generative AI Measures", 17)
    (check,) = CitationVerifier(retriever).verify("Article 17 of the Generative AI Measures")
    assert check.status == "unknown_instrument" and "could mean several instruments" in check.note
    assert retriever.article("生成式人工智能服务管理暂行办法", 17).doc_id == "genai-interim-measures"
