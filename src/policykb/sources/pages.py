"""What an issuer's web page says about itself, and whether it holds the law at all.

Official pages carry their own title (<h1>), publication date (#pubtime) and source (#source,
e.g. 来源：中国政府网); a fetch records them in the sidecar beside the catalogue's facts, so a
wrong URL shows (the page's title is another instrument's). A page may also hold no law
text: a list page, or a notice (关于印发《…办法》的通知) whose text is a PDF or DOCX attachment.
The attachment is then fetched in the page's place; a page with neither is refused with the
reason, so it is never stored or indexed as a law.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from .catalogue import SourceLink
from .download import Download, Downloader, DownloadError

_ATTACHMENT_SUFFIXES = {".pdf": "pdf", ".docx": "docx", ".doc": "doc"}
_DATE = re.compile(r"(\d{4})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})")
_SOURCE_PREFIX = re.compile(r"^\s*(?:来源|来\s*源|信息来源)\s*[:：]\s*")
#: Where official page templates put their own facts (cac.gov.cn, gov.cn and similar).
_TITLE_SELECTORS = ("h1.title", "h1", "div.title h1", ".article-title", "#title")
_DATE_SELECTORS = ("#pubtime", ".pubtime", ".pages-date", "#pubTime", ".time")
_SOURCE_SELECTORS = ("#source", ".source", ".pages-source")


def _soup(body: bytes):
    from bs4 import BeautifulSoup

    return BeautifulSoup(body, "lxml")


def _first_text(soup, selectors: tuple[str, ...]) -> str | None:
    for selector in selectors:
        for tag in soup.select(selector):
            text = " ".join(tag.get_text(" ", strip=True).split())
            if text:
                return text
    return None


def page_facts(body: bytes) -> dict[str, str]:
    """page_title, page_date (YYYY-MM-DD) and page_source, where the page states them."""
    soup = _soup(body)
    facts: dict[str, str] = {}
    title = _first_text(soup, _TITLE_SELECTORS)
    if title:
        facts["page_title"] = title
    date = _first_text(soup, _DATE_SELECTORS)
    match = _DATE.search(date or "")
    if match:
        year, month, day = match.groups()
        facts["page_date"] = f"{year}-{int(month):02d}-{int(day):02d}"
    source = _first_text(soup, _SOURCE_SELECTORS)
    if source and _SOURCE_PREFIX.sub("", source):
        facts["page_source"] = _SOURCE_PREFIX.sub("", source)
    return facts


def law_text_problem(body: bytes) -> str | None:
    """Why the page holds no law text (as `policykb build` would judge it), or None."""
    return _judge(body)[1]


def _judge(body: bytes) -> tuple[bool, str | None]:
    """(whether the page has numbered articles, why it is no law text or None)."""
    from ..corpus import html
    from ..corpus.infer import legal_text_problem
    from ..corpus.structure import parse
    from ..corpus.text import UnreadableDocument

    with tempfile.TemporaryDirectory(prefix="policykb-page-") as folder:
        path = Path(folder) / "page.html"
        path.write_bytes(body)
        try:
            loaded = html.load(path)
        except UnreadableDocument as exc:
            return False, str(exc)
    parsed = parse(loaded.text)
    if not parsed.units:
        return False, "no text besides a title"
    return bool(parsed.articles), legal_text_problem(parsed.structure, parsed.title, None)


def attachments(body: bytes, page_url: str) -> list[tuple[str, str]]:
    """Links to PDF, DOCX or DOC files on the page: (absolute URL, format), in page order."""
    found: list[tuple[str, str]] = []
    for anchor in _soup(body).find_all("a", href=True):
        url = urljoin(page_url, anchor["href"].strip())
        suffix = Path(urlsplit(url).path).suffix.lower()
        if suffix in _ATTACHMENT_SUFFIXES and (url, _ATTACHMENT_SUFFIXES[suffix]) not in found:
            found.append((url, _ATTACHMENT_SUFFIXES[suffix]))
    return found


def resolve_page(link: SourceLink, download: Download,
                 downloader: Downloader) -> tuple[SourceLink, Download, dict[str, str]] | str:
    """The page itself when it holds the law; else its first attachment that downloads; else
    the reason it cannot be used. The facts to record come with it."""
    facts = page_facts(download.body)
    has_articles, problem = _judge(download.body)
    linked = attachments(download.body, download.final_url)
    # Articles on the page: the law is here. None, but attachments: a notice; the text is attached.
    if has_articles or (problem is None and not linked):
        return link, download, facts
    errors: list[str] = []
    for url, fmt in linked:
        try:
            got = downloader.get(url, fmt)
        except DownloadError as exc:
            errors.append(f"{url}: {exc}")
            continue
        return SourceLink(url=url, format=fmt), got, {**facts, "attachment_of": download.final_url}
    if errors:
        return f"the page holds no articles and none of its attachments could be fetched: {'; '.join(errors)}"
    return f"the page holds no law text ({problem}) and links to no PDF or DOCX attachment; check the URL"
