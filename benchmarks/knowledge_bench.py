"""Ingestion throughput, query latency, memory and reload time of the knowledge base at a given size.

    .venv/bin/python benchmarks/knowledge_bench.py --chunks 1000 [--json OUT] [--embedding-model NAME]
        [--reuse-vectors] [--keep DIR | --searches-only DIR]

Builds synthetic Markdown documents from the demo documents' sentences (shuffled, numbered so
that none is a duplicate; Japanese and English), ingests them end to end through
`KnowledgeService.ingest_paths` (loading, chunking, Sudachi/BM25 terms, embedding, chroma writes,
catalogue rows) into a fresh data directory (SQLite + embedded chromadb), then asks the dev-set
questions three times each: retrieval and full offline answer latency (p50/p95). Then a second
process opens the same data directory and answers one question: its time to the first result is
the index reload time. Memory is this process's peak RSS. Model loading is timed apart.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.demo.dataset import DATA_DIR, knowledge_documents  # noqa: E402
from core.i18n import detect_language  # noqa: E402
from core.questions import Asker, Question  # noqa: E402
from crm_store.db import Database  # noqa: E402
from knowledge.chunking import split_sentences  # noqa: E402
from knowledge.factory import DEFAULT_EMBEDDING_MODEL, build_knowledge  # noqa: E402
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
        (target / f"doc-{n:06d}.md").write_text(f"# Synthetic document {n}\n\n" + "\n\n".join(body), encoding="utf-8")
    return documents


def reuse_vectors(embedder) -> None:  # type: ignore[no-untyped-def]
    """Memoize ``embed_documents`` by text (benchmark only, see --reuse-vectors)."""
    embed, known = embedder.embed_documents, {}

    def memoized(texts: list[str]) -> list[list[float]]:
        import numpy as np

        missing = [t for t in dict.fromkeys(texts) if t not in known]
        # Arrays, not lists: a list of 512 floats takes 16 KB, and 100k chunks have ~200k distinct sentences.
        known.update(zip(missing, np.asarray(embed(missing), dtype=np.float32), strict=True))
        return [known[t] for t in texts]

    embedder.embed_documents = memoized


def peak_rss_mb() -> int:
    """This process's peak resident memory. Not ``getrusage``: Linux carries ``ru_maxrss`` over a fork and
    exec, so a child started by a large parent would report the parent's peak."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def open_knowledge(data: Path, model: str):  # type: ignore[no-untyped-def]
    db = Database(f"sqlite:///{data / 'salesbot.db'}")
    db.migrate()
    service, answerer = build_knowledge(db, chroma_dir=data / "chroma", chroma_url=None, embedding_model=model,
                                        glossary_path=DATA_DIR / "glossary.yaml")
    return db, service, answerer


def reload_only(data: Path, model: str) -> int:
    """The second process: open the data directory, answer one search, print the seconds."""
    started = time.perf_counter()
    db, service, _ = open_knowledge(data, model)
    service.search("値引きの承認は誰?", ["everyone"])
    print(json.dumps({"reload_s": round(time.perf_counter() - started, 2),
                      "peak_rss_mb": peak_rss_mb()}))
    service.close()
    db.dispose()
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=1000)
    parser.add_argument("--embedding-model", default=DEFAULT_EMBEDDING_MODEL)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--reload-only", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--keep", type=Path, help="Build the data directory here and keep it (for --searches-only).")
    parser.add_argument("--searches-only", type=Path,
                        help="Measure search, answer and reload on a data directory kept by --keep.")
    parser.add_argument("--reuse-vectors", action="store_true",
                        help="Embed each distinct sentence once for the whole corpus (the synthetic corpus repeats "
                             "the demo sentences): builds a large index quickly to measure search, memory and "
                             "reload; the ingest rate it reports is then not the model's.")
    args = parser.parse_args()
    if args.reload_only:
        return reload_only(args.reload_only, args.embedding_model)
    questions = [item["q"] for item in yaml.safe_load(
        (Path(__file__).with_name("knowledge_devset.yaml")).read_text(encoding="utf-8"))["questions"]]
    with tempfile.TemporaryDirectory() as tmp:
        corpus, data = Path(tmp) / "corpus", args.searches_only or args.keep or Path(tmp) / "data"
        corpus.mkdir()
        data.mkdir(parents=True, exist_ok=bool(args.searches_only))
        db, knowledge, answerer = open_knowledge(data, args.embedding_model)
        started = time.perf_counter()
        knowledge.store.embedder.embed_query("warm-up")  # type: ignore[attr-defined]
        load_s = time.perf_counter() - started
        documents, added, ingest_s, ingest_cpu_s = 0, 0, 0.0, 0.0
        if not args.searches_only:
            documents = synthetic_corpus(corpus, args.chunks)
            if args.reuse_vectors:
                reuse_vectors(knowledge.store.embedder)  # type: ignore[attr-defined]
            started, cpu_started = time.perf_counter(), time.process_time()
            added = knowledge.ingest_paths([corpus], actor="bench").count("added")
            ingest_s, ingest_cpu_s = time.perf_counter() - started, time.process_time() - cpu_started
        chunk_count = knowledge.store.count()
        started = time.perf_counter()
        knowledge.search("warm-up", ["everyone"])  # loads the BM25 index (a second process's cost, below)
        index_load_s = time.perf_counter() - started
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
        rss_mb = peak_rss_mb()
        knowledge.close()
        db.dispose()
        second = subprocess.run([sys.executable, __file__, "--reload-only", str(data),
                                 "--embedding-model", args.embedding_model],
                                capture_output=True, text=True, check=True)
        reloaded = json.loads(second.stdout.strip().splitlines()[-1])
    result = {
        "embedding_model": args.embedding_model, "chunks": chunk_count, "documents": documents,
        "added": added, "model_load_s": round(load_s, 2), "ingest_s": round(ingest_s, 1),
        "chunks_per_s": round(chunk_count / ingest_s, 1) if ingest_s else None,
        "ingest_cpu_s": round(ingest_cpu_s, 1), "index_load_s": round(index_load_s, 2),
        "vectors_reused": args.reuse_vectors,
        "search_ms": {"p50": round(statistics.median(search_ms), 1), "p95": round(percentile(search_ms, 0.95), 1)},
        "answer_ms": {"p50": round(statistics.median(answer_ms), 1), "p95": round(percentile(answer_ms, 0.95), 1)},
        "peak_rss_mb": round(rss_mb), "second_process": reloaded,
        "queries": len(search_ms), "machine": machine(),
    }
    report(result, args.json)
    return 0


def machine() -> str:
    return (f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
            f"load average {os.getloadavg()[0]:.1f} at the end")


def report(result: dict, path: Path | None) -> None:
    print(json.dumps(result, indent=2))
    if path:
        path.write_text(json.dumps(result, indent=2), encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
