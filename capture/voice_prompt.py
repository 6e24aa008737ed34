"""What Whisper should expect to hear: the workspace's own words, as a decoding prompt.

Whisper writes what it has heard before: a prompt with the CRM's customer names, the glossary's
products and competitors and common sales words makes 「やまだせいさくしょ」 come out as 山田製作所
rather than a homophone. One prompt per language (ja, en); the transcriber picks the one for the
language it detected.

Whisper keeps at most 223 prompt tokens (half its 448-token text context) and drops the rest; a
Japanese character is 1-1.3 tokens on average (up to 3 for a rare kanji), so each prompt is cut at
a conservative character budget, most useful words first. The prompt is cached per workspace and
rebuilt only when the CRM moves (customer count, latest customer change or latest activity).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

from sqlalchemy import func
from sqlmodel import Session, select

from capture.ports import VoicePrompt
from core.glossary import Entry, Glossary
from core.i18n import detect_language
from crm_store.models import Activity, Customer
from crm_store.names import without_legal_form

# ~170 characters stay under Whisper's 223 prompt tokens for ordinary Japanese text (measured on the
# base tokenizer: 0.9-1.3 tokens a character); faster-whisper cuts anything longer at 223 tokens.
MAX_PROMPT_CHARS = 170
MAX_PROMPT_CHARS_EN = 500  # English words are ~4 characters a token
# Shares of the budget: customer names, the glossary's competitors and products, generic sales words.
SHARES = (0.4, 0.35, 0.25)
# Generic words of B2B sales visits: what every memo says, whatever the company sells.
SALES_WORDS_JA = ("訪問", "商談", "打ち合わせ", "見積", "提案", "発注", "受注", "失注", "納期", "予算", "決裁",
                  "稟議", "競合", "導入", "検討", "次回", "部長", "課長", "担当", "万円")
SALES_WORDS_EN = ("visit", "meeting", "quote", "proposal", "purchase order", "budget", "decision", "competitor",
                  "delivery", "follow-up", "next steps", "pricing", "discount")


def _fit(sections: Iterable[tuple[list[str], int]]) -> list[str]:
    """Words in order, each section within its share of the budget (characters, separator included);
    a word that does not fit is skipped (a shorter one further down may); no duplicates."""
    chosen: list[str] = []
    for words, budget in sections:
        used = 0
        for word in (w.strip() for w in words):
            if word and word not in chosen and used + len(word) + 1 <= budget:
                chosen.append(word)
                used += len(word) + 1
    return chosen


def _first_spelling(entries: list[Entry], language: str) -> list[str]:
    """Each entry's first spelling in ``language`` (its name, or an alias written that way)."""
    words = []
    for entry in entries:
        words += [s for s in entry.spellings if detect_language(s) == language][:1]
    return words


def build_voice_prompt(glossary: Glossary, customers: Iterable[tuple[str, str | None]], *,
                       max_chars: int = MAX_PROMPT_CHARS, max_chars_en: int = MAX_PROMPT_CHARS_EN) -> VoicePrompt:
    """The ja and en prompts from the glossary and the CRM's ``(name, kana)`` pairs (most relevant first).

    Customer names (the words a memo must get right and Whisper cannot guess), the glossary's
    competitors and products, and generic sales words each get a share of the budget (`SHARES`);
    what a share leaves unused goes to more customer names. A customer spelled in Latin letters is
    given in Japanese by its kana (how a Japanese speaker says it), in English by its name.
    """
    customers = list(customers)
    prompts = {}
    for language, budget, sales_words in (("ja", max_chars, SALES_WORDS_JA), ("en", max_chars_en, SALES_WORDS_EN)):
        if language == "ja":
            names = [kana if detect_language(name) == "en" and kana else name for name, kana in customers]
        else:
            names = [name for name, _ in customers if detect_language(name) == "en"]
        names += _first_spelling(glossary.customers, language)
        vocabulary = [*_first_spelling(glossary.competitors, language), *_first_spelling(glossary.products, language)]
        chosen = _fit(zip((names, vocabulary, list(sales_words)), (int(budget * share) for share in SHARES),
                          strict=True))
        rest = budget - sum(len(w) + 1 for w in chosen)
        chosen += _fit([([n for n in names if n not in chosen], rest)])
        separator, end = ("、", "。") if language == "ja" else (", ", ".")
        prompts[language] = separator.join(chosen) + end if chosen else ""
    return VoicePrompt(ja=prompts["ja"], en=prompts["en"])


class VoicePromptCache:
    """The workspace's prompt, rebuilt when its customers or activities change (one cheap query tells)."""

    def __init__(self, glossary: Glossary) -> None:
        self.glossary = glossary
        self._key: tuple[object, ...] | None = None
        self._prompt = VoicePrompt()
        self._lock = threading.Lock()

    def get(self, session: Session) -> VoicePrompt:
        key = (*session.exec(select(func.count(Customer.id), func.max(Customer.updated_at),
                                    func.max(Customer.created_at))).one(),
               session.exec(select(func.max(Activity.id))).one())
        with self._lock:
            if key != self._key:
                self._prompt = build_voice_prompt(self.glossary, customers_by_recent_activity(session))
                self._key = key
            return self._prompt


def customers_by_recent_activity(session: Session) -> list[tuple[str, str | None]]:
    """``(name without legal form, kana)`` of every customer, the most recently visited first: the
    ones a rep is likeliest to name next (only the first few fit in the prompt)."""
    last_activity = func.max(Activity.occurred_on)
    rows = session.exec(
        select(Customer.name, Customer.kana, last_activity)
        .join(Activity, Activity.customer_id == Customer.id, isouter=True)  # type: ignore[arg-type]
        .group_by(Customer.id, Customer.name, Customer.kana, Customer.updated_at)
        .order_by(last_activity.desc().nulls_last(), Customer.updated_at.desc(),  # type: ignore[attr-defined]
                  Customer.id.desc())).all()  # type: ignore[union-attr]
    return [(without_legal_form(name), kana) for name, kana, _ in rows]
