"""Marking the words of a question in an article's text, as safe HTML.

The terms are the lexical index's own tokens of the text the search's plan gave the keyword
side (the question, plus the Chinese statutory terms the glossaries add for an English or
everyday-Chinese question), so what is marked is what the search looked for. Everything that is
not a ``<mark>`` or ``<p>`` tag is escaped: article text and queries are data, never markup.
"""

from __future__ import annotations

import html
import re

from ..index.lexical import tokenizer
from ..search.plan import QueryPlan, expanded

#: Single characters (的, 法) and bare numbers would mark half the text: they carry no topic.
_MIN_TERM_CHARS = 2


def query_terms(plan: QueryPlan | str) -> list[str]:
    """Distinct terms worth marking, longest first (so 个人信息 wins over 个人): those of the text
    the keyword search looked for, glossary terms included (房东 also marks 出租人). A search's
    own plan says it best; a bare question is expanded the way the search expands it."""
    text = plan.lexical_text if isinstance(plan, QueryPlan) else expanded(plan)
    terms = {t for t in tokenizer()(text) if len(t) >= _MIN_TERM_CHARS and not t.isdigit()}
    return sorted(terms, key=lambda t: (-len(t), t))


def term_pattern(terms: list[str]) -> re.Pattern[str] | None:
    if not terms:
        return None
    return re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)


def mark(text: str, pattern: re.Pattern[str] | None) -> str:
    """text as HTML with every match of pattern wrapped in <mark>."""
    if pattern is None:
        return html.escape(text)
    spans: list[list[int]] = []
    for match in pattern.finditer(text):
        if spans and spans[-1][1] == match.start():
            spans[-1][1] = match.end()  # 个人 + 同意 side by side read as one marked phrase
        else:
            spans.append([match.start(), match.end()])
    out: list[str] = []
    position = 0
    for start, end in spans:
        out.append(html.escape(text[position:start]))
        out.append(f"<mark>{html.escape(text[start:end])}</mark>")
        position = end
    out.append(html.escape(text[position:]))
    return "".join(out)


def paragraphs_html(text: str, pattern: re.Pattern[str] | None) -> str:
    """One <p> per paragraph of an article, with matches marked."""
    return "".join(f"<p>{mark(p, pattern)}</p>" for p in text.split("\n") if p.strip())
