"""`FasterWhisperTranscriber`: Whisper on CTranslate2 (int8 on CPU), the fast default backend."""

from __future__ import annotations

from typing import Any

from capture.adapters.lazy_model import LazyWhisperModel
from capture.ports import Transcript, TranscriptSegment

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
        self._model = LazyWhisperModel(self.name, model, lambda: _load_faster_whisper(
            model, device=device, compute_type=compute_type, cpu_threads=cpu_threads, download_root=download_root))

    def transcribe(self, audio: object, *, language: str | None = None) -> Transcript:
        model = self._model.get()
        if not model.model.is_multilingual:
            language = "en"
        segments, info = self._run(model, audio, language)
        if language is None and info.language not in LANGUAGES:
            # Our users speak Japanese or English; a short noisy clip can look like anything else.
            probabilities = dict(info.all_language_probs or [])
            language = max(LANGUAGES, key=lambda code: probabilities.get(code, 0.0))
            segments, info = self._run(model, audio, language)
        text = "".join(s.text for s in segments).strip()
        return Transcript(text=text, language=info.language if info.language in LANGUAGES else (language or "en"),
                          duration_s=float(info.duration), backend=self.name,
                          segments=tuple(TranscriptSegment(s.start, s.end, s.text.strip()) for s in segments))

    @staticmethod
    def _run(model: Any, audio: object, language: str | None) -> tuple[list[Any], Any]:
        # The VAD filter drops silence and music before decoding, where Whisper would hallucinate.
        segments, info = model.transcribe(audio, language=language, beam_size=5, vad_filter=True,
                                          condition_on_previous_text=False)
        return list(segments), info


def _load_faster_whisper(model: str, **options: Any) -> Any:
    from faster_whisper import WhisperModel

    return WhisperModel(model, **options)
