"""Retrieval and answer quality of the knowledge base over the demo documents.

    .venv/bin/python benchmarks/knowledge_eval.py [--embedding-model NAME] [--json OUT]

Ingests bot/demo/data/knowledge into a temporary data directory (with the demo glossary), asks
every question of benchmarks/knowledge_devset.yaml as an admin, and reports recall@3 and MRR over
documents (a document's rank is that of its best passage), by group (ja, en, cross-language),
plus how often the answerer answers the answerable questions with a relevant citation and says
"not found" to the unanswerable ones. Offline: no network, the bundled embedding model.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.demo.dataset import DATA_DIR, knowledge_documents  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.wiring import build_services  # noqa: E402
from core.questions import Asker  # noqa: E402

DEVSET = Path(__file__).with_name("knowledge_devset.yaml")


def ranked_documents(services, question: str) -> list[str]:  # type: ignore[no-untyped-def]
    passages = services.knowledge.search(question, None, limit=30)
    return list(dict.fromkeys(Path(p.source).name for p in passages))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--embedding-model", default="all-MiniLM-L6-v2")
    parser.add_argument("--json", type=Path, help="Write the per-question results here.")
    args = parser.parse_args()
    devset = yaml.safe_load(DEVSET.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(_env_file=None, data_dir=Path(tmp), database_url=None, chroma_url=None, llm=None,
                            language="en", glossary_path=DATA_DIR / "glossary.yaml",
                            knowledge_embedding_model=args.embedding_model)
        services = build_services(settings)
        started = time.perf_counter()
        report = services.knowledge.ingest_paths(knowledge_documents(), actor="eval")
        ingest_s = time.perf_counter() - started
        admin = Asker(role="admin")
        rows = []
        for item in devset["questions"]:
            docs = ranked_documents(services, item["q"])
            rank = next((i + 1 for i, d in enumerate(docs) if d in item["relevant"]), None)
            answer = services.answer_question(item["q"], asker=admin, language=item["lang"])
            cited = [Path(c.source).name for c in answer.citations]
            group = "cross" if item.get("cross") else item["lang"]
            rows.append({"q": item["q"], "group": group, "rank": rank, "top3": docs[:3],
                         "answered": answer.kind == "knowledge" and bool(set(cited) & set(item["relevant"])),
                         "answer_kind": answer.kind, "cited": cited})
        refusals = []
        for item in devset.get("unanswerable", []):
            answer = services.answer_question(item["q"], asker=admin, language=item["lang"])
            refusals.append({"q": item["q"], "not_found": not answer.citations, "kind": answer.kind,
                             "cited": [Path(c.source).name for c in answer.citations]})
        services.close()

    def summary(subset: list[dict]) -> dict[str, float]:
        n = len(subset)
        return {"n": n, "recall@3": sum(1 for r in subset if r["rank"] and r["rank"] <= 3) / n,
                "mrr": sum(1 / r["rank"] for r in subset if r["rank"]) / n,
                "answered_with_relevant_citation": sum(r["answered"] for r in subset) / n}

    result = {"ingest": {"documents": len(report.outcomes), "seconds": round(ingest_s, 2)},
              "all": summary(rows), "by_group": {g: summary([r for r in rows if r["group"] == g])
                                                 for g in ("ja", "en", "cross")},
              "unanswerable": {"n": len(refusals),
                               "not_found_rate": sum(r["not_found"] for r in refusals) / max(1, len(refusals))}}
    print("| set | n | recall@3 | MRR | answered with a relevant citation |")
    print("|---|---|---|---|---|")
    for name, s in [("all", result["all"])] + list(result["by_group"].items()):
        print(f"| {name} | {s['n']} | {s['recall@3']:.3f} | {s['mrr']:.3f} | {s['answered_with_relevant_citation']:.3f} |")
    print(f"\nunanswerable: {result['unanswerable']['n']} questions, "
          f"'not found' rate {result['unanswerable']['not_found_rate']:.3f}")
    print(f"ingest: {result['ingest']['documents']} documents in {result['ingest']['seconds']} s (incl. model load)")
    misses = [r for r in rows if not r["rank"] or r["rank"] > 3 or not r["answered"]]
    for r in misses:
        print(f"MISS rank={r['rank']} answered={r['answered']} kind={r['answer_kind']} {r['q']} -> {r['top3']}")
    for r in refusals:
        if not r["not_found"]:
            print(f"FALSE ANSWER {r['q']} -> {r['cited']}")
    if args.json:
        args.json.write_text(json.dumps({"summary": result, "questions": rows, "unanswerable": refusals},
                                        ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
