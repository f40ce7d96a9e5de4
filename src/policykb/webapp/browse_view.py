"""The browse view: one instrument, its table of contents, and the text of one section."""

from __future__ import annotations

import html

import streamlit as st

from ..search.retriever import Retriever
from . import links_view
from .cards import hit_card, instrument_summary
from .contents import Section, table_of_contents
from .labels import Labels
from .search_request import SearchRequest
from .sidebar import instrument_names


def _article_span(section: Section, tr: Labels) -> str:
    span = section.article_range
    if span is None or span[0] == section.heading:
        return ""
    return span[0] if span[0] == span[1] else tr("articles_range", first=span[0], last=span[1])


def render(retriever: Retriever, request: SearchRequest, tr: Labels) -> None:
    names = instrument_names(retriever)
    if st.session_state.get("browse_doc") not in names:
        st.session_state["browse_doc"] = next(iter(names))
    doc_id = st.selectbox(tr("browse_instrument"), list(names), format_func=names.__getitem__, key="browse_doc")
    instrument = retriever.catalog.by_id[doc_id]
    st.html(instrument_summary(instrument, retriever.catalog.status_on(doc_id, request.day), tr))
    sections = table_of_contents(retriever.articles_of(doc_id, as_of=request.as_of), tr("full_text"))
    if not sections:
        return
    by_key = {s.key: s for s in sections}
    if st.session_state.get("browse_section") not in by_key:
        st.session_state["browse_section"] = sections[0].key
    focus = st.session_state.get("browse_focus")
    contents, text = st.columns([2, 5], gap="medium")
    with contents, st.container(key="toc"):
        st.radio(tr("contents"), list(by_key), format_func=lambda k: by_key[k].heading, key="browse_section",
                 captions=[_article_span(s, tr) for s in sections])
    section = by_key[st.session_state["browse_section"]]
    with text:
        st.html(f'<div class="pkb-section-heading">{html.escape(section.heading)}</div>')
        for hit in section.hits:
            st.html(hit_card(hit, tr, focus=focus == (hit.doc_id, hit.article), show_path=False))
            links_view.render(retriever, hit, tr, as_of=request.as_of)
