"""`TesseractOcrEngine`: tesseract (jpn+eng by default) on a prepared image, line by line with confidence."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from capture import messages
from capture.ocr_preprocess import open_image, prepare_for_ocr
from capture.ports import OcrLine, OcrResult
from core.errors import UserFacingError

_CJK = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]")


def _join(words: list[str]) -> str:
    """Words of one line: tesseract separates every Japanese character; English keeps its spaces."""
    text = ""
    for word in words:
        if text and not (_CJK.search(text[-1]) and _CJK.search(word[0])):
            text += " "
        text += word
    return text


class TesseractOcrEngine:
    name = "tesseract"

    def __init__(self, languages: str = "jpn+eng", *, max_megapixels: float = 40.0, psm: int = 6,
                 timeout_s: int = 120) -> None:
        self.languages = languages
        self.max_megapixels = max_megapixels
        self.psm = psm
        self.timeout_s = timeout_s

    def read(self, image_path: Path) -> OcrResult:
        binary = shutil.which("tesseract")
        if binary is None:
            raise UserFacingError(messages.TESSERACT_MISSING)
        prepared = prepare_for_ocr(open_image(image_path, self.max_megapixels))
        with tempfile.TemporaryDirectory() as folder:
            png = Path(folder) / "page.png"
            prepared.save(png)
            result = subprocess.run([binary, str(png), "stdout", "-l", self.languages, "--psm", str(self.psm), "tsv"],
                                    capture_output=True, timeout=self.timeout_s, check=False)
        if result.returncode != 0:
            if b"Failed loading language" in result.stderr:
                raise UserFacingError(messages.TESSERACT_MISSING)
            raise UserFacingError(messages.CORRUPT_IMAGE)
        return parse_tsv(result.stdout.decode("utf-8", errors="replace"))


def parse_tsv(tsv: str) -> OcrResult:
    """Tesseract's TSV (one row per word) grouped into lines with their mean word confidence."""
    lines: dict[tuple[str, str, str, str], list[tuple[str, float]]] = {}
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        if row.get("level") != "5":
            continue
        word = (row.get("text") or "").strip()
        confidence = float(row.get("conf") or -1)
        if not word or confidence < 0:
            continue
        key = (row["page_num"], row["block_num"], row["par_num"], row["line_num"])
        lines.setdefault(key, []).append((word, confidence / 100.0))
    result = []
    for words in lines.values():
        text = _join([w for w, _ in words])
        result.append(OcrLine(text=text, confidence=round(sum(c for _, c in words) / len(words), 3)))
    return OcrResult(lines=tuple(result))
