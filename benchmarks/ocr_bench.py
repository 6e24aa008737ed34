"""OCR quality and speed: RapidOCR (the default) vs tesseract, and photo → draft time.

    .venv/bin/python -m benchmarks.ocr_bench [--set dev2] [--threads 2] [--engines rapidocr,tesseract] [--json]

Two sets of images:
- ``../shared/bench/ocr_ja``: real photos and scans of Japanese text (public; nobody here wrote them).
  CER per image, after NFKC and without spaces/punctuation; the word cloud is compared as a bag of
  lines (both sides sorted), since it has no reading order.
- handwriting-style photos of the memos of a capture set (``--set``): each memo written on ruled
  paper in Klee One or Kiloji, tilted, blurred and saved as JPEG (benchmarks/capture_media).

Speed: seconds per photo with the engine warm, and photo → draft (OCR + extraction + matching on the
demo CRM, through `CaptureService`) warm, with ``--threads`` onnxruntime threads.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import time
from pathlib import Path
from typing import Any

import yaml

from benchmarks.capture_media.demo import demo_capture
from benchmarks.capture_media.roundtrip import photo_of, read_back
from capture.ports import OcrEngine
from tests.integration.capture.capture_media import character_error_rate

PROJECT_ROOT = Path(__file__).resolve().parents[1]
OCR_JA = PROJECT_ROOT.parent / "shared" / "bench" / "ocr_ja"
DEVSETS = PROJECT_ROOT / "benchmarks" / "capture_devset"


def build_engine(name: str, threads: int) -> OcrEngine:
    if name == "tesseract":
        from capture.adapters.tesseract import TesseractOcrEngine

        return TesseractOcrEngine()
    from capture.adapters.rapidocr import RapidOcrEngine

    return RapidOcrEngine(threads=threads)


def _read(engine: OcrEngine, path: Path) -> tuple[str, list[str], float]:
    start = time.perf_counter()
    result = engine.read(path)
    return result.text, [line.text for line in result.lines], time.perf_counter() - start


def bench_ocr_ja(engine: OcrEngine) -> dict[str, Any]:
    rows = [json.loads(line) for line in (OCR_JA / "ground_truth.jsonl").read_text(encoding="utf-8").splitlines()]
    per_image = {}
    for row in rows:
        text, lines, _ = _read(engine, OCR_JA / row["file"])
        if row["eval"] == "bag_of_words":  # words in any order: compare the sorted words
            cer = character_error_rate("".join(sorted(row["lines"])), "".join(sorted(" ".join(lines).split())))
        else:
            cer = character_error_rate(row["text"], text)
        per_image[row["id"]] = round(cer, 3)
    return {"images": len(rows), "mean_cer": round(statistics.mean(per_image.values()), 3), "per_image": per_image}


def bench_handwriting(engine: OcrEngine, memos: list[dict[str, Any]]) -> dict[str, Any]:
    """CER on the handwriting-style photos, through the read-back cache `evaluate.py --input photo` shares."""
    read = read_back(memos, "photo", ocr=engine, engine=engine.name)
    cers = [character_error_rate(memo["typed_text"], memo["text"]) for memo in read]
    return {"photos": len(memos), "mean_cer": round(statistics.mean(cers), 3),
            "median_cer": round(statistics.median(cers), 3), "worst_cer": round(max(cers), 3)}


def bench_photo_to_draft(memos: list[dict[str, Any]], threads: int) -> dict[str, Any]:
    """Warm photo → draft through the real service on the demo CRM (SQLite in a temporary folder)."""
    with demo_capture(ocr_engine="rapidocr") as capture:
        capture.ocr = build_engine("rapidocr", threads)
        times, cpu = [], []
        for index, memo in enumerate(memos):
            input_id = capture.store_file(photo_of(memo["text"]).read_bytes(), filename="IMG.jpg",
                                          mime_type="image/jpeg", origin="bench")
            start, start_cpu = time.perf_counter(), time.process_time()
            capture.draft(input_id)
            if index:  # the first one loads the models
                times.append(time.perf_counter() - start)
                cpu.append(time.process_time() - start_cpu)
    # CPU seconds (all threads of this process) are what a busy machine cannot inflate: on an idle
    # machine with `threads` cores the wall time is about cpu_s / threads (or more, for serial parts).
    return {"photos": len(times), "median_s": round(statistics.median(times), 2),
            "p90_s": round(sorted(times)[max(0, int(len(times) * 0.9) - 1)], 2), "max_s": round(max(times), 2),
            "median_cpu_s": round(statistics.median(cpu), 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", default="dev2", help="capture memo set whose memos are photographed")
    parser.add_argument("--engines", default="rapidocr,tesseract")
    parser.add_argument("--threads", type=int, default=2, help="onnxruntime threads for RapidOCR (0: all cores)")
    parser.add_argument("--draft-photos", type=int, default=8, help="photos timed through photo → draft")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    memos = yaml.safe_load((DEVSETS / f"{args.set}.yaml").read_text(encoding="utf-8"))
    report: dict[str, Any] = {"machine": f"{platform.machine()} {platform.processor() or ''}".strip(),
                              "set": args.set, "threads": args.threads, "engines": {}}
    for name in [n for n in args.engines.split(",") if n]:
        engine = build_engine(name, args.threads)
        report["engines"][name] = {
            "ocr_ja": bench_ocr_ja(engine) if OCR_JA.exists() else "absent",
            "handwriting": bench_handwriting(engine, memos),
        }
    report["photo_to_draft"] = bench_photo_to_draft(memos[: args.draft_photos + 1], args.threads)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return
    print(yaml.safe_dump(report, allow_unicode=True, sort_keys=False))


if __name__ == "__main__":
    main()
