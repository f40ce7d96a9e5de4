"""The page as a whole: set-up, the no-index page, and the switch between searching and
browsing. Each part lives in its own module; this one only puts them in order."""

from __future__ import annotations

import html

import streamlit as st

from . import browse_view, changes_view, search_view, sidebar
from .index_loading import IndexUnavailable, open_index
from .labels import Labels
from .theme import CSS, SCRIPT

VIEWS = ("search", "browse", "changes")


def main() -> None:
    st.set_page_config(page_title="policykb", page_icon=":material/balance:", layout="wide",
                       initial_sidebar_state="expanded")
    st.html(CSS)
    st.html(SCRIPT, unsafe_allow_javascript=True)
    # Keep the question while another view is shown (Streamlit drops state of unrendered widgets).
    if "q" in st.session_state:
        st.session_state["q"] = st.session_state["q"]
    tr = sidebar.language_switch()
    _brand(tr)
    with st.spinner(tr("loading")):
        opened = open_index()
    if isinstance(opened, IndexUnavailable):
        missing_index_page(opened, tr)
        return
    request = sidebar.filters(opened, tr)
    sidebar.index_summary(opened, tr)
    st.session_state.setdefault("view", "search")
    view = st.segmented_control(tr("view"), VIEWS, format_func=lambda v: tr(f"view_{v}"), key="view",
                                required=True, label_visibility="collapsed")
    if view == "browse":
        browse_view.render(opened, request, tr)
    elif view == "changes":
        changes_view.render(opened, tr)
    else:
        search_view.render(opened, request, tr)


def _brand(tr: Labels) -> None:
    st.html(f'<div class="pkb-brand"><span class="pkb-brand-name">policykb</span>'
            f'<span class="pkb-brand-tagline">{html.escape(tr("tagline"))}</span></div>')


def missing_index_page(problem: IndexUnavailable, tr: Labels) -> None:
    """Why nothing can be searched, and the exact command that builds the index."""
    st.subheader(tr("missing_title"))
    st.error(f"{tr('missing_reason', path=f'`{problem.index_dir}`')}\n\n{problem.reason}", icon=":material/error:")
    st.markdown(tr("missing_build"))
    st.code(problem.command, language="bash")
    st.caption(tr("missing_env"))
