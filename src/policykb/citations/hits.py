"""Turning an article of an instrument into a Hit: the citation strings in Chinese and
English, status on the day asked about, and the fields every interface shows."""

from __future__ import annotations

import datetime as dt

from ..catalog import IN_FORCE, Catalog, bare_english_title
from ..lang.numerals import int_to_cn
from ..model import Article, Hit, Instrument, unit_key


def version_note(instrument: Instrument, catalog: Catalog) -> str:
    """（2025年修正） or （2016年） for instruments with several versions in the index."""
    versions = catalog.versions(instrument.id)
    if len(versions) < 2:
        return ""
    date = instrument.version_date
    if date is None:
        return ""
    amended = versions.index(instrument.id) > 0
    return f"（{date.year}年修正）" if amended else f"（{date.year}年）"


def english_name(instrument: Instrument) -> str | None:
    if instrument.abbreviation:
        return instrument.abbreviation
    if instrument.title_en:
        return bare_english_title(instrument.title_en)
    return None


def unit_reference(article: Article) -> str:
    """第三十八条 for articles; 第一条 for items of decisions numbered 一、; 附件 … otherwise."""
    if article.kind == "article":
        return article.label
    if article.kind == "item" and article.number:
        return f"第{int_to_cn(article.number)}条"
    return article.label


def citation(instrument: Instrument, article: Article, catalog: Catalog) -> str:
    return f"《{instrument.short_title}》{version_note(instrument, catalog)}{unit_reference(article)}"


def citation_en(instrument: Instrument, article: Article, catalog: Catalog) -> str | None:
    name = english_name(instrument)
    if not name:
        return None
    if len(catalog.versions(instrument.id)) > 1:
        date = instrument.version_date
        if date:
            name = f"{name} ({date.year})"
    if article.kind in ("article", "item") and article.number:
        return f"{name} Art. {unit_key(article.number, article.sub)}"
    return f"{name}, {_english_label(article)}"


#: English for the labels of text outside articles.
_LABELS_EN = {"题注": "headnote", "序言": "Preamble", "正文": "text", "附件": "Annex", "附表": "Schedule",
              "附录": "Appendix"}


def _english_label(article: Article) -> str:
    """题注 -> headnote, 附件2 -> Annex 2 (an annex's Chinese name stays); other labels as written."""
    for chinese, english in _LABELS_EN.items():
        if article.label.startswith(chinese):
            return f"{english} {article.label[len(chinese):].strip()}".strip()
    return article.label


def make_hit(instrument: Instrument, article: Article, catalog: Catalog, *, day: dt.date, score: float,
             match: str, passage: str | None = None, scores: dict[str, float] | None = None,
             links: dict | None = None) -> Hit:
    status = catalog.status_on(instrument.id, day)
    return Hit(
        doc_id=instrument.id, title=instrument.title, article=article.label, article_number=article.number,
        text=article.text, score=round(float(score), 6), citation=citation(instrument, article, catalog),
        citation_en=citation_en(instrument, article, catalog), short_title=instrument.short_title,
        title_en=instrument.title_en, kind=article.kind, chapter_path=article.chapter_path,
        level=instrument.level, issuer=instrument.issuer, status=status, in_force=status == IN_FORCE,
        effective=instrument.effective.isoformat() if instrument.effective else None,
        promulgated=instrument.promulgated.isoformat() if instrument.promulgated else None,
        source_url=instrument.source_url, page=article.page, match=match,
        passage=passage if passage is not None else article.text,
        scores={k: round(float(v), 6) for k, v in (scores or {}).items()},
        **{k: tuple(v) for k, v in (links or {}).items()})
