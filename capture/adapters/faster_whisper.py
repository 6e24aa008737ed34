"""`FasterWhisperTranscriber`: Whisper on CTranslate2 (int8 on CPU), the fast default backend."""

from __future__ import annotations

from typing import Any

import numpy as np

from capture.adapters.lazy_model import LazyModel
from capture.ports import Transcript, TranscriptSegment, VoicePrompt

LANGUAGES = ("ja", "en")


class FasterWhisperTranscriber:
    name = "faster-whisper"

    def __init__(self, model: str, *, device: str = "cpu", compute_type: str = "int8", cpu_threads: int = 0,
                 download_root: str | None = None) -> None:
        self.model_name = model
        self.device = device
        self.compute_type = compute_type
        self.cpu_threads = cpu_threads
        self.download_root = download_root
        self._model = LazyModel(self.name, model, lambda: _load_faster_whisper(
            model, device=device, compute_type=compute_type, cpu_threads=cpu_threads, download_root=download_root))

    def transcribe(self, audio: object, *, language: str | None = None,
                   prompt: VoicePrompt | None = None) -> Transcript:
        model = self._model.get()
        samples = np.asarray(audio, dtype=np.float32)
        if not model.model.is_multilingual:
            language = "en"
        elif language is None:
            language = self._detect_language(model, samples)
        segments, info = self._run(model, samples, language, prompt.for_language(language) if prompt else None)
        text = "".join(s.text for s in segments).strip()
        return Transcript(text=text, language=language, duration_s=float(info.duration), backend=self.name,
                          segments=tuple(TranscriptSegment(s.start, s.end, s.text.strip()) for s in segments))

    @staticmethod
    def _detect_language(model: Any, samples: np.ndarray) -> str:
        """ja or en, whichever Whisper finds likelier: our users speak one of the two, and a short noisy
        clip can look like anything else. The prompt is chosen by this language, so it comes first."""
        try:
            _, _, probabilities = model.detect_language(samples, vad_filter=True)
        except (ValueError, IndexError, RuntimeError):  # VAD kept nothing: judge the raw clip
            _, _, probabilities = model.detect_language(samples)
        found = dict(probabilities or [])
        return max(LANGUAGES, key=lambda code: found.get(code, 0.0))

    @staticmethod
    def _run(model: Any, audio: np.ndarray, language: str, hotwords: str | None) -> tuple[list[Any], Any]:
        # The VAD filter drops silence and music before decoding, where Whisper would hallucinate.
        # The domain words go in as hotwords: unlike initial_prompt (first 30-s window only, once
        # previous text is not carried over) they prompt every window of a long memo.
        segments, info = model.transcribe(audio, language=language, beam_size=5, vad_filter=True,
                                          condition_on_previous_text=False, hotwords=hotwords)
        return list(segments), info


def _load_faster_whisper(model: str, **options: Any) -> Any:
    from faster_whisper import WhisperModel

    return WhisperModel(model, **options)
