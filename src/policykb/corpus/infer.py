"""Metadata read from the text itself, for files that come without any: the title line,
the 公布/通过/施行 date lines, the decree line naming the issuing body, and a level where the
title and issuer make it plain. Every field found here is listed as inferred.

Also the rule that tells a legal text from any other file.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ..lang.numerals import NUMERAL, cn_to_int

#: Words that end the name of a legal instrument (before an optional （试行） and the like).
INSTRUMENT_SUFFIXES = (
    "法", "法典", "条例", "规定", "办法", "决定", "解释", "细则", "规则", "规程", "通知", "意见", "决议",
    "公告", "批复", "答复", "指引", "指南", "标准", "章程", "纲要", "目录", "措施", "要求", "规范", "方案",
    "修正案", "守则", "命令")
_TRAILING_NOTE = re.compile(r"[（(][^（）()]{1,20}[）)]$")
_ENGLISH_INSTRUMENT = re.compile(
    r"\b(?:law|code|regulations?|measures|provisions|rules|decision|interpretation|guidelines?)\b", re.I)
_LEAD_MARK = re.compile(r"^#+\s*")

_CN_DIGIT = "〇○零一二三四五六七八九"
_DATE = re.compile(
    rf"(?P<y>\d{{4}}|[{_CN_DIGIT}]{{4}})\s*年\s*(?P<m>\d{{1,2}}|[一二三四五六七八九十]{{1,3}})\s*月"
    rf"\s*(?P<d>\d{{1,2}}|[一二三四五六七八九十]{{1,3}})\s*日"
    r"|(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2})")
_DECREE = re.compile(
    r"(?P<doc>(?P<body>(?:中华人民共和国)?[\u4e00-\u9fff、]{0,60}?)令\s*"
    r"(?:[（(]\s*第\s*[0-9一二三四五六七八九十百〇零]+\s*号\s*[）)]|第\s*[0-9一二三四五六七八九十百〇零]+\s*号))")
_OPENING = " \t\u3000（(【[〔"
_ADOPTED_BY = (
    (re.compile(r"全国人民代表大会常务委员会第\S*?次会议"), "全国人民代表大会常务委员会"),
    (re.compile(r"全国人民代表大会第\S*?次会议"), "全国人民代表大会"),
    (re.compile(r"国务院第\S*?次常务会议"), "国务院"),
    (re.compile(r"最高人民法院审判委员会"), "最高人民法院"),
    (re.compile(r"最高人民检察院检察委员会"), "最高人民检察院"),
    (re.compile(r"(?P<body>[\u4e00-\u9fff]{2,30}?)\d{4}年第\d+次[\u4e00-\u9fff]{0,2}务会议"), None),
)


def _strip_title(line: str) -> str:
    line = _LEAD_MARK.sub("", line.strip())
    while _TRAILING_NOTE.search(line):
        line = _TRAILING_NOTE.sub("", line).strip()
    return line


def names_instrument(title: str) -> bool:
    """Whether a title names a legal instrument: 个人信息保护法, …管理规定（试行）, … Law."""
    bare = _strip_title(title)
    return bool(bare) and (bare.endswith(INSTRUMENT_SUFFIXES) or bool(_ENGLISH_INSTRUMENT.search(bare)))


def looks_like_title(line: str) -> bool:
    """A short line, not a sentence, naming an instrument."""
    text = line.strip()
    return (2 <= len(text) <= 80 and not text.endswith(("。", "；", "，", "：", ":"))
            and not text.startswith("第") and names_instrument(text))


def _num(text: str) -> int:
    text = text.replace("○", "〇")
    return int(text) if text.isdigit() else cn_to_int(text)


def parse_date(match: re.Match) -> dt.date | None:
    try:
        if match.group("iy"):
            return dt.date(int(match.group("iy")), int(match.group("im")), int(match.group("id")))
        return dt.date(_num(match.group("y")), _num(match.group("m")), _num(match.group("d")))
    except ValueError:
        return None


def _dated(line: str, words: tuple[str, ...]) -> dt.date | None:
    """The first date in line that is followed closely by one of words."""
    matches = list(_DATE.finditer(line))
    for index, match in enumerate(matches):
        # The words that follow a date, up to the next date: "7月10日公布 自8月15日起施行".
        end = matches[index + 1].start() if index + 1 < len(matches) else len(line)
        if any(w in line[match.end(): min(end, match.end() + 40)] for w in words):
            return parse_date(match)
    return None


_BODY_START = re.compile(rf"^(?:#+\s*)?第\s*(?:{NUMERAL})\s*(?:条|章|编|节|分编)")


def _head_lines(lines: list[str]) -> list[str]:
    """Lines before the first article or chapter heading: title and promulgation notes."""
    head = []
    for line in lines:
        if _BODY_START.match(line):
            break
        head.append(line)
    return head[:20]


def infer_metadata(text: str) -> dict[str, Any]:
    """Fields the text states about itself, with "inferred" listing them."""
    lines = [line.strip() for line in text.replace("\f", "\n").split("\n") if line.strip()]
    head = _head_lines(lines)
    meta: dict[str, Any] = {}
    title = next((_LEAD_MARK.sub("", line) for line in head if line.startswith("# ")), None)
    title = title or next((line for line in head[:8] if looks_like_title(line)), None)
    if title:
        meta["title"] = title
    for line in head:
        promulgated = _dated(line, ("公布", "发布", "印发", "颁布"))
        if promulgated and "promulgated" not in meta:
            meta["promulgated"] = promulgated
        adopted = _dated(line, ("通过",))
        if adopted and "adopted" not in meta:
            meta["adopted"] = adopted
        effective = _dated(line, ("施行",))
        if effective and "effective" not in meta:
            meta["effective"] = effective
        amended = _dated(line, ("修正", "修订", "修改"))
        if amended and (meta.get("version") is None or amended > meta["version"]):
            meta["version"] = amended
        _issuer_from(line, meta)
    adopted = meta.pop("adopted", None)
    if adopted and "promulgated" not in meta:
        meta["promulgated"] = adopted
    if "effective" not in meta:
        meta.update(_effective_from_body(lines, meta.get("promulgated")))
    if meta.get("version") and meta.get("promulgated") and meta["version"] <= meta["promulgated"]:
        meta.pop("version")
    level = _level(meta)
    if level:
        meta["level"] = level
    meta["inferred"] = sorted(meta)
    return meta


def _issuer_from(line: str, meta: dict[str, Any]) -> None:
    # Dates blanked out first: in "2020年1月1日国家网信办令第1号" the 日 is not part of the decree.
    decree = _DECREE.search(_DATE.sub(lambda date: " " * len(date.group()), line))
    if decree and "doc_number" not in meta:
        doc = line[decree.start("doc"): decree.end("doc")].strip()
        before = line[: decree.start()].strip(_OPENING)
        meta["doc_number"] = doc
        if "issuer" not in meta:
            if before and len(before) <= 120 and not _DATE.search(before):
                meta["issuer"] = before  # 国家互联网信息办公室、… 国家互联网信息办公室等七部门令第15号
            elif decree.group("body") and not decree.group("body").endswith("主席"):
                # (2020年1月1日国家网信办令第1号公布): the decree names its body. A law's 主席令 does
                # not; its 通过 line names the body that adopted it.
                meta["issuer"] = decree.group("body")
    if "issuer" not in meta:
        for pattern, body in _ADOPTED_BY:
            match = pattern.search(line)
            if match and "通过" in line:
                meta["issuer"] = body or match.group("body")
                break


_EFFECTIVE_CLAUSE = re.compile(r"自(?P<rest>.{0,20}?)起施行")


def _effective_from_body(lines: list[str], promulgated: dt.date | None) -> dict[str, Any]:
    """本法自2021年11月1日起施行 near the end; 自公布之日起施行 means the promulgation date."""
    for line in reversed(lines[-15:]):
        clause = _EFFECTIVE_CLAUSE.search(line)
        if not clause:
            continue
        date = _DATE.search(clause.group("rest"))
        if date and parse_date(date):
            return {"effective": parse_date(date)}
        if promulgated and re.search(r"公布|发布|印发", clause.group("rest")):
            return {"effective": promulgated}
    return {}


def _level(meta: dict[str, Any]) -> str | None:
    title, issuer = meta.get("title", ""), meta.get("issuer", "")
    doc = meta.get("doc_number", "")
    if issuer.startswith("全国人民代表大会") or (title.startswith("中华人民共和国") and title.endswith(("法", "法典"))):
        return "law"
    if issuer == "国务院" or doc.startswith("中华人民共和国国务院令"):
        return "administrative_regulation"
    if "最高人民法院" in issuer or "最高人民检察院" in issuer:
        return "judicial_interpretation"
    if doc and "令" in doc and not doc.startswith("中华人民共和国主席令"):
        return "departmental_rule"
    return None


def legal_text_problem(structure: str, title: str | None, level: str | None) -> str | None:
    """Why a document is not a legal text, or None if it is one.

    A legal text has numbered articles (第一条 …), or a title that names an instrument
    (…法, …条例, …规定, …决定, … Law), or metadata that gives its level. Anything else — a
    memo, a web page without a law on it, a data file — is left out of the corpus.
    """
    if structure == "articles" or level or (title and names_instrument(title)):
        return None
    found = "only numbered items (一、二、…)" if structure == "items" else "no articles (第一条 …)"
    name = f"its title {title!r} does not" if title else "no title line does"
    return (f"not a legal text: {found}, and {name} name an instrument (…法, …条例, …规定, …办法, …决定); "
            "if it is one, give it a sidecar with its title and level")
