"""Raw inputs: written to the data directory before anything else, then read back as text."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from pathlib import Path

from capture import messages
from capture.media import Kind, decode_audio, is_silent, probe_duration, sniff
from capture.ports import OcrEngine, Transcriber, VoicePrompt
from capture.spoken_text import normalize_transcript
from core.errors import UserFacingError

_EXTENSIONS = {"jpeg": ".jpg", "png": ".png", "heic": ".heic", "m4a": ".m4a", "webm": ".webm", "ogg": ".ogg",
               "mp3": ".mp3", "wav": ".wav", "flac": ".flac", "aac": ".aac"}


@dataclass(frozen=True)
class Limits:
    max_text_chars: int = 5_000
    max_file_mb: float = 50.0
    max_audio_minutes: float = 15.0
    max_megapixels: float = 40.0
    # Below this mean OCR confidence (0..1) a photo counts as "no readable text".
    min_ocr_confidence: float = 0.45


def check_text(text: str, limits: Limits) -> str:
    stripped = (text or "").strip()
    if not stripped:
        raise UserFacingError(messages.EMPTY_MEMO)
    if len(stripped) > limits.max_text_chars:
        raise UserFacingError(messages.MEMO_TOO_LONG, length=len(stripped), limit=limits.max_text_chars)
    return stripped


@dataclass(frozen=True)
class WrittenFile:
    kind: Kind
    relative_path: str
    sha256: str
    size: int


def write_file(data: bytes, inputs_dir: Path, data_dir: Path, limits: Limits) -> WrittenFile:
    """Check size and type (by content), then write ``data`` under ``inputs_dir`` atomically."""
    if not data:
        raise UserFacingError(messages.EMPTY_FILE)
    if len(data) > limits.max_file_mb * 1_000_000:
        raise UserFacingError(messages.FILE_TOO_LARGE, size_mb=round(len(data) / 1_000_000, 1),
                              limit_mb=limits.max_file_mb)
    sniffed = sniff(data)
    if sniffed.kind is None or sniffed.kind == "text":
        raise UserFacingError(messages.UNSUPPORTED_FILE, what=sniffed.format)
    digest = hashlib.sha256(data).hexdigest()
    inputs_dir.mkdir(parents=True, exist_ok=True)
    target = inputs_dir / f"{digest[:16]}-{uuid.uuid4().hex[:8]}{_EXTENSIONS.get(sniffed.format, '.bin')}"
    partial = target.with_suffix(target.suffix + ".part")
    partial.write_bytes(data)
    partial.replace(target)
    try:
        relative = str(target.resolve().relative_to(data_dir.resolve()))
    except ValueError:
        relative = str(target.resolve())
    return WrittenFile(sniffed.kind, relative, digest, len(data))


@dataclass(frozen=True)
class SourceText:
    text: str
    language: str | None = None
    low_confidence_lines: tuple[int, ...] = ()


def transcribe_file(path: Path, transcriber: Transcriber, limits: Limits,
                    prompt: VoicePrompt | None = None) -> SourceText:
    duration = probe_duration(path)
    if duration > limits.max_audio_minutes * 60:
        raise UserFacingError(messages.AUDIO_TOO_LONG, minutes=round(duration / 60, 1),
                              limit=limits.max_audio_minutes)
    samples = decode_audio(path)
    if samples.size < 1_600 or is_silent(samples):
        raise UserFacingError(messages.NO_SPEECH)
    transcript = transcriber.transcribe(samples, prompt=prompt)
    if len(transcript.text.strip()) < 2:
        raise UserFacingError(messages.NO_SPEECH)
    return SourceText(normalize_transcript(transcript.text.strip()), transcript.language)


def ocr_file(path: Path, engine: OcrEngine, limits: Limits) -> SourceText:
    result = engine.read(path)
    lines = [line for line in result.lines if line.text.strip()]
    meaningful = sum(1 for line in lines for ch in line.text if ch.isalnum())
    if meaningful < 4 or result.confidence < limits.min_ocr_confidence:
        raise UserFacingError(messages.NO_TEXT_IN_IMAGE)
    low = tuple(i + 1 for i, line in enumerate(lines) if line.confidence < 0.6)
    return SourceText("\n".join(line.text for line in lines), None, low)
