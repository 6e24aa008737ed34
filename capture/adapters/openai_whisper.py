"""`OpenAIWhisperTranscriber`: the reference openai-whisper implementation (PyTorch)."""

from __future__ import annotations

from typing import Any

from capture.adapters.lazy_model import LazyModel
from capture.ports import Transcript, TranscriptSegment, VoicePrompt

LANGUAGES = ("ja", "en")
# Whisper's own rule for "this window is not speech" (see whisper.transcribe).
NO_SPEECH_PROB = 0.6
LOGPROB_FLOOR = -1.0


class OpenAIWhisperTranscriber:
    name = "openai-whisper"

    def __init__(self, model: str, *, device: str = "cpu", download_root: str | None = None) -> None:
        self.model_name = model
        self.device = device
        self.download_root = download_root
        self._model = LazyModel(self.name, model, lambda: _load_openai_whisper(
            model, device=device, download_root=download_root))

    def transcribe(self, audio: object, *, language: str | None = None,
                   prompt: VoicePrompt | None = None) -> Transcript:
        import numpy as np
        import whisper

        model = self._model.get()
        samples = np.asarray(audio, dtype=np.float32)
        if not _has_speech(samples):
            # openai-whisper has no VAD of its own: on music or noise, and above all with a prompt,
            # it loops through its temperature fallbacks for minutes and may write the prompt out.
            return Transcript(text="", language=language or "en", duration_s=samples.size / 16_000,
                              backend=self.name)
        if not model.is_multilingual:
            language = "en"
        elif language is None:
            mel = whisper.log_mel_spectrogram(whisper.pad_or_trim(samples), model.dims.n_mels).to(model.device)
            _, probabilities = model.detect_language(mel)
            language = max(LANGUAGES, key=lambda code: probabilities.get(code, 0.0))
        # carry_initial_prompt: the domain words prompt every 30-s window, not only the first.
        result = model.transcribe(samples, language=language, fp16=False, condition_on_previous_text=False,
                                  verbose=None, initial_prompt=prompt.for_language(language) if prompt else None,
                                  carry_initial_prompt=True)
        kept = [s for s in result["segments"]
                if not (s["no_speech_prob"] > NO_SPEECH_PROB and s["avg_logprob"] < LOGPROB_FLOOR)]
        return Transcript(text="".join(s["text"] for s in kept).strip(), language=language,
                          duration_s=samples.size / 16_000, backend=self.name,
                          segments=tuple(TranscriptSegment(s["start"], s["end"], s["text"].strip()) for s in kept))


def _has_speech(samples: object) -> bool:
    """Silero VAD (shipped with faster-whisper, a core dependency) finds speech somewhere in the clip."""
    from faster_whisper.vad import get_speech_timestamps

    return bool(get_speech_timestamps(samples))


def _load_openai_whisper(model: str, **options: Any) -> Any:
    import whisper

    return whisper.load_model(model, **options)
