"""Capture fixtures: settings with the demo glossary and the offline Whisper model, generated media."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.demo.dataset import DATA_DIR
from bot.settings import Settings
from tests.integration.capture.capture_media import ffmpeg, offline_whisper_model


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
