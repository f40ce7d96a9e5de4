"""Parse the text of a law or rule along its legal structure: 编/分编/章/节 headings, articles
(第X条, 第X条之一), their paragraphs (款) and items (项), plus text outside articles.

The parser works on clean text, one paragraph per line (Markdown headings are optional), so
every document format reaches it the same way. A form feed (\\f) marks a page break; when
present, each unit records the page where it starts.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace

from ..lang.numerals import CN_NUMERAL_CHARS, NUMERAL, article_label, cn_to_int
from ..model import Article

_HEADING_LEVELS = {"编": 0, "分编": 1, "章": 2, "节": 3}
_STRUCT_HEADING = re.compile(
    rf"^(?:#+\s*)?(?P<label>第\s*(?:{NUMERAL})\s*(?P<unit>分编|编|章|节))(?:[\s\u3000]+(?P<name>.*))?$")
_ARTICLE = re.compile(
    rf"^第\s*(?P<num>{NUMERAL})\s*条(?:\s*之\s*(?P<sub>{NUMERAL}))?(?:[\s\u3000]+|[：:]\s*|$)(?P<rest>.*)$")
_DECISION_ITEM = re.compile(rf"^(?P<num>[{CN_NUMERAL_CHARS}]+)、(?P<rest>.*)$")
_ANNEX_HEADING = re.compile(
    r"^(?:#+\s*)?(?P<label>(?:附件|附表|附录)\s*[0-9一二三四五六七八九十]*)[\s：:]*(?P<name>.*)$")
#: An annex label standing alone on a plain line: 附件, 附件一, 附件2 报告模板, 附表一：. Not 附件三所列…
#: or 附件所列事项… (text that begins with the word), nor 见附件2 (a mention inside a sentence).
_ANNEX_LABEL_ALONE = re.compile(
    r"^(?:附件|附表|附录)(?:[\s\u3000]*[0-9一二三四五六七八九十]+)?(?:[\s\u3000]*[：:]|[\s\u3000]+|$)")
_MD_HEADING = re.compile(r"^(?P<hashes>#+)\s*(?P<name>.+)$")
_PREAMBLE_HEADING = re.compile(r"^(?:#+\s*)?序\s*言$")
_CJK_SPACE = re.compile(r"(?<=[\u4e00-\u9fff])[\s\u3000]+(?=[\u4e00-\u9fff])")
_MAX_HEADING_CHARS = 40


@dataclass
class ParsedText:
    """What the parser found: the title line, the units in order, and anything odd."""

    title: str | None
    units: list[Article]
    structure: str  # "articles", "items" or "text"
    problems: list[str] = field(default_factory=list)

    @property
    def articles(self) -> list[Article]:
        return [u for u in self.units if u.kind in ("article", "item")]

    def for_document(self, doc_id: str) -> ParsedText:
        """The same parse with every unit tagged with the instrument's id."""
        units = [replace(u, doc_id=doc_id) for u in self.units]
        return ParsedText(self.title, units, self.structure, list(self.problems))

    @property
    def preamble(self) -> str:
        return "\n".join(p for u in self.units if u.kind == "preamble" for p in u.paragraphs)


def tidy_heading(text: str) -> str:
    """第三编 审 判 -> 第三编 审判: typesetting spaces inside CJK headings carry no meaning."""
    text = " ".join(text.replace("\u3000", " ").split())
    label, _, name = text.partition(" ")
    return f"{label} {_CJK_SPACE.sub('', name)}".strip() if name else _CJK_SPACE.sub("", label)


@dataclass
class _Lines:
    """Non-empty lines with the page each starts on."""

    items: list[tuple[str, int | None]]

    @classmethod
    def of(cls, text: str) -> _Lines:
        paged = "\f" in text
        items, page = [], 1
        for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
            for part_index, part in enumerate(raw.split("\f")):
                if part_index:
                    page += 1
                line = part.strip().strip("\u3000").strip()
                if line:
                    items.append((line, page if paged else None))
        return cls(items)


