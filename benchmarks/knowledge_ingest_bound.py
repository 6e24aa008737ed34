"""What each stage of knowledge ingest costs per chunk, alone, on one core: the ceiling of the ingest rate.

    .venv/bin/python benchmarks/knowledge_ingest_bound.py --chunks 2000 [--json OUT]

On the same synthetic corpus as `knowledge_bench.py`, in one process and one thread each:
  * prepare: load, chunk and BM25 terms (`KnowledgeService._prepare_files`);
  * embed: the store's vectors (each distinct sentence and each chunk's heading, as ingest does), and, for
    comparison, one vector per whole chunk (the layout before sentence vectors);
  * write: chroma's upserts of those vectors into a fresh store plus the in-memory BM25 index.
CPU seconds per chunk are reported per stage. Ingest overlaps embedding (a child process) with the rest,
so on N cores no pipeline of these stages can pass N / (sum of CPU seconds per chunk) chunks/s: the
ceiling printed. Catalogue rows, deletes of replaced chunks and hand-offs are left out, so the real
rate is lower.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from knowledge_bench import machine, open_knowledge, report, synthetic_corpus  # noqa: E402

from knowledge.adapters.chroma import ChromaChunkStore, make_client  # noqa: E402
from knowledge.embedders import make_embedder  # noqa: E402
from knowledge.factory import DEFAULT_EMBEDDING_MODEL  # noqa: E402


def timed(work):  # type: ignore[no-untyped-def]
    """(result, CPU seconds of this process, wall seconds)."""
    cpu, wall = time.process_time(), time.perf_counter()
    result = work()
    return result, time.process_time() - cpu, time.perf_counter() - wall


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=2000)
    parser.add_argument("--embedding-model", default=DEFAULT_EMBEDDING_MODEL)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    embedder = make_embedder(args.embedding_model)
    embedder.embed_query("warm-up")
    with tempfile.TemporaryDirectory() as tmp:
        corpus, data = Path(tmp) / "corpus", Path(tmp) / "data"
        corpus.mkdir()
        data.mkdir()
        synthetic_corpus(corpus, args.chunks)
        db, service, _ = open_knowledge(data, args.embedding_model)
        paths = sorted(corpus.glob("*.md"))
        prepared, prepare_cpu, _ = timed(lambda: service._prepare_files(paths, None, []))
        chunks = [c for d in prepared for c in getattr(d, "chunks", [])]
        store = ChromaChunkStore(make_client(data / "bound-chroma", None), embedder)
        vectors, embed_cpu, embed_wall = timed(lambda: store.embed(chunks))
        _, whole_cpu, _ = timed(lambda: embedder.embed_documents([c.text for c in chunks]))

        def write() -> None:
            store.add(chunks, vectors)
            service.retriever.add(chunks)

        _, write_cpu, write_wall = timed(write)
        written = store.count() + int(store.sentences.count())
        store.close()
        service.close()
        db.dispose()
    per_chunk = {"prepare": prepare_cpu, "embed": embed_cpu, "write": write_cpu}
    per_chunk = {stage: round(seconds / len(chunks) * 1000, 2) for stage, seconds in per_chunk.items()}
    total_ms = sum(per_chunk.values())
    cores = os.cpu_count() or 1
    result = {
        "embedding_model": args.embedding_model, "chunks": len(chunks),
        "texts_embedded_per_chunk": round(len(vectors) / len(chunks), 2),
        "vectors_written_per_chunk": round(written / len(chunks), 2),
        "cpu_ms_per_chunk": per_chunk,
        "embed_whole_chunk_cpu_ms_per_chunk": round(whole_cpu / len(chunks) * 1000, 2),
        "embed_chunks_per_s_one_core": round(len(chunks) / embed_wall, 1),
        "write_vectors_per_s": round(written / write_wall),
        "ceiling_chunks_per_s": {"1 core": round(1000 / total_ms, 1),
                                 f"{cores} cores": round(cores * 1000 / total_ms, 1)},
        "machine": machine(),
    }
    report(result, args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
