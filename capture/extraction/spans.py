"""Finding text in a memo the way people spell it (full/half width, case, spaces) and sentences."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from capture.schema import SourceSpan


def _fold(ch: str) -> str:
    folded = unicodedata.normalize("NFKC", ch).casefold()
    return "".join(c for c in folded if unicodedata.category(c)[0] in "LNM")


class FoldedText:
    """``text`` NFKC-folded without spaces or punctuation, with a map back to the original offsets."""

    def __init__(self, text: str) -> None:
        self.text = text
        chars: list[str] = []
        self.origin: list[int] = []
        for index, ch in enumerate(text):
            for c in _fold(ch):
                chars.append(c)
                self.origin.append(index)
        self.folded = "".join(chars)

    def find_all(self, needle: str) -> list[SourceSpan]:
        key = "".join(_fold(ch) for ch in needle)
        spans: list[SourceSpan] = []
        if not key:
            return spans
        start = self.folded.find(key)
        while start >= 0:
            begin = self.origin[start]
            end = self.origin[start + len(key) - 1] + 1
            spans.append(SourceSpan(start=begin, end=end, text=self.text[begin:end]))
            start = self.folded.find(key, start + len(key))
        return spans

    def contains(self, needle: str) -> bool:
        key = "".join(_fold(ch) for ch in needle)
        return bool(key) and key in self.folded


# Spellings of one word that cue rules should read alike, replaced by one of the same length so that
# offsets into the normalized text are offsets into the memo.
_SAME_LENGTH_VARIANTS = (("見つもり", "見積もり"), ("みつもり", "見積もり"), ("見つもる", "見積もる"),
                         ("ＴＥＬ", "TEL"))


def normalize_spelling(text: str) -> str:
    """``text`` with spelling variants of cue words unified (見つもり/みつもり → 見積もり), same length."""
    for variant, canonical in _SAME_LENGTH_VARIANTS:
        assert len(variant) == len(canonical)
        text = text.replace(variant, canonical)
    return text


def span(text: str, start: int, end: int) -> SourceSpan:
    return SourceSpan(start=start, end=end, text=text[start:end])


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


# " / " and "／" separate items in typed notes ("小林部長 Web会議 / 交渉中 / 12/10までに最終見積").
_SENTENCE_END = re.compile(r"[。！？!?\n]+|(?<=[a-z0-9)])\.(?:\s+|$)|;\s+|・|\s/\s|／|(?:^|\n)\s*[-*•●◆■□]\s*")
_SENTENCE_END_WRAPPED = re.compile(r"[。！？!?]+\n?|(?<=[a-z0-9)])\.(?:\s+|$)|;\s+|(?:^|\n)\s*[-*•●◆■□]\s*")


def looks_wrapped(text: str) -> bool:
    """True for OCR-style text whose line breaks fall mid-sentence (most lines equally long)."""
    lengths = [len(line.strip()) for line in text.strip().splitlines()]
    if len(lengths) < 3:
        return False
    body = lengths[:-1]
    longest = max(body)
    return longest >= 20 and sum(1 for n in body if n >= longest - 1) >= len(body) * 0.6


# Japanese notes typed as space-separated items ("丸和工業 見積提出 1,960万 明後日TELフォロー"): a line
# without 。 whose Japanese words are separated by spaces in at least this many places.
_NOTE_SPACE = re.compile(r"(?<=[\u3040-\u30ff\u4e00-\u9fff々ー0-9０-９万円])[ \u3000](?=[\u3040-\u30ff\u4e00-\u9fff々A-Za-z0-9])")
_NOTE_MIN_SPACES = 4
# An item that only says when ("来週金曜", "明後日", "12/5") or only names a slot ("競合", "次回") belongs to the
# item after it: 「来週金曜 再訪」 is one action, 「競合 ミナト機械」 one competitor.
_NOTE_LEAD_ITEM = re.compile(r"(?:(?:再来週|来週|今週|先週|週明け|来月|今月)(?:の?[月火水木金土日]曜日?)?|明後日|明日|あさって|あした|"
                             r"[月火水木金土日]曜日?|[0-9０-９]{1,2}[/／月][0-9０-９]{1,2}日?|競合(?:他社)?|対抗|次回|担当)"
                             r"(?:まで|中)?(?:に|は)?")


def sentences(text: str) -> list[Sentence]:
    """Sentences and bullet items with their offsets. Line breaks end a sentence (notes are lines)
    unless the text looks wrapped, as OCR output of a paragraph does; a line of space-separated
    Japanese note items is one item per chunk."""
    found: list[Sentence] = []
    position = 0
    pattern = _SENTENCE_END_WRAPPED if looks_wrapped(text) else _SENTENCE_END
    for match in pattern.finditer(text):
        _append_items(found, text, position, match.start())
        position = match.end()
    _append_items(found, text, position, len(text))
    return found


def _append_items(found: list[Sentence], text: str, start: int, end: int) -> None:
    piece = text[start:end]
    spaces = list(_NOTE_SPACE.finditer(piece))
    if "。" in piece or len(spaces) < _NOTE_MIN_SPACES:
        _append(found, text, start, end)
        return
    position = start
    for space in spaces:
        if _NOTE_LEAD_ITEM.fullmatch(text, position, start + space.start()):
            continue
        _append(found, text, position, start + space.start())
        position = start + space.end()
    _append(found, text, position, end)


def _append(found: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start] in " \t\u3000、,-*•●◆■□":
        start += 1
    while end > start and text[end - 1] in " \t\u3000、,":
        end -= 1
    if end > start:
        found.append(Sentence(start, end, text[start:end]))
