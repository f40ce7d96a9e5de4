"""Chinese numerals as used in legal headings: 第一百二十三条, 第十条之一, 第1条.

Both directions are needed: labels are parsed to numbers for lookup, and numbers are
written back as labels when a user asks for "PIPL 38".
"""

from __future__ import annotations

import re

from ..errors import QueryError
from ..model import unit_key

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
           "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")

#: Characters that may appear in a Chinese numeral.
CN_NUMERAL_CHARS = "零〇一二三四五六七八九十百千两"
NUMERAL = rf"[{CN_NUMERAL_CHARS}]+|[0-9０-９]+"


def cn_to_int(text: str) -> int:
    """Parse a Chinese (一百零三) or Arabic (103, full-width too) numeral.

    Raises ValueError for anything else, so a typo never turns into a wrong article.
    """
    text = text.strip().translate(_FULLWIDTH)
    if not text:
        raise ValueError("empty numeral")
    if text.isdigit():
        return int(text)
    if any(ch not in _DIGITS and ch not in _UNITS for ch in text):
        raise ValueError(f"not a numeral: {text!r}")
    # Plain digit strings such as 二〇二一 (years) read digit by digit.
    if all(ch in _DIGITS for ch in text):
        if len(text) == 1:
            return _DIGITS[text]
        return int("".join(str(_DIGITS[ch]) for ch in text))
    total, pending, last_unit = 0, None, 10_000
    for ch in text:
        if ch in _DIGITS:
            if pending is not None and _DIGITS[ch] != 0:
                raise ValueError(f"malformed numeral: {text!r}")
            pending = _DIGITS[ch] if _DIGITS[ch] != 0 else None
        else:
            unit = _UNITS[ch]
            if unit >= last_unit:
                raise ValueError(f"malformed numeral: {text!r}")
            total += (pending if pending is not None else 1) * unit
            pending, last_unit = None, unit
    if pending is not None:
        total += pending
    return total


def int_to_cn(number: int) -> str:
    """Write a positive integer below 10,000 the way statutes do (一百零三, 十五, 一千二百六十)."""
    if not 0 < number < 10_000:
        raise ValueError(f"article numbers run from 1 to 9999, got {number}")
    names = "零一二三四五六七八九"
    parts: list[str] = []
    zero_pending = False
    for unit_value, unit_name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = number // unit_value % 10
        if digit == 0:
            zero_pending = bool(parts)
            continue
        if zero_pending:
            parts.append("零")
            zero_pending = False
        parts.append(names[digit] + unit_name)
    text = "".join(parts)
    # 一十五 is written 十五 when it leads.
    return text[1:] if text.startswith("一十") else text


_ARTICLE_LABEL = re.compile(
    rf"^第\s*(?P<num>{NUMERAL})\s*条(?:\s*之\s*(?P<sub>{NUMERAL}))?$")


def parse_article_label(label: str) -> tuple[int, int]:
    """Split 第十条之一 into (10, 1); 第十条 is (10, 0). Raises ValueError otherwise."""
    match = _ARTICLE_LABEL.match(label.strip())
    if not match:
        raise ValueError(f"not an article label: {label!r}")
    sub = match.group("sub")
    return cn_to_int(match.group("num")), cn_to_int(sub) if sub else 0


def article_label(number: int, sub: int = 0) -> str:
    """The canonical label for an article number: 第三十八条, 第十条之一."""
    label = f"第{int_to_cn(number)}条"
    return f"{label}之{int_to_cn(sub)}" if sub else label


_ENGLISH_ARTICLE = re.compile(r"^\s*(?:art(?:icle)?s?\b\.?|§)\s*(?P<rest>[0-9０-９].*)$", re.I)


def strip_article_word(reference: str) -> str:
    """The article part of an English reference: "Art. 39", "Article 39", "art 39" -> "39"
    ("Art. 10-1" -> "10-1"). Anything else comes back as it was, for the caller to parse."""
    match = _ENGLISH_ARTICLE.match(reference)
    return match.group("rest").strip() if match else reference


#: Items of an English citation are lower-case Roman numerals: PIPL Art. 13(1)(ii).
_ROMAN = ("", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv")
_ROMAN_VALUES = {numeral: value for value, numeral in enumerate(_ROMAN) if numeral}


def roman_to_int(text: str) -> int | None:
    """ii -> 2 (case-insensitive, i to xv); None for anything else."""
    return _ROMAN_VALUES.get(text.lower())


def int_to_roman(number: int) -> str | None:
    """2 -> ii, for 1 to 15; None outside that range."""
    return _ROMAN[number] if 0 < number < len(_ROMAN) else None


_ARTICLE_REF = re.compile(rf"^(?:第)?\s*(?P<num>{NUMERAL})\s*(?:条)?\s*(?:(?:之|-)\s*(?P<sub>{NUMERAL}))?$")


def article_key(number: int | str) -> str:
    """17, "17", "第十七条", "第十条之一", "10-1" or "Art. 17" -> the unit key ("17", "10-1");
    QueryError for anything else."""
    if isinstance(number, int) and not isinstance(number, bool):
        main, sub = number, 0
    else:
        match = _ARTICLE_REF.match(strip_article_word(str(number).strip()))
        if not match:
            raise QueryError(f"not an article number: {number!r} (try 17 or 第十七条)")
        try:
            main = cn_to_int(match.group("num"))
            sub = cn_to_int(match.group("sub")) if match.group("sub") else 0
        except ValueError:
            raise QueryError(f"not an article number: {number!r} (try 17 or 第十七条)") from None
    if main <= 0:
        raise QueryError(f"article numbers start at 1, not {number!r}")
    return unit_key(main, sub)
