"""Retrieval and answer quality of the knowledge base over the demo documents.

    .venv/bin/python benchmarks/knowledge_eval.py [--devset YAML] [--embedding-model NAME]
        [--sweep [--sweep-step 0.02]] [--json OUT]

Ingests bot/demo/data/knowledge into a temporary data directory (with the demo glossary), asks
every question of the set (default benchmarks/knowledge_devset.yaml) as an admin, and reports
recall@3 and MRR over documents (a document's rank is that of its best passage), by group (ja,
en, cross-language), how often the knowledge answerer answers the answerable questions citing a
relevant document, and how often it says "not found" to the unanswerable ones. ``--sweep``
repeats the answers over a range of relevance thresholds (the trade-off). Offline.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.demo.dataset import DATA_DIR, knowledge_documents  # noqa: E402
from core.questions import Asker, Question  # noqa: E402
from crm_store.db import Database  # noqa: E402
from knowledge.answerer import RELEVANCE_THRESHOLD  # noqa: E402
from knowledge.factory import DEFAULT_EMBEDDING_MODEL, build_knowledge  # noqa: E402

DEVSET = Path(__file__).with_name("knowledge_devset.yaml")
ADMIN = Asker(role="admin")


def ask(answerer, item: dict) -> tuple[list[str], str | None, str]:  # type: ignore[no-untyped-def]
    """The file names the knowledge answer cites (none: "not found"), the file of the closest passage a
    "not found" quotes (if any), and the reply's text."""
    answer = answerer.answer(Question(text=item["q"], language=item["lang"], asker=ADMIN, today=date(2026, 12, 1)))
    rows = answer.data.rows if answer.data is not None else []
    closest = next((Path(r["source"]).name for r in rows if r.get("closest")), None)
    return [Path(c.source).name for c in answer.citations], closest, answer.answer


