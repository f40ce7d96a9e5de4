"""The current results as files to keep: Markdown for a memo, CSV for a spreadsheet.

Both carry the question, the day the statuses refer to, and for every clause its
citation, instrument, status and full text.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from ..model import Hit
from .cards import citation_line
from .labels import Labels

CSV_COLUMNS = ("rank", "citation", "citation_en", "doc_id", "title", "article", "article_number", "chapter_path",
               "level", "issuer", "status", "effective", "promulgated", "match", "score", "source_url", "text")


def results_markdown(query: str, hits: list[Hit], tr: Labels, *, as_of: dt.date,
                     filters: list[str] | None = None) -> str:
    """A Markdown document: the question, then each clause with its citation and text."""
    lines = [f"# {query}", "", f"*{tr('as_of_note', date=as_of.isoformat())} · policykb*"]
    if filters:
        lines += ["", f"*{tr('filters')}: {'; '.join(filters)}*"]
    for hit in hits:
        meta = " · ".join(v for v in (hit.title, tr.level(hit.level), hit.issuer,
                                      f"{tr('effective')} {hit.effective}" if hit.effective else None,
                                      tr.status(hit.status)) if v)
        lines += ["", f"## {citation_line(hit)}", "", f"{meta}  "]
        if hit.chapter_path:
            lines.append(" › ".join(hit.chapter_path) + "  ")
        if hit.source_url:
            lines.append(f"<{hit.source_url}>")
        lines.append("")
        lines += [f"> {p}" if p.strip() else ">" for p in hit.text.split("\n")]
    return "\n".join(lines) + "\n"


def results_csv(hits: list[Hit]) -> str:
    """One row per clause; UTF-8 with a byte-order mark so spreadsheet programs read Chinese."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for rank, hit in enumerate(hits, 1):
        row = hit.to_dict() | {"rank": rank, "chapter_path": " › ".join(hit.chapter_path)}
        writer.writerow(["" if row.get(c) is None else row[c] for c in CSV_COLUMNS])
    return "\ufeff" + buffer.getvalue()
