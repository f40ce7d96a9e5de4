"""Traditional Chinese read as simplified, character by character.

The corpus is in simplified characters; a question or memo from Hong Kong, Macau or Taiwan
(依據《個人信息保護法》第十三條) must find the same articles and citations. The conversion is one
character for one, so offsets into the converted text are offsets into the original (a
citation is reported as it was written).
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _converter():
    from opencc import OpenCC  # loaded on first use: its tables take a while to read

    return OpenCC("t2s")


@lru_cache(maxsize=65536)
def _simplified(char: str) -> str:
    converted = _converter().convert(char)
    # A simplified form outside the Basic Multilingual Plane (鱀 -> 𬶨) is one that texts,
    # this corpus included, rarely use: the character stays as it is.
    return converted if len(converted) == 1 and ord(converted) < 0x10000 else char


def to_simplified(text: str) -> str:
    """The text with each traditional character replaced by its simplified form (same length)."""
    table = {ord(c): s for c in set(text) if c > "\u2e7f" and (s := _simplified(c)) != c}
    return text.translate(table) if table else text
