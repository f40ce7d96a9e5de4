"""Find citations of articles in text: 《网络安全法》第二十一条, 个保法第13条第一款,
网安法21条, PIPL Art. 13, CSL Article 21, Article 38 of the PIPL.

Used twice: a query that names an article is answered by that article first, and
`verify` checks every citation in a draft against the index.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .instruments import Catalog, normalise_name
from .numerals import NUMERAL, cn_to_int

_NUM = rf"(?:{NUMERAL})"
_CN_ARTICLE = (rf"\s*(?:[(（]\s*\d{{4}}\s*年?[^)）]{{0,8}}[)）])?\s*(?:的\s*)?"
               rf"第?\s*(?P<num>{_NUM})\s*条(?:\s*之\s*(?P<sub>{_NUM}))?"
               rf"(?:\s*第\s*(?P<para>{_NUM})\s*款)?(?:\s*第\s*(?P<item>{_NUM})\s*项)?")
_EN_ARTICLE = r"(?:art(?:icle)?s?\.?|§)\s*(?P<num>\d+)(?:\s*\((?P<para>\d+)\))?"
_EN_GENERIC_NAME = (r"(?P<gname>(?:[A-Z][\w'’-]*\s+){0,10}?"
                    r"(?:Law|Regulations?|Measures|Provisions|Rules|Decision|Interpretation|Code))")


@dataclass(frozen=True)
class CitationMention:
    """One citation found in text, resolved against the catalogue where possible."""

    text: str
    name: str
    number: int
    sub: int
    paragraph: int | None
    item: int | None
    start: int
    end: int
    #: Ids of instruments the name can mean (several only for versions of one law).
    doc_ids: tuple[str, ...]


class CitationParser:
    """Compiled once per catalogue; finds citations in Chinese and English."""

    def __init__(self, catalog: Catalog) -> None:
        self._catalog = catalog
        names = sorted(catalog.names(), key=len, reverse=True)
        cjk = [n for n in names if not n.isascii()]
        latin = [n for n in names if n.isascii() and len(n) >= 2]
        cjk_alt = "|".join(re.escape(n) for n in cjk) or r"(?!x)x"
        latin_alt = "|".join(re.escape(n) for n in latin) or r"(?!x)x"
        any_name = rf"{cjk_alt}|(?<![A-Za-z]){latin_alt}(?![A-Za-z])"
        self._cn = re.compile(rf"(?:《(?P<bname>[^《》\n]{{1,80}})》|(?P<name>{any_name}))" + _CN_ARTICLE, re.I)
        latin_name = rf"(?<![A-Za-z])(?P<name>{latin_alt})(?![A-Za-z])"
        self._en_after = re.compile(
            rf"{latin_name}(?:\s*[,’']s?\s*|\s+)(?:{_EN_ARTICLE}|(?P<bare>\d+)\b)", re.I)
        self._en_before = re.compile(
            rf"{_EN_ARTICLE}\s+(?:of\s+|in\s+|under\s+)?(?:the\s+)?(?:{latin_name}|{_EN_GENERIC_NAME})", re.I)

    def find(self, text: str) -> list[CitationMention]:
        mentions: list[CitationMention] = []
        taken: list[tuple[int, int]] = []
        for pattern in (self._cn, self._en_before, self._en_after):
            for match in pattern.finditer(text):
                if any(match.start() < end and start < match.end() for start, end in taken):
                    continue
                mention = self._mention(match)
                if mention:
                    mentions.append(mention)
                    taken.append((match.start(), match.end()))
        return sorted(mentions, key=lambda m: m.start)

    def _mention(self, match: re.Match) -> CitationMention | None:
        groups = match.groupdict()
        name = groups.get("bname") or groups.get("name") or groups.get("gname") or ""
        raw_number = groups.get("num") or groups.get("bare")
        if not raw_number:
            return None
        try:
            number = cn_to_int(raw_number)
            sub = cn_to_int(groups["sub"]) if groups.get("sub") else 0
            paragraph = cn_to_int(groups["para"]) if groups.get("para") else None
            item = cn_to_int(groups["item"]) if groups.get("item") else None
        except ValueError:
            return None
        if number <= 0:
            return None
        doc_ids = tuple(sorted(self._catalog.candidates(name)))
        if not doc_ids and groups.get("bname"):
            doc_ids = tuple(sorted(self._catalog.candidates(normalise_name(name).split("（")[0])))
        return CitationMention(text=match.group(0).strip(), name=name.strip(), number=number, sub=sub,
                               paragraph=paragraph, item=item, start=match.start(), end=match.end(),
                               doc_ids=doc_ids)

    def instruments_named(self, text: str) -> set[str]:
        """Ids of instruments a text names (without an article), e.g. 'under the DSL'."""
        found: set[str] = set()
        lowered = normalise_name(text)
        for name, ids in self._catalog.names().items():
            if len(name) < 3 and not name.isascii():
                continue
            if name.isascii():
                if re.search(rf"(?<![a-z0-9]){re.escape(name)}(?![a-z0-9])", lowered):
                    found |= ids
            elif name in lowered:
                found |= ids
        return found
