"""How the bot decides whether a DM or mention is a question or a memo to capture.

Predictable on purpose (documented in docs/slack.md), checked in this order:

1. A memo prefix (``memo:``, ``メモ:``, ``日報:``) → memo; a question prefix (``q:``, ``質問:``) → question.
2. Ends with ``?``/``？`` or starts with a question word (what, how, 教えて, いくら…) → question.
3. Short (≤ 40 characters), no activity cue (訪問, 打ち合わせ, visited, called…) and an answering
   service is reasonably sure (score ≥ 0.5) → question ("顧客一覧", "東邦精機", "deals in negotiation").
4. Otherwise → memo, when capture is set up; else a question.

A wrong guess is cheap: a draft card has Discard, and an answer the bot could not place offers
"Save as memo".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Literal

Intent = Literal["question", "memo"]

CONFIDENT_SCORE = 0.5
SHORT_QUESTION_CHARS = 40

_MEMO_PREFIX = re.compile(r"^\s*(?:memo|note|log|メモ|日報|報告)\s*[:：]\s*", re.IGNORECASE)
_QUESTION_PREFIX = re.compile(r"^\s*(?:q|question|ask|質問)\s*[:：]\s*", re.IGNORECASE)
_QUESTION_END = re.compile(r"[?？]\s*$")
_QUESTION_START = re.compile(
    r"^\s*(?:what|which|who|whom|whose|how|when|where|why|show|list|tell|is|are|do|does|did|can|could|"
    r"any|give)\b|^\s*(?:教えて|何|なに|どの|どう|どれ|いくら|いつ|誰|だれ|どこ|なぜ)",
    re.IGNORECASE,
)
_ACTIVITY_CUES = re.compile(
    r"訪問|打ち?合わせ|面談|商談し|電話し|来社|提出|受注|失注|納品|見積|デモ|"
    r"\b(?:visit(?:ed)?|met|meeting|called|call with|sent|quoted|demo(?:ed)?|won|lost)\b",
    re.IGNORECASE,
)
_QUESTION_END_JA = re.compile(
    r"(?:ですか|ますか|でしょうか|教えて(?:ください|下さい)?|一覧|リスト)[。.!！]*\s*$"
)


def classify_message(
    text: str, *, router_score: Callable[[str], float] | None = None, capture_available: bool = True
) -> tuple[Intent, str]:
    """(intent, text without the prefix) for a DM or mention's text."""
    memo = _MEMO_PREFIX.match(text)
    if memo:
        return "memo", text[memo.end() :].strip()
    question = _QUESTION_PREFIX.match(text)
    if question:
        return "question", text[question.end() :].strip()
    stripped = text.strip()
    if not capture_available:
        return "question", stripped
    if (
        _QUESTION_END.search(stripped)
        or _QUESTION_START.search(stripped)
        or _QUESTION_END_JA.search(stripped)
    ):
        return "question", stripped
    if (
        router_score is not None
        and len(stripped) <= SHORT_QUESTION_CHARS
        and not _ACTIVITY_CUES.search(stripped)
        and router_score(stripped) >= CONFIDENT_SCORE
    ):
        return "question", stripped
    return "memo", stripped
