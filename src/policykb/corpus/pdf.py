"""PDF: the text layer, page by page, cleaned into one paragraph per line.

Pages are joined with form feeds so every article records the page it starts on. A PDF
that cannot give its full text — scanned, encrypted, cut off, or with fonts that map to no
characters — is refused with the reason, never loaded with text silently missing.
"""

from __future__ import annotations

import logging
from pathlib import Path

from .cleanup import clean_pages
from .text import LoadedText, UnreadableDocument, sniff_binary

#: Share of extracted characters that may be unmappable before the text counts as garbage.
_MAX_GARBAGE = 0.3


def _open(path: Path):
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, PdfReadError

    with path.open("rb") as handle:
        head = handle.read(1024)
        handle.seek(0, 2)
        size = handle.tell()
        handle.seek(max(0, size - 2048))
        tail = handle.read()
    if b"%PDF-" not in head:
        kind = sniff_binary(head)
        raise UnreadableDocument(f"not a PDF file ({kind or 'no %PDF- header'})")
    if b"%%EOF" not in tail:
        raise UnreadableDocument(
            f"truncated PDF: the end-of-file marker is missing, so the file was cut off after {size:,} bytes; "
            "download or export it again")
    try:
        reader = PdfReader(path, strict=False)
        encrypted = reader.is_encrypted
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise UnreadableDocument(f"damaged PDF: {exc}") from None
    if encrypted:
        try:
            opened = reader.decrypt("")  # many official PDFs only restrict printing/copying
        except DependencyError as exc:
            raise UnreadableDocument(f"encrypted PDF that needs the 'cryptography' package: {exc}") from None
        except (PdfReadError, NotImplementedError) as exc:
            raise UnreadableDocument(f"encrypted PDF that cannot be opened: {exc}") from None
        if not opened:
            raise UnreadableDocument(
                "encrypted PDF: it needs a password to open; save an unprotected copy "
                "(e.g. `qpdf --decrypt --password=… in.pdf out.pdf`) and add that instead")
    return reader


def _has_images(page) -> bool:
    try:
        resources = page.get("/Resources") or {}
        xobjects = resources.get("/XObject") or {}
        return any(xobjects[name].get_object().get("/Subtype") == "/Image" for name in xobjects)
    except Exception:  # a malformed resource dictionary only means "cannot tell"
        return False


def _garbage_share(text: str) -> float:
    chars = [ch for ch in text if not ch.isspace()]
    if not chars:
        return 0.0
    bad = sum(1 for ch in chars if ch == "\ufffd" or "\ue000" <= ch <= "\uf8ff" or ord(ch) < 32)
    return bad / len(chars)


def load(path: Path) -> LoadedText:
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its recoverable-syntax chatter is not for users
    reader = _open(path)
    warnings: list[str] = []
    pages: list[str] = []
    try:
        page_list = list(reader.pages)
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        raise UnreadableDocument(f"damaged PDF: its page tree cannot be read ({exc})") from None
    image_only: list[int] = []
    for number, page in enumerate(page_list, 1):
        try:
            text = page.extract_text() or ""
        except Exception as exc:  # pypdf raises many types on broken content streams
            raise UnreadableDocument(f"damaged PDF: the text of page {number} cannot be read ({exc})") from None
        if not text.strip() and _has_images(page):
            image_only.append(number)
        pages.append(text)
    if not page_list:
        raise UnreadableDocument("PDF with no pages")
    if not any(p.strip() for p in pages):
        if not image_only:
            raise UnreadableDocument(f"no text: the PDF's {len(page_list)} page(s) are blank")
        raise UnreadableDocument(
            f"no text layer: {len(page_list)} page(s) of images only (a scan); run OCR first "
            "(e.g. `ocrmypdf -l chi_sim in.pdf out.pdf`) and add the result")
    if _garbage_share("".join(pages)) > _MAX_GARBAGE:
        raise UnreadableDocument(
            "the PDF's fonts map to no readable characters (the text layer is garbage); OCR it instead")
    if image_only:
        listed = ", ".join(map(str, image_only[:10])) + (" …" if len(image_only) > 10 else "")
        warnings.append(f"page(s) {listed} have images but no text layer; their content is missing (OCR them)")
    return LoadedText(text=clean_pages(pages), meta={}, format="pdf", warnings=warnings, paged=True,
                      pages=len(page_list))
