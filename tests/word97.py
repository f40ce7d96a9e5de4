"""Writing a minimal Word 97 (.doc) file, so tests can give the .doc loader and the national
fetch a real legacy Word body made from real corpus text (nothing is kept in the repository).

The file is what Word 97-2003 writes at its simplest: a compound file (CFB, version 3) holding
a WordDocument stream (a FIB, then the text as UTF-16) and a 1Table stream with one piece
table entry covering the text. antiword and catdoc both read it.
"""

from __future__ import annotations

import struct
from pathlib import Path

_FREE, _END, _FAT, _NONE = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
_SECTOR = 512
_MINI_CUTOFF = 4096
_TEXT_AT = 0x800


def _entry(name: str, kind: int, *, left: int = _NONE, child: int = _NONE, start: int = _END, size: int = 0) -> bytes:
    raw = name.encode("utf-16-le") + b"\0\0"
    return (raw.ljust(64, b"\0") + struct.pack("<HBB3I", len(raw), kind, 1, left, _NONE, child) + bytes(16)
            + struct.pack("<I", 0) + bytes(16) + struct.pack("<IQ", start, size))


def compound_file(streams: list[tuple[str, bytes]]) -> bytes:
    """A CFB file with the streams at its root; each is padded past the mini-stream cutoff."""
    padded = [(name, data.ljust(_MINI_CUTOFF, b"\0")) for name, data in streams]
    fat = [_FAT, _END]  # sector 0 holds the FAT, sector 1 the directory
    starts = []
    for _, data in padded:
        count = -(-len(data) // _SECTOR)
        starts.append(len(fat))
        fat.extend(range(len(fat) + 1, len(fat) + count))
        fat.append(_END)
    if len(fat) > _SECTOR // 4:
        raise ValueError("text too long for a one-sector FAT")
    fat += [_FREE] * (_SECTOR // 4 - len(fat))
    # Directory siblings are ordered by name length, then name; a left-leaning chain is a valid tree.
    order = sorted(range(len(padded)), key=lambda i: (len(padded[i][0]), padded[i][0].upper()))
    entries = [_entry("Root Entry", 5, child=len(order))]
    for position, i in enumerate(order):
        entries.append(_entry(padded[i][0], 2, left=position if position else _NONE, start=starts[i],
                              size=len(padded[i][1])))
    header = (bytes.fromhex("D0CF11E0A1B11AE1") + bytes(16) + struct.pack("<5H", 0x3E, 3, 0xFFFE, 9, 6) + bytes(6)
              + struct.pack("<9I", 0, 1, 1, 0, _MINI_CUTOFF, _END, 0, _END, 0)
              + struct.pack("<109I", 0, *([_FREE] * 108)))
    body = b"".join(data.ljust(-(-len(data) // _SECTOR) * _SECTOR, b"\0") for _, data in padded)
    return header + struct.pack(f"<{_SECTOR // 4}I", *fat) + b"".join(entries).ljust(_SECTOR, b"\0") + body


def word97(paragraphs: list[str]) -> bytes:
    """A .doc file holding the paragraphs as plain Unicode text."""
    text = "\r".join(paragraphs) + "\r"
    encoded = text.encode("utf-16-le")
    fib = bytearray(_TEXT_AT)
    struct.pack_into("<5H", fib, 0, 0xA5EC, 0x00C1, 0x6027, 0x0804, 0)  # wIdent, nFib (Word 97), lid zh-CN
    struct.pack_into("<H", fib, 0x0A, (1 << 9) | (1 << 12) | (1 << 14))  # 1Table, extended chars, Far East
    struct.pack_into("<H", fib, 0x0C, 0x00BF)
    struct.pack_into("<II", fib, 0x18, _TEXT_AT, _TEXT_AT + len(encoded))  # fcMin, fcMac
    struct.pack_into("<H", fib, 0x20, 14)  # csw
    struct.pack_into("<H", fib, 0x3E, 22)  # cslw
    struct.pack_into("<I", fib, 0x40, _TEXT_AT + len(encoded))  # cbMac
    struct.pack_into("<I", fib, 0x4C, len(text))  # ccpText
    struct.pack_into("<H", fib, 0x98, 0x5D)  # cbRgFcLcb
    pieces = struct.pack("<II", 0, len(text)) + struct.pack("<HIH", 0, _TEXT_AT, 0)  # one Unicode piece
    clx = b"\x02" + struct.pack("<I", len(pieces)) + pieces
    # A style sheet with one empty (default) style: cbStshi, STSHI (cstd 1, cbSTDBaseInFile 10, …), cbStd 0.
    styles = struct.pack("<H9H", 18, 1, 10, 1, 0x5B, 0x0F, 0, 0, 0, 0) + struct.pack("<H", 0)
    # A font table with one font: cData, cbExtra, then the FFN (40 bytes of header, then its name).
    name = "宋体".encode("utf-16-le") + b"\0\0"
    ffn = struct.pack("<BBHBB", 39 + len(name), 0x26, 400, 0x86, 0) + bytes(34) + name
    fonts = struct.pack("<HH", 1, 0) + ffn
    table = clx + styles + fonts
    for index, (start, length) in ((33, (0, len(clx))), (1, (len(clx), len(styles))),
                                   (15, (len(clx) + len(styles), len(fonts)))):  # Clx, Stshf, SttbfFfn
        struct.pack_into("<II", fib, 0x9A + index * 8, start, length)
    return compound_file([("WordDocument", bytes(fib) + encoded), ("1Table", table)])


def paragraphs(markdown: Path) -> list[str]:
    """The paragraphs of a corpus Markdown file, front-matter left out and heading marks removed."""
    body = markdown.read_text(encoding="utf-8").split("\n---\n", 1)[1]
    return [line.lstrip("#").strip() for line in body.splitlines() if line.strip()]
