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
  Algorithmic, GenAI for Generative AI; spellings that vary (Labeling, Cyber Security,
  Electronic Commerce); a 规定 is "Rules" or "Regulations" as well as "Provisions", and
  "Regulations" also "Regulation". The word orders of the Chinese title too: the administrative
  word before the kind ("Deep Synthesis Management Provisions", "CII Protection Regulations"),
  "Internet Information Service" first, "X of Y" as "Y X" ("Outbound Data Transfer Security
  Assessment Measures", "Minors Protection Law"), "X Measures" as "Measures for X"; "PRC",
  "China's" or "Chinese" for "of the People's Republic of China"; a city without "Municipal"
  or "Special Economic Zone" ("Shenzhen Data Regulations").
- Chinese: drop 中华人民共和国 (or write 中国), 管理, 暂行, 服务, 安全保护 (any of them), a
  trailing （试行）, and write AI for 人工智能, 关基 for 关键信息基础设施, 网安 for 网络安全, 保护 for 安全保护.

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
    r"(?:(?P<admin>administration|management|security protection|protection|promotion"
    r"|security protection administration)\s+of\s+(?:the\s+)?"
    r"|(?:promoting and regulating|promoting|regulating)\s+)?(?P<core>.+?)$", re.I)
#: A trailing "of/in Internet Information Services" qualifies the core and is left out in short names.
_QUALIFIER_EN = re.compile(r"\s+(?:of|in|for)\s+internet information services$", re.I)
#: The qualifier written first, as the Chinese title has it: "Internet Information Service Deep
#: Synthesis Management Provisions" (互联网信息服务深度合成管理规定).
_QUALIFIERS_BEFORE = ("internet information service", "internet information services")
#: The administrative word kept before the kind, as in the Chinese title: "Deep Synthesis
#: Management Provisions" (深度合成管理规定), "CII Protection Regulations" (关键信息基础设施保护条例).
_ADMIN_WORDS = {"administration": ("management",), "management": ("management",),
                "security protection": ("security protection", "protection"), "protection": ("protection",),
                "promotion": ("promotion",), "security protection administration": ("security protection",)}
