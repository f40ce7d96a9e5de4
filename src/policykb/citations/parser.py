"""Find citations of articles in text: 《网络安全法》第二十一条, 个保法第13条第一款,
网安法21条, PIPL Art. 13, CSL Article 21, Article 38 of the PIPL.

Used twice: a query that names an article is answered by that article first, and
`verify` checks every citation in a draft against the index. A citation may name the
version it means (《网络安全法》（2016年）第二十一条, CSL (2016) Art. 21) and may list
several provisions (第十三条、第十四条, Articles 13 and 14 of the PIPL); each listed
provision is a mention of its own.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, replace

from ..catalog import Catalog, normalise_name
from ..lang.numerals import NUMERAL, cn_to_int, int_to_cn, roman_to_int
from ..lang.script import to_simplified
from ..names import alternation
from .spans import SpanSet

_NUM = rf"(?:{NUMERAL})"
#: 至 in 第二十一条至第二十三条 and 第21-23条: every article from one to the other.
_CN_RANGE = r"(?:至|到|[-–~～])"
#: 第（二）项, and a list or range of items: 第（八）、（九）项, 第（一）至（三）项, 第八、九项.
_CN_ITEM_JOIN = rf"(?:、|和|及|或者|或|{_CN_RANGE})"
_CN_ITEMS = (rf"(?:\s*第\s*[(（]?\s*(?P<item>{_NUM})\s*[)）]?"
             rf"(?P<items>(?:\s*{_CN_ITEM_JOIN}\s*[(（]?\s*{_NUM}\s*[)）]?)*)\s*项)?")
_CN_MORE_ITEM = re.compile(rf"\s*(?P<join>{_CN_ITEM_JOIN})\s*[(（]?\s*(?P<num>{_NUM})\s*[)）]?")
_YEAR = r"(?:19|20)\d{2}"
#: 第十条之一第二款第（三）项: article, paragraph (款) and item (项).
_CN_PROVISION = (rf"第?\s*(?P<num>{_NUM})(?:\s*{_CN_RANGE}\s*第?\s*(?P<num2>{_NUM}))?\s*条(?:\s*之\s*(?P<sub>{_NUM}))?"
                 rf"(?:\s*第\s*(?P<para>{_NUM})\s*款)?{_CN_ITEMS}")
#: A version named before the instrument: 2016年网络安全法, 2016年版《网络安全法》.
#: 2025年修正后的网络安全法 / 2019年修订的《电子签名法》 name the amended version too.
_CN_YEAR_BEFORE = rf"(?:(?P<pyear>{_YEAR})\s*年\s*(?:版|(?:修正|修订|修改)后?)?\s*(?:的\s*)?)?"
_CN_ARTICLE = rf"\s*(?:[(（]\s*(?P<year>{_YEAR})\s*年?[^)）]{{0,8}}[)）])?\s*(?:的\s*)?{_CN_PROVISION}"
#: The version after the provision: 网络安全法第二十一条（2016年）.
_CN_YEAR_AFTER = rf"(?:\s*[(（]\s*(?P<tyear>{_YEAR})\s*年?[^)）]{{0,8}}[)）])?"
#: Quotation marks around a name the catalogue knows: “个人信息保护法”第三十八条, 「個人信息保護法」,
#: Article 13 of the "Personal Information Protection Law" (any other text in quotes is no name).
#: A quotation mark is part of the citation only with its pair ("个保法第38条" quotes the citation).
_OPEN_QUOTE, _CLOSE_QUOTE = r"(?P<quote>[“「『\"])?", r"(?(quote)[”」』\"])"
#: 、第十四条 / 和第二款 / 至第十五条 after a Chinese citation: more provisions of the same instrument.
_CN_MORE = re.compile(
    rf"\s*(?:(?:、|以及|和|及|与|或者|或|{_CN_RANGE})\s*(?=第|{_NUM}\s*条)|[，,/／]\s*(?=第\s*{_NUM}\s*条))"
    rf"(?:第?\s*(?P<num>{_NUM})\s*条(?:\s*之\s*(?P<sub>{_NUM}))?)?"
    rf"(?:\s*第\s*(?P<para>{_NUM})\s*款)?{_CN_ITEMS}")
#: (1)(ii) after an article number, or written out: ", paragraph 1, item (2)".
#: Article 13.1 is paragraph 1 of Article 13; an item may be lettered, as English drafting does: 38(1)(b).
_EN_SUB = (r"(?:\s*\((?P<para>\d{1,3})\)|\.(?P<dpara>\d{1,2})(?![\d.])|,?\s+para(?:graph)?\.?\s*(?P<lpara>\d+))?"
           r"(?:\s*\((?P<item>[ivx]+|[a-h]|\d{1,3})\)|,?\s+(?:sub-?paragraph|item)\s*\(?(?P<litem>[ivx]+|\d+)\b\)?)?")
_EN_CONJ = r"\s*(?:,|and|or|&|to|through|[-–])\s*(?:and\s+|or\s+)?"
#: More numbers in "Articles 13, 14 and 38 of the PIPL" (the name follows, so a bare list is safe;
#: "PIPL Art. 13 and Art. 14 of the DSL" cites two instruments, so a repeated keyword ends the list).
_EN_LIST = rf"(?P<more>(?:{_EN_CONJ}\d+\b(?:\.\d{{1,2}}(?![\d.]))?(?:\s*\((?:\d+|[ivx]+|[a-h])\))*)*)"
#: The same list with the keyword repeated: "Article 13 and Article 14 of the PIPL". A pattern of its
#: own, so "PIPL Art. 13 and Art. 14 of the DSL" can still be read as two instruments' articles.
_EN_KW_LIST = (rf"(?P<more>(?:{_EN_CONJ}(?:(?:art(?:icle)?s?\.?|§)\s*)?\d+\b(?:\.\d{{1,2}}(?![\d.]))?"
               rf"(?:\s*\((?:\d+|[ivx]+|[a-h])\))*)*)")
_EN_ARTICLE = rf"(?P<kw>art(?:icle)?s?\.?|§)\s*(?P<num>\d+){_EN_SUB}"
#: Words that may come before a version's year in brackets: (as adopted in 2016), (amended 2025).
#: Others make the year a remark, not a version: CSL Art. 59 (we were fined in 2023).
_EN_VERSION_WORDS = (r"(?:(?:as\s+)?(?:adopted|amended|revised|promulgated|enacted|passed|effective|version|edition)"
                     r"(?:\s+(?:in|on|of))?\s+|in\s+)?")
_EN_VERSION = rf"(?:\s*\(\s*{_EN_VERSION_WORDS}(?P<year>{_YEAR})[^)]{{0,20}}\))?"
#: The version after the article: CSL Art. 21 (2016).
_EN_YEAR_AFTER = rf"(?:\s*\(\s*{_EN_VERSION_WORDS}(?P<tyear>{_YEAR})[^)]{{0,20}}\))?"
#: The short name a text defines after the full one: Personal Information Protection Law (“PIPL”).
_EN_DEFINED = r"(?:\s*\(\s*[“\"']?(?-i:[A-Z]{2,8})[”\"']?\s*\))?"
_CN_DEFINED = r"(?:\s*[(（]\s*[“\"']?(?-i:[A-Z]{2,8})[”\"']?\s*[)）])?"
#: A bare year between the name and an article keyword: CSL 2016 Art. 21, PIPL 2021 Article 13
#: (only before a keyword, so "PIPL 2021 text" and "CSL 2016 21" stay what they were).
_EN_BARE_YEAR = rf"(?:\s+(?P<byear>{_YEAR})(?=\s*,?\s*(?:art(?:icle)?s?\.?|§)\s*\d))?"
#: 该法第四十条, 同法第三十七条: the instrument is the one cited just before.
_BACK = re.compile(rf"(?:该法|同法|上述法律|前述法律)\s*{_CN_PROVISION}")
#: A year before an English name is its version: the 2016 Cybersecurity Law, Article 21.
_EN_YEAR_BEFORE = rf"(?:(?P<ayear>{_YEAR})\s+)?"
_EN_GENERIC_NAME = (r"(?P<gname>(?:[A-Z][\w'’-]*\s+){0,10}?"
                    r"(?:Law|Regulations?|Measures|Provisions|Rules|Decision|Interpretation|Code))")
#: What may follow a bare number listed after a singular "Art. 13": the end of the list.
_LIST_END = re.compile(r"\s*(?:$|[,.;:)?!，。；：）？]|(?:and|or)\b)", re.I)
#: One more article after "PIPL Arts. 13": ", 14", " and Art. 15", " to 20(1)".
_EN_MORE = re.compile(rf"{_EN_CONJ}(?P<kw>art(?:icle)?s?\.?\s*)?(?P<num>\d+)\b{_EN_SUB}", re.I)
_EN_LIST_ITEM = re.compile(rf"(?P<num>\d+)\b{_EN_SUB}", re.I)
#: The conjunction before a listed provision, left out of its text.
_LEAD = re.compile(
    r"\s*(?:(?:、|以及|和|及|与|或者|或|至|到|[，,/／~～]|and|or|&|to|through|[-–])\s*(?:and\s+|or\s+)?)?", re.I)
#: What stands between the two ends of a range of articles: 至, 到, -, ~, to, through.
_RANGE_BETWEEN = re.compile(r"\s*(?:至|到|[-–~～]|to|through)\s*(?:art(?:icle)?s?\.?\s*)?(?:第\s*)?", re.I)
#: A longer range is more likely a mistake than a citation of every article in it.
MAX_RANGE = 50
#: （2016年修正） or (2016) at the end of a name in book-title marks.
_NAME_VERSION = re.compile(rf"\s*[(（]\s*(?:(?P<year>{_YEAR})[^()（）]*|[^()（）]*)[)）]\s*$")


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
    #: The version year the citation names, if any: 2016 in 《网络安全法》（2016年）第二十一条.
    year: int | None = None


def _numeral(text: str | None) -> int | None:
    if not text:
        return None
    if len(text) == 1 and "a" <= text.lower() <= "h":  # (b) is the second item
        return ord(text.lower()) - ord("a") + 1
    return roman_to_int(text) or cn_to_int(text)


def _looks_like_year(number: int, groups: dict) -> bool:
    """PIPL 2021 is a year, not Article 2021 (no article in the corpus runs past 1,260)."""
    return not groups.get("kw") and 1900 <= number <= 2100


class CitationParser:
    """Compiled once per catalogue; finds citations in Chinese and English."""

    def __init__(self, catalog: Catalog) -> None:
        self._catalog = catalog
        names = sorted(catalog.names(), key=len, reverse=True)
        cjk = [n for n in names if not n.isascii()]
        latin = [n for n in names if n.isascii() and len(n) >= 2]
        cjk_alt, latin_alt = alternation(cjk), alternation(latin)
        any_name = rf"{cjk_alt}|(?<![A-Za-z]){latin_alt}(?![A-Za-z])"
        self._cn = re.compile(
            rf"{_CN_YEAR_BEFORE}(?:《(?P<bname>[^《》\n]{{1,80}})》|{_OPEN_QUOTE}(?P<name>{any_name}){_CLOSE_QUOTE})"
            rf"{_CN_DEFINED}{_CN_ARTICLE}{_CN_YEAR_AFTER}", re.I)
        #: Article first, then the instrument: 第三十八条 个人信息保护法 (a space or book-title marks between).
        self._cn_first = re.compile(
            rf"第\s*(?P<num>{_NUM})\s*条(?:\s*之\s*(?P<sub>{_NUM}))?(?:\s*第\s*(?P<para>{_NUM})\s*款)?{_CN_ITEMS}"
            rf"(?:\s*《(?P<bname>[^《》\n]{{1,80}})》|(?:[ \t\u3000]+|\s*(?=[“「『\"])){_OPEN_QUOTE}"
            rf"(?P<name>{any_name}){_CLOSE_QUOTE})", re.I)
        latin_name = rf"(?<![A-Za-z])(?P<name>{latin_alt})(?![A-Za-z])"
        self._en_after = re.compile(
            rf"{_EN_YEAR_BEFORE}{_OPEN_QUOTE}{latin_name}{_CLOSE_QUOTE}{_EN_DEFINED}{_EN_VERSION}{_EN_BARE_YEAR}"
            rf"(?:\s*[,’']s?\s*|\s+)"
            rf"(?:{_EN_ARTICLE}|(?P<bare>\d+)\b){_EN_YEAR_AFTER}", re.I)
        # "Article 21, Cybersecurity Law": after a comma only a name the catalogue knows, and not
        # one that begins a citation of its own ("Article 5, PIPL Art. 13" cites PIPL Art. 13).
        def article_first(listing: str) -> re.Pattern:
            return re.compile(
                rf"{_EN_ARTICLE}{listing}{_EN_YEAR_AFTER}(?:\s+(?:of\s+|in\s+|under\s+)?|(?P<comma>\s*,\s*))"
                rf"(?:the\s+)?{_EN_YEAR_BEFORE}(?:{_OPEN_QUOTE}{latin_name}{_CLOSE_QUOTE}|(?(comma)(?!)|{_EN_GENERIC_NAME}))"
                rf"{_EN_VERSION}(?(comma)(?!\s*,?\s*(?:art(?:icle)?s?\b|§|\d)))", re.I)

        self._en_before = article_first(_EN_LIST)
        self._en_before_listed = article_first(_EN_KW_LIST)
        #: An English article and a Chinese name: Article 38 of 个人信息保护法, Art. 38《个人信息保护法》.
        self._en_zh = re.compile(
            rf"{_EN_ARTICLE}{_EN_LIST}\s*(?:of\s+|in\s+|under\s+)?(?:《(?P<bname>[^《》\n]{{1,80}})》|(?P<name>{cjk_alt}))",
            re.I)

    def find(self, text: str) -> list[CitationMention]:
        """Every citation in text, in order of position, each reported as written.

        Traditional characters read as simplified (《個人信息保護法》第十三條), and a line break
        inside a title or an article number (text wrapped in a PDF: 第二十\\n一条) is read through.
        """
        simple = to_simplified(text).translate(_HALF_WIDTH)
        joined, origin = _unwrapped(simple)
        found = []
        for mention in self._find(joined):
            start, end = mention.start, mention.end
            if origin:
                start, end = origin[start], origin[end - 1] + 1
            literal = mention.text == joined[mention.start:mention.end].strip()
            found.append(replace(mention, start=start, end=end,
                                 text=_one_line(text[start:end].strip()) if literal else mention.text))
        return found

    def _find(self, text: str) -> list[CitationMention]:
        mentions: list[CitationMention] = []
        taken = SpanSet()
        for match in _most_citations(text, (self._cn, self._en_before_listed, self._en_before, self._en_after,
                                                       self._cn_first, self._en_zh)):
            if taken.overlaps(*match.span()):
                continue
            spans = []
            for number, mention in enumerate(self._mentions(match, text)):
                if number and taken.overlaps(mention.start, mention.end):
                    break  # a listed number that belongs to a citation found earlier
                mentions.append(mention)
                spans.append((mention.start, mention.end) if number else match.span())
            for span in spans:
                taken.add(*span)
        return sorted(mentions + self._back_references(text, mentions), key=lambda m: m.start)

    def _back_references(self, text: str, mentions: list[CitationMention]) -> list[CitationMention]:
        """该法第四十条 / 同法第三十七条: an article of the instrument the last citation before it named."""
        found: list[CitationMention] = []
        cited = SpanSet()
        by_end: dict[int, CitationMention] = {}  # the first mention to end at each position
        for mention in mentions:
            cited.add(mention.start, mention.end)
            by_end.setdefault(mention.end, mention)
        ends = sorted(by_end)
        for match in _BACK.finditer(text):
            before = bisect.bisect_right(ends, match.start())
            if not before or cited.overlaps(*match.span()):
                continue
            first = self._first(match, match.groupdict())
            if first is None:
                continue
            named = by_end[ends[before - 1]]  # the citation that ends last before this one
            first = replace(first, name=named.name, doc_ids=named.doc_ids, year=named.year)
            more = [first, *_more_items(first, match.group("items"))]
            more += self._following(first, text, _CN_MORE, english=False)
            for mention in more:
                if mention.end not in by_end:
                    bisect.insort(ends, mention.end)
                    by_end[mention.end] = mention
            found += more
        return found

    def _mentions(self, match: re.Match, text: str) -> list[CitationMention]:
        groups = match.groupdict()
        first = self._first(match, groups)
        if first is None:
            return []
        mentions = [first, *_more_items(first, groups.get("items"))]
        if "more" in groups:
            return mentions + self._listed(first, match.group("more") or "", match.start("more"))
        elif "bname" in groups:
            mentions += self._following(first, text, _CN_MORE, english=False)
        elif groups.get("kw"):
            mentions += self._following(first, text, _EN_MORE, english=True)
        if groups.get("num2"):  # 第70至80条: the range is inside the first provision
            try:
                end = replace(first, number=cn_to_int(groups["num2"]), text=match.group(0).strip())
            except ValueError:
                return mentions
            return [*mentions[:1], *_between(first, end), end, *mentions[1:]]
        return _with_ranges(mentions, text)

    def _first(self, match: re.Match, groups: dict) -> CitationMention | None:
        name = groups.get("bname") or groups.get("name") or groups.get("gname") or ""
        raw_number = groups.get("num") or groups.get("bare")
        if not raw_number:
            return None
        try:
            number = cn_to_int(raw_number)
            sub = cn_to_int(groups["sub"]) if groups.get("sub") else 0
            paragraph = _numeral(groups.get("para") or groups.get("lpara") or groups.get("dpara"))
            item = _numeral(groups.get("item") or groups.get("litem"))
        except ValueError:
            return None
        if groups.get("bare") and (number <= 0 or _looks_like_year(number, groups)):
            return None
        # 第0条 / Art. 0 is still a citation (of an article that cannot exist): verify says so.
        year = (groups.get("pyear") or groups.get("year") or groups.get("byear") or groups.get("ayear")
                or groups.get("tyear"))
        doc_ids = tuple(sorted(self._catalog.candidates(name)))
        if not doc_ids and groups.get("bname"):
            version = _NAME_VERSION.search(name)
            if version:
                doc_ids = tuple(sorted(self._catalog.candidates(name[:version.start()])))
                year = year or version.group("year")
        return CitationMention(text=match.group(0).strip(), name=name.strip(), number=number, sub=sub,
                               paragraph=paragraph, item=item, start=match.start(), end=match.end(),
                               doc_ids=doc_ids, year=int(year) if year else None)

    def _following(self, first: CitationMention, text: str, pattern: re.Pattern,
                   english: bool) -> list[CitationMention]:
        """Provisions listed right after a citation: 第十三条、第十四条; PIPL Arts. 13 and 14."""
        plural = english and bool(re.search(r"(?i)arts\b|articles\b", first.text))
        found: list[CitationMention] = []
        previous, position = first, first.end
        while True:
            match = pattern.match(text, position)
            if not match or match.end() == position:
                break
            groups = match.groupdict()
            # "PIPL Art. 13 and 14" lists a bare number only where nothing follows it ("and 14 days")
            if english and not (plural or groups.get("kw") or _LIST_END.match(text, match.end())):
                break
            mention = self._continued(previous, match, groups)
            if mention is None:
                break
            found += [mention, *_more_items(mention, groups.get("items"))]
            previous, position = mention, match.end()
        return found

    def _listed(self, first: CitationMention, more: str, offset: int) -> list[CitationMention]:
        """The other numbers of "Articles 13, 14 and 38 of the PIPL"."""
        found: list[CitationMention] = []
        previous, position = first, 0
        for match in _EN_LIST_ITEM.finditer(more):
            mention = self._continued(first, match, match.groupdict(), offset=offset)
            if mention:
                if _RANGE_BETWEEN.fullmatch(more, position, match.start()):  # Arts. 38-40 of the PIPL
                    found += _between(previous, mention)
                found.append(mention)
                previous, position = mention, match.end()
        return found

    @staticmethod
    def _continued(previous: CitationMention, match: re.Match, groups: dict,
                   offset: int = 0) -> CitationMention | None:
        if not (groups.get("num") or groups.get("para") or groups.get("item") or groups.get("lpara")
                or groups.get("litem") or groups.get("dpara")):
            return None
        try:
            number = cn_to_int(groups["num"]) if groups.get("num") else None
            sub = cn_to_int(groups["sub"]) if groups.get("sub") else 0
            paragraph = _numeral(groups.get("para") or groups.get("lpara") or groups.get("dpara"))
            item = _numeral(groups.get("item") or groups.get("litem"))
        except ValueError:
            return None
        if number is None:  # 第十三条第一款、第二款: same article, another paragraph or item
            number, sub = previous.number, previous.sub
            if paragraph is None:
                paragraph = previous.paragraph
        if number < 0 or _looks_like_year(number, groups):
            return None
        literal = match.group(0)
        lead = _LEAD.match(literal)
        return CitationMention(text=literal[lead.end():].strip(), name=previous.name, number=number, sub=sub,
                               paragraph=paragraph, item=item, start=offset + match.start() + lead.end(),
                               end=offset + match.end(), doc_ids=previous.doc_ids, year=previous.year)

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


def _most_citations(text: str, patterns: tuple[re.Pattern, ...]) -> list[re.Match]:
    """The matches to read as citations: the most that do not overlap, earlier patterns first
    among equals, listed in pattern order.

    "PIPL Art. 13 DSL Art. 21" also reads as "Art. 13 DSL" (article before name); taking the
    reading with more citations keeps both PIPL Art. 13 and DSL Art. 21, where taking the first
    pattern's match would cite DSL Art. 13 and lose the rest. "Art. 13 PIPL, Art. 21 DSL" keeps
    its article-first reading the same way.
    """
    found = sorted(((match.end(), match.start(), rank, match) for rank, pattern in enumerate(patterns)
                    for match in pattern.finditer(text)), key=lambda c: c[:3])
    ends = [c[0] for c in found]
    # best[i]: (count, -sum of ranks) of the best choice among the first i matches by end;
    # fits[i]: how many matches end before the i-th starts
    best: list[tuple[int, int]] = [(0, 0)]
    fits = [bisect.bisect_right(ends, start, hi=i) for i, (_, start, _, _) in enumerate(found)]
    for i, (_, _, rank, _) in enumerate(found):
        best.append(max(best[i], (best[fits[i]][0] + 1, best[fits[i]][1] - rank)))
    chosen, i = [], len(found)
    while i > 0:
        _, start, rank, match = found[i - 1]
        if best[i] != best[i - 1]:  # taking the match is what made this choice better
            chosen.append((rank, start, match))
            i = fits[i - 1]
        else:
            i -= 1
    return [match for _, _, match in sorted(chosen, key=lambda c: (c[0], c[1]))]


def _whole(mention: CitationMention) -> bool:
    return not mention.sub and mention.paragraph is None and mention.item is None


def _between(first: CitationMention, last: CitationMention) -> list[CitationMention]:
    """The articles a range leaves unwritten: 第二十二条 in 第二十一条至第二十三条."""
    if not (_whole(first) and _whole(last) and first.number < last.number <= first.number + MAX_RANGE):
        return []
    chinese = "条" in first.text
    return [replace(last, number=n, text=f"第{int_to_cn(n)}条" if chinese else f"Art. {n}")
            for n in range(first.number + 1, last.number)]


def _with_ranges(mentions: list[CitationMention], text: str) -> list[CitationMention]:
    """Mentions with the articles inside each range filled in (each reported where its range ends)."""
    result = mentions[:1]
    for previous, mention in itertools.pairwise(mentions):
        if _RANGE_BETWEEN.fullmatch(text, previous.end, mention.start):
            result += _between(previous, mention)
        result.append(mention)
    return result


def _more_items(mention: CitationMention, items: str | None) -> list[CitationMention]:
    """The other items of 第十三条第一款第（八）、（九）项 (or 第（一）至（三）项), each a citation."""
    if not items or mention.item is None:
        return []
    found, previous = [], mention.item
    for match in _CN_MORE_ITEM.finditer(items):
        try:
            number = cn_to_int(match.group("num"))
        except ValueError:
            break
        ranged = re.fullmatch(_CN_RANGE, match.group("join")) and previous < number <= previous + MAX_RANGE
        found += [replace(mention, item=n, text=f"第（{int_to_cn(n)}）项")
                  for n in range(previous + 1 if ranged else number, number + 1)]
        previous = number
    return found


#: Full-width ASCII (Ａｒｔ．３８（１）, ，), the ideographic space and curly apostrophes (People’s
#: Republic) read as their ASCII forms, one character for one, so that positions stay the same.
_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20, 0x2019: 0x27, 0x2018: 0x27}
_CJK_PAIR = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")
#: A line break inside a book title (《个人信息保护\n法》) or an article number (第二十\n一条).
_WRAP = re.compile(r"[ \t]*\r?\n[ \t]*")
_WRAPPED = re.compile(rf"《[^《》\n]{{0,60}}(?:{_WRAP.pattern}[^《》\n]{{0,60}})+》"
                      rf"|第\s*{_NUM}{_WRAP.pattern}(?:{_NUM}|\s*[条款项])")


def _one_line(text: str) -> str:
    """A citation as written, on one line: a break between Chinese characters goes, others are a space."""
    if "\n" not in text:
        return text
    return _WRAP.sub(lambda m: "" if _CJK_PAIR.match(text, max(m.start() - 1, 0)) is not None
                     and _CJK_PAIR.match(text, m.end()) is not None else " ", text)


def _unwrapped(text: str) -> tuple[str, list[int] | None]:
    """The text with line breaks inside titles and article numbers taken out, and for each of
    its characters the position it came from (None when nothing was taken out)."""
    cut = [(m.start(), m.end()) for wrapped in _WRAPPED.finditer(text)
           for m in _WRAP.finditer(text, wrapped.start(), wrapped.end())]
    if not cut:
        return text, None
    kept, origin, position = [], [], 0
    for start, end in cut:
        kept.append(text[position:start])
        origin += range(position, start)
        position = end
    kept.append(text[position:])
    origin += range(position, len(text))
    return "".join(kept), origin
