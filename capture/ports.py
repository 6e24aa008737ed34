"""The ports capture depends on; vendor adapters live in `capture.adapters`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Protocol

from capture.schema import ActivityDraft
from core.glossary import Glossary


@dataclass(frozen=True)
class TranscriptSegment:
    start_s: float
    end_s: float
    text: str


@dataclass(frozen=True)
class Transcript:
    text: str
    language: str  # "ja" | "en" (as detected)
    duration_s: float
    segments: tuple[TranscriptSegment, ...] = ()
    backend: str = ""


@dataclass(frozen=True)
class VoicePrompt:
    """Words the speech is likely to contain, one text per language (see `capture.voice_prompt`)."""

    ja: str = ""
    en: str = ""

    def for_language(self, language: str) -> str | None:
        return (self.ja if language == "ja" else self.en) or None


class Transcriber(Protocol):
    """Speech to text. ``audio`` is 16 kHz mono float32 samples (see `capture.media.decode_audio`).

    ``prompt``, when given, steers decoding toward the workspace's words in the detected language.
    """

    name: str

    def transcribe(self, audio: object, *, language: str | None = None,
                   prompt: VoicePrompt | None = None) -> Transcript: ...


@dataclass(frozen=True)
class OcrLine:
    text: str
    confidence: float  # 0..1, the mean of the line's word confidences


@dataclass(frozen=True)
class OcrResult:
    lines: tuple[OcrLine, ...]

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    @property
    def confidence(self) -> float:
        chars = sum(len(line.text) for line in self.lines)
        if not chars:
            return 0.0
        return sum(line.confidence * len(line.text) for line in self.lines) / chars


class OcrEngine(Protocol):
    name: str

    def read(self, image_path: Path) -> OcrResult: ...


@dataclass(frozen=True)
class KnownCustomer:
    id: int
    name: str
    erp_code: str | None = None
    kana: str | None = None  # the CRM's reading of the name (フリガナ), when it has one


@dataclass
class ExtractionContext:
    """What an extractor may use besides the text: the memo's date, the CRM's names, the glossary."""

    today: date
    glossary: Glossary
    customers: list[KnownCustomer] = field(default_factory=list)
    own_company: tuple[str, ...] = ()


class Extractor(Protocol):
    """Text → `ActivityDraft`. Both extractors' output then goes through `capture.validation`."""

    name: str

    def extract(self, text: str, context: ExtractionContext) -> ActivityDraft: ...
