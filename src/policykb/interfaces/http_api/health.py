"""GET /health: 200 with what the index holds once the server can search."""

from __future__ import annotations

from pathlib import PurePath
from typing import Annotated

from fastapi import APIRouter, Depends

from .schemas import Health
from .state import State, state

router = APIRouter(tags=["health"])


#: Manifest entries that are file paths on the server: no business of a client (like an instrument's path).
_PATH_KEYS = ("index_dir", "corpus_roots")


@router.get("/health", response_model=Health, summary="Readiness and index information")
def health(current: Annotated[State, Depends(state)]) -> dict:
    return {"status": "ok", "index": public_info(current.retriever.info()), "instruments": len(current.article_counts)}


def public_info(info: dict) -> dict:
    """The index information less server paths: skipped files and warnings name the file only."""
    public = {k: v for k, v in info.items() if k not in _PATH_KEYS}
    for key in ("skipped", "warnings"):
        if isinstance(public.get(key), list):
            public[key] = [_file_name_only(entry) for entry in public[key]]
    return public


def _file_name_only(entry: object) -> object:
    if not isinstance(entry, dict) or not isinstance(entry.get("path"), str):
        return entry
    path = entry["path"]
    name = PurePath(path).name
    return {k: (v.replace(path, name) if isinstance(v, str) else v) for k, v in entry.items()} | {"path": name}
