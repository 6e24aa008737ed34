"""The knowledge base on public sets nobody here wrote (../shared/bench): measured, never tuned on.

    .venv/bin/python benchmarks/knowledge_public_eval.py [--sets jsquad,squad,bsd_ja2en,bsd_en2ja]
        [--limit N] [--embedding-model NAME] [--json OUT]

Each set is ingested into a fresh data directory through `services.knowledge` (SQLite, embedded
chroma, the chosen embedding model, the built-in glossary only) and every question is asked as an
admin: recall@3 / MRR over documents (a document's rank is its best passage's), and how often the
knowledge answerer's answer cites the expected document (routing between answerers is not part
of this measurement). For BSD only the other language's side is
ingested (ja questions over docs_en/, en questions over docs_ja/): ingesting both sides would
make the same-language twin an exact match.

``--sets xling_dev_ja2en,xling_dev_en2ja`` runs the same measurement on `benchmarks/knowledge_xling_dev`:
saved Slack threads written here for developing cross-language retrieval (``xling_dev_lifted_*``: the same
threads asked as BSD asks, by one translated utterance). Choices are made on it, then measured once on BSD.
``--sets formal_dev_ja,formal_dev_en`` does so for `benchmarks/knowledge_formal_dev`: encyclopedic articles and
quiz-style questions written here in JSQuAD's and SQuAD's manner, with unanswerable ones (``expected_source``
null: how often the reply is "not found").
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.questions import Asker, Question  # noqa: E402
from crm_store.db import Database  # noqa: E402
from knowledge.factory import DEFAULT_EMBEDDING_MODEL, build_knowledge  # noqa: E402

BENCH = ROOT.parent / "shared" / "bench"
DEV = ROOT / "benchmarks" / "knowledge_xling_dev"
FORMAL = ROOT / "benchmarks" / "knowledge_formal_dev"
FORMAL_HELDOUT = ROOT / "benchmarks" / "knowledge_formal_heldout"
# name: (docs folder, questions file, question language)
PUBLIC_SETS = {
    "jsquad": (BENCH / "kb_jsquad/docs", BENCH / "kb_jsquad/questions.jsonl", "ja"),
    "squad": (BENCH / "kb_squad_en/docs", BENCH / "kb_squad_en/questions.jsonl", "en"),
    "bsd_ja2en": (BENCH / "kb_xling_bsd/docs_en", BENCH / "kb_xling_bsd/questions_ja2en.jsonl", "ja"),
    "bsd_en2ja": (BENCH / "kb_xling_bsd/docs_ja", BENCH / "kb_xling_bsd/questions_en2ja.jsonl", "en"),
}
SETS = {
    **PUBLIC_SETS,
    "xling_dev_ja2en": (DEV / "docs_en", DEV / "questions_ja2en.jsonl", "ja"),
    "xling_dev_en2ja": (DEV / "docs_ja", DEV / "questions_en2ja.jsonl", "en"),
    # BSD's form on the dev threads: one long utterance per thread, translated (not a question).
    "xling_dev_lifted_ja2en": (DEV / "docs_en", DEV / "questions_ja2en_lifted.jsonl", "ja"),
    "xling_dev_lifted_en2ja": (DEV / "docs_ja", DEV / "questions_en2ja_lifted.jsonl", "en"),
    "formal_dev_ja": (FORMAL / "docs_ja", FORMAL / "questions_ja.jsonl", "ja"),
    "formal_dev_en": (FORMAL / "docs_en", FORMAL / "questions_en.jsonl", "en"),
    # Written the same way after the changes made on the dev set, and scored once (docs/knowledge.md).
    "formal_heldout_ja": (FORMAL_HELDOUT / "docs_ja", FORMAL_HELDOUT / "questions_ja.jsonl", "ja"),
    "formal_heldout_en": (FORMAL_HELDOUT / "docs_en", FORMAL_HELDOUT / "questions_en.jsonl", "en"),
}


def evaluate(name: str, model: str, limit: int | None) -> dict:
    docs, questions_file, language = SETS[name]
    questions = [json.loads(line) for line in questions_file.read_text(encoding="utf-8").splitlines()
                 if line.strip()][:limit]
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(f"sqlite:///{tmp}/salesbot.db")
        db.migrate()
        knowledge, answerer = build_knowledge(db, chroma_dir=Path(tmp) / "chroma", chroma_url=None,
                                              embedding_model=model)
        started = time.perf_counter()
        report = knowledge.ingest_paths([docs], actor="eval")
        ingest_s = time.perf_counter() - started
        chunks = knowledge.store.count()
        admin = Asker(role="admin")

        def ask(text: str):  # type: ignore[no-untyped-def]
            return answerer.answer(Question(text=text, language=language, asker=admin, today=date(2026, 12, 1)))

        rows, refusals = [], []
        for item in (q for q in questions if q["expected_source"] is None):
            answer = ask(item["question"])
            refusals.append({"id": item["id"], "not_found": not answer.citations,
                             "cited": [Path(c.source).name for c in answer.citations]})
        for item in (q for q in questions if q["expected_source"] is not None):
            passages = knowledge.search(item["question"], None, limit=30)
            ranked = list(dict.fromkeys(Path(p.source).name for p in passages))
            rank = ranked.index(item["expected_source"]) + 1 if item["expected_source"] in ranked else None
            answer = ask(item["question"])
            cited = [Path(c.source).name for c in answer.citations]
            rows.append({"id": item["id"], "rank": rank, "kind": answer.kind, "cited": cited,
                         "answered_citing": item["expected_source"] in cited, "answered": bool(cited)})
        knowledge.close()
        db.dispose()
    n = len(rows)
    return {
        "set": name, "questions": n, "documents": report.count("added"), "chunks": chunks,
        "ingest_s": round(ingest_s, 1),
        "recall@3": round(sum(1 for r in rows if r["rank"] and r["rank"] <= 3) / n, 3),
        "mrr": round(sum(1 / r["rank"] for r in rows if r["rank"]) / n, 3),
        "answered_citing_expected": round(sum(r["answered_citing"] for r in rows) / n, 3),
        "answered": round(sum(r["answered"] for r in rows) / n, 3),
        **({"unanswerable": len(refusals),
            "not_found": round(sum(r["not_found"] for r in refusals) / len(refusals), 3)} if refusals else {}),
        "rows": rows + refusals,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default=",".join(PUBLIC_SETS), help=f"Of {', '.join(SETS)}.")
    parser.add_argument("--limit", type=int, help="Only the first N questions of each set.")
    parser.add_argument("--embedding-model", default=DEFAULT_EMBEDDING_MODEL)
    parser.add_argument("--json", type=Path, help="Write the results (with per-question rows) here.")
    args = parser.parse_args()
    names = args.sets.split(",")
    if any(name in PUBLIC_SETS for name in names) and not BENCH.is_dir():
        print(f"{BENCH} is absent: the public sets are not on this machine.", file=sys.stderr)
        return 2
    results = [evaluate(name, args.embedding_model, args.limit) for name in names]
    print(f"embedding model: {args.embedding_model}")
    print("| set | questions | docs | chunks | recall@3 | MRR | answered citing the expected doc | answered |")
    print("|---|---|---|---|---|---|---|---|")
    for r in results:
        print(f"| {r['set']} | {r['questions']} | {r['documents']} | {r['chunks']} | {r['recall@3']:.3f} | "
              f"{r['mrr']:.3f} | {r['answered_citing_expected']:.3f} | {r['answered']:.3f} |"
              + (f" unanswerable {r['unanswerable']}: not found {r['not_found']:.3f}" if "not_found" in r else ""))
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
