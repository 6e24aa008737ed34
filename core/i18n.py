"""Translated messages and the user's language.

Each package keeps its own catalogue of `Message` constants (``<package>/messages.py``), so a
message is a typed object next to the code that raises it rather than a string key in a
global table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Language = Literal["ja", "en"]
LANGUAGES: tuple[Language, ...] = ("ja", "en")

# Hiragana, katakana (incl. half-width) and CJK ideographs: any of them makes a text Japanese
# for our users (Chinese-speaking users are not a target yet).
JAPANESE_CHARS = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f]")
# Kana letters (hiragana ぁ–ゖ, katakana ァ–ヺ): what tells a Japanese text from a Chinese one, which shares the kanji.
_KANA_LETTERS = re.compile(r"[\u3041-\u3096\u30a1-\u30fa]")


@dataclass(frozen=True)
class Message:
    """One user-facing text in every language we answer in, with ``{named}`` placeholders."""

    en: str
    ja: str

    def format(self, language: Language, /, **params: object) -> str:
        template = self.ja if language == "ja" else self.en
        return template.format(**params)


def detect_language(text: str, default: Language = "en") -> Language:
    """Japanese if the text has any kana or kanji, else English; ``default`` for empty text."""
    if not text or not text.strip():
        return default
    return "ja" if has_japanese(text) else "en"


def has_japanese(text: str) -> bool:
    """Whether ``text`` has any kana or kanji."""
    return bool(JAPANESE_CHARS.search(text))


def has_kana(text: str) -> bool:
    """Whether ``text`` has a kana letter: Japanese written by OCR or Whisper, not Chinese."""
    return bool(_KANA_LETTERS.search(text))


def language_from_locale(locale: str | None) -> Language | None:
    """Map a Slack or POSIX locale (``ja-JP``, ``ja_JP.UTF-8``, ``en-US``) to a language."""
    if not locale:
        return None
    head = locale.strip().lower()[:2]
    if head == "ja":
        return "ja"
    if head == "en":
        return "en"
    return None
