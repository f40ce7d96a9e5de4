"""Markdown with optional YAML front-matter: the corpus's main format."""

from __future__ import annotations

from pathlib import Path

import yaml

from .text import LoadedText, read_text


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
            # safe_load builds plain data only: no tags that construct Python objects.
            parsed = yaml.safe_load(source)
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
