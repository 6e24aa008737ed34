"""`OpenAIWhisperTranscriber`: the reference openai-whisper implementation (PyTorch)."""

from __future__ import annotations

import logging
import threading
from typing import Any

from capture import messages
from capture.ports import Transcript, TranscriptSegment
from core.errors import UserFacingError

log = logging.getLogger(__name__)
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
        self._model: Any = None
        self._lock = threading.Lock()

    def _load(self) -> Any:
        with self._lock:
            if self._model is None:
                import whisper

                try:
                    self._model = whisper.load_model(self.model_name, device=self.device,
                                                     download_root=self.download_root)
                except Exception as error:  # noqa: BLE001 - URLError, RuntimeError (unknown name), bad file
                    log.warning("cannot load openai-whisper model %s: %s", self.model_name, type(error).__name__)
                    raise UserFacingError(messages.WHISPER_UNAVAILABLE, model=self.model_name) from error
            return self._model

    def transcribe(self, audio: object, *, language: str | None = None) -> Transcript:
        import numpy as np
        import whisper

        model = self._load()
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
