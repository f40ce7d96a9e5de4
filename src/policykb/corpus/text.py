"""Reading text files whatever their encoding, and the common shape every loader returns."""

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


def read_text(path: Path) -> tuple[str, str]:
    """Decode a text file: UTF-8 (with or without BOM) first, then GB18030, which covers
    GBK and GB2312. Binary data is refused rather than decoded into noise."""
    data = path.read_bytes()
    if b"\x00" in data[:8192]:
        raise UnreadableDocument("binary data (NUL bytes), not a text file")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as exc:
        raise UnreadableDocument(f"not UTF-8 or GB18030 text ({exc.reason} at byte {exc.start})") from None
