"""The provision graph: what each article refers to, which articles cite it, and its penalties.

Built with the index from the parsed articles (cheap: no model, one pass of the citation
parser per article) and stored beside them as links.jsonl. References are read by the same
CitationParser that `verify` uses, taught the words an instrument uses for itself (本法,
本办法, 本规定, 本条例 …); what that parser cannot see is handled here: a bare 第二十一条 inside
an article (read through the parser as if 本法 preceded it), paragraph references inside the
article (前款, 前两款, 本条第二款) and instruments named without an article
(《互联网信息服务算法推荐管理规定》).

Every reference keeps the text as written and one status:

- ``resolved``: an article of an instrument in the index;
- ``instrument``: an instrument in the index, named without an article;
- ``not_held``: an instrument this index does not hold (never guessed at);
- ``no_such_article``: the instrument is held but has no such article;
- ``ambiguous``: the name could mean several instruments;
- ``unresolved``: a bare article number after a name the parser does not know (刑法第二百八十七条).

Penalty links: the articles of an instrument's 法律责任 (or 罚则) chapter, or, where it has no
such chapter, articles whose text is a sanction (违反本法…的，由…处…罚款), that reference an
article of the same instrument are its penalties. A penalty article's references to other
instruments (依照《网络安全法》…处罚) travel with it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from ..catalog import Catalog
from ..lang.numerals import NUMERAL, cn_to_int, int_to_cn
from ..model import Article, Instrument
from .hits import citation as display_citation
from .parser import CitationMention, CitationParser

#: Statuses of a reference (see the module docstring).
RESOLVED, INSTRUMENT, NOT_HELD, NO_SUCH_ARTICLE, AMBIGUOUS, UNRESOLVED = (
    "resolved", "instrument", "not_held", "no_such_article", "ambiguous", "unresolved")
REFERENCE_STATUSES = (RESOLVED, INSTRUMENT, NOT_HELD, NO_SUCH_ARTICLE, AMBIGUOUS, UNRESOLVED)
#: The words an instrument uses for itself: 本法第二十一条, 本办法第七条第一款.
SELF_NAMES = ("本法", "本条例", "本规定", "本办法", "本决定", "本细则", "本规则", "本解释", "本措施", "本规范")
_SELF = "\x00self"
_ITEM_LINE = re.compile(r"^\s*[(（][一二三四五六七八九十百零〇]+[)）]")
_BARE_ARTICLE = re.compile(rf"第\s*(?:{NUMERAL})\s*条")
#: A line the citation parser can find something in: a Chinese or English article number.
_ANY_ARTICLE = re.compile(rf"(?:{NUMERAL})\s*条|(?i:art)|§")
#: A name ends right before a bare 第X条: 刑法第二百八十七条 cites an instrument, not this one.
_NAME_BEFORE = re.compile(r"(?:法|典|条例|规定|办法|解释|决定|细则|规则|措施|》)\s*$")
#: Words that end the text before a name: 认定为|刑法, 依据|民法典, 属于|刑法.
_BEFORE_NAME = set("的和及或与、，。；为于犯施是照据反合成属在依按经由对向用以到")
#: 前款, 前两款, 前三款; 本条第二款; a bare 第二款 (not after 第X条, which the parser reads).
_PARAGRAPH_REF = re.compile(rf"前(?P<count>[两二三四五])?款|(?P<this>本条)?第(?P<num>{NUMERAL})款")
#: 《…》 naming an instrument (not a licence, form or standard): its title ends like a rule's.
_TITLE = re.compile(r"《(?P<name>[^《》\n]{2,80})》")
_RULE_ENDING = re.compile(r"(?:法|法典|条例|规定|办法|决定|解释|细则|规则|措施|意见|通知|规范)(?:[(（][^)）]*[)）])?$")
_NAME_VERSION = re.compile(r"\s*[(（][^()（）]*[)）]\s*$")
#: Where penalties are: 第六章 法律责任, 第五章 罚则, 第四章 监督检查和法律责任.
_LIABILITY_HEADING = re.compile(r"法律责任|罚则")
#: A heading that is nothing but the liability chapter (every article in it is a penalty).
_PURE_LIABILITY = re.compile(r"^第\S+[章节]\s*(?:法律责任|罚则)$")
#: A sentence that sanctions: …的，由…责令改正/处…罚款; …的，依照…的规定处罚.
_SANCTION = re.compile(r"的[，,](?:[^。；]{0,80}?)(?:由|依照|依法|予以|处|给予|责令|没收|吊销|追究)[^。]*?"
                       r"(?:罚款|警告|处罚|处分|责令改正|没收|吊销|刑事责任|拘留)"
                       # …的，由…依照/按照《网络安全法》的规定予以处理: a sanction by reference
                       r"|的[，,]由[^。]*?(?:依照|按照)[^。]*?规定[^。]*?处理")


@dataclass(frozen=True)
class Reference:
    """One reference found in an article's text."""

    text: str
    status: str
    doc_id: str | None = None
    article_key: str | None = None
    article_number: int | None = None
    paragraph: int | None = None
    item: int | None = None
    #: The source paragraph (款) the reference stands in, counted from 1.
    in_paragraph: int | None = None