#: "Security management" ending a core is left out like 安全管理: "Network Data Regulations".
_SECURITY_MANAGEMENT = re.compile(r"\s+security\s+(?:management|administration)$")
#: The English equivalents of 中华人民共和国 before a name: "PRC Cybersecurity Law", "China's Data Security Law".
_PRC_BEFORE = ("prc", "china's", "chinese")
#: A place's administrative words: "Shanghai Municipal Data Regulations" is the "Shanghai Data Regulations",
#: "Data Regulations of the Shenzhen Special Economic Zone" the "Shenzhen Data Regulations".
_MUNICIPAL = re.compile(r"^(?P<place>[a-z]+)\s+municipal\s+(?P<rest>.+)$")
_ZONE = re.compile(r"^(?P<rest>.+?)\s+of the\s+(?P<place>[a-z]+)\s+special economic zone$")
#: "Law on the Protection of Minors" is also the "Minors Protection Law" (未成年人保护法).
_LAW_ON = re.compile(r"^law\s+on\s+(?:the\s+)?(?P<core>.+)$")
#: A title whose kind already comes last: "Cybersecurity Review Measures" is also "Measures for Cybersecurity Review".
_KIND_LAST_EN = re.compile(rf"^(?P<core>.+?)\s+(?P<kind>{_KIND_EN})$")
#: Abbreviations people use in English names, both ways.
ABBREVIATIONS_EN = (
    ("artificial intelligence", "ai"),
    ("critical information infrastructure", "cii"),
    ("personal information", "pi"),
    # translations that vary: 管理 is administration or management, 算法推荐 algorithmic or algorithm recommendation
    ("administration", "management"),
    ("algorithmic", "algorithm"),
    # after "ai": Generative AI is GenAI
    ("generative ai", "genai"),
    # spellings that vary: British and American, one word or two
    ("labelling", "labeling"),
    ("cybersecurity", "cyber security"),
    ("electronic commerce", "e-commerce"),
    ("generative ai", "gen ai"),
    # 数据出境 is an outbound data transfer or a data export
    ("outbound data transfers", "data exports"),
    ("outbound data transfer", "data export"),
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
    ("安全保护", "保护"),
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
    bases = {bare, *_place_first(bare)}
    forms = set(bases)
    if _PRC_EN.search(title_en):
        forms |= {f"{prc} {bare}" for prc in _PRC_BEFORE} | {f"{bare} of china"}
    for base in bases:
        forms |= _rule_forms(base)
    forms |= {f"{form[:-1]}" for form in forms if form.endswith(" regulations")}
    forms |= {f"regulation {form[12:]}" for form in forms if form.startswith("regulations ")}
    return {variant for form in forms for variant in _abbreviated_en(form) if len(variant) > 3}


def _place_first(bare: str) -> set[str]:
    """"shanghai data regulations" for "shanghai municipal data regulations"."""
    found = set()
    for pattern in (_MUNICIPAL, _ZONE):
        match = pattern.match(bare)
        if match:
            found.add(f"{match.group('place')} {match.group('rest')}")
    return found


def _rule_forms(bare: str) -> set[str]:
    """The short forms of "Measures for the Administration of X", "Law on the Protection of X"
    and "X Measures"."""
    forms: set[str] = set()
    law = _LAW_ON.match(bare)
    if law:
        return {f"{core} law" for core in _inverted(law.group("core"))}
    match = _RULE_EN.match(bare)
    if not match:
        last = _KIND_LAST_EN.match(bare)
        if last:
            forms |= {f"{last.group('kind')} {joint} {last.group('core')}" for joint in ("for", "on")}
        return forms
    kind, interim, admin = match.group("kind"), match.group("interim"), match.group("admin")
    core = _QUALIFIER_EN.sub("", match.group("core"))
    qualified = core != match.group("core")
    cores = {core, *_inverted(core)}
    for one in list(cores):
        if one.startswith("national ") and len(one) > 16:
            cores.add(one[len("national "):])
        for ending in (" services", " service", " management", " administration"):
            if one.endswith(ending) and len(one) > len(ending) + 3:
                cores.add(one[: -len(ending)])
    cores |= {_SECURITY_MANAGEMENT.sub("", c) for c in cores}
    cores |= {_singular_last(c) for c in cores}
    words = _ADMIN_WORDS.get(admin.lower(), ()) if admin else ()
    for one, named in itertools.product(sorted(cores), _KIND_SYNONYMS_EN.get(kind, (kind,))):
        plain = [f"{one} {named}", *(f"{one} {word} {named}" for word in words)]
        if qualified:
            plain += [f"{q} {form}" for q in _QUALIFIERS_BEFORE for form in plain]
        forms.update(plain)
        forms |= {f"{named} for {one}", f"{named} on {one}"}
        if interim:
            forms.add(f"interim {named} for {one}")
            forms |= {f"interim {form}" for form in plain}
            forms |= {f"{form[: -len(named)]}interim {named}" for form in plain}
    return forms


_PREPOSITION = re.compile(r"^the$|\b(?:to|for|in|on|by|with)\b")


def _inverted(core: str) -> set[str]:
    """"outbound data transfer security assessment" for "security assessment of outbound data
    transfers", as the Chinese title orders it (数据出境安全评估); only a core with one "of" and no
    other preposition before it ("right to network dissemination of information" stays as it is)."""
    head, of, tail = core.partition(" of ")
    if not of or " of " in tail or not head or _PREPOSITION.search(head):
        return {core}
    return {core, f"{tail} {head}", f"{_singular_last(tail)} {head}"}


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
    china = set()
    if bare.startswith(_PREFIX_ZH):
        bare = bare[len(_PREFIX_ZH):]
        china = {f"中国{bare}"}  # 中国网络安全法
    kind = _KIND_ZH.search(bare)
    if not kind:
        return {bare, *china} if bare else set()
    core, suffix = bare[: kind.start()], kind.group(0)
    present = [word for word in _DROPPED_ZH if word in core]
    # 安全管理 ending the core goes as a whole, as "Security Management" does in English: 网络数据条例
    cores = {core[: -len("安全管理")]} if core.endswith("安全管理") and len(core) > 6 else set()
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
    return names | china


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
        if _PRC_EN.search(instrument.title_en):  # China's PIPL, PRC CSL
            names |= {f"{prc} {alias}" for alias in instrument.aliases if alias.isascii() and len(alias) > 2
                      for prc in _PRC_BEFORE}
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
