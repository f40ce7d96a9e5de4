"""HTML: the law on a web page, without the site around it.

Official sites wrap a law in banners, navigation, breadcrumbs, share buttons, related
links and footers, usually in plain <div>s rather than <nav>/<footer>. The main text is
found by what it is, not where it sits: the smallest element that holds (nearly) all the
article headings 第X条; for pages without articles, the element with the most text outside
links. Its title comes from the nearest heading before it (or the page <title>).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from .cleanup import mark_title, normalise_chars
from .infer import looks_like_title
from .text import LoadedText, UnreadableDocument, sniff_binary

_DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "svg", "canvas", "object", "embed",
              "nav", "header", "footer", "aside", "button", "select", "input", "textarea")
_DROP_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search"}
_BLOCK_TAGS = {"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol",
               "tr", "table", "tbody", "thead", "blockquote", "pre", "dd", "dt", "dl", "center", "form",
               "fieldset", "figure", "figcaption", "address", "hr", "br", "body", "html"}
_CELL_TAGS = {"td", "th"}
_CONTAINERS = ("div", "article", "section", "main", "td", "body", "center", "form", "blockquote")
_ARTICLE_START = re.compile(r"^第\s*[零〇一二三四五六七八九十百千两0-9０-９]+\s*条(?:\s*之\s*\S+?)?(?:\s|[：:]|$)")
#: Elements holding at least this share of the page's article headings can hold the law.
_ARTICLE_QUORUM = 0.9
_TITLE_SPLIT = re.compile(r"\s*(?:_|\||-{1,2}|–|—|｜)\s*")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def _wide(ch: str) -> bool:
    return bool(ch) and unicodedata.east_asian_width(ch) in "WF"


def _collapse(text: str) -> str:
    """HTML whitespace: runs become one space, except that a line break next to a CJK
    character disappears (CSS Text 3 does this between two; Chinese puts no space between
    CJK and digits either), so the page source's own line breaks add no spaces."""
    def replace(match: re.Match) -> str:
        before = text[match.start() - 1] if match.start() else ""
        after = text[match.end()] if match.end() < len(text) else ""
        if "\n" in match.group() and (_wide(before) or _wide(after)):
            return ""
        return " "
    return re.sub(r"[ \t\r\n\f]+", replace, text)


def _text_lines(element) -> list[str]:
    """The element's text as lines: block elements and <br> break lines, cells are joined."""
    from bs4 import NavigableString, Tag
    from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction

    lines: list[str] = []
    current: list[str] = []

    def flush() -> None:
        line = " ".join(normalise_chars(_collapse("".join(current))).split())
        if line:
            lines.append(line)
        current.clear()

    def walk(node) -> None:
        for child in node.children:
            if isinstance(child, (Comment, Declaration, Doctype, ProcessingInstruction)):
                continue
            if isinstance(child, NavigableString):
                current.append(str(child))
            elif isinstance(child, Tag):
                name = child.name.lower()
                if name == "br":
                    flush()
                elif name in _BLOCK_TAGS:
                    flush()
                    walk(child)
                    flush()
                elif name in _CELL_TAGS:
                    if current and "".join(current).strip():
                        current.append(" | ")
                    walk(child)
                else:
                    walk(child)

    walk(element)
    flush()
    return lines


def _drop_boilerplate(soup) -> None:
    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    for tag in soup.find_all(True):
        if tag.decomposed or tag.attrs is None or tag.name in ("html", "body"):
            continue
        role = (tag.get("role") or "").lower()
        hidden = tag.has_attr("hidden") or tag.get("aria-hidden") == "true" or \
            bool(_HIDDEN_STYLE.search(tag.get("style") or ""))
        if role in _DROP_ROLES or hidden:
            tag.decompose()


