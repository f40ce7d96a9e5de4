"""The provision graph as the interfaces show it: text lines under an article (`policykb show`),
one link as a reader sees it, and verify's checks with their penalty articles."""

from __future__ import annotations

from dataclasses import replace

from ...citations.graph import AMBIGUOUS, NO_SUCH_ARTICLE, NOT_HELD, UNRESOLVED
from ...citations.verify import FOUND, SUPERSEDED, CitationCheck
from ...errors import PolicyKBError
from ...model import Hit


def link_lines(hit: Hit) -> list[str]:
    """The graph of an article as text lines: penalties, what it refers to, what cites it."""
    lines = []
    for label, items in (("penalty", hit.penalties), ("refers to", hit.refers_to), ("cited by", hit.cited_by)):
        if items:
            lines.append(f"{label + ':':<11}" + "; ".join(link_label(item) for item in items))
    return lines


def link_label(item: dict) -> str:
    """One link as a reader sees it: its citation, or the text as written and why it is not linked."""
    if item.get("citation"):
        return item["citation"]
    reason = {NOT_HELD: "not in this index", NO_SUCH_ARTICLE: "no such article", AMBIGUOUS: "ambiguous",
              UNRESOLVED: "not resolved"}.get(item.get("status", ""), item.get("status", ""))
    return f"{item.get('text')} ({reason})"


def with_penalties(retriever, checks: list[CitationCheck]) -> list[CitationCheck]:
    """Verify's checks, each found or superseded article with its penalty articles."""
    result = []
    for check in checks:
        if check.doc_id and check.article_number and check.article is not None and check.status in (FOUND, SUPERSEDED):
            try:
                hit = retriever.article(check.doc_id, check.article)
            except PolicyKBError:
                hit = None
            check = replace(check, penalties=list(hit.penalties) if hit else [])
        result.append(check)
    return result
