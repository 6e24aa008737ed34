"""Would a learned combination of the answerer's signals beat its one support line?

    .venv/bin/python benchmarks/knowledge_calibration.py [--json OUT]

Asks every question of the dev and burned sets (`knowledge_devset.yaml`, `knowledge_answerability_*.yaml`,
over the demo documents) and of the formal dev set (`knowledge_formal_dev`, over its articles) once, with the
line at 0: which documents would the answer cite, and what are the signals of the best-supported passage. A
question is *open* where the line decides it: an answerable one whose answer at line 0 cites a right document,
an unanswerable one that would be answered at all. Every other question is decided whatever the line.

For each group of signals, a logistic regression (L2, numpy) scores the open questions: over the dev and
burned sets leave-one-set-out (each set scored by a model fitted on the others), over the formal set by a
model fitted on all the dev and burned sets. Each score's cutoff is set so that it refuses as many
unanswerable questions as support alone at `RELEVANCE_THRESHOLD`; the table gives the answerable questions it
then answers. docs/knowledge.md has the run and what it shows.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.demo.dataset import DATA_DIR, knowledge_documents  # noqa: E402
from core.questions import Asker, Question  # noqa: E402
from crm_store.db import Database  # noqa: E402
from knowledge.answer_type import ask_and_context  # noqa: E402
from knowledge.answerer import RELEVANCE_THRESHOLD  # noqa: E402
from knowledge.factory import build_knowledge  # noqa: E402
from knowledge.retrieval import QueryConcepts  # noqa: E402

BENCH = Path(__file__).parent
FORMAL = BENCH / "knowledge_formal_dev"
ADMIN = Asker(role="admin")
SEARCHED = 8  # as the answerer searches

Signals = dict[str, float]
# The groups compared: support alone (the answerer's), with the best passage's other scores and the language,
# and then with what the question's length says.
_PASSAGE = ("support", "coverage", "dense", "lexical", "fused", "same_source", "japanese")
GROUPS: dict[str, tuple[str, ...]] = {
    "support": ("support",),
    "+ passage scores, language": _PASSAGE,
    "+ the question's length": (*_PASSAGE, "concepts", "situation"),
}


def _questions(devset: dict) -> Iterator[tuple[str, str, list[str]]]:
    """(question, language, right documents: none for an unanswerable one)."""
    for item in devset["questions"]:
        yield item["q"], item["lang"], item["relevant"]
    for item in devset.get("unanswerable", []):
        yield item["q"], item["lang"], []


def _formal(language: str) -> Iterator[tuple[str, str, list[str]]]:
    for line in (FORMAL / f"questions_{language}.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            yield item["question"], language, [item["expected_source"]] if item["expected_source"] else []


def _asked(documents: list[Path], glossary: Path | None,
           sets: dict[str, Callable[[], Iterator[tuple[str, str, list[str]]]]]) -> list[dict]:
    """Each question's row: its set, whether it is answerable, open, and the signals of its best passage."""
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(f"sqlite:///{tmp}/salesbot.db")
        db.migrate()
        knowledge, answerer = build_knowledge(db, chroma_dir=Path(tmp) / "chroma", chroma_url=None,
                                              glossary_path=glossary, threshold=0.0)
        knowledge.ingest_paths(documents, actor="eval")
        retriever = knowledge.retriever
        for name, questions in sets.items():
            for text, language, relevant in questions():
                passages = retriever.assess(text, knowledge.search(text, None, limit=SEARCHED))
                answer = answerer.answer(Question(text=text, language=language, asker=ADMIN,
                                                  today=date(2026, 12, 1)))
                cited = {Path(c.source).name for c in answer.citations}
                row = {"set": name, "q": text, "answerable": bool(relevant),
                       "open": bool(cited & set(relevant)) if relevant else bool(cited)}
                if passages:
                    best = max(passages, key=lambda p: p.relevance)
                    row["signals"] = {
                        "support": best.relevance, "coverage": best.coverage, "dense": best.dense,
                        "lexical": best.lexical, "fused": best.fused * 60,
                        "same_source": sum(p.source == best.source for p in passages) / SEARCHED,
                        "japanese": float(language == "ja"),
                        "concepts": float(len(QueryConcepts(text, retriever.glossary).concepts)),
                        "situation": float(bool(ask_and_context(text)[1]))}
                else:
                    row["open"] = False
                rows.append(row)
        knowledge.close()
        db.dispose()
    return rows