class _SelfCatalog:
    """The catalogue as the citation parser sees it, plus the words an instrument uses for itself."""

    def __init__(self, catalog: Catalog) -> None:
        self._catalog = catalog
        self._names = {**catalog.names(), **{name: {_SELF} for name in SELF_NAMES}}

    def names(self) -> dict[str, set[str]]:
        return self._names

    def candidates(self, name: str) -> set[str]:
        return {_SELF} if name.strip() in SELF_NAMES else self._catalog.candidates(name)


class ReferenceReader:
    """Finds and resolves the references of every article of one catalogue."""

    def __init__(self, catalog: Catalog, keys: dict[str, set[str]]) -> None:
        """keys: doc_id -> the article keys it has ("23", "10-1")."""
        self.catalog = catalog
        self._keys = keys
        self._parser = CitationParser(_SelfCatalog(catalog))  # type: ignore[arg-type]

    def references(self, article: Article) -> list[Reference]:
        """Every reference in the article's text, in order of position."""
        found: list[Reference] = []
        paragraph = 0
        for line in article.paragraphs:
            if not _ITEM_LINE.match(line) or paragraph == 0:
                paragraph += 1
            found += self._in_line(article, line, paragraph)
        return found

    def _in_line(self, article: Article, line: str, paragraph: int) -> list[Reference]:
        # the parser scans for every name in the catalogue: only where an article number is written
        mentions = self._parser.find(line) if _ANY_ARTICLE.search(line) else []
        spans = [(m.start, m.end) for m in mentions]
        refs = [(m.start, self._resolve(article, m, paragraph)) for m in mentions]
        for match in _BARE_ARTICLE.finditer(line):
            if _overlaps(match.start(), match.end(), spans):
                continue
            # 刑法第二百八十七条: a name the catalogue does not know; this instrument is not meant
            named = _named_before(line, match) if _NAME_BEFORE.search(line[:match.start()][-6:]) else None
            window = line[match.start():match.start() + 300]
            for mention in self._parser.find(SELF_NAMES[0] + window):
                start = match.start() + max(0, mention.start - len(SELF_NAMES[0]))
                end = match.start() + mention.end - len(SELF_NAMES[0])
                if mention.doc_ids != (_SELF,) or start < match.start() or _overlaps(start, end, spans):
                    continue
                text = mention.text[len(SELF_NAMES[0]):] if mention.start == 0 else mention.text
                spans.append((start, end))
                if named is None:
                    ref = self._resolve(article, replace(mention, text=text), paragraph)
                    if ref.status == NO_SUCH_ARTICLE:  # a bare number this instrument lacks: not guessed
                        ref = replace(ref, status=UNRESOLVED, doc_id=None, article_key=None)
                    refs.append((start, ref))
                else:
                    written = named + text if mention.start == 0 else text
                    refs.append((start, Reference(text=written, status=UNRESOLVED, article_number=mention.number,
                                                  paragraph=mention.paragraph, item=mention.item,
                                                  in_paragraph=paragraph)))
        for match in _PARAGRAPH_REF.finditer(line):
            if _overlaps(match.start(), match.end(), spans) or line[max(0, match.start() - 1):match.start()] == "条":
                continue
            refs += [(match.start(), ref) for ref in self._paragraphs(article, match, paragraph)]
        for match in _TITLE.finditer(line):
            if _overlaps(match.start(), match.end(), spans) or not _RULE_ENDING.search(match.group("name")):
                continue
            refs.append((match.start(), self._instrument(match.group(0), match.group("name"), paragraph)))
        return [ref for _, ref in sorted(refs, key=lambda r: r[0])]

    def _resolve(self, article: Article, mention: CitationMention, paragraph: int) -> Reference:
        base = {"text": mention.text, "paragraph": mention.paragraph, "item": mention.item,
                "in_paragraph": paragraph}
        if not mention.doc_ids:
            return Reference(status=NOT_HELD, **base)
        if mention.doc_ids == (_SELF,):
            doc_id = article.doc_id
        else:
            families = {self.catalog.versions(d) for d in mention.doc_ids}
            if len(families) > 1:
                return Reference(status=AMBIGUOUS, **base)
            doc_id = self._version(article.doc_id, next(iter(families)), mention.year)
            if doc_id is None:
                return Reference(status=NOT_HELD, **base)
        key = f"{mention.number}-{mention.sub}" if mention.sub else str(mention.number)
        status = RESOLVED if key in self._keys.get(doc_id, ()) else NO_SUCH_ARTICLE
        return Reference(status=status, doc_id=doc_id, article_key=key, article_number=mention.number, **base)

    def _version(self, citing: str, versions: Sequence[str], year: int | None) -> str | None:
        """The version a reference means: its own when it names its own instrument, the one of a
        year it names, else the newest (a reference to a law follows its amendments)."""
        if citing in versions:
            return citing
        if year:
            return self.catalog.version_of_year(versions[0], year)
        return versions[-1]

    def _paragraphs(self, article: Article, match: re.Match, paragraph: int) -> list[Reference]:
        """前款 / 前两款 / 本条第二款 / 第二款: paragraphs of this same article."""
        if match.group("num"):
            try:
                numbers = [cn_to_int(match.group("num"))]
            except ValueError:
                return []
        else:
            count = cn_to_int(match.group("count")) if match.group("count") else 1
            numbers = list(range(max(1, paragraph - count), paragraph))
        key = article.key.split("+")[0]
        return [Reference(text=match.group(0), status=RESOLVED, doc_id=article.doc_id, article_key=key,
                          article_number=article.number, paragraph=n, in_paragraph=paragraph)
                for n in numbers if n >= 1]

    def _instrument(self, written: str, name: str, paragraph: int) -> Reference:
        ids = self.catalog.candidates(name)
        version = _NAME_VERSION.search(name)
        if not ids and version:
            ids = self.catalog.candidates(name[:version.start()])
        if not ids:
            return Reference(text=written, status=NOT_HELD, in_paragraph=paragraph)
        families = {self.catalog.versions(d) for d in ids}
        if len(families) > 1:
            return Reference(text=written, status=AMBIGUOUS, in_paragraph=paragraph)
        return Reference(text=written, status=INSTRUMENT, doc_id=next(iter(families))[-1], in_paragraph=paragraph)


