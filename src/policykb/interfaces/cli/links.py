"""The provision graph as the command line shows it: text lines under an article (`policykb show`)
and one link as a reader sees it."""

from __future__ import annotations

from ...citations.graph import AMBIGUOUS, NO_SUCH_ARTICLE, NOT_HELD, UNRESOLVED
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
