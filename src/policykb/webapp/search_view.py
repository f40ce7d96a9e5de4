"""The search view: question box, results grouped by instrument, article context, exports."""

from __future__ import annotations

import datetime as dt
import html

import streamlit as st

from ..errors import PolicyKBError
from ..model import Hit, SearchNote
from ..search.limits import MAX_QUERY_CHARS
from ..search.retriever import Retriever
from . import links_view
from .cards import hit_card, instrument_header
from .contents import section_key
from .export import results_csv, results_markdown
from .highlight import query_terms, term_pattern
from .labels import Labels
from .search_request import SearchRequest, article_ref, group_by_instrument

CONTEXT_AROUND = 2


def _use_example() -> None:
    choice = st.session_state.get("example")
    if choice:
        st.session_state["q"] = choice
    st.session_state["example"] = None


def _toggle_context(doc_id: str, article: str) -> None:
    current = st.session_state.get("context_for")
    st.session_state["context_for"] = None if current == (doc_id, article) else (doc_id, article)


def _open_chapter(hit: Hit) -> None:
    st.session_state["view"] = "browse"
    st.session_state["browse_doc"] = hit.doc_id
    st.session_state["browse_section"] = section_key(hit.chapter_path)
    st.session_state["browse_focus"] = (hit.doc_id, hit.article)


def question_box(tr: Labels) -> None:
    box, button = st.columns([8, 1], vertical_alignment="bottom")
    box.text_input(tr("search_label"), key="q", placeholder=tr("search_placeholder"),
                   label_visibility="collapsed")
    button.button(tr("search_button"), type="primary", width="stretch", key="search_button")


def welcome(tr: Labels) -> None:
    st.html(f'<div class="pkb-empty">{html.escape(tr("welcome"))}</div>')
    st.pills(tr("examples"), tr.examples, key="example", on_change=_use_example)


def render(retriever: Retriever, request: SearchRequest, tr: Labels) -> None:
    question_box(tr)
    question = request.question
    if not question:
        welcome(tr)
        return
    if request.too_long:
        st.warning(tr("too_long", n=f"{len(question):,}", limit=f"{MAX_QUERY_CHARS:,}"), icon=":material/warning:")
        return
    try:
        result = retriever.query(question, request.k, request.filters())
    except PolicyKBError as exc:
        st.error(tr("query_error", message=str(exc)), icon=":material/error:")
        return
    hits = list(result.hits)
    _explain_notes(result.notes, tr)
    if not hits:
        st.info(tr("no_results"), icon=":material/search_off:")
        return
    groups = group_by_instrument(hits)
    _results_header(hits, len(groups), request, retriever, tr)
    pattern = term_pattern(query_terms(result.plan))
    for group in groups:
        with st.container(border=True):
            instrument = retriever.catalog.by_id.get(group[0].doc_id)
            st.html(instrument_header(group[0], tr, instrument.doc_number if instrument else None))
            for hit in group:
                st.html(hit_card(hit, tr, pattern, cited=hit.match == "lookup"))
                links_view.render(retriever, hit, tr, pattern, as_of=request.as_of)
                _article_actions(retriever, hit, request, tr, pattern)


def _results_header(hits: list[Hit], instruments: int, request: SearchRequest, retriever: Retriever,
                    tr: Labels) -> None:
    left, right = st.columns([3, 2], vertical_alignment="center")
    summary = html.escape(tr("summary", n=len(hits), m=instruments))
    note = html.escape(tr("as_of_note", date=request.day.isoformat()))
    left.html(f'<div class="pkb-results-head"><b>{summary}</b> · {note}</div>')
    names = {i.id: i.short_title for i in retriever.instruments()}
    markdown = results_markdown(request.question, hits, tr, as_of=request.day,
                                filters=request.describe_filters(tr, names))
    stamp = dt.date.today().strftime("%Y%m%d")
    row = right.container(horizontal=True, horizontal_alignment="right")
    row.download_button(tr("export_md"), markdown.encode("utf-8"), file_name=f"policykb-{stamp}.md",
                        mime="text/markdown", icon=":material/download:", key="export_md", on_click="ignore")
    row.download_button(tr("export_csv"), results_csv(hits).encode("utf-8"), file_name=f"policykb-{stamp}.csv",
                        mime="text/csv", icon=":material/table_view:", key="export_csv", on_click="ignore")


def _article_actions(retriever: Retriever, hit: Hit, request: SearchRequest, tr: Labels, pattern) -> None:
    ref = article_ref(hit)
    if ref is None:
        return
    opened = st.session_state.get("context_for") == (hit.doc_id, hit.article)
    row = st.container(horizontal=True, gap="small", key=f"actions|{hit.doc_id}|{hit.article}")
    row.button(tr("close") if opened else tr("context"), key=f"ctx|{hit.doc_id}|{hit.article}", type="tertiary",
               icon=":material/unfold_less:" if opened else ":material/unfold_more:",
               on_click=_toggle_context, args=(hit.doc_id, hit.article))
    if hit.chapter_path:
        row.button(tr("whole_chapter"), key=f"chap|{hit.doc_id}|{hit.article}", type="tertiary",
                   icon=":material/menu_book:", on_click=_open_chapter, args=(hit,))
    if opened:
        neighbours = retriever.context(hit.doc_id, ref, before=CONTEXT_AROUND, after=CONTEXT_AROUND,
                                       as_of=request.as_of)
        with st.container(border=False):
            st.html(f'<div class="pkb-context-title">{html.escape(tr("context_title", citation=hit.citation))}</div>')
            for unit in neighbours:
                st.html(hit_card(unit, tr, pattern, focus=unit.article == hit.article))


def _explain_notes(notes: tuple[SearchNote, ...], tr: Labels) -> None:
    """Say when a cited article does not exist or is filtered out, or when no hit shares a word
    with the question (the notes come from the library, so every interface tells the same)."""
    for note in notes:
        if note.kind == "filtered_out":
            st.info(tr("lookup_filtered", citation=note.citation), icon=":material/filter_alt:")
        elif note.kind == "renumbered":
            st.info(tr("renumbered", message=note.message), icon=":material/swap_horiz:")
        elif note.kind == "no_word_matched":
            st.warning(tr("no_word_matched"), icon=":material/help:")
        else:
            st.warning(tr("lookup_missing", message=note.message), icon=":material/help:")
