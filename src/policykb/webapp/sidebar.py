"""The sidebar: language switch, search filters (turned into a SearchRequest) and the
summary of the index being searched."""

from __future__ import annotations

import datetime as dt
import html

import streamlit as st

from ..citations.hits import version_note
from ..model import LEVELS, Instrument
from ..search.retriever import Retriever
from .cards import sources_list
from .labels import DEFAULT_LANGUAGE, LANGUAGES, Labels
from .search_request import RESULT_COUNTS, SearchRequest

FILTER_DEFAULTS = {"f_instruments": [], "f_levels": [], "f_issuers": [], "f_in_force": False,
                   "f_superseded": False, "f_as_of": None, "f_k": 10}


def language_switch() -> Labels:
    """中文 / English; the first choice can come from the URL (?lang=en)."""
    if "lang" not in st.session_state:
        wanted = st.query_params.get("lang", DEFAULT_LANGUAGE)
        st.session_state["lang"] = wanted if wanted in LANGUAGES else DEFAULT_LANGUAGE
    tr = Labels(st.session_state["lang"])
    st.sidebar.segmented_control(tr("language"), list(LANGUAGES), format_func=LANGUAGES.__getitem__, key="lang",
                                 required=True)
    return Labels(st.session_state["lang"])


def instrument_names(retriever: Retriever) -> dict[str, str]:
    """doc_id -> the name shown in pickers: 网络安全法（2016年）, 个人信息保护法 …"""
    return {i.id: f"{i.short_title}{version_note(i, retriever.catalog)}" for i in ordered(retriever.instruments())}


def ordered(instruments: list[Instrument]) -> list[Instrument]:
    """Laws first, then regulations, rules …; within a level by title and date."""
    rank = {level: n for n, level in enumerate(LEVELS)}
    return sorted(instruments, key=lambda i: (rank.get(i.level or "", len(LEVELS)), i.short_title,
                                              i.version_date or dt.date.min))


def issuer_options(instruments: list[Instrument]) -> list[str]:
    """Issuing bodies one by one (joint rules list several, separated by 、), most frequent first."""
    counts: dict[str, int] = {}
    for instrument in instruments:
        for body in (instrument.issuer or "").split("、"):
            if body.strip():
                counts[body.strip()] = counts.get(body.strip(), 0) + 1
    return sorted(counts, key=lambda b: (-counts[b], b))


def _reset_filters() -> None:
    for key, value in FILTER_DEFAULTS.items():
        st.session_state[key] = value


def filters(retriever: Retriever, tr: Labels) -> SearchRequest:
    """The filter widgets; returns them with the current question as one request."""
    for key, value in FILTER_DEFAULTS.items():
        st.session_state.setdefault(key, value)
    names = instrument_names(retriever)
    instruments = retriever.instruments()
    levels = [level for level in LEVELS if any(i.level == level for i in instruments)]
    sidebar = st.sidebar
    sidebar.markdown(f"**{tr('filters')}**")
    sidebar.multiselect(tr("f_instrument"), list(names), format_func=names.__getitem__, key="f_instruments",
                        placeholder=tr("any"))
    sidebar.multiselect(tr("f_level"), levels, format_func=tr.level, key="f_levels", placeholder=tr("any"))
    sidebar.multiselect(tr("f_issuer"), issuer_options(instruments), key="f_issuers", placeholder=tr("any"))
    sidebar.date_input(tr("f_as_of"), key="f_as_of", min_value=dt.date(1949, 10, 1),
                       max_value=dt.date.today() + dt.timedelta(days=3650))
    sidebar.checkbox(tr("f_in_force"), key="f_in_force")
    sidebar.checkbox(tr("f_superseded"), key="f_superseded")
    sidebar.select_slider(tr("f_k"), RESULT_COUNTS, key="f_k")
    sidebar.button(tr("reset"), on_click=_reset_filters, type="tertiary", icon=":material/filter_alt_off:",
                   key="reset_filters")
    state = st.session_state
    return SearchRequest(query=state.get("q") or "", k=int(state["f_k"]), instruments=tuple(state["f_instruments"]),
                         levels=tuple(state["f_levels"]), issuers=tuple(state["f_issuers"]),
                         in_force_only=bool(state["f_in_force"]), include_superseded=bool(state["f_superseded"]),
                         as_of=state["f_as_of"])


def _utc_minute(stamp: str) -> str:
    """2026-11-29T11:54:08+08:00 -> 2026-11-29 03:54 UTC (the raw text if it is not a timestamp)."""
    try:
        moment = dt.datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC)
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def index_summary(retriever: Retriever, tr: Labels) -> None:
    """Instruments, articles, when and with which model the index was built; sources."""
    info = retriever.info()
    counts = info.get("counts", {})
    embedder = info.get("embedder", {})
    built = _utc_minute(str(info.get("built_at", "")))
    sidebar = st.sidebar
    sidebar.divider()
    sidebar.markdown(f"**{tr('index')}**")
    sidebar.html(
        f'<div class="pkb-summary"><div><span>{html.escape(tr("instruments"))}</span>'
        f'<b>{counts.get("instruments", len(retriever.instruments())):,}</b></div>'
        f'<div><span>{html.escape(tr("articles"))}</span><b>{counts.get("articles", 0):,}</b></div></div>'
        f'<div class="pkb-summary-meta">{html.escape(tr("built"))}: {html.escape(built)}<br>'
        f'{html.escape(tr("model"))}: {html.escape(str(embedder.get("model") or embedder.get("spec", "")))}<br>'
        f'{html.escape(tr("index_dir"))}: {html.escape(str(info.get("index_dir", "")))}</div>')
    with sidebar.expander(tr("sources")):
        st.html(sources_list(ordered(retriever.instruments())))
