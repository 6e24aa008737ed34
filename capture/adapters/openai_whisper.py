"""`OpenAIWhisperTranscriber`: the reference openai-whisper implementation (PyTorch)."""

from __future__ import annotations

from typing import Any

from capture.adapters.lazy_model import LazyWhisperModel
from capture.ports import Transcript, TranscriptSegment

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
        self._model = LazyWhisperModel(self.name, model, lambda: _load_openai_whisper(
            model, device=device, download_root=download_root))

    def transcribe(self, audio: object, *, language: str | None = None) -> Transcript:
        import numpy as np
        import whisper

        model = self._model.get()
        samples = np.asarray(audio, dtype=np.float32)
        if not model.is_multilingual:
            language = "en"
        elif language is None:
            mel = whisper.log_mel_spectrogram(whisper.pad_or_trim(samples), model.dims.n_mels).to(model.device)
            _, probabilities = model.detect_language(mel)
            language = max(LANGUAGES, key=lambda code: probabilities.get(code, 0.0))
        result = model.transcribe(samples, language=language, fp16=False, condition_on_previous_text=False,
                                  verbose=None)
        kept = [s for s in result["segments"]
                if not (s["no_speech_prob"] > NO_SPEECH_PROB and s["avg_logprob"] < LOGPROB_FLOOR)]
        return Transcript(text="".join(s["text"] for s in kept).strip(), language=language,
                          duration_s=samples.size / 16_000, backend=self.name,
                          segments=tuple(TranscriptSegment(s["start"], s["end"], s["text"].strip()) for s in kept))


def _load_openai_whisper(model: str, **options: Any) -> Any:
    import whisper

    return whisper.load_model(model, **options)
