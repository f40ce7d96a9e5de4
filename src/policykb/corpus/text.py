"""Reading text files whatever their encoding, the plain-text loader, and the common shape
every loader returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


class UnreadableDocument(Exception):
    """The file cannot be turned into text; the message says why, for the build report."""


@dataclass
class LoadedText:
    """A document as text, one paragraph per line, with whatever metadata it carried."""

    text: str
    meta: dict
    format: str
    encoding: str | None = None
    warnings: list[str] = field(default_factory=list)
    #: Form feeds in `text` mark page breaks (PDF), so units can record their page.
    paged: bool = False
    #: Number of pages, for formats that have them.
    pages: int | None = None


#: File signatures, so a PDF or image saved as .txt is named for what it is.
_SIGNATURES = (
    (b"%PDF-", "a PDF file"), (b"PK\x03\x04", "a ZIP package (DOCX, XLSX or ZIP)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office file (.doc, .xls) or an encrypted Office file"),
    (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"),
    (b"\x7fELF", "an executable"), (b"\x1f\x8b", "a gzip archive"), (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"), (b"{\\rtf", "an RTF document"),
)
_CJK_FAMILY = {"gb2312": "gb18030", "gbk": "gb18030", "gb18030": "gb18030", "hz": "hz",
               "big5": "big5", "big5hkscs": "big5hkscs", "cp950": "cp950",
               "utf_16": "utf-16", "utf_32": "utf-32"}


def sniff_binary(head: bytes) -> str | None:
    """What a binary file is, from its first bytes, or None if it is no known kind."""
    for signature, kind in _SIGNATURES:
        if head.startswith(signature):
            return kind
    return None


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return b"\x00" in sample or controls > max(8, len(sample) // 100)


def read_text(path: Path) -> tuple[str, str]:
    """Decode a text file, detecting its encoding rather than assuming one.

    UTF-8 (with or without BOM) and UTF-16 with BOM are read directly; anything else is
    identified with charset-normalizer (GB18030 stands in for GBK and GB2312, which it
    extends). Binary data is refused rather than decoded into noise.
    """
    data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise UnreadableDocument(f"starts with a UTF-8 mark but is not UTF-8 (bad byte at {exc.start})") from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise UnreadableDocument("starts with a UTF-16 mark but is not UTF-16 text") from None
    kind = sniff_binary(data[:16])
    if kind or _looks_binary(data):
        raise UnreadableDocument(f"binary data ({kind or 'control bytes'}), not a text file")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    encoding = _CJK_FAMILY.get(best.encoding) if best else None
    if encoding is None:
        guess = f"; it looks like {best.encoding}" if best else ""
        raise UnreadableDocument(f"not text in a Chinese or Unicode encoding (UTF-8, GB18030/GBK, Big5){guess}")
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError as exc:
        raise UnreadableDocument(f"not valid {encoding} text ({exc.reason} at byte {exc.start})") from None


def load(path: Path) -> LoadedText:
    """A .txt file: encoding detected, page breaks and hard wrapping undone."""
    from .cleanup import clean_text

    text, encoding = read_text(path)
    cleaned = clean_text(text)
    return LoadedText(text=cleaned, meta={}, format="txt", encoding=encoding, paged="\f" in cleaned)
