"""How a Japanese name sounds: its katakana reading, its romaji, and a key two spellings that sound alike share.

A transcribed 「山田政策書」 and the CRM's 「山田製作所」, or "Yamamoto" typed in English and the user 「山本」,
differ as strings and agree as sounds. Readings come from Sudachi (it reads 政策書 as セイサクショ, where
pykakasi guesses セイサクカキ); romaji from pykakasi's Hepburn over that reading. A reading is a guess about
sound: callers match on it only when the exact name failed, and say that they did.
"""

from __future__ import annotations

import re
import unicodedata
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
    key = _NOT_ALNUM.sub("", romaji(text))
    for pattern, short in _LONG_VOWELS:
        key = pattern.sub(short, key)
    return key
