"""How a Japanese name sounds: its katakana reading, its romaji, and a key two spellings that sound alike share.

A transcribed 「山田政策書」 and the CRM's 「山田製作所」, or "Yamamoto" typed in English and the user 「山本」,
differ as strings and agree as sounds. Readings come from Sudachi (it reads 政策書 as セイサクショ, where
pykakasi guesses セイサクカキ); romaji from pykakasi's Hepburn over that reading. A reading is a guess about
sound: callers match on it only when the exact name failed, and say that they did.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from core import sudachi

_KANJI_OR_KANA = re.compile(r"[\u3040-\u30ff\u3400-\u9fff々〆ヵヶ]")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
# Long vowels written several ways in romaji: "satou", "satoo", "sato" and "satō" are one name.
_LONG_VOWELS = ((re.compile(r"ou|oo|oh(?![aeiou])"), "o"), (re.compile(r"uu"), "u"), (re.compile(r"aa"), "a"), (re.compile(r"ii"), "i"))


def _hiragana_to_katakana(text: str) -> str:
    return "".join(chr(ord(ch) + 0x60) if "\u3041" <= ch <= "\u3096" else ch for ch in text)


@lru_cache(maxsize=4096)
def katakana(text: str) -> str:
    """The katakana reading of ``text`` (NFKC); Latin letters and digits are kept as they are."""
    text = unicodedata.normalize("NFKC", text or "")
    if not _KANJI_OR_KANA.search(text):
        return text
    parts: list[str] = []
    for morpheme in sudachi.tokenize(text, "C"):
        surface = morpheme.surface()
        if not _KANJI_OR_KANA.search(surface):
            parts.append(surface)
            continue
        reading = morpheme.reading_form()
        # Sudachi gives a reading of "キゴウ" for symbols and sometimes none for rare kanji: keep the surface.
        parts.append(reading if reading and reading != "キゴウ" else _hiragana_to_katakana(surface))
    return "".join(parts)


@lru_cache(maxsize=4096)
def romaji(text: str) -> str:
    """Hepburn romaji of ``text``'s reading, lower case, words separated by single spaces."""
    reading = katakana(text)
    converted = " ".join(item["hepburn"] for item in _kakasi().convert(reading) if item["hepburn"].strip())
    return " ".join(unicodedata.normalize("NFKC", converted).casefold().split())


@lru_cache(maxsize=1)
def _kakasi():  # type: ignore[no-untyped-def]
    import pykakasi

    return pykakasi.kakasi()


def reading_key(text: str) -> str:
    """A key that spellings of one sound share: romaji without spaces, punctuation or long-vowel marks.

    「山田製作所」, 「山田政策書」, 「ヤマダセイサクショ」 and "Yamada Seisakusho" share ``yamadaseisakusho``.
    """
    return _reading_to_key(katakana(text))


# Legal forms as they are read ("カブシキガイシャ") or written in romaji ("kabushiki kaisha", "K.K."): a kana
# column often spells them out, a memo rarely says them.
_LEGAL_READINGS = re.compile(r"^(?:kabushikigaisha|kabushikikaisha|yugengaisha|godogaisha)|"
                             r"(?:kabushikigaisha|kabushikikaisha|yugengaisha|godogaisha|kk)$")


def company_reading_key(name: str, kana: str | None = None) -> str:
    """The reading key of a company's name without its legal form: the kana column when there is one
    (it is how the company says its name), else the reading of ``name`` (pass it normalized, without
    legal form or honorific: `crm_store.names.normalize_customer_name`)."""
    key = reading_key(kana) if kana and kana.strip() else reading_key(name)
    return _LEGAL_READINGS.sub("", key)


@dataclass(frozen=True)
class SoundSpan:
    """A run of words in a text and the reading key it sounds like."""

    start: int
    end: int
    key: str


def sound_spans(text: str, max_words: int = 5) -> list[SoundSpan]:
    """Every run of up to ``max_words`` consecutive words (Sudachi, mode C) of ``text`` with its reading key,
    offsets into ``text``: where a heard or misspelled name may sit ("山田政策書様を訪問" → 山田政策書)."""
    words: list[tuple[int, int]] = []
    for offset in range(0, len(text), sudachi.MAX_CHARS):
        for morpheme in sudachi.tokenize(text[offset:offset + sudachi.MAX_CHARS], "C"):
            surface = morpheme.surface()
            if not surface.strip() or not any(ch.isalnum() for ch in surface):
                words.append((-1, -1))  # punctuation ends a name
                continue
            words.append((offset + morpheme.begin(), offset + morpheme.end()))
    spans: list[SoundSpan] = []
    for first in range(len(words)):
        for last in range(first, min(first + max_words, len(words))):
            if words[last][0] < 0:
                break
            start, end = words[first][0], words[last][1]
            # Read the run on its own: in context Sudachi may split an unknown name oddly (高|森成|功).
            spans.append(SoundSpan(start, end, reading_key(text[start:end])))
    return spans


@lru_cache(maxsize=16384)
def _reading_to_key(reading: str) -> str:
    """``reading_key`` of a text already in katakana (or Latin letters): no second Sudachi pass."""
    converted = " ".join(item["hepburn"] for item in _kakasi().convert(reading) if item["hepburn"].strip())
    key = _NOT_ALNUM.sub("", unicodedata.normalize("NFKC", converted).casefold())
    for pattern, short in _LONG_VOWELS:
        key = pattern.sub(short, key)
    return key
