"""The "What changed" view: two versions of one instrument compared article by article
(policykb.version_diff), changed words struck through and underlined."""

from __future__ import annotations

import html
from functools import lru_cache

import streamlit as st

from ..citations.diff import ArticleChange, VersionDiff, diff_versions
from ..search.retriever import Retriever
from .labels import Labels


@lru_cache(maxsize=16)
def _diff(retriever: Retriever, old: str, new: str) -> VersionDiff:
    return diff_versions(retriever, old, new)


def change_card(row: ArticleChange, tr: Labels) -> str:
    """One row of the diff as HTML: numbers in both versions, what happened, the marked text."""
    where = f"{html.escape(row.old_citation or '—')} → {html.escape(row.new_citation or '—')}"
    badges = [tr(f"change_{row.change}")]
    if row.renumbered:
        badges.append(tr("change_renumbered"))
    if row.typographic:
        badges.append(tr("change_typographic"))
    tags = "".join(f'<span class="pkb-tag">{html.escape(b)}</span>' for b in badges)
    if row.marks:
        body = "".join(_piece(op, text) for op, text in row.marks)
    else:
        body = html.escape(row.new_text or row.old_text or "")
    body = body.replace("\n\n", "<br>")
    return (f'<div class="pkb-card pkb-change pkb-change-{row.change}" data-old="{row.old or ""}" '
            f'data-new="{row.new or ""}"><div class="pkb-card-head"><div class="pkb-cite">'
            f'<span class="pkb-cite-zh">{where}</span>{tags}</div></div>'
            f'<div class="pkb-text">{body}</div></div>')


def _piece(op: str, text: str) -> str:
    escaped = html.escape(text)
    if op == "-":
        return f'<del style="background:#fbe3e3;color:#8a1c1c">{escaped}</del>'
    if op == "+":
        return f'<ins style="background:#e1f3e3;color:#155724">{escaped}</ins>'
    return escaped


def render(retriever: Retriever, tr: Labels) -> None:
    catalog = retriever.catalog
    families = sorted({catalog.versions(i.id) for i in retriever.instruments() if len(catalog.versions(i.id)) > 1})
    if not families:
        st.info(tr("changes_none"), icon=":material/info:")
        return
    names = {family[-1]: f"{catalog.by_id[family[-1]].short_title} ({', '.join(family)})" for family in families}
    if st.session_state.get("changes_doc") not in names:
        st.session_state["changes_doc"] = next(iter(names))
    family = catalog.versions(st.selectbox(tr("changes_instrument"), list(names), format_func=names.__getitem__,
                                           key="changes_doc"))
    if st.session_state.get("changes_old") not in family:
        st.session_state["changes_old"] = family[-2]
    if st.session_state.get("changes_new") not in family:
        st.session_state["changes_new"] = family[-1]
    left, right = st.columns(2)
    old = left.selectbox(tr("changes_old"), family, key="changes_old")
    new = right.selectbox(tr("changes_new"), family, key="changes_new")
    if old == new:
        return
    diff = _diff(retriever, old, new)
    st.html(f'<div class="pkb-results-head"><b>{html.escape(diff.old)} → {html.escape(diff.new)}</b> · '
            f'{html.escape(tr("changes_summary", **diff.counts))}</div>')
    show_all = st.toggle(tr("changes_all"), key="changes_all")
    for row in diff.articles:
        if row.change == "unchanged" and not row.renumbered and not show_all:
            continue
        st.html(change_card(row, tr))
