"""A Japanese transcript written the way a typed memo is, before extraction reads it.

Whisper writes what it heard in the spelling it has seen most, and punctuates a spoken memo with 、 only:
- a thousands separator as 、 ("1、890万円" → "1,890万円": otherwise it reads 890万円);
- a weekday with a homophone of 曜 after 今週/来週…, or before まで ("来週水用に" → "来週水曜に");
- a sales word or a job title as another word of the same reading ("法門" → 訪問, "麺断" → 面談; after a name
  "石田家庁", "渡辺かかり庁" → 石田課長, 渡辺係長): a run of words that reads exactly like one (Sudachi's reading)
  becomes that word;
- one 、-joined run for several sentences: a 、 after a sentence-final polite form (…ました、) or before a
  clause that opens with a future day (…、来週水曜に再訪) ends a sentence, so that a next action is not read
  into the visit before it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from capture.amounts import unify_digit_grouping
from capture.extraction.entities import JA_TITLES
from capture.voice_prompt import SALES_WORDS_JA
from core import sudachi
from core.i18n import has_kana
from core.readings import katakana

_WEEKDAY = "月火水木金土日"
# Homophones of 曜 (よう) that Whisper writes after a weekday kanji.
_WEEKDAY_HOMOPHONE = re.compile(rf"(?:(?<=週)([{_WEEKDAY}])(?:用|様|陽|要|洋|よう|よ)(?=日|[にのはまも、。\s]|$)"
                                rf"|([{_WEEKDAY}])(?:用|様|陽|要|洋|よう)(?=日?まで))")
_SENTENCE_FINAL = re.compile(r"(ました|ません|ます|です|でした)、")
_FUTURE_CLAUSE = re.compile(r"、(?=(?:来週|今週中?|再来週|明日|明後日|来月|今月中?|年内|月末|次回|週明け|年明け)"
                            r"(?:の|に|中に|[月火水木金土日]|末|\d|までに|は)?)")


# Words of a sales memo Whisper writes as homophones (法門 for 訪問, 麺断 for 面談, 家庁 for 課長): the generic
# sales words the workspace prompt carries, the activity and stage words the extractor reads, and job titles.
# 万円 is left out (蔓延 reads the same, and amounts are read from digits).
_CUE_WORDS = ("来社", "面談", "交渉", "内示", "値引き", "提出", "見積もり")


@lru_cache(maxsize=1)
def _word_readings() -> dict[str, tuple[str, bool]]:
    """Each word by its reading (カチョウ → 課長), with whether it is a title (heard only after a name);
    a reading two words share is left out."""
    by_reading: dict[str, set[tuple[str, bool]]] = {}
    words = [(w, False) for w in (*SALES_WORDS_JA, *_CUE_WORDS) if w != "万円"]
    words += [(t, True) for t in JA_TITLES if re.fullmatch(r"[\u4e00-\u9fff]+", t)]
    for word, is_title in words:
        by_reading.setdefault(katakana(word), set()).add((word, is_title))
    # A title among the sales words (課長, 担当) is still a title.
    return {reading: max(found, key=lambda item: item[1]) for reading, found in by_reading.items()
            if len({w for w, _ in found}) == 1}


def _is_noun(morpheme: Any) -> bool:
    return morpheme.part_of_speech()[0] in ("名詞", "接頭辞", "接尾辞")


def _is_content(morpheme: Any) -> bool:
    """Not a particle, auxiliary or symbol: a word a homophone may be spelled with (かかり庁: a verb + 庁)."""
    return morpheme.part_of_speech()[0] not in ("助詞", "助動詞", "補助記号", "記号", "空白")


def restore_words(text: str) -> str:
    """Runs of words that read exactly like a sales word written as that word (法門 → 訪問, 麺断 → 面談, ネビキ →
    値引き), and like a job title when they follow a noun (a name: 石田家庁 → 石田課長)."""
    readings = _word_readings()
    morphemes = sudachi.tokenize(text, "C")
    replacements: list[tuple[int, int, str]] = []
    index = 0
    while index < len(morphemes):
        found = None
        for size in (3, 2, 1):
            run = morphemes[index:index + size]
            if len(run) < size or not all(_is_content(m) for m in run):
                continue
            surface = "".join(m.surface() for m in run)
            word, is_title = readings.get("".join(m.reading_form() for m in run), ("", False))
            if not word or surface == word or word in surface or any(t in surface for t in JA_TITLES):
                continue
            if is_title and (index == 0 or not _is_noun(morphemes[index - 1])):
                continue
            found = (run[0].begin(), run[-1].end(), word, size)
            break
        if found:
            replacements.append(found[:3])
            index += found[3]
        else:
            index += 1
    for start, end, word in reversed(replacements):
        text = text[:start] + word + text[end:]
    return text


def split_run_on_sentences(text: str) -> str:
    """A 、 that ends a sentence written as 。 (after …ました/です, or before a clause opening with a future day)."""
    return _FUTURE_CLAUSE.sub("。", _SENTENCE_FINAL.sub(r"\1。", text))


def normalize_transcript(text: str) -> str:
    """A Japanese transcript with Whisper's spoken spellings written as a memo would (see the module)."""
    if not has_kana(text):
        return text
    text = unify_digit_grouping(text)
    text = _WEEKDAY_HOMOPHONE.sub(lambda m: (m.group(1) or m.group(2)) + "曜", text)
    return split_run_on_sentences(restore_words(text))
