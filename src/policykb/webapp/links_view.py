"""The provision graph on an article card: "Penalty", "Refers to" and "Cited by" chips. A chip
opens the linked article in place, under the card (a second click closes it); an instrument
named without an article opens in the browse view; a reference the index cannot follow is
shown as written, greyed, with the reason."""

from __future__ import annotations

import html
import re

import streamlit as st

from ..errors import PolicyKBError
from ..model import Hit
from ..search.retriever import Retriever
from .cards import hit_card
from .labels import Labels

KINDS = ("penalties", "refers_to", "cited_by")
#: Chips per kind on one card; an article cited by dozens would bury its own text (the rest is
#: counted, and `policykb show` lists them all).
MAX_CHIPS = 8
_INSTRUMENT_PART = re.compile(r"^《[^》]*》(?:（[^）]*）)?")


def _toggle(opened: tuple) -> None:
    st.session_state["link_open"] = None if st.session_state.get("link_open") == opened else opened


def _browse(doc_id: str) -> None:
    st.session_state["view"] = "browse"
    st.session_state["browse_doc"] = doc_id
    st.session_state.pop("browse_section", None)


def chips(hit: Hit) -> tuple[list[tuple[str, dict]], int]:
    """(kind, item) of each chip, one per linked article or instrument, this article's own
    paragraphs (前款) left out; and how many more there are than chips shown."""
    found, seen, more = [], set(), 0
    for kind in KINDS:
        shown = 0
        for item in getattr(hit, kind):
            target = (kind, item.get("doc_id"), item.get("article_key"), None if item.get("doc_id") else item["text"])
            own = item.get("doc_id") == hit.doc_id and item.get("article_number") == hit.article_number \
                and kind == "refers_to"
            if own or target in seen:
                continue
            seen.add(target)
            if shown >= MAX_CHIPS:
                more += 1
                continue
            found.append((kind, item))
            shown += 1
    return found, more


def chip_label(kind: str, item: dict, hit: Hit, tr: Labels) -> str:
    """Penalty · 第六十一条 within the instrument; the full citation elsewhere; the text as written
    with the reason for a reference the index cannot follow."""
    citation = item.get("citation")
    if citation is None:
        reason = tr(f"link_reason_{item.get('status')}") if item.get("status") in (
            "not_held", "no_such_article", "ambiguous", "unresolved") else item.get("status", "")
        return f"{tr('link_' + kind)} · {tr('link_missing', text=item.get('text', ''), reason=reason)}"
    if item.get("doc_id") == hit.doc_id and item.get("article_key"):
        citation = _INSTRUMENT_PART.sub("", citation) or citation
    return f"{tr('link_' + kind)} · {citation}"


def render(retriever: Retriever, hit: Hit, tr: Labels, pattern=None, as_of=None) -> None:
    """The chips under one article card, and the article a chip opened."""
    found, more = chips(hit)
    if not found:
        return
    row = st.container(horizontal=True, gap="small", key=f"links|{hit.doc_id}|{hit.article}")
    opened = st.session_state.get("link_open")
    for kind, item in found:
        label = chip_label(kind, item, hit, tr)
        doc_id, article_key = item.get("doc_id"), item.get("article_key")
        if doc_id and article_key and item.get("citation"):
            key = (hit.doc_id, hit.article, kind, doc_id, article_key)
            row.button(label, key="link|" + "|".join(key), type="tertiary", icon=_ICONS[kind],
                       on_click=_toggle, args=(key,))
        elif doc_id and item.get("status") == "instrument":
            row.button(label, key=f"link|{hit.doc_id}|{hit.article}|{kind}|{doc_id}", type="tertiary",
                       icon=":material/menu_book:", on_click=_browse, args=(doc_id,))
        else:
            row.button(label, key=f"link|{hit.doc_id}|{hit.article}|{kind}|{item.get('text')}", type="tertiary",
                       disabled=True, icon=":material/link_off:")
    if more:
        row.caption(f"+{more}")
    if opened and opened[:2] == (hit.doc_id, hit.article):
        try:
            linked = retriever.article(opened[3], opened[4], as_of=as_of)
        except PolicyKBError as exc:
            st.caption(str(exc))
            return
        title = tr("link_opened", kind=tr("link_" + opened[2]), citation=linked.citation)
        st.html(f'<div class="pkb-context-title">{html.escape(title)}</div>')
        st.html(hit_card(linked, tr, pattern, focus=True))


_ICONS = {"penalties": ":material/gavel:", "refers_to": ":material/north_east:", "cited_by": ":material/south_west:"}
