"""What kind of answer a question asks for, and where it asks about.

Three facts about a question change which articles answer it, whatever its topic:

- "What fine do we face if …", "会被怎么罚": the answer is the article that sanctions the breach
  (in the 法律责任 chapter), not the duty breached, which the question's words match better. The
  provision graph leads from the one to the other.
- "What counts as important data?", "什么是敏感个人信息": the answer is the article that defines
  the term (本法所称…是指…, 下列用语的含义), often far from the duties that use it.
- A question that names no place asks about national law. A local regulation (上海市数据条例)
  binds only in its locality, and often restates a national duty in nearly the same words; it
  answers a question that names its place (Shanghai, 深圳).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from ..model import Instrument
from ..names import alternation

#: Chinese: 罚款, 处罚, 怎么罚, 罚则, 法律责任, 追究刑事责任, 吊销, 后果, 违反…承担什么责任, and a breach
#: followed by 会怎么样 (被查到会怎么样, 没有备案会怎么样; not 个人撤回同意会怎么样).
#: Not 承担…责任 without a breach, or 追究赔偿责任: "who bears liability for the dog bite" asks for a
#: rule of civil liability.
_PENALTY_ZH = re.compile(r"罚|法律责任|追究[^，。？?]{0,6}(?<!赔偿)(?<!民事)责任|吊销|后果|制裁|惩处"
                         r"|(?:被查|违反|违规|没有|没|未|不按|拒不|拒绝|擅自)[^？?]{0,30}会怎么?样[？?]?$"
                         r"|违反[^？?]{0,40}承担[^，。？?]{0,6}责任")
#: English: penalty, fines, fined, a fine, punish, sanction, liable, liability, consequences,
#: what happens if we/our … (not "what happens if an individual withdraws consent"). "Is it fine
#: to …", "define", a fine-grained consent or a fine-tuned model are not penalties.
_PENALTY_EN = re.compile(
    r"\b(?:penalt(?:y|ies)|fine[sd]|(?:a|the|any|what|maximum|max|which)\s+fine(?!-)|punish\w*|sanction\w*"
    r"|liab(?:le|ility|ilities)|consequences?|what happens (?:to \w+ )?if (?:we|i|our|my|you|your)\b|in trouble"
    r"|what (?:do|does|would|could|might) (?:we|i|they|it|the \w+) risk)\b", re.IGNORECASE)

#: "What counts as important data?", "个人信息是指什么", "哪些属于敏感个人信息". Not a purpose that is
#: clearly defined, a well-defined period, or a label users define themselves (自定义).
_DEFINITION_ZH = re.compile(
    r"什么是|何为|何谓|是指什么|指的是什么|指什么|含义|(?<!自)定义|界定|算不算|是否属于|属不属于|哪些属于|什么属于|算作"
    r"|属于[^，。？?]{1,20}吗")
_DEFINITION_EN = re.compile(
    r"\b(?:(?<!-)(?<!clearly )(?<!well )(?<!explicitly )(?<!specifically )(?<!precisely )"
    r"defin(?:e|es|ed|ition|itions)|meaning of|what (?:is|are) meant by|what does [^?]{1,60} mean"
    r"|counts? as|considered (?:a|an|to be)|qualif(?:y|ies) as)\b",
    re.IGNORECASE)
#: An article that defines terms: 本法所称…是指…, 本办法下列用语的含义.
_DEFINES = re.compile(r"是指|用语的含义|用语含义|所称[^。；]{1,30}[，,]?(?:包括|指)")

#: 上海市数据条例, 深圳经济特区数据条例, 浙江省…: the place is the head of a local rule's title.
_PLACE = re.compile(r"^(?P<place>[\u4e00-\u9fff]{2,8}?)(?:省|市|自治区|经济特区|特别行政区)")
LOCAL_LEVELS = frozenset({"local_regulation", "local_rule"})


def asks_penalty(question: str) -> bool:
    """Whether the question asks what sanction a breach carries."""
    return bool(_PENALTY_ZH.search(question) or _PENALTY_EN.search(question))


def asks_definition(question: str) -> bool:
    """Whether the question asks what a term means or what falls under it."""
    return bool(_DEFINITION_ZH.search(question) or _DEFINITION_EN.search(question))


def defines_terms(text: str) -> bool:
    """Whether an article's text defines a term (本法所称个人信息，是指…)."""
    return bool(_DEFINES.search(text))


def place_names(instrument: Instrument, english: Callable[[str], str | None] | None = None) -> set[str]:
    """How a question names a local instrument's place: 深圳 and, in English, Shenzhen.

    The place is the head of the Chinese title; its English name is the dictionary's
    (`english`), kept where the instrument's English title spells it the same way. No list of
    places is kept by hand; an instrument of national scope has none.
    """
    if instrument.level not in LOCAL_LEVELS:
        return set()
    match = _PLACE.match(instrument.title)
    if match is None:
        return set()
    place = match.group("place")
    names = {place}
    spelled = english(place) if english else None
    for form in ((spelled, spelled.split()[0]) if spelled else ()):
        if instrument.title_en and re.search(rf"\b{re.escape(form)}\b", instrument.title_en):
            names.add(form.lower())
            break
    return names


class Places:
    """Local instruments by the names of their places, all matched in one pass of one prefix-tree
    pattern (a question is read once however many local rules the corpus holds). Place names are
    matched whole: Shanghai, 上海, not a part of another word."""

    def __init__(self, names: dict[str, set[str]]) -> None:
        #: The local instruments, whether or not their place could be named.
        self.ids = frozenset(names)
        self._by_name: dict[str, set[str]] = {}
        for doc_id, written in names.items():
            for name in written:
                self._by_name.setdefault(name, set()).add(doc_id)
        latin = [n for n in self._by_name if n.isascii()]
        cjk = [n for n in self._by_name if not n.isascii()]
        parts = ([alternation(cjk)] if cjk else []) + (
            [rf"(?<![a-z])(?:{alternation(latin)})(?![a-z])"] if latin else [])
        self._pattern = re.compile("|".join(parts)) if parts else None

    def named_in(self, question: str) -> set[str]:
        """Ids of the local instruments whose place the question names."""
        if self._pattern is None:
            return set()
        return {doc_id for match in self._pattern.finditer(question.lower())
                for doc_id in self._by_name[match.group(0)]}


def local_instruments(instruments: Iterable[Instrument]) -> set[str]:
    return {i.id for i in instruments if i.level in LOCAL_LEVELS}
