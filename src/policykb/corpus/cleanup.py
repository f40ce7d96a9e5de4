"""Make extracted text parse like the Markdown corpus: one paragraph per line.

A PDF's text layer comes out one *visual* line at a time, with page numbers, running
headers and lines wrapped in the middle of a sentence; plain text copied from such a PDF
looks the same. This module rejoins wrapped lines, drops page furniture and normalises
character variants, while keeping every paragraph, item and heading break.

Character normalisation is deliberately narrow: presentation forms (vertical and small
punctuation, Kangxi radicals, compatibility ideographs) and odd spaces become the ordinary
characters, but ASCII and full-width punctuation are left as the source wrote them — the
official text is the authority, and some official texts do mix them.
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from ..lang.numerals import NUMERAL
from .infer import looks_like_title

# -- characters ---------------------------------------------------------------------------

_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t"
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_VARIANTS = {
    # vertical forms
    "︐": "，", "︑": "、", "︒": "。", "︓": "：", "︔": "；", "︕": "！", "︖": "？", "︗": "〖", "︘": "〗",
    "︙": "…", "︰": "：", "︵": "（", "︶": "）", "︷": "｛", "︸": "｝", "︹": "〔", "︺": "〕",
    "︻": "【", "︼": "】", "︽": "《", "︾": "》", "︿": "〈", "﹀": "〉",
    "﹁": "「", "﹂": "」", "﹃": "『", "﹄": "』",
    # small form variants
    "﹐": "，", "﹑": "、", "﹒": "．", "﹔": "；", "﹕": "：", "﹖": "？", "﹗": "！", "﹙": "（", "﹚": "）",
    "﹛": "｛", "﹜": "｝", "﹝": "〔", "﹞": "〕",
    "\u2028": "\n", "\u2029": "\n",
}
_CHAR_TABLE = str.maketrans({**dict.fromkeys(_SPACES, " "), **dict.fromkeys(_INVISIBLE, ""), **_VARIANTS})
#: Kangxi radicals, CJK radicals supplement and compatibility ideographs: PDF fonts often
#: map a glyph to these look-alikes (⽬ for 目), which breaks search.
_LOOKALIKE = re.compile("[\u2e80-\u2fdf\uf900-\ufaff\U0002f800-\U0002fa1f]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
_MULTISPACE = re.compile(" {2,}")


def normalise_chars(text: str) -> str:
    """Ordinary characters for presentation variants, one kind of space, no invisible marks.

    Line breaks, form feeds (page breaks) and leading spaces (indentation) are kept.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_CHAR_TABLE)
    text = _LOOKALIKE.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    return _CONTROL.sub("", text)