def parse(text: str, doc_id: str = "") -> ParsedText:
    """Parse one document's body (front-matter already removed)."""
    lines = _Lines.of(text).items
    title = None
    if lines and lines[0][0].startswith("# "):
        title = lines[0][0][2:].strip()
        lines = lines[1:]
    articles = _parse_articles(lines, doc_id)
    if articles is not None:
        units, problems = articles
        return ParsedText(title, units, "articles", problems)
    items = _parse_decision_items(lines, doc_id)
    if items is not None:
        return ParsedText(title, items, "items")
    return ParsedText(title, _plain_units(lines, doc_id, "text", "正文"), "text")


def _article_start(line: str) -> tuple[int, int, str] | None:
    match = _ARTICLE.match(line)
    if not match:
        return None
    try:
        number = cn_to_int(match.group("num"))
        sub = cn_to_int(match.group("sub")) if match.group("sub") else 0
    except ValueError:
        return None
    return number, sub, match.group("rest").strip()


def _structural_heading(line: str) -> tuple[int, str] | None:
    match = _STRUCT_HEADING.match(line)
    if not match or len(line) > _MAX_HEADING_CHARS or line.endswith(("。", "；", "，")):
        return None
    return _HEADING_LEVELS[match.group("unit")], tidy_heading(line.lstrip("#").strip())


def _annex_heading(line: str) -> bool:
    """A short line that starts an annex: a Markdown heading naming one (## 附件 …), or a plain
    line whose annex label stands alone (附件二, 附件2 报告模板, 附件：名称)."""
    if len(line) > _MAX_HEADING_CHARS:
        return False
    if line.startswith("#"):
        return bool(_ANNEX_HEADING.match(line))
    return bool(_ANNEX_LABEL_ALONE.match(line))


def _parse_articles(lines: list[tuple[str, int | None]], doc_id: str):
    starts = [i for i, (line, _) in enumerate(lines) if _article_start(line)]
    # A document is article-structured only if its first article is 第一条: a stray line
    # that begins with 第三十一条 (a cross-reference) does not make one.
    if not starts or _article_start(lines[starts[0]][0])[:2] != (1, 0):
        return None
    units: list[Article] = []
    problems: list[str] = []
    path: list[str | None] = [None, None, None, None]
    current: dict | None = None
    pending: list[tuple[str, int | None]] = []  # text before the first article
    preamble_label = "题注"  # promulgation notes under the title, unless a 序言 heading says otherwise
    annex: dict | None = None
    seen: Counter[tuple[int, int]] = Counter()
    last: tuple[int, int] | None = None

    def close_current() -> None:
        nonlocal current
        if current is not None:
            units.append(Article(
                doc_id=doc_id, kind="article", label=current["label"],
                paragraphs=tuple(current["paragraphs"]), number=current["number"],
                sub=current["sub"], chapter_path=current["path"], ordinal=len(units),
                page=current["page"], repeat=current["repeat"]))
            current = None

    def close_annex() -> None:
        nonlocal annex
        if annex is not None:
            units.append(Article(
                doc_id=doc_id, kind="annex", label=annex["label"],
                paragraphs=tuple(annex["paragraphs"]) or (annex["label"],),
                ordinal=len(units), page=annex["page"]))
            annex = None

    def open_annex(line: str, page: int | None) -> None:
        nonlocal annex
        annex = {"label": tidy_heading(line.lstrip("#").strip()), "paragraphs": [], "page": page}

    for line, page in lines:
        if annex is not None:
            # Annexes follow one another: 附件一 … 附件二 … 附件三, each a unit of its own.
            if _annex_heading(line):
                close_annex()
                open_annex(line, page)
                continue
            if _ANNEX_HEADING.match(line) and line.startswith("#"):
                close_annex()
            else:
                annex["paragraphs"].append(line)
                continue
        heading = _structural_heading(line)
        start = _article_start(line) if heading is None else None
        # The first annex follows the articles (or is a Markdown heading).
        if heading is None and start is None and (line.startswith("#") or current is not None) \
                and _annex_heading(line):
            close_current()
            open_annex(line, page)
            continue
        if heading is not None:
            level, name = heading
            path[level] = name
            for deeper in range(level + 1, len(path)):
                path[deeper] = None
            close_current()
            continue
        if start is not None:
            number, sub, rest = start
            key = (number, sub)
            if key in seen:
                problems.append(f"duplicate article {_label(number, sub)}")
            elif last is not None and sub == 0 and number != last[0] + 1:
                problems.append(f"article sequence jumps from {_label(*last)} to {_label(number, sub)}")
            last = key
            close_current()
            current = {"label": _label(number, sub), "number": number, "sub": sub, "repeat": seen[key],
                       "paragraphs": [rest] if rest else [], "page": page,
                       "path": tuple(p for p in path if p)}
            seen[key] += 1
            continue
        if current is None and not units:
            if _PREAMBLE_HEADING.match(line):
                preamble_label = "序言"
            else:
                pending.append((line, page))
            continue
        md = _MD_HEADING.match(line)
        if md:
            # An unnumbered heading such as "## 附则" acts as a chapter.
            path[2], path[3] = tidy_heading(md.group("name")), None
            close_current()
            continue
        if current is None:
            # Text after a heading but before the next article: a unit of its own.
            units.append(Article(doc_id=doc_id, kind="text", label=path[2] or "正文",
                                 paragraphs=(line,), chapter_path=tuple(p for p in path if p),
                                 ordinal=len(units), page=page))
            continue
        current["paragraphs"].append(line)
    close_current()
    close_annex()
    if pending:
        preamble = Article(doc_id=doc_id, kind="preamble", label=preamble_label,
                           paragraphs=tuple(line.lstrip("#").strip() for line, _ in pending),
                           ordinal=-1, page=pending[0][1])
        units.insert(0, preamble)
    units = [_renumber(u, i) for i, u in enumerate(units)]
    for unit in units:
        if unit.kind == "article" and not unit.paragraphs:
            problems.append(f"{unit.label} has no text")
    return units, problems


