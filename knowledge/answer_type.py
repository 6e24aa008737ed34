"""What kind of value a question asks for — a percentage, an amount of money, a time, a count, or
just a figure — and whether a sentence states one.

"How much is the cancellation fee?" over a maintenance guide shares the guide's words, and its
sentences hold other figures (a renewal rate, an inspection count): none of them answers it. So a
question that asks for a value is supported only by a sentence that states a value of that kind
(`HybridRetriever.assess`), and the quote prefers such a sentence. The kinds are an interrogative's
plain meaning, in Japanese and English; a question that names no kind asks for nothing in particular.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.text import fold

# "1." numbers a list item: it is no figure.
_LIST_MARKER = re.compile(r"^\s*(?:[-*+・•]|\d+[.)．])\s*")
_DIGIT = re.compile(r"\d")
_NUMBER = (r"[0-9]|[一二三四五六七八九十百千]+(?:[日週年回台社人件個名割時か箇ヶカ]|営業日|万|億)|"
           r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twice|half|dozen)\b")


@dataclass(frozen=True)
class AnswerType:
    name: str
    asks: re.Pattern[str]  # over the folded question
    states: re.Pattern[str]  # over a folded sentence

    def stated_in(self, sentence: str) -> bool:
        return bool(self.states.search(fold(_LIST_MARKER.sub("", sentence))))

    def stated_exactly_in(self, sentence: str) -> bool:
        """Stated in digits ("14 days", not "within one week"): what the quote puts first."""
        return self.stated_in(sentence) and bool(_DIGIT.search(_LIST_MARKER.sub("", sentence)))


def _type(name: str, asks: str, states: str) -> AnswerType:
    return AnswerType(name, re.compile(asks), re.compile(states))


# Most specific first: "何%" is a percentage before it is a figure.
_TYPES = (
    _type("percent", r"何%|何パーセント|何割|what percent|percentage|率(?:は|って|が|[?？]|$)", r"%|percent|割"),
    # An amount: a currency, a bare amount (a table's 120,000,000), or a discount's percentage.
    _type("money", r"いくら|何円|how much money|"
                   r"(?:料金|費用|価格|値段|金額|コスト|手数料|相場|予算).{0,6}(?:どれ|どの)(?:くらい|ぐらい)|"
                   r"how much\b.{0,40}\b(?:cost|charge|pay|price|fee|budget)|"
                   r"what (?:does|do) .{0,40}cost|what(?:'s| is| are| was) (?:the |our |their )?(?:list )?"
                   r"(?:price|fee|cost|charge)s? (?:of|for)\b",
          r"\d{1,3}(?:,\d{3})+|円|万|億|jpy|yen|¥|\$|usd|eur|€|dollars?|%|割|percent|無償|無料|\bfree\b"),
    _type("time", r"何日|何営業日|何か月|何ヶ月|何カ月|何年|何時間|何週|いつまで|期限|日数|最長|"
                  r"how long|how soon|how many (?:days|weeks|months|years|hours)|deadline|"
                  r"(?:what|which) (?:year|date|month)\b",
          r"[0-9]|[一二三四五六七八九十百千]+[日週年か箇ヶカ時]|翌|当日|即日|月末|週末|"
          r"\b(?:days?|weeks?|months?|years?|hours?)\b"),
    _type("count", r"何(?:台|回|社|人|件|個|名|本|枚|機種|拠点|種類|店舗|項目|か所|箇所|ヶ所|カ所)|how many", _NUMBER),
    _type("figure", r"how (?:much|often)|what (?:rate|discount)|maximum|minimum|上限", _NUMBER),
)


def asked_for(question: str) -> AnswerType | None:
    """The kind of value ``question`` asks for; None when it asks for none in particular."""
    key = fold(question)
    return next((kind for kind in _TYPES if kind.asks.search(key)), None)


# Where a question's clauses part: after 。？！?!, after ". ", at a line break or a dash between spaces.
_CLAUSE_END = re.compile(r"(?<=[。！？!?])|(?<=\.)\s+|\n+|\s+[-–—]\s+")


def ask_and_context(question: str) -> tuple[str, str]:
    """The clauses of ``question`` that ask (the last, and those ending in a question mark) and the rest,
    which tell the situation: 「大和マシナリーと相見積で、うちが10%高いって言われてる。主軸交換っていくらで計算すればいい？」."""
    clauses = [c.strip() for c in _CLAUSE_END.split(question) if c and c.strip()]
    if len(clauses) < 2:
        return question, ""
    asks = [c for c in clauses[:-1] if c[-1] in "？?"] + clauses[-1:]  # the last asks, "?" or not
    situation = [c for c in clauses if c not in asks]
    return (" ".join(asks), " ".join(situation)) if situation else (question, "")