def display_width(text: str) -> int:
    """Width in half-width cells: a CJK character or full-width mark counts two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


# -- line kinds ---------------------------------------------------------------------------

_ARTICLE_START = re.compile(rf"^第\s*(?:{NUMERAL})\s*条(?:\s*之\s*(?:{NUMERAL}))?(?:\s|[：:]|$)")
_HEADING = re.compile(rf"^(?:#+\s*)?第\s*(?:{NUMERAL})\s*(?:分编|编|章|节)(?:\s|$)")
_OTHER_HEADING = re.compile(r"^(?:#+\s|序\s*言$|(?:附件|附表|附录)(?:\s*[0-9一二三四五六七八九十]+|\s*[：:]|\s*$))")
_ITEM = re.compile(
    r"^(?:[（(]\s*(?:[一二三四五六七八九十]+|\d+)\s*[）)]|[一二三四五六七八九十]+、|\d+[.．、](?!\d)|[①-⑳])")
#: A line may not start with these: a line that does was wrapped before them.
_CONTINUES = tuple("，。、；：！？）》」』〕】〉…,.;:!?)]%％")
_ENDS_SENTENCE = tuple("。；：！？.;:!?")
_MAX_HEADING_CHARS = 40


def _is_heading(line: str) -> bool:
    if line.startswith("#"):
        return True
    return (len(line) <= _MAX_HEADING_CHARS and not line.endswith(("。", "；", "，"))
            and bool(_HEADING.match(line) or _OTHER_HEADING.match(line)))


def _starts_unit(line: str) -> bool:
    """Lines that always begin a paragraph: article starts and headings."""
    return bool(_ARTICLE_START.match(line)) or _is_heading(line)


# -- page furniture -----------------------------------------------------------------------

_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－~·•\s]*[0-9０-９]+[-—–－~·•\s]*"
    r"|[-—–－]+\s*[一二三四五六七八九十百〇零]+\s*[-—–－]+"
    r"|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?"
    r"|共\s*\d+\s*页\s*[,，]?\s*第\s*\d+\s*页"
    r"|\d+\s*/\s*\d+"
    r"|(?:page|p\.)\s*\d+(?:\s*(?:of|/)\s*\d+)?)$", re.I)
#: Page numbers and running headers live in the first or last lines of a page.
_EDGE_LINES = 2
_MAX_FURNITURE_CHARS = 60


def _furniture_key(line: str) -> str | None:
    """Page-independent form of a line that could be a running header or footer: short, not
    a sentence, not a heading or article (those never repeat as furniture)."""
    text = " ".join(line.split())
    if not text or len(text) > _MAX_FURNITURE_CHARS or text.endswith((*_ENDS_SENTENCE, "，")) or \
            _starts_unit(text) or _ITEM.match(text):
        return None
    return re.sub(r"\d+", "#", text)


def drop_page_furniture(pages: list[list[str]]) -> list[list[str]]:
    """Remove page numbers and lines repeated at the top or bottom of most pages.

    The first line of the first page is kept when it reads like an instrument's title,
    since a document's title is often repeated as its running header.
    """
    def edge(lines: list[str]) -> set[int]:
        return set(range(min(_EDGE_LINES, len(lines)))) | set(range(max(0, len(lines) - _EDGE_LINES), len(lines)))

    counts: Counter[str] = Counter()
    for lines in pages:
        counts.update({key for i in edge(lines) if (key := _furniture_key(lines[i]))})
    quorum = max(2, math.ceil(len(pages) / 2))
    repeated = {k for k, n in counts.items() if n >= quorum} if len(pages) >= 2 else set()
    cleaned = []
    for page_index, lines in enumerate(pages):
        drop = set()
        first_text = next((i for i, line in enumerate(lines) if line.strip()), None)
        for i in edge(lines):
            stripped = lines[i].strip()
            if not stripped:
                continue
            if _PAGE_NUMBER.match(stripped):
                drop.add(i)
            elif _furniture_key(stripped) in repeated:
                keep_title = page_index == 0 and i == first_text and looks_like_title(stripped)
                if not keep_title:
                    drop.add(i)
        cleaned.append([line for i, line in enumerate(lines) if i not in drop])
    return cleaned


# -- rejoining wrapped lines --------------------------------------------------------------

@dataclass
class _Line:
    text: str
    indented: bool
    page: int


def _to_lines(pages: list[list[str]]) -> list[_Line | None]:
    """Lines with their indentation and page; None for a blank line (a paragraph break)."""
    out: list[_Line | None] = []
    for page, lines in enumerate(pages, 1):
        # Blank lines at a page's edges are layout, not paragraph breaks.
        first = next((i for i, raw in enumerate(lines) if raw.strip()), len(lines))
        last = max((i for i, raw in enumerate(lines) if raw.strip()), default=-1)
        for raw in lines[first:last + 1]:
            raw = raw.rstrip()
            text = _MULTISPACE.sub(" ", raw.strip())
            out.append(_Line(text, raw[:1] == " ", page) if text else None)
    return out


def _uses_indentation(lines: list[_Line]) -> bool:
    """Whether a leading indent marks paragraph starts in this document.

    True when some lines are indented and others not, and articles (where there are any)
    start indented — the usual layout of Chinese official documents.
    """
    if len(lines) < 3:
        return False
    indented = sum(1 for line in lines if line.indented)
    if not 0.05 <= indented / len(lines) <= 0.95:
        return False
    articles = [line for line in lines if _ARTICLE_START.match(line.text)]
    return not articles or sum(1 for a in articles if a.indented) >= 0.8 * len(articles)


def _full_width(lines: list[_Line]) -> float:
    """The width of a line that runs to the right margin (90th percentile of widths)."""
    widths = sorted(display_width(line.text) for line in lines)
    return widths[min(len(widths) - 1, int(len(widths) * 0.9))] if widths else 0


_FIRST_WORD = re.compile(r"[A-Za-z0-9'’.,;:()/-]+")


def _fills_line(prev: str, following: str, full: float) -> bool:
    """Whether prev runs to the margin: nearly full width, or (ragged Latin text) too full
    for the next line's first word to have fitted on it."""
    width = display_width(prev)
    if width >= 0.92 * full:
        return True
    word = _FIRST_WORD.match(following)
    return bool(word) and prev[-1:].isascii() and width + 1 + display_width(word.group()) > full


