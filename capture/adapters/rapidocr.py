"""`RapidOcrEngine`: RapidOCR (PP-OCR detection + recognition on onnxruntime), the default OCR.

The models ship inside the `rapidocr` wheel; the engine is pointed at those files explicitly so it
never tries to download anything. RapidOCR returns one text box per detected run of text; the
boxes are put back into lines in reading order (top to bottom, then left to right), on a tilted
photo too.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from statistics import median
from typing import Any

from capture import messages
from capture.adapters.lazy_model import LazyModel
from capture.ocr_preprocess import open_image
from capture.ports import OcrLine, OcrResult

# The files the wheel ships (rapidocr/models/); see `packaged_models`.
_DET, _REC, _CLS = "PP-OCRv6_det_small.onnx", "PP-OCRv6_rec_small.onnx", "ch_ppocr_mobile_v2.0_cls_mobile.onnx"
# Two boxes are on one line when their vertical spans overlap by at least this share of the smaller height.
SAME_LINE_OVERLAP = 0.5


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

    def __init__(self, *, max_megapixels: float = 40.0, threads: int = 0) -> None:
        self.max_megapixels = max_megapixels
        self.threads = threads
        self._engine = LazyModel(self.name, "rapidocr", lambda: _load(threads),
                                 unavailable=messages.OCR_UNAVAILABLE)

    def read(self, image_path: Path) -> OcrResult:
        # open_image applies the pixel limit, HEIC and EXIF orientation before any model runs.
        image = open_image(image_path, self.max_megapixels).convert("RGB")
        output = self._engine.get()(image)
        if output.txts is None or output.boxes is None:
            return OcrResult(lines=())
        boxes = [TextBox(text, float(score), tuple((float(x), float(y)) for x, y in points))
                 for text, score, points in zip(output.txts, output.scores, output.boxes, strict=True)
                 if text.strip()]
        return OcrResult(lines=tuple(reading_order(boxes)))


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


def reading_order(boxes: list[TextBox]) -> list[OcrLine]:
    """Boxes merged into lines, top to bottom and left to right, each line with its score.

    The page's tilt (the median angle of the boxes' top edges) is undone first, so that the
    boxes of one line on a tilted photo still share a band of height.
    """
    if not boxes:
        return []
    angle = median(box.top_angle for box in boxes)
    cos, sin = math.cos(-angle), math.sin(-angle)

    def level(box: TextBox) -> tuple[float, float, float]:
        ys = [x * sin + y * cos for x, y in box.points]
        xs = [x * cos - y * sin for x, y in box.points]
        return min(ys), max(ys), min(xs)

    placed = sorted(((level(box), box) for box in boxes), key=lambda item: (item[0][0] + item[0][1]) / 2)
    lines: list[list[tuple[tuple[float, float, float], TextBox]]] = []
    for item in placed:
        (top, bottom, _), _box = item
        for line in lines:
            line_top = min(t for (t, _, _), _ in line)
            line_bottom = max(b for (_, b, _), _ in line)
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
        result.append(OcrLine(text=" ".join(texts), confidence=round(score, 3)))
    return result