def _stats(body) -> dict[int, tuple[int, int, int]]:
    """Per element: (article headings, text characters, characters inside links), bottom-up.

    Article headings are counted in leaf blocks (blocks without blocks inside), line by
    line, so a heading is counted once however deeply it is nested.
    """
    from bs4 import NavigableString, Tag
    from bs4.element import Comment

    stats: dict[int, tuple[int, int, int]] = {}

    def visit(tag) -> tuple[int, int, int, bool]:
        articles = chars = link_chars = 0
        has_block = False
        for child in tag.children:
            if isinstance(child, Comment):
                continue
            if isinstance(child, NavigableString):
                n = len(child.strip())
                chars += n
                link_chars += n if tag.name == "a" else 0
            elif isinstance(child, Tag):
                a, c, lc, b = visit(child)
                articles, chars = articles + a, chars + c
                link_chars += c if child.name == "a" else lc
                has_block = has_block or b or (child.name in _BLOCK_TAGS and child.name != "br")
        if not has_block and tag.name in _BLOCK_TAGS | _CELL_TAGS:
            articles = sum(1 for line in _text_lines(tag) if _ARTICLE_START.match(line))
        stats[id(tag)] = (articles, chars, link_chars)
        return articles, chars, link_chars, has_block or tag.name in _BLOCK_TAGS

    visit(body)
    return stats


def _main_block(soup):
    """The element that holds the law's text."""
    body = soup.body or soup
    stats = _stats(body)
    total_articles = stats.get(id(body), (0, 0, 0))[0]
    candidates = [t for t in body.find_all(_CONTAINERS)] + [body]
    if total_articles >= 2:
        holding = [t for t in candidates if stats[id(t)][0] >= _ARTICLE_QUORUM * total_articles]
        # The deepest such element: every ancestor holds the same articles plus site chrome.
        return min(holding, key=lambda t: (stats[id(t)][1], -len(list(t.parents))))
    best, best_score = body, -1.0
    for tag in candidates:
        _, chars, links = stats[id(tag)]
        if chars == 0:
            continue
        score = (chars - links) * (1 - links / chars)
        if score > best_score:
            best, best_score = tag, score
    # Go down while one child holds nearly all of the text.
    while True:
        children = [c for c in best.find_all(_CONTAINERS, recursive=False)]
        own = stats[id(best)][1]
        heavy = [c for c in children if stats[id(c)][1] - stats[id(c)][2] >= 0.85 * own]
        if len(heavy) != 1:
            return best
        best = heavy[0]


def _title(soup, block, block_lines: list[str]) -> str | None:
    """The title above the main text: the nearest heading before it that names an
    instrument, else the page <title> up to its first separator (site names follow it)."""
    if block_lines and (block_lines[0].startswith("#") or looks_like_title(block_lines[0])):
        return None  # the main text starts with its own title
    for heading in block.find_all_previous(("h1", "h2", "h3", "h4")):
        text = " ".join(heading.get_text(" ", strip=True).split())
        if looks_like_title(text):
            return text
    for tag in block.find_all_previous(class_=re.compile("title", re.I)):
        text = " ".join(tag.get_text(" ", strip=True).split())
        if looks_like_title(text):
            return text
    page_title = soup.title.get_text(" ", strip=True) if soup.title else ""
    first = _TITLE_SPLIT.split(page_title)[0].strip() if page_title else ""
    return first if looks_like_title(first) else None


def load(path: Path) -> LoadedText:
    from bs4 import BeautifulSoup

    data = path.read_bytes()
    kind = sniff_binary(data[:16])
    if kind or b"\x00" in data[:4096]:
        raise UnreadableDocument(f"binary data ({kind or 'NUL bytes'}), not an HTML page")
    soup = BeautifulSoup(data, "lxml")
    encoding = getattr(soup, "original_encoding", None)
    _drop_boilerplate(soup)
    if not (soup.body or soup).get_text(strip=True):
        raise UnreadableDocument("an HTML page with no text")
    block = _main_block(soup)
    lines = _text_lines(block)
    title = _title(soup, block, lines)
    if title and title not in lines[:3]:
        lines.insert(0, title)
    return LoadedText(text=mark_title("\n".join(lines)), meta={}, format="html", encoding=encoding)
