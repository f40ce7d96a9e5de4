"""Instrument names as people write them, derived from each instrument's own titles.

Nobody cites "Interim Measures for the Administration of Generative Artificial Intelligence
Services Article 17": they write "Generative AI Measures Article 17", 生成式AI办法第十七条 or
"CII Regulations Art. 2". The short forms follow a few rules of legal drafting, applied here to
every title in the catalogue rather than listed per instrument, so a corpus of 1,500 instruments
gets them as a corpus of 40 does:

- English: drop "Interim", "of the People's Republic of China", "for the Administration of"
  and its kin; "Provisions on the Administration of X Services" -> "X Provisions" (with and
  without "Services", and with a trailing "Management" or plural dropped); "Generative AI" for
  "Generative Artificial Intelligence", "CII" for "Critical Information Infrastructure", "PI"
  for "Personal Information" (and back), Management for Administration, Algorithm for
  Algorithmic; a 规定 is "Rules" or "Regulations" as well as "Provisions".
- Chinese: drop 中华人民共和国, 管理, 暂行, 服务, 安全保护 (any of them), a trailing （试行）, and
  write AI for 人工智能, 关基 for 关键信息基础设施, 网安 for 网络安全.

Matching stays exact: a derived name is one more key in the catalogue's name table, never a
fuzzy match. A derived name that two instruments share is kept for both, so a citation that
uses it is reported as ambiguous instead of being resolved to either; a derived name never
displaces a title, alias or id that some instrument really has (Catalog applies that rule).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable

from .model import Instrument

_PRC_EN = re.compile(r"\s+of the people'?s republic of china|\s+of the prc", re.I)
_PAREN = re.compile(r"\s*[(（][^)）]*[)）]\s*$")
_KIND_EN = r"provisions|measures|regulations|rules"
#: "Measures for the Administration of X", "Regulations on the Security Protection of X".
_RULE_EN = re.compile(
    rf"^(?:(?P<interim>interim)\s+)?(?P<kind>{_KIND_EN})\s+(?:on|for)\s+(?:the\s+)?"
    r"(?:(?:administration|management|security protection|protection|promotion|security protection administration)"
    r"\s+of\s+(?:the\s+)?|(?:promoting and regulating|promoting|regulating)\s+)?(?P<core>.+?)$", re.I)
#: A trailing "of/in Internet Information Services" qualifies the core and is left out in short names.
_QUALIFIER_EN = re.compile(r"\s+(?:of|in)\s+internet information services$", re.I)
#: Abbreviations people use in English names, both ways.
ABBREVIATIONS_EN = (
    ("artificial intelligence", "ai"),
    ("critical information infrastructure", "cii"),
    ("personal information", "pi"),
    # translations that vary: 管理 is administration or management, 算法推荐 algorithmic or algorithm recommendation
    ("administration", "management"),
    ("algorithmic", "algorithm"),
)
#: 规定 is translated Provisions, Rules or Regulations alike.
_KIND_SYNONYMS_EN = {"provisions": ("provisions", "rules", "regulations")}
#: Words a Chinese short name leaves out (any of them, in any combination).
_DROPPED_ZH = ("管理", "暂行", "服务", "安全保护")
#: Abbreviations people use in Chinese names.
ABBREVIATIONS_ZH = (
    ("人工智能", "AI"),
    ("关键信息基础设施", "关基"),
    ("网络安全", "网安"),
)
_KIND_ZH = re.compile(r"(法|条例|办法|规定|细则|决定|解释|规则)$")
_PREFIX_ZH = "中华人民共和国"
#: A short name shorter than this (without its kind word) would read as an ordinary word.
_MIN_CORE_ZH = 2


def short_english_names(title_en: str) -> set[str]:
    """Short English names for one English title, lower-cased."""
    bare = _PRC_EN.sub("", _PAREN.sub("", title_en)).strip().lower()
    if bare.startswith("the "):
        bare = bare[4:]
    forms = {bare}
    match = _RULE_EN.match(bare)
    if match:
        kind, core, interim = match.group("kind"), match.group("core"), match.group("interim")
        core = _QUALIFIER_EN.sub("", core)
        cores = {core}
        for ending in (" services", " service", " management", " administration"):
            if core.endswith(ending) and len(core) > len(ending) + 3:
                cores.add(core[: -len(ending)])
        cores |= {_singular_last(c) for c in cores}
        for one, named in itertools.product(sorted(cores), _KIND_SYNONYMS_EN.get(kind, (kind,))):
            forms.add(f"{one} {named}")
            forms.add(f"{named} for {one}")
            if interim:
                forms.add(f"interim {named} for {one}")
                forms.add(f"interim {one} {named}")
                forms.add(f"{one} interim {named}")
    return {variant for form in forms for variant in _abbreviated_en(form) if len(variant) > 3}


def _singular_last(phrase: str) -> str:
    """"compliance audits" -> "compliance audit"; "services" -> "service"; "process" kept."""
    head, _, last = phrase.rpartition(" ")
    if len(last) > 4 and last.endswith("s") and not last.endswith(("ss", "us", "is")):
        last = last[:-1]
    return f"{head} {last}".strip()


def _abbreviated_en(form: str) -> set[str]:
    """The form with each abbreviation written short or long, in every combination."""
    variants = {form}
    for long, short in ABBREVIATIONS_EN:
        for variant in list(variants):
            if re.search(rf"\b{long}\b", variant):
                variants.add(re.sub(rf"\b{long}\b", short, variant))
            if re.search(rf"\b{short}\b", variant):
                variants.add(re.sub(rf"\b{short}\b", long, variant))
    return variants


def short_chinese_names(title: str) -> set[str]:
    """Short Chinese names for one title: 生成式AI办法 for 生成式人工智能服务管理暂行办法."""
    bare = _PAREN.sub("", title).strip()
    if bare.startswith(_PREFIX_ZH):
        bare = bare[len(_PREFIX_ZH):]
    kind = _KIND_ZH.search(bare)
    if not kind:
        return {bare} if bare else set()
    core, suffix = bare[: kind.start()], kind.group(0)
    present = [word for word in _DROPPED_ZH if word in core]
    cores = set()
    for count in range(len(present) + 1):
        for dropped in itertools.combinations(present, count):
            shorter = core
            for word in dropped:
                shorter = shorter.replace(word, "")
            cores.add(shorter)
    names = set()
    for shorter in cores:
        for variant in _abbreviated_zh(shorter):
            if len(variant) >= _MIN_CORE_ZH and variant != "AI":
                names.add(variant + suffix)
    return names


def _abbreviated_zh(core: str) -> set[str]:
    variants = {core}
    for long, short in ABBREVIATIONS_ZH:
        variants |= {v.replace(long, short) for v in variants if long in v}
    return variants


def derived_names(instrument: Instrument) -> set[str]:
    """Every short name derived for an instrument, as written (Catalog normalises them)."""
    names: set[str] = set()
    for title in {instrument.title, instrument.short_title, *instrument.aliases}:
        if title and not title.isascii():
            names |= short_chinese_names(title)
    if instrument.title_en:
        names |= short_english_names(instrument.title_en)
    return {n for n in names if n}


_KIND_ONLY_EN = re.compile(r"^(?P<core>.+?)\s+(?:law|measures|provisions|regulations|rules)$")


def english_core(title_en: str) -> str | None:
    """What an English title is about, without its kind and administrative words:
    "critical information infrastructure" for the CII Regulations, "data security" for the DSL."""
    bare = _PRC_EN.sub("", _PAREN.sub("", title_en)).strip().lower()
    match = _RULE_EN.match(bare)
    if match:
        return _QUALIFIER_EN.sub("", match.group("core"))
    match = _KIND_ONLY_EN.match(bare)
    return match.group("core") if match else None


#: Chinese words of a title left out of its core unless the English core has their counterpart.
_COUNTERPARTS = (("互联网信息服务", ("internet",)), ("促进和规范", ("promot",)), ("暂行", ("interim",)),
                 ("管理", ("management", "administration")), ("服务", ("service",)),
                 ("安全保护", ("security protection",)))


def chinese_core(title: str, core_en: str) -> str | None:
    """The Chinese title's counterpart of english_core: 关键信息基础设施 for 关键信息基础设施安全保护条例."""
    bare = _PAREN.sub("", title).strip()
    if bare.startswith(_PREFIX_ZH):
        bare = bare[len(_PREFIX_ZH):]
    kind = _KIND_ZH.search(bare)
    if not kind:
        return None
    core = bare[: kind.start()]
    for word, english in _COUNTERPARTS:
        if not any(e in core_en for e in english):
            core = core.replace(word, "")
    return core if len(core) >= _MIN_CORE_ZH else None


def alternation(names: Iterable[str]) -> str:
    """A regular expression matching any of the names, longest first, written as a prefix tree
    (生成式(?:人工智能…|AI…)): the engine rules out a position on its first character instead of
    trying every name there, so scanning stays fast with thousands of names (a plain a|b|c
    alternation made the citation scan of a 300,000-character text take seconds)."""
    root: dict = {}
    for name in names:
        node = root
        for char in name:
            node = node.setdefault(char, {})
        node[""] = {}
    return _branch(root) or r"(?!x)x"


def _branch(node: dict) -> str:
    alternatives = [re.escape(char) + _branch(child) for char, child in sorted(node.items()) if char]
    if not alternatives:
        return ""
    if len(alternatives) == 1 and "" not in node:
        return alternatives[0]
    group = f"(?:{'|'.join(alternatives)})"
    return f"{group}?" if "" in node else group
