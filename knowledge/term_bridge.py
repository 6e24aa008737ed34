"""Cross-language word matches: which of a question's words a sentence in the other language translates.

The glossary carries the team's own vocabulary across languages; every other word of an English
question (booth, onsite, grant …) counted as missing from a Japanese sentence, so a passage that
answered it was not trusted. The multilingual embedder places a single word near its translation
(approval ⇔ 承認 0.90, discount ⇔ 値引き 0.63, while unrelated sales words score 0.30 at the median);
a word of the question counts as present when a word of the sentence in the other script is within
the model's calibrated cosine of it.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

from core.i18n import has_japanese
from knowledge.ports import Embedder
from knowledge.vector_cache import VectorCache

# Per embedding model: the cosine at which two single words, one Japanese and one English, are taken
# for translations (tuned on the dev and burned held-out sets, docs/knowledge.md). A model missing
# here has no bridge: English-centric models put unrelated Japanese words close together.
THRESHOLDS = {"use-multilingual-v3": 0.55}
# Two words of one script taken for the same thing (弱点 / 弱み): stricter than a translation, since words
# of one script share characters and topic (chosen for the noun check on the dev and burned sets, and kept
# when support came to use it: docs/knowledge.md).
SYNONYM_COSINE = 0.7
CACHE_WORDS = 50_000
_DIGIT = re.compile(r"\d")
_HIRAGANA = re.compile(r"[\u3040-\u309f]")


class TermBridge:
    def __init__(self, embedder: Embedder, threshold: float) -> None:
        self.threshold = threshold
        self.words = VectorCache(embedder.embed_documents, CACHE_WORDS, normalize=True)

    def asked(self, question: dict[str, str]) -> Asked:
        """``question`` (term → word, `lexical.term_words`) ready to be looked up in many texts."""
        return Asked(self, question)

    def translated(self, question: dict[str, str], text: dict[str, str]) -> set[str]:
        return self.asked(question).translated(text)


class Asked:
    """A question's words split by script, with their vectors: made once, not once per text."""

    def __init__(self, bridge: TermBridge, question: dict[str, str]) -> None:
        self.bridge = bridge
        japanese, english = _by_script(question)
        self.by_script = [(list(side), bridge.words.vectors(list(side.values())) if side else None)
                          for side in (japanese, english)]

    def translated(self, text: dict[str, str], kana_words: bool = True) -> set[str]:
        """The question's terms that a term of ``text`` (term → word) in the other script translates.
        Figures are left to exact matching. ``kana_words=False`` offers only the text's Japanese words
        written without hiragana (kanji and katakana: nouns): a verb or a suffix (出す, 込み, つく) is
        near some English word of almost any question."""
        text_ja, text_en = _by_script(text)
        if not kana_words:
            text_ja = {term: word for term, word in text_ja.items() if not _HIRAGANA.search(word)}
        japanese, english = self._vectors(text_ja), self._vectors(text_en)
        return self._near(english, japanese, self.bridge.threshold)

    def said(self, text: dict[str, str]) -> set[str]:
        """The question's terms that a word of ``text`` translates (as `translated`) or, in the same script,
        says in other words (弱点 for 弱み, at `SYNONYM_COSINE`); the text's words are looked up once."""
        japanese, english = (self._vectors(side) for side in _by_script(text))
        return self._near(english, japanese, self.bridge.threshold) | self._near(japanese, english, SYNONYM_COSINE)

    def _vectors(self, words: dict[str, str]) -> np.ndarray | None:
        return self.bridge.words.vectors(list(words.values())) if words else None

    def _near(self, for_japanese: np.ndarray | None, for_english: np.ndarray | None, cosine: float) -> set[str]:
        """The question's Japanese terms within ``cosine`` of a word of ``for_japanese``, and its English
        terms of one of ``for_english`` (a text's word vectors)."""
        found: set[str] = set()
        for (terms, vectors), offered in zip(self.by_script, (for_japanese, for_english), strict=True):
            if vectors is None or offered is None:
                continue
            similarity = vectors @ offered.T
            found.update(term for term, best in zip(terms, similarity.max(axis=1), strict=True) if best >= cosine)
        return found


def _by_script(words: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    japanese: dict[str, str] = {}
    english: dict[str, str] = {}
    for term, word in words.items():
        script = _script(word)
        if script == "ja":
            japanese[term] = word
        elif script == "en":
            english[term] = word
    return japanese, english


@lru_cache(maxsize=CACHE_WORDS)
def _script(word: str) -> str | None:
    if _DIGIT.search(word):
        return None
    return "ja" if has_japanese(word) else "en"


def term_bridge(embedder: Embedder | None) -> TermBridge | None:
    """The bridge calibrated for ``embedder``'s model, if there is one."""
    threshold = THRESHOLDS.get(embedder.model_id) if embedder is not None else None
    return TermBridge(embedder, threshold) if embedder is not None and threshold is not None else None