def score(answerer, devset: dict) -> tuple[list[dict], list[dict]]:  # type: ignore[no-untyped-def]
    rows = []
    for item in devset["questions"]:
        cited, closest, text = ask(answerer, item)
        row = {"q": item["q"], "group": "cross" if item.get("cross") else item["lang"], "cited": cited,
               "answered": bool(set(cited) & set(item["relevant"])), "closest": closest,
               "closest_relevant": not cited and closest in item["relevant"]}
        if "key" in item:  # text copied from the sentence that states the answer: is it in the reply?
            row["key_shown"] = any(key in text for key in item["key"])
        rows.append(row)
    refusals = []
    for item in devset.get("unanswerable", []):
        cited, closest, _ = ask(answerer, item)
        refusals.append({"q": item["q"], "not_found": not cited, "cited": cited, "closest": closest})
    return rows, refusals


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devset", type=Path, default=DEVSET)
    parser.add_argument("--embedding-model", default=DEFAULT_EMBEDDING_MODEL)
    parser.add_argument("--sweep", action="store_true", help="Also answer at thresholds 0.30 … 0.70.")
    parser.add_argument("--sweep-step", type=float, default=0.05, help="The sweep's step (default 0.05).")
    parser.add_argument("--json", type=Path, help="Write the per-question results here.")
    args = parser.parse_args()
    devset = yaml.safe_load(args.devset.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(f"sqlite:///{tmp}/salesbot.db")
        db.migrate()
        knowledge, answerer = build_knowledge(db, chroma_dir=Path(tmp) / "chroma", chroma_url=None,
                                              embedding_model=args.embedding_model,
                                              glossary_path=DATA_DIR / "glossary.yaml")
        started = time.perf_counter()
        report = knowledge.ingest_paths(knowledge_documents(), actor="eval")
        ingest_s = time.perf_counter() - started
        for item in devset["questions"]:
            docs = list(dict.fromkeys(Path(p.source).name for p in knowledge.search(item["q"], None, limit=30)))
            item["rank"] = next((i + 1 for i, d in enumerate(docs) if d in item["relevant"]), None)
            item["top3"] = docs[:3]
        rows, refusals = score(answerer, devset)
        for row, item in zip(rows, devset["questions"], strict=True):
            row["rank"], row["top3"] = item["rank"], item["top3"]
        sweep = []
        if args.sweep:
            steps = round(0.40 / args.sweep_step)
            for step in range(steps + 1):
                answerer.threshold = round(0.30 + step * args.sweep_step, 4)
                swept_rows, swept_refusals = score(answerer, devset)
                sweep.append({"threshold": answerer.threshold,
                              "answered": sum(r["answered"] for r in swept_rows) / max(1, len(swept_rows)),
                              "not_found": sum(r["not_found"] for r in swept_refusals) / max(1, len(swept_refusals))})
            answerer.threshold = RELEVANCE_THRESHOLD
        knowledge.close()
        db.dispose()

    def summary(subset: list[dict]) -> dict[str, float]:
        n = max(1, len(subset))
        return {"n": len(subset), "recall@3": sum(1 for r in subset if r["rank"] and r["rank"] <= 3) / n,
                "mrr": sum(1 / r["rank"] for r in subset if r["rank"]) / n,
                "answered_with_relevant_citation": sum(r["answered"] for r in subset) / n,
                # Not an answer: a "not found" that quotes its closest passage, from a right document.
                "closest_passage_from_relevant": sum(r["closest_relevant"] for r in subset) / n,
                **({"key_shown": sum(r["key_shown"] for r in subset) / n}
                   if all("key_shown" in r for r in subset) else {})}

    result = {"set": args.devset.name, "embedding_model": args.embedding_model,
              "ingest": {"documents": len(report.outcomes), "seconds": round(ingest_s, 2)},
              "all": summary(rows), "by_group": {g: summary([r for r in rows if r["group"] == g])
                                                 for g in ("ja", "en", "cross") if any(r["group"] == g for r in rows)},
              "unanswerable": {"n": len(refusals),
                               "not_found_rate": sum(r["not_found"] for r in refusals) / max(1, len(refusals)),
                               "closest_passage_shown": sum(r["not_found"] and bool(r["closest"]) for r in refusals)
                               / max(1, len(refusals))},
              "sweep": sweep}
    print(f"{args.devset.name}, {args.embedding_model}")
    print("| set | n | recall@3 | MRR | answered with a relevant citation "
          "| not found, closest passage relevant | answer's key shown |")
    print("|---|---|---|---|---|---|---|")
    for name, s in [("all", result["all"])] + list(result["by_group"].items()):
        print(f"| {name} | {s['n']} | {s['recall@3']:.3f} | {s['mrr']:.3f} "
              f"| {s['answered_with_relevant_citation']:.3f} | {s['closest_passage_from_relevant']:.3f} "
              f"| {s.get('key_shown', float('nan')):.3f} |")
    print(f"\nunanswerable: {result['unanswerable']['n']} questions, "
          f"'not found' rate {result['unanswerable']['not_found_rate']:.3f} "
          f"(with a closest passage {result['unanswerable']['closest_passage_shown']:.3f})")
    print(f"ingest: {result['ingest']['documents']} documents in {result['ingest']['seconds']} s (incl. model load)")
    for point in sweep:
        print(f"threshold {point['threshold']:.2f}: answered {point['answered']:.3f}, not found {point['not_found']:.3f}")
    for r in rows:
        if not r["rank"] or r["rank"] > 3 or not r["answered"]:
            print(f"MISS rank={r['rank']} answered={r['answered']} {r['q']} -> {r['top3']} cited {r['cited']}")
    for r in refusals:
        if not r["not_found"]:
            print(f"FALSE ANSWER {r['q']} -> {r['cited']}")
    if args.json:
        args.json.write_text(json.dumps({"summary": result, "questions": rows, "unanswerable": refusals},
                                        ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
