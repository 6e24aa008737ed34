"""Making a phone photo of paper notes readable for OCR: orientation, gray, size, skew, black/white."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from capture import messages
from core.errors import UserFacingError

# tesseract reads glyphs ~20-50 px tall best; lines smaller than that are upscaled (at most 4x).
TARGET_LINE_PX = 40
MAX_UPSCALE = 4.0
MAX_SKEW_DEGREES = 8.0


def _register_heif() -> None:
    try:
        import pillow_heif

        pillow_heif.register_heif_opener()
    except ImportError:  # HEIC then fails as an unreadable image, with its own message
        pass


def open_image(path: Path, max_megapixels: float) -> Image.Image:
    """The photo, upright per its EXIF orientation; specific errors for unreadable or huge images."""
    _register_heif()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(path)
            megapixels = image.width * image.height / 1_000_000
            if megapixels > max_megapixels:
                raise UserFacingError(messages.IMAGE_TOO_LARGE, megapixels=round(megapixels, 1),
                                      limit=max_megapixels)
            image.load()
    except UserFacingError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError,
            Image.DecompressionBombWarning) as error:
        raise UserFacingError(messages.CORRUPT_IMAGE) from error
    return ImageOps.exif_transpose(image)


def otsu_threshold(gray: np.ndarray) -> int:
    histogram = np.bincount(gray.ravel(), minlength=256).astype(np.float64)
    total = gray.size
    cumulative = np.cumsum(histogram)
    cumulative_mean = np.cumsum(histogram * np.arange(256))
    mean = cumulative_mean[-1] / total
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mean * cumulative - cumulative_mean) ** 2 / (cumulative * (total - cumulative))
    if not np.isfinite(between).any():
        return 127  # a uniform image (one gray level): nothing to separate
    return int(np.nanargmax(np.where(np.isfinite(between), between, -1.0)))


def estimate_skew(binary: Image.Image) -> float:
    """The rotation (degrees) that makes text lines horizontal: the angle whose row profile is sharpest."""
    small = binary.copy()
    small.thumbnail((800, 800))
    ink = Image.eval(small, lambda v: 255 - v)
    best_angle, best_score = 0.0, -1.0
    for angle in np.arange(-MAX_SKEW_DEGREES, MAX_SKEW_DEGREES + 0.01, 0.5):
        rows = np.asarray(ink.rotate(float(angle), expand=True, fillcolor=0), dtype=np.float64).sum(axis=1)
        score = float(np.var(rows))
        if score > best_score:
            best_angle, best_score = float(angle), score
    return best_angle


def text_line_height(binary: np.ndarray) -> float | None:
    """The median height (px) of the bands of rows that hold ink: the height of a text line."""
    ink_rows = (binary < 128).sum(axis=1) > max(2, binary.shape[1] // 200)
    runs, length = [], 0
    for has_ink in ink_rows:
        if has_ink:
            length += 1
        elif length:
            runs.append(length)
            length = 0
    if length:
        runs.append(length)
    runs = [r for r in runs if r >= 4]
    return float(np.median(runs)) if runs else None


def _binarize(gray: Image.Image) -> Image.Image:
    pixels = np.asarray(gray)
    return Image.fromarray(np.where(pixels > otsu_threshold(pixels), 255, 0).astype(np.uint8))


def prepare_for_ocr(image: Image.Image) -> Image.Image:
    """Grayscale, deskewed, scaled so text lines are ~TARGET_LINE_PX tall (small photos are
    upscaled) and binarized (Otsu): what tesseract reads best."""
    gray = ImageOps.grayscale(image.convert("RGB"))
    angle = estimate_skew(_binarize(gray))
    if abs(angle) >= 0.5:
        # Lines must be level before their height can be measured.
        gray = gray.rotate(angle, expand=True, fillcolor=255, resample=Image.Resampling.BICUBIC)
    binary = _binarize(gray)
    height = text_line_height(np.asarray(binary))
    if height is not None and height < TARGET_LINE_PX * 0.75:
        factor = min(MAX_UPSCALE, TARGET_LINE_PX / height)
        gray = gray.resize((round(gray.width * factor), round(gray.height * factor)), Image.Resampling.LANCZOS)
        binary = _binarize(gray)
    return binary
