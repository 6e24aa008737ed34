"""Ingestion throughput and query latency of the knowledge base at a given size.

    .venv/bin/python benchmarks/knowledge_bench.py --chunks 1000 [--json OUT] [--device cpu|cuda]

Builds synthetic Markdown documents from the demo documents' sentences (shuffled, numbered so
that none is a duplicate), ingests them through `KnowledgeService.ingest_paths` into a fresh data
directory (SQLite + embedded chromadb + the bundled MiniLM), then asks the dev-set questions three
times each and reports retrieval and full-answer latency (p50/p95). Model loading is timed apart.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.demo.dataset import DATA_DIR, knowledge_documents  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.wiring import build_services  # noqa: E402
from core.i18n import detect_language  # noqa: E402
from core.questions import Asker, Question  # noqa: E402
from knowledge.chunking import split_sentences  # noqa: E402
from knowledge.loaders import load_file  # noqa: E402

CHUNKS_PER_DOC = 5  # ~2,000 characters per synthetic document at 480 characters per chunk


def synthetic_corpus(target: Path, chunks: int, seed: int = 7) -> int:
    rng = random.Random(seed)
    sentences = [s for path in knowledge_documents() for line in load_file(path).text.splitlines()
                 for s in split_sentences(line.strip("#-|  ")) if len(s) > 15]
    documents = max(1, chunks // CHUNKS_PER_DOC)
    for n in range(documents):
        body = []
        for section in range(CHUNKS_PER_DOC):
            picked = rng.sample(sentences, 6)
            body.append(f"## Section {section + 1} (doc {n})\n\n" + " ".join(picked) + f" (ref {n}-{section})")
        (target / f"doc-{n:05d}.md").write_text(f"# Synthetic document {n}\n\n" + "\n\n".join(body), encoding="utf-8")
    return documents


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=1000)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    questions = [item["q"] for item in yaml.safe_load(
        (Path(__file__).with_name("knowledge_devset.yaml")).read_text(encoding="utf-8"))["questions"]]
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        documents = synthetic_corpus(corpus, args.chunks)
        settings = Settings(_env_file=None, data_dir=Path(tmp) / "data", database_url=None, chroma_url=None, llm=None,
                            language="en", glossary_path=DATA_DIR / "glossary.yaml")
        services = build_services(settings)
        knowledge = services.knowledge
        started = time.perf_counter()
        knowledge.store.embedder.embed_query("warm-up")  # type: ignore[attr-defined]
        load_s = time.perf_counter() - started
        started = time.perf_counter()
        report = knowledge.ingest_paths([corpus], actor="bench")
        ingest_s = time.perf_counter() - started
        chunk_count = knowledge.store.count()
        answerer = next(a for a in services.answerers if a.kind == "knowledge")
        search_ms, answer_ms = [], []
        for _ in range(3):
            for text in questions:
                started = time.perf_counter()
                knowledge.search(text, ["everyone"])
                search_ms.append((time.perf_counter() - started) * 1000)
                question = Question(text=text, language=detect_language(text), asker=Asker(role="rep"),
                                    today=date(2026, 11, 20))
                started = time.perf_counter()
                answerer.answer(question)
                answer_ms.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        reopened = build_services(settings)
        reopened.knowledge.search("値引き", None)
        reload_s = time.perf_counter() - started
        services.close()
        reopened.close()
    result = {
        "chunks": chunk_count, "documents": documents, "added": report.count("added"),
        "model_load_s": round(load_s, 2), "ingest_s": round(ingest_s, 2),
        "chunks_per_s": round(chunk_count / ingest_s, 1), "reload_index_s": round(reload_s, 2),
        "search_ms": {"p50": round(statistics.median(search_ms), 1), "p95": round(percentile(search_ms, 0.95), 1)},
        "answer_ms": {"p50": round(statistics.median(answer_ms), 1), "p95": round(percentile(answer_ms, 0.95), 1)},
        "queries": len(search_ms), "machine": f"{platform.processor() or platform.machine()}, "
                                              f"{__import__('os').cpu_count()} CPUs",
    }
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
