"""`RapidOcrEngine`: RapidOCR (PP-OCR detection + recognition on onnxruntime), the default OCR.

The models ship inside the `rapidocr` wheel; the engine is pointed at those files explicitly so it
never tries to download anything. RapidOCR returns one text box per detected run of text, with a box per
character; the spaces its recognizer drops inside a box are put back from the gaps between characters
(`spaced_text`), the boxes are put back into lines in reading order (top to bottom, then left to right), on a
tilted photo too, a line the writer wrapped is joined to the next (`join_wrapped`), and PP-OCR's Chinese readings
of Japanese are put right (`capture.ocr_text`).
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from statistics import median
from typing import Any

from capture import messages
from capture.adapters.lazy_model import LazyModel
from capture.ocr_preprocess import open_image
from capture.ocr_text import correct_ocr_lines
from capture.ports import OcrLine, OcrResult

# The files the wheel ships (rapidocr/models/); see `packaged_models`.
_DET, _REC, _CLS = "PP-OCRv6_det_small.onnx", "PP-OCRv6_rec_small.onnx", "ch_ppocr_mobile_v2.0_cls_mobile.onnx"
# Two boxes are on one line when their vertical spans overlap by at least this share of the smaller height.
SAME_LINE_OVERLAP = 0.5
# A gap between two characters of one box is a space when it is this share of the box's height or more.
# Measured on the 56 dev2 + heldout4 photos (gap / height, source spaces vs none): between two Japanese
# characters spaces median 0.34, no-space 99th percentile 0.23 (max 0.37); Japanese next to Latin 0.28 vs max
# 0.15; between Latin letters 0.36 vs 99.9th percentile 0.35 (the recognizer writes most English spaces itself).
SPACE_GAP = {"wide": 0.3, "mixed": 0.2, "latin": 0.35}
# Lines are taken to be wrapped only in a text of three lines or more, two of them at least this share of the
# widest: the widest line is the only measure of the page's width, and in a note of two short lines it would
# always count as full.
FULL_LINE = 0.8
# Small kana, the long-vowel and repeat marks: no word starts with them, so no space goes before them.
_NEVER_STARTS_WORD = "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶー々"
# Boxes of one line this many character heights apart are columns of a form, not words of a sentence.
COLUMN_GAP = 2.0
_BULLET_MARKS = "・·-‐−–—•*●■□◆"


@dataclass(frozen=True)
class TextBox:
    """One recognized box: its text, score and corner points (clockwise from top-left)."""

    text: str
    score: float
    points: tuple[tuple[float, float], ...]

    @property
    def top_angle(self) -> float:
        (x0, y0), (x1, y1) = self.points[0], self.points[1]
        return math.atan2(y1 - y0, x1 - x0)


def packaged_models() -> dict[str, Path]:
    """The model files inside the installed rapidocr package (detection, recognition, orientation)."""
    import rapidocr

    folder = Path(rapidocr.__file__).parent / "models"
    return {"det": folder / _DET, "rec": folder / _REC, "cls": folder / _CLS}


class RapidOcrEngine:
    name = "rapidocr"
    # What the adapter does to RapidOCR's output (benchmarks key their cached readings by it).
    version = "spaces-wraps-glyphs-v7"

    def __init__(self, *, max_megapixels: float = 40.0, threads: int = 0) -> None:
        self.max_megapixels = max_megapixels
        self.threads = threads
        self._engine = LazyModel(self.name, "rapidocr", lambda: _load(threads),
                                 unavailable=messages.OCR_UNAVAILABLE)

    def read(self, image_path: Path) -> OcrResult:
        # open_image applies the pixel limit, HEIC and EXIF orientation before any model runs.
        image = open_image(image_path, self.max_megapixels).convert("RGB")
        output = self._engine.get()(image, return_word_box=True, return_single_char_box=True)
        if output.txts is None or output.boxes is None:
            return OcrResult(lines=())
        characters = _characters_per_box(output.txts, output.word_results)
        boxes = []
        for text, score, points, chars in zip(output.txts, output.scores, output.boxes, characters, strict=True):
            corners = tuple((float(x), float(y)) for x, y in points)
            if text.strip():
                boxes.append(TextBox(spaced_text(text, chars, _height(corners)), float(score), corners))
        lines = join_wrapped(placed_lines(boxes))
        texts = correct_ocr_lines([line.text for line in lines])
        return OcrResult(lines=tuple(OcrLine(text, line.confidence)
                                     for text, line in zip(texts, lines, strict=True)))


@lru_cache(maxsize=2)
def _load(threads: int) -> Any:
    """One engine per process (per thread setting): every service built in a process shares it."""
    from rapidocr import RapidOCR

    models = packaged_models()
    missing = [str(p) for p in models.values() if not p.exists()]
    if missing:
        raise FileNotFoundError(", ".join(missing))
    params: dict[str, Any] = {"Global.log_level": "error", "Det.model_path": str(models["det"]),
                              "Rec.model_path": str(models["rec"]), "Cls.model_path": str(models["cls"])}
    if threads:
        params["EngineConfig.onnxruntime.intra_op_num_threads"] = threads
    return RapidOCR(params=params)


@dataclass(frozen=True)
class PlacedLine:
    """A line of text with where it lies on the de-tilted page: its left and right ends, the height of its
    characters, and the width its first word takes (what would have had to fit at the end of the line above)."""

    text: str
    confidence: float
    left: float
    right: float
    height: float
    first_word_width: float
    columns: bool = False  # boxes far apart on the line (a form's "label value   label value"): no prose


def reading_order(boxes: list[TextBox]) -> list[OcrLine]:
    """Boxes merged into lines, top to bottom and left to right, each line with its score."""
    return [OcrLine(line.text, line.confidence) for line in placed_lines(boxes)]


def placed_lines(boxes: list[TextBox]) -> list[PlacedLine]:
    """Boxes merged into lines, top to bottom and left to right, each line with its score and place.

    The page's tilt (the median angle of the boxes' top edges) is undone first, so that the
    boxes of one line on a tilted photo still share a band of height.
    """
    if not boxes:
        return []
    angle = median(box.top_angle for box in boxes)
    cos, sin = math.cos(-angle), math.sin(-angle)

    def level(box: TextBox) -> tuple[float, float, float, float]:
        ys = [x * sin + y * cos for x, y in box.points]
        xs = [x * cos - y * sin for x, y in box.points]
        return min(ys), max(ys), min(xs), max(xs)

    placed = sorted(((level(box), box) for box in boxes), key=lambda item: (item[0][0] + item[0][1]) / 2)
    lines: list[list[tuple[tuple[float, float, float, float], TextBox]]] = []
    for item in placed:
        (top, bottom, _, _), _box = item
        for line in lines:
            line_top = min(t for (t, _, _, _), _ in line)
            line_bottom = max(b for (_, b, _, _), _ in line)
            overlap = min(bottom, line_bottom) - max(top, line_top)
            if overlap >= SAME_LINE_OVERLAP * min(bottom - top, line_bottom - line_top):
                line.append(item)
                break
        else:
            lines.append([item])
    result = []
    for line in lines:
        line.sort(key=lambda item: item[0][2])
        texts = [box.text.strip() for _, box in line]
        chars = sum(len(t) for t in texts)
        score = sum(box.score * len(box.text.strip()) for _, box in line) / chars
        (_, _, first_left, first_right), first = line[0]
        first_text = first.text.strip()
        # Unspaced Japanese may break before any character; otherwise the first word goes to the first space.
        first_word = first_text[0] if _is_wide(first_text[0]) and " " not in first_text else first_text.split(" ")[0]
        height = median(b - t for (t, b, _, _), _ in line)
        gaps = [b[2] - a[3] for (a, _), (b, _) in zip(line, line[1:])]
        result.append(PlacedLine(
            text=" ".join(texts), confidence=round(score, 3), left=first_left,
            right=max(right for (_, _, _, right), _ in line), height=height,
            first_word_width=(first_right - first_left) * len(first_word) / len(first_text),
            columns=any(gap > COLUMN_GAP * height for gap in gaps)))
    return result


def join_wrapped(lines: list[PlacedLine]) -> list[OcrLine]:
    """Lines the writer wrapped joined into one: a line ends where it does because the next line's first
    word would not have fitted after it (the widest line gives the page's width; a Japanese line may break
    before any character; this needs three lines or more) or, in Japanese prose, a near-full line stops
    mid-sentence; and the next line starts no bullet. Lines of a form (label and value far apart) are never
    joined; a number cut at its comma (1, / 480万円) always is.

    "Harbor Foods⏎Corp." reads "Harbor Foods Corp."; in Japanese the lines join without a space, unless the
    note separates its words by spaces (「提出済⏎1,250万」 → 「提出済 1,250万」).
    """
    if not lines:
        return []
    widest = max(line.right - line.left for line in lines)
    near_full = sum(1 for line in lines if line.right - line.left >= FULL_LINE * widest)
    page_left = min(line.left for line in lines)
    page_right = page_left + widest
    spaced = any(_is_wide(a) and b == " " and _is_wide(c) for line in lines
                 for a, b, c in zip(line.text, line.text[1:], line.text[2:]))
    joined: list[list[PlacedLine]] = [[lines[0]]]
    for line in lines[1:]:
        previous = joined[-1][-1]
        gap = 0.0 if _is_wide(line.text[0]) else 0.3 * line.height
        fits = previous.right + gap + line.first_word_width <= page_right
        # Japanese prose is wrapped at a phrase as often as at the margin: a near-full line of sentences
        # (it has 。 or 、; a note's line has none) that stops mid-sentence goes on in the next.
        prose_goes_on = (not spaced and _is_wide(previous.text[-1]) and previous.text[-1] not in "。！？"
                         and any(mark in previous.text for mark in "。、")
                         and previous.right - previous.left >= FULL_LINE * widest)
        wrapped = ((prose_goes_on or (len(lines) >= 3 and near_full >= 2 and not fits))
                   and not _starts_bullet(line.text) and not previous.columns and not line.columns)
        if wrapped or _cut_number(previous.text, line.text):
            joined[-1].append(line)
        else:
            joined.append([line])
    result = []
    for group in joined:
        text = group[0].text
        for line in group[1:]:
            text += _separator(text, line.text, spaced) + line.text
        chars = sum(len(line.text) for line in group)
        result.append(OcrLine(text, round(sum(line.confidence * len(line.text) for line in group) / chars, 3)))
    return result


def _starts_bullet(text: str) -> bool:
    """A bullet mark, or 一/ー read for a dash before a word (not 「一、」: the end of a wrapped 「えー、」)."""
    return text[0] in _BULLET_MARKS or (text[0] in "一ー" and len(text) > 1 and unicodedata.category(text[1])[0] != "P")


def _cut_number(before: str, after: str) -> bool:
    return len(before) >= 2 and before[-2].isdigit() and before[-1] in ",，" and after[:3].isdigit()


def _separator(before: str, after: str, spaced: bool) -> str:
    """What stood where the line was wrapped: nothing inside a number or after a hyphen that cut a word,
    nothing between Japanese characters (a space in a note that spaces its words), else a space."""
    if _cut_number(before, after) or (before.endswith("-") and after[:1].islower()):
        return ""
    if _is_wide(before[-1]) or _is_wide(after[0]):
        return " " if spaced else ""
    return " "


def spaced_text(text: str, characters: list[tuple[str, tuple[float, float]]] | None, height: float) -> str:
    """``text`` with a space wherever two of its characters stand apart by a space's width.

    ``characters`` are the box's characters (spaces left out) with their left and right ends; when they do
    not spell the text (RapidOCR gave no character boxes), the text is returned as it is.
    """
    if not characters or height <= 0 or "".join(ch for ch, _ in characters) != text.replace(" ", ""):
        return text
    out: list[str] = []
    index = 0
    for ch in text:
        if ch == " ":
            out.append(ch)
            continue
        if index and out and out[-1] != " ":
            (previous, (_, previous_right)), (_, (left, _)) = characters[index - 1], characters[index]
            kind = "wide" if _is_wide(previous) and _is_wide(ch) else "mixed" if _is_wide(previous) or _is_wide(ch) \
                else "latin"
            # Never next to punctuation (its glyph leaves a gap either way), inside a capitalized word
            # (a wide "M" of "Metalworks"), or before what cannot start a word (small kana ッ, ー).
            no_space = (unicodedata.category(previous)[0] in "PS" or unicodedata.category(ch)[0] in "PS"
                        or (previous.isupper() and ch.islower()) or ch in _NEVER_STARTS_WORD)
            if not no_space and left - previous_right >= SPACE_GAP[kind] * height:
                out.append(" ")
        out.append(ch)
        index += 1
    return "".join(out)


def _characters_per_box(texts: Any, word_results: Any) -> list[list[tuple[str, tuple[float, float]]] | None]:
    """Each box's characters with their horizontal extent, or None where RapidOCR gave none for it (it leaves
    out boxes without any, so they are matched to the boxes by their text)."""
    results = list(word_results or ())
    found: list[list[tuple[str, tuple[float, float]]] | None] = []
    position = 0
    for text in texts:
        chars = None
        if position < len(results) and results[position]:
            candidate = [(str(ch), (float(min(x for x, _ in box)), float(max(x for x, _ in box))))
                         for ch, _score, box in results[position] if box is not None]
            if "".join(ch for ch, _ in candidate) == text.replace(" ", ""):
                chars = candidate
                position += 1
        found.append(chars)
    return found


def _height(corners: tuple[tuple[float, float], ...]) -> float:
    (x0, y0), (x3, y3) = corners[0], corners[3]
    return math.hypot(x3 - x0, y3 - y0)


def _is_wide(ch: str) -> bool:
    """A full-width character (kanji, kana, full-width punctuation): Japanese, written without spaces."""
    return unicodedata.east_asian_width(ch) in "WF"
