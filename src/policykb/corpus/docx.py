"""Word (.docx): body paragraphs and tables in document order, one paragraph per line.

The Title style becomes the Markdown title and short Heading-styled paragraphs become
headings, so the parser sees the same shape as the Markdown corpus. Page headers and
footers are not part of the body and stay out.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from .cleanup import mark_title, normalise_chars
from .text import LoadedText, UnreadableDocument, sniff_binary

#: A .docx unpacks to a few megabytes; far more than this is a zip bomb, not a law.
MAX_UNPACKED_BYTES = 256 * 1024 * 1024
_ARTICLE = re.compile(r"^第\s*\S{1,10}?\s*条(?:\s|$)")
_MAX_HEADING_CHARS = 40
_CELL_SEPARATOR = " | "


def _check_package(path: Path) -> None:
    with path.open("rb") as handle:
        head = handle.read(2048)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        if "EncryptedPackage".encode("utf-16-le") in path.read_bytes()[:1 << 20]:
            raise UnreadableDocument("password-protected Word file; save an unprotected copy and add that")
        raise UnreadableDocument("an old Word 97-2003 (.doc) file with a .docx name; save it as .docx")
    if not head.startswith(b"PK\x03\x04"):
        kind = sniff_binary(head)
        raise UnreadableDocument(f"not a DOCX file ({kind or 'not a ZIP package'})")
    try:
        with zipfile.ZipFile(path) as package:
            members = package.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise UnreadableDocument(f"damaged DOCX (the ZIP package cannot be read: {exc})") from None
    if "word/document.xml" not in {m.filename for m in members}:
        raise UnreadableDocument("a ZIP package without word/document.xml, not a Word document")
    unpacked = sum(m.file_size for m in members)
    if unpacked > MAX_UNPACKED_BYTES:
        raise UnreadableDocument(f"DOCX unpacks to {unpacked / 1e6:.0f} MB, over the "
                                 f"{MAX_UNPACKED_BYTES // 2**20} MB limit (a zip bomb?)")


def _table_lines(table) -> list[str]:
    """One line per row, cells separated by ' | '; merged cells are written once."""
    lines = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            text = " ".join(line.strip() for line in cell.text.split("\n") if line.strip())
            if text and (not cells or cells[-1] != text):
                cells.append(text)
        if cells:
            lines.append(_CELL_SEPARATOR.join(cells))
    return lines


def _paragraph_lines(paragraph) -> list[str]:
    lines = [line.strip() for line in normalise_chars(paragraph.text).split("\n") if line.strip()]
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    if len(lines) != 1 or len(lines[0]) > _MAX_HEADING_CHARS or _ARTICLE.match(lines[0]):
        return lines
    if style == "Title":
        return [f"# {lines[0]}"]
    heading = re.match(r"Heading (\d)", style)
    if heading:
        return ["#" * (int(heading.group(1)) + 1) + " " + lines[0]]
    return lines


def load(path: Path) -> LoadedText:
    import docx
    from docx.table import Table

    _check_package(path)
    try:
        document = docx.Document(str(path))
        blocks = list(document.iter_inner_content())
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors on broken parts
        raise UnreadableDocument(f"damaged DOCX: {exc}") from None
    lines: list[str] = []
    for block in blocks:
        lines.extend(_table_lines(block) if isinstance(block, Table) else _paragraph_lines(block))
    text = "\n".join(" ".join(normalise_chars(line).split()) for line in lines)
    return LoadedText(text=mark_title(text), meta={}, format="docx")
