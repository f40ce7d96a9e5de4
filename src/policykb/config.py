"""Where the corpus and the index are, and which embedder builds new indexes.

Each setting comes from, in order: the command-line flag, the environment
(POLICYKB_CORPUS with folders separated by ':', POLICYKB_INDEX, POLICYKB_EMBEDDER), a
config file, then the default (corpus/, index/, e5-small). The config file is the one
POLICYKB_CONFIG names, else ./policykb.toml if present:

    corpus = ["../shared/corpus/cyber", "my-rules"]   # or one string
    index = "index"
    embedder = "e5-small"

Relative paths in the file are relative to the file's folder.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from .errors import ConfigError

_KEYS = {"corpus", "index", "embedder"}


def config_file() -> Path | None:
    named = os.environ.get("POLICYKB_CONFIG")
    if named:
        path = Path(named)
        if not path.is_file():
            raise ConfigError(f"POLICYKB_CONFIG names {path}, which is not a file")
        return path
    local = Path("policykb.toml")
    return local if local.is_file() else None


def _file_settings() -> tuple[dict, Path]:
    path = config_file()
    if path is None:
        return {}, Path(".")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read config file {path}: {exc}") from exc
    unknown = set(data) - _KEYS
    if unknown:
        raise ConfigError(f"{path}: unknown setting(s) {', '.join(sorted(unknown))}; "
                          f"known: {', '.join(sorted(_KEYS))}")
    return data, path.parent


def corpus_folders() -> list[str]:
    value = os.environ.get("POLICYKB_CORPUS")
    if value:
        return [p for p in value.split(os.pathsep) if p]
    data, base = _file_settings()
    configured = data.get("corpus")
    if configured is None:
        return ["corpus"]
    folders = [configured] if isinstance(configured, str) else configured
    if not isinstance(folders, list) or not all(isinstance(f, str) and f for f in folders):
        raise ConfigError("config setting 'corpus' must be a folder or a list of folders")
    return [str(base / f) for f in folders]


def index_dir() -> Path:
    value = os.environ.get("POLICYKB_INDEX")
    if value:
        return Path(value)
    data, base = _file_settings()
    configured = data.get("index")
    if configured is None:
        return Path("index")
    if not isinstance(configured, str) or not configured:
        raise ConfigError("config setting 'index' must be a folder")
    return base / configured


def embedder_spec() -> str | None:
    value = os.environ.get("POLICYKB_EMBEDDER")
    if value:
        return value
    configured = _file_settings()[0].get("embedder")
    if configured is not None and not isinstance(configured, str):
        raise ConfigError("config setting 'embedder' must be text, e.g. \"e5-small\"")
    return configured