def _overlaps(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in spans)


def _named_before(line: str, match: re.Match) -> str:
    """The name before a bare 第X条, as written: 刑法 in 应当认定为刑法第二百八十五条."""
    start = match.start()
    while start > 0 and match.start() - start < 20 and "\u4e00" <= line[start - 1] <= "\u9fff" \
            and line[start - 1] not in _BEFORE_NAME:
        start -= 1
    return line[start:match.start()]


# -- penalty articles ---------------------------------------------------------------------------


def is_sanction(text: str) -> bool:
    """Whether an article's text imposes a sanction (违反本法…的，由…责令改正/处…罚款)."""
    return bool(_SANCTION.search(text))


def penalty_articles(units: Sequence[Article]) -> set[str]:
    """Keys of one instrument's penalty articles: its 法律责任/罚则 chapter (in a chapter that
    mixes in supervision, only articles that sanction), or without one, sanctioning articles."""
    articles = [u for u in units if u.kind in ("article", "item") and u.number]
    chaptered = [u for u in articles if any(_LIABILITY_HEADING.search(h) for h in u.chapter_path)]
    if not chaptered:
        return {u.key for u in articles if is_sanction(u.text)}
    keys = set()
    for unit in chaptered:
        heading = next(h for h in unit.chapter_path if _LIABILITY_HEADING.search(h))
        if _PURE_LIABILITY.match(heading.replace(" ", "").replace("\u3000", "")) or is_sanction(unit.text):
            keys.add(unit.key)
    return keys


# -- the graph ----------------------------------------------------------------------------------