def _fit(x: np.ndarray, y: np.ndarray, l2: float = 1.0) -> np.ndarray:
    """Logistic regression weights (intercept last) by Newton's method."""
    x = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(x.shape[1])
    ridge = l2 * np.eye(x.shape[1])
    ridge[-1, -1] = 0.0
    for _ in range(50):
        p = 1 / (1 + np.exp(-x @ w))
        step = np.linalg.solve(x.T @ (x * (p * (1 - p))[:, None]) + ridge, x.T @ (p - y) + ridge @ w)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def _score(w: np.ndarray, x: np.ndarray) -> np.ndarray:
    return np.hstack([x, np.ones((len(x), 1))]) @ w


def _answered(scores: np.ndarray, answerable: np.ndarray, false_answers: int) -> int:
    """The answerable questions above the cutoff that lets ``false_answers`` unanswerable ones through."""
    answered = wrong = 0
    for i in np.argsort(-scores, kind="stable"):
        if not answerable[i]:
            wrong += 1
            if wrong > false_answers:
                break
        else:
            answered += 1
    return answered


def _matrix(rows: list[dict], names: tuple[str, ...], mean: np.ndarray | None = None,
            std: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    x = np.array([[row["signals"][n] for n in names] for row in rows])
    mean = x.mean(axis=0) if mean is None else mean
    std = np.where(x.std(axis=0) > 0, x.std(axis=0), 1.0) if std is None else std
    return (x - mean) / std, mean, std


def compare(dev: list[dict], formal: list[dict]) -> list[dict]:
    dev_open = [r for r in dev if r["open"]]
    formal_open = [r for r in formal if r["open"]]
    results = []
    for label, names in GROUPS.items():
        row: dict = {"signals": label}
        for part, open_rows in (("dev", dev_open), ("formal", formal_open)):
            answerable = np.array([r["answerable"] for r in open_rows])
            # As many false answers as support alone at the answerer's line.
            false_answers = sum(1 for r in open_rows if not r["answerable"]
                                and r["signals"]["support"] >= RELEVANCE_THRESHOLD)
            scores = np.zeros(len(open_rows))
            if part == "dev":
                for held in {r["set"] for r in open_rows}:
                    test = np.array([r["set"] == held for r in open_rows])
                    train = [r for r, t in zip(open_rows, test, strict=True) if not t]
                    x, mean, std = _matrix(train, names)
                    w = _fit(x, np.array([r["answerable"] for r in train], dtype=float))
                    scores[test] = _score(w, _matrix([r for r, t in zip(open_rows, test, strict=True) if t],
                                                     names, mean, std)[0])
            else:
                x, mean, std = _matrix(dev_open, names)
                w = _fit(x, np.array([r["answerable"] for r in dev_open], dtype=float))
                scores = _score(w, _matrix(open_rows, names, mean, std)[0])
            rows = dev if part == "dev" else formal
            unanswerable = sum(not r["answerable"] for r in rows)
            row[part] = {"answered": _answered(scores, answerable, false_answers),
                         "answerable": len(rows) - unanswerable,
                         "not_found": unanswerable - false_answers, "unanswerable": unanswerable}
        results.append(row)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="Write the comparison and the per-question rows here.")
    args = parser.parse_args()
    dev_sets = [BENCH / "knowledge_devset.yaml", *sorted(BENCH.glob("knowledge_answerability_*.yaml"))]
    dev = _asked(knowledge_documents(), DATA_DIR / "glossary.yaml",
                 {p.stem: lambda p=p: _questions(yaml.safe_load(p.read_text(encoding="utf-8")))
                  for p in dev_sets})
    formal = [row for language in ("ja", "en")
              for row in _asked([FORMAL / f"docs_{language}"], None,
                                {f"formal_{language}": lambda language=language: _formal(language)})]
    results = compare(dev, formal)
    print(f"dev and burned sets: {len(dev_sets)}, answered at line 0 citing a right document (the ceiling): "
          f"{sum(r['open'] for r in dev if r['answerable'])} of {sum(r['answerable'] for r in dev)}")
    print("| signals | dev and burned, leave-one-set-out | formal dev |")
    print("|---|---|---|")

    def cell(c: dict) -> str:
        return (f"answered {c['answered']} / {c['answerable']}, "
                f"not found {c['not_found']} / {c['unanswerable']}")

    for r in results:
        print(f"| {r['signals']} | {cell(r['dev'])} | {cell(r['formal'])} |")
    if args.json:
        args.json.write_text(json.dumps({"results": results, "questions": dev + formal}, ensure_ascii=False,
                                        indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
