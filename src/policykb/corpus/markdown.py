"""Markdown with optional YAML front-matter: the corpus's main format."""

from __future__ import annotations

from pathlib import Path

import yaml

from .text import LoadedText, read_text
from .yamlfields import load_fields


def split_front_matter(text: str) -> tuple[str | None, str]:
    """Return (front-matter source or None, body)."""
    if not text.startswith("---"):
        return None, text
    lines = text.split("\n")
    if lines[0].strip() != "---":
        return None, text
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1:])
    return None, text


def load(path: Path) -> LoadedText:
    text, encoding = read_text(path)
    source, body = split_front_matter(text)
    warnings: list[str] = []
    meta: dict = {}
    if source is not None:
        try:
            # Plain data only (no tags that construct Python objects); dates stay text and are
            # checked field by field, so an impossible one costs that field, not the document.
            parsed = load_fields(source)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" (line {mark.line + 2})" if mark else ""
            warnings.append(f"front-matter is not valid YAML{where}; metadata taken from the text")
            parsed = None
        if isinstance(parsed, dict):
            meta = parsed
        elif parsed is not None:
            warnings.append("front-matter is not a mapping of fields; metadata taken from the text")
    return LoadedText(text=body, meta=meta, format="markdown", encoding=encoding, warnings=warnings)