def build_links(instruments: Sequence[Instrument], units: Sequence[Article]) -> list[dict]:
    """One row per article that refers to, is cited by, or is sanctioned by another:
    {"doc_id", "key", "penalty_article", "refers_to", "cited_by", "penalties"}."""
    catalog = Catalog(instruments)
    by_doc: dict[str, list[Article]] = {}
    for unit in units:
        by_doc.setdefault(unit.doc_id, []).append(unit)
    keys = {d: {u.key for u in us if u.kind in ("article", "item")} for d, us in by_doc.items()}
    reader = ReferenceReader(catalog, keys)
    articles = {(u.doc_id, u.key): u for u in units if u.kind in ("article", "item")}
    penalties = {(d, k) for d, us in by_doc.items() for k in penalty_articles(us)}
    rows: dict[tuple[str, str], dict] = {}

    def row(doc_id: str, key: str) -> dict:
        if (doc_id, key) not in rows:
            rows[(doc_id, key)] = {"doc_id": doc_id, "key": key,
                                   "penalty_article": (doc_id, key) in penalties,
                                   "refers_to": [], "cited_by": [], "penalties": []}
        return rows[(doc_id, key)]

    outgoing: dict[tuple[str, str], list[Reference]] = {}
    for source, unit in articles.items():
        refs = _unique(reader.references(unit))
        if refs:
            outgoing[source] = refs
            row(*source)["refers_to"] = [_reference_item(r, catalog, articles) for r in refs]
    for source, refs in outgoing.items():
        unit = articles[source]
        cited = set()
        for ref in refs:
            target = (ref.doc_id, ref.article_key)
            if ref.status != RESOLVED or target == source or target in cited or target not in articles:
                continue
            cited.add(target)
            row(*target)["cited_by"].append(_article_item(unit, catalog))
            if source in penalties and ref.doc_id == unit.doc_id and target not in penalties:
                item = _article_item(unit, catalog)
                elsewhere = [_reference_item(r, catalog, articles) for r in refs
                             if r.doc_id != unit.doc_id and r.status != UNRESOLVED]
                if elsewhere:
                    item["refers_to"] = elsewhere
                row(*target)["penalties"].append(item)
    for (doc_id, key) in penalties:
        row(doc_id, key)
    return [rows[k] for k in sorted(rows, key=lambda k: (k[0], articles[k].ordinal if k in articles else 0))]


def _unique(refs: list[Reference]) -> list[Reference]:
    seen, result = set(), []
    for ref in refs:
        mark = (ref.status, ref.doc_id, ref.article_key, ref.paragraph, ref.item,
                ref.text if ref.doc_id is None else None)
        if mark not in seen:
            seen.add(mark)
            result.append(ref)
    return result


def _article_item(unit: Article, catalog: Catalog) -> dict:
    instrument = catalog.by_id[unit.doc_id]
    return {"doc_id": unit.doc_id, "article_key": unit.key, "article_number": unit.number,
            "citation": display_citation(instrument, unit, catalog)}


def _reference_item(ref: Reference, catalog: Catalog, articles: dict[tuple[str, str], Article]) -> dict:
    item = {"doc_id": ref.doc_id, "article_key": ref.article_key, "article_number": ref.article_number,
            "paragraph": ref.paragraph, "item": ref.item, "status": ref.status, "text": ref.text, "citation": None,
            "in_paragraph": ref.in_paragraph}
    target = articles.get((ref.doc_id, ref.article_key)) if ref.doc_id and ref.article_key else None
    if target is not None and ref.status == RESOLVED:
        citation = display_citation(catalog.by_id[ref.doc_id], target, catalog)
        if ref.paragraph:
            citation += f"第{int_to_cn(ref.paragraph)}款"
        if ref.item:
            citation += f"第{int_to_cn(ref.item)}项"
        item["citation"] = citation
    elif ref.status == INSTRUMENT and ref.doc_id:
        item["citation"] = f"《{catalog.by_id[ref.doc_id].short_title}》"
    return item


class Links:
    """The graph as loaded with an index: (doc_id, key) -> refers_to, cited_by, penalties."""

    def __init__(self, rows: Iterable[dict]) -> None:
        self._rows = {(r["doc_id"], r["key"]): r for r in rows}

    def of(self, doc_id: str, key: str) -> dict:
        """{"refers_to": [...], "cited_by": [...], "penalties": [...]} (empty lists when none)."""
        row = self._rows.get((doc_id, key))
        if row is None:
            return {"refers_to": [], "cited_by": [], "penalties": []}
        return {"refers_to": row["refers_to"], "cited_by": row["cited_by"], "penalties": row["penalties"]}

    def is_penalty(self, doc_id: str, key: str) -> bool:
        row = self._rows.get((doc_id, key))
        return bool(row and row.get("penalty_article"))

    def rows(self) -> list[dict]:
        return list(self._rows.values())


def reference_counts(rows: Iterable[dict]) -> dict[str, int]:
    """How many references of each status the graph holds (for docs and benchmarks)."""
    counts = dict.fromkeys(REFERENCE_STATUSES, 0)
    for row in rows:
        for ref in row["refers_to"]:
            counts[ref["status"]] += 1
    return counts

