"""Opening the index once per server process, and saying plainly why it cannot be opened.

The Retriever (index and embedding model) is cached per build folder: every session and
every query share one, and a rebuild published while the app runs is picked up on the next
page interaction without a restart.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from ..config import corpus_folders
from ..errors import PolicyKBError
from ..index import store as index_store
from ..search.retriever import Retriever, default_index_dir


@dataclass(frozen=True)
class IndexUnavailable:
    """Why there is nothing to search, and the command that fixes it."""

    index_dir: Path
    reason: str
    command: str


def build_command(index_dir: Path) -> str:
    corpus = " ".join(f"--corpus {shlex.quote(c)}" for c in corpus_folders())
    return f"policykb build {corpus} --index {shlex.quote(str(index_dir))}"


@st.cache_resource(max_entries=2, show_spinner=False)
def _load_build(build_folder: str) -> Retriever:
    return Retriever.load(build_folder)


def open_index(index_dir: Path | None = None) -> Retriever | IndexUnavailable:
    """The Retriever for the index served at index_dir (default $POLICYKB_INDEX or index/)."""
    root = index_dir or default_index_dir()
    try:
        build = index_store.current_build(root)
        return _load_build(str(build.resolve()))
    except PolicyKBError as exc:
        return IndexUnavailable(root, str(exc), build_command(root))
    except Exception as exc:  # the page must explain any failure rather than show a traceback
        return IndexUnavailable(root, f"{type(exc).__name__}: {exc}", build_command(root))