def _renumber(unit: Article, ordinal: int) -> Article:
    return unit if unit.ordinal == ordinal else replace(unit, ordinal=ordinal)


def _label(number: int, sub: int) -> str:
    return article_label(number, sub)


def _parse_decision_items(lines: list[tuple[str, int | None]], doc_id: str) -> list[Article] | None:
    """Decisions numbered 一、二、 … : each top-level item is a citable unit."""
    units: list[Article] = []
    preamble: list[tuple[str, int | None]] = []
    expected = 1
    current: dict | None = None
    for line, page in lines:
        match = _DECISION_ITEM.match(line)
        number = None
        if match:
            try:
                number = cn_to_int(match.group("num"))
            except ValueError:
                number = None
        if number == expected:
            if current:
                units.append(_item(doc_id, current, len(units)))
            current = {"number": number, "label": f"{match.group('num')}、",
                       "paragraphs": [match.group("rest").strip()], "page": page}
            expected += 1
        elif current is None:
            preamble.append((line, page))
        else:
            current["paragraphs"].append(line)
    if current:
        units.append(_item(doc_id, current, len(units)))
    if len(units) < 2:
        return None
    if preamble:
        units.insert(0, Article(doc_id=doc_id, kind="preamble", label="题注",
                                paragraphs=tuple(line.lstrip("#").strip() for line, _ in preamble),
                                page=preamble[0][1]))
    return [_renumber(u, i) for i, u in enumerate(units)]


def _item(doc_id: str, data: dict, ordinal: int) -> Article:
    return Article(doc_id=doc_id, kind="item", label=data["label"],
                   paragraphs=tuple(p for p in data["paragraphs"] if p), number=data["number"],
                   ordinal=ordinal, page=data["page"])


def _plain_units(lines: list[tuple[str, int | None]], doc_id: str, kind: str, label: str) -> list[Article]:
    if not lines:
        return []
    return [Article(doc_id=doc_id, kind=kind, label=label,
                    paragraphs=tuple(line.lstrip("#").strip() for line, _ in lines),
                    page=lines[0][1])]