def _starts_paragraph(prev: _Line, line: _Line, indentation: bool, full: float, in_item: bool) -> bool:
    text = line.text
    if text.startswith(_CONTINUES):
        return False
    if _starts_unit(text) or _is_heading(prev.text):
        return True
    prev_full = _fills_line(prev.text, text, full)
    if _ITEM.match(text) and (prev.text.endswith(_ENDS_SENTENCE) or not prev_full):
        return True
    if prev_full and not prev.text.endswith(_ENDS_SENTENCE):
        return False  # a line that runs to the margin mid-sentence was wrapped, indent or not
    if indentation:
        return line.indented
    # Without indentation a full line ending a sentence is ambiguous; in statutes it more
    # often ends a paragraph than a sentence inside one, and an item ends at its semicolon.
    return not prev_full or prev.text.endswith(("。", "：")) or (in_item and prev.text.endswith("；"))


def _join(left: str, right: str) -> str:
    """Wrapped Latin words get their space back; CJK text and split numbers join directly."""
    a, b = left[-1:], right[:1]
    if a.isascii() and a.isalnum() and b.isascii() and b.isalnum() and not (a.isdigit() and b.isdigit()):
        return f"{left} {right}"
    return left + right


def rejoin(pages: list[list[str]]) -> list[tuple[str, int]]:
    """Paragraphs (text, page where it starts) from visual lines, page by page."""
    lines = _to_lines(pages)
    present = [line for line in lines if line is not None]
    indentation = _uses_indentation(present)
    full = _full_width(present)
    paragraphs: list[tuple[str, int]] = []
    prev: _Line | None = None
    for line in lines:
        if line is None:
            prev = None
            continue
        in_item = bool(paragraphs) and bool(_ITEM.match(paragraphs[-1][0]))
        if prev is None or _starts_paragraph(prev, line, indentation, full, in_item):
            paragraphs.append((line.text, line.page))
        else:
            text, page = paragraphs[-1]
            paragraphs[-1] = (_join(text, line.text), page)
        prev = line
    return paragraphs


def rejoin_lines(text: str) -> list[str]:
    """The paragraphs of one page of hard-wrapped text."""
    return [p for p, _ in rejoin([normalise_chars(text).split("\n")])]


def _paged_text(paragraphs: list[tuple[str, int]]) -> str:
    """One paragraph per line; a form feed before the first paragraph of each later page."""
    out, current = [], 1
    for text, page in paragraphs:
        out.append("\f" * (page - current) + text)
        current = page
    return "\n".join(out)


def mark_title(text: str) -> str:
    """Make the first line a Markdown title when it reads like an instrument's name, so
    the parser records it as the title instead of a preamble paragraph."""
    head, sep, rest = text.lstrip("\f\n").partition("\n")
    lead = text[: len(text) - len(text.lstrip("\f\n"))]
    if head.startswith("#") or not looks_like_title(head):
        return text
    return f"{lead}# {head}{sep}{rest}"


def clean_pages(pages: list[str]) -> str:
    """Text of a PDF, one string per page, as parser-ready text with form feeds."""
    split = [normalise_chars(page).replace("\f", "\n").split("\n") for page in pages]
    return mark_title(_paged_text(rejoin(drop_page_furniture(split))))


def is_hard_wrapped(text: str) -> bool:
    """Whether plain text was wrapped at a fixed width (as text copied from a PDF is)."""
    lines = [_Line(t.strip(), False, 1) for t in text.split("\n") if t.strip()]
    if len(lines) < 5:
        return False
    full = _full_width(lines)
    wrapped = sum(1 for a, b in itertools.pairwise(lines)
                  if display_width(a.text) >= 0.92 * full and not a.text.endswith(_ENDS_SENTENCE)
                  and not _starts_unit(b.text) and not _is_heading(a.text))
    return wrapped >= max(3, 0.2 * len(lines))


def clean_text(text: str) -> str:
    """Plain text as parser-ready text: pages (form feeds) and hard wrapping handled."""
    text = normalise_chars(text)
    if "\f" in text or is_hard_wrapped(text):
        return clean_pages(text.split("\f"))
    lines = [_MULTISPACE.sub(" ", line.strip()) for line in text.split("\n")]
    return mark_title("\n".join(line for line in lines if line))
