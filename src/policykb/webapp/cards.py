"""HTML for what the app shows: an instrument's header, an article card, the source list.

Pure functions of hits and labels (no Streamlit here), so they are tested directly.
Every value that comes from the corpus or the user is escaped; links are kept only when
they are http(s).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from urllib.parse import urlparse

from ..model import Hit, Instrument
from .highlight import paragraphs_html
from .labels import Labels

STATUS_CLASSES = ("in_force", "amended", "repealed", "not_yet_in_force")


def escape(value: object) -> str:
    return html.escape(str(value), quote=True)


def safe_url(url: str | None) -> str | None:
    """The URL if it is a plain web link (never javascript: or data:)."""
    if not url:
        return None
    parsed = urlparse(url.strip())
    return url.strip() if parsed.scheme in ("http", "https") and parsed.netloc else None


def status_badge(status: str | None, tr: Labels) -> str:
    if not status:
        return ""
    css = status if status in STATUS_CLASSES else "unknown"
    return f'<span class="pkb-badge pkb-status-{css}">{escape(tr.status(status))}</span>'


def citation_line(hit: Hit) -> str:
    """The citation as it goes into a memo: 《个人信息保护法》第三十八条 (PIPL Art. 38)."""
    return f"{hit.citation} ({hit.citation_en})" if hit.citation_en else hit.citation


def copy_text(hit: Hit) -> str:
    """Citation and text, ready to paste."""
    return f"{citation_line(hit)}\n{hit.text}"


def instrument_header(hit: Hit, tr: Labels, doc_number: str | None = None) -> str:
    """Title, English title, level, issuer, effective date and status of a hit's instrument."""
    meta = [(tr("level"), tr.level(hit.level)), (tr("issuer"), hit.issuer), (tr("effective"), hit.effective)]
    if doc_number:
        meta.append((tr("doc_number"), doc_number))
    items = "".join(f'<span class="pkb-meta-item"><span class="pkb-meta-key">{escape(k)}</span>{escape(v)}</span>'
                    for k, v in meta if v)
    english = f'<div class="pkb-inst-en">{escape(hit.title_en)}</div>' if hit.title_en else ""
    return (f'<div class="pkb-inst" data-doc="{escape(hit.doc_id)}"><div class="pkb-inst-row">'
            f'<div class="pkb-inst-names">'
            f'<div class="pkb-inst-title">{escape(hit.title)}</div>{english}</div>'
            f'{status_badge(hit.status, tr)}</div><div class="pkb-meta">{items}</div></div>')


def instrument_summary(instrument: Instrument, status: str, tr: Labels) -> str:
    """The header of an instrument in the browse view (with promulgation date and source)."""
    meta = [(tr("level"), tr.level(instrument.level)), (tr("issuer"), instrument.issuer),
            (tr("promulgated"), instrument.promulgated),
            # an amended text (csl-2025) is dated by its amendment; promulgation is the original law's
            (tr("amended_on"), instrument.version if instrument.version != instrument.promulgated else None),
            (tr("effective"), instrument.effective),
            (tr("doc_number"), instrument.doc_number)]
    items = "".join(f'<span class="pkb-meta-item"><span class="pkb-meta-key">{escape(k)}</span>{escape(v)}</span>'
                    for k, v in meta if v)
    english = f'<div class="pkb-inst-en">{escape(instrument.title_en)}</div>' if instrument.title_en else ""
    url = safe_url(instrument.source_url)
    source = (f'<div class="pkb-meta"><span class="pkb-meta-key">{escape(tr("sources"))}</span>'
              f'<a href="{escape(url)}" target="_blank" rel="noopener noreferrer">{escape(url)}</a></div>'
              if url else "")
    return (f'<div class="pkb-inst pkb-inst-browse"><div class="pkb-inst-row"><div class="pkb-inst-names">'
            f'<div class="pkb-inst-title">{escape(instrument.title)}</div>{english}</div>'
            f'{status_badge(status, tr)}</div><div class="pkb-meta">{items}</div>{source}</div>')


def hit_card(hit: Hit, tr: Labels, pattern: re.Pattern[str] | None = None, *, cited: bool = False,
             focus: bool = False, show_path: bool = True) -> str:
    """One article: citation (Chinese and English), copy button, chapter path, marked text.

    cited: the question named this article (a direct lookup); focus: the article the
    reader came to see, among its neighbours.
    """
    classes = ["pkb-card"]
    if cited:
        classes.append("pkb-lookup")
    if focus:
        classes.append("pkb-focus")
    english = f'<span class="pkb-cite-en">{escape(hit.citation_en)}</span>' if hit.citation_en else ""
    tag = f'<span class="pkb-tag">{escape(tr("cited"))}</span>' if cited else ""
    copy = (f'<button type="button" class="pkb-copy" data-copy="{escape(copy_text(hit))}" '
            f'data-label="{escape(tr("copy"))}" data-done="{escape(tr("copied"))}" '
            f'title="{escape(citation_line(hit))}">{escape(tr("copy"))}</button>')
    path = (f'<div class="pkb-path">{escape(" › ".join(hit.chapter_path))}</div>'
            if show_path and hit.chapter_path else "")
    return (f'<div class="{" ".join(classes)}" data-doc="{escape(hit.doc_id)}" data-article="{escape(hit.article)}">'
            f'<div class="pkb-card-head"><div class="pkb-cite">'
            f'<span class="pkb-cite-zh">{escape(hit.citation)}</span>{english}{tag}</div>{copy}</div>'
            f'{path}<div class="pkb-text">{paragraphs_html(hit.text, pattern)}</div></div>')


def sources_list(instruments: Iterable[Instrument]) -> str:
    """Where each instrument's text comes from: official URL, retrieval date, source."""
    rows = []
    for instrument in instruments:
        url = safe_url(instrument.source_url)
        parts = []
        if url:
            host = urlparse(url).netloc
            parts.append(f'<a href="{escape(url)}" target="_blank" rel="noopener noreferrer">{escape(host)}</a>')
        if instrument.retrieved_at:
            parts.append(escape(instrument.retrieved_at))
        if instrument.source and not url:
            parts.append(escape(instrument.source))
        detail = f'<div class="pkb-source-detail">{" · ".join(parts)}</div>' if parts else ""
        rows.append(f'<li><span class="pkb-source-title">{escape(instrument.short_title)}</span>'
                    f'<span class="pkb-source-id">{escape(instrument.id)}</span>{detail}</li>')
    return f'<ul class="pkb-sources">{"".join(rows)}</ul>'
