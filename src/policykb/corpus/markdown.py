"""Markdown with optional YAML front-matter: the corpus's main format."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from .text import LoadedText, read_text
from .yamlfields import load_fields

#: A line of front-matter: `key: value` (ASCII key), an indented continuation or a `- item`.
_FIELD_LINE = re.compile(r"^(?:[A-Za-z_][\w.-]*[ \t]*:(?:[ \t]|$)|[ \t]+\S|-(?:[ \t]|$))")


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


def unclosed_front_matter(text: str) -> tuple[str, str, int] | None:
    """For text that opens front-matter with '---' and never closes it: (the field lines that
    follow the opening, the body after them, the number of the last field line); else None."""
    lines = text.split("\n")
    if lines[0].strip() != "---" or any(line.strip() in ("---", "...") for line in lines[1:]):
        return None
    last = 0
    for index in range(1, len(lines)):
        if _FIELD_LINE.match(lines[index]):
            last = index
        elif lines[index].strip():
            break
    if not last:
        return None
    return "\n".join(lines[1:last + 1]), "\n".join(lines[last + 1:]), last + 1


def load(path: Path) -> LoadedText:
    text, encoding = read_text(path)
    source, body = split_front_matter(text)
    warnings: list[str] = []
    meta: dict = {}
    if source is None and (unclosed := unclosed_front_matter(text)) is not None:
        # Fields after an opening '---' that is never closed: front-matter, not law text.
        source, body, last = unclosed
        warnings.append(f"front-matter has no closing '---': lines 2-{last} read as its fields "
                        f"(add a '---' line after line {last})")
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
