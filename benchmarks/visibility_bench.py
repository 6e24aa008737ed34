"""What the one visibility policy costs: pipeline answers as an admin, a rep (own) and a rep (team), and
a channel's audience look-up, over 100k synthetic deals (the pipeline benchmark's data), SQLite and PostgreSQL.

    .venv/bin/python benchmarks/visibility_bench.py                       # both databases, 100,000 deals
    .venv/bin/python benchmarks/visibility_bench.py --deals 20000 --only sqlite

Teams: 50 users in 5 teams of 10. Each question is answered through `PipelineAnswerer` (parse, resolve,
scope, SQL, render; charts off); the median of ``--repeats`` runs is reported.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from sqlalchemy import update

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from pipeline_bench import TODAY, populate, run_on_databases  # noqa: E402

from core.questions import Asker, Question  # noqa: E402
from crm_store.db import Database  # noqa: E402
from crm_store.models import User  # noqa: E402
from crm_store.pipeline.answerer import PipelineAnswerer  # noqa: E402
from crm_store.service import CrmService  # noqa: E402

QUESTIONS = ("進行中の案件の合計は?", "見積段階の案件はいくら?", "ステージ別の案件数", "how much is overdue?", "今期の予実は?")
ASKERS = {
    "admin": (Asker(role="admin"), "own"),
    "rep, own": (Asker(role="rep", user_id=7, name="Rep007"), "own"),
    "rep, team": (Asker(role="rep", user_id=7, name="Rep007"), "team"),
}


def _median_ms(answerer: PipelineAnswerer, question: Question, repeats: int) -> float:
    timings = []
    for _ in range(repeats):
        answerer._last = None
        start = time.perf_counter()
        answerer.answer(question)
        timings.append(time.perf_counter() - start)
    return statistics.median(timings) * 1000


def run(name: str, url: str, deals: int, repeats: int) -> None:
    db = Database(url)
    db.migrate()
    populate(db, deals)
    with db.session("bench") as session:
        for team in range(5):
            session.execute(update(User).where(User.id % 5 == team).values(team=f"team{team}"))
    print(f"\n### {name}: {deals:,} deals\n")
    print("| question | " + " | ".join(f"{label} ms" for label in ASKERS) + " |")
    print("|---|" + "---:|" * len(ASKERS))
    for text_ in QUESTIONS:
        cells = []
        for asker, policy in ASKERS.values():
            answerer = PipelineAnswerer(db, visibility=policy, charts=False)  # type: ignore[arg-type]
            language = "en" if text_.isascii() else "ja"
            question = Question(text=text_, language=language, asker=asker, today=TODAY)
            cells.append(f"{_median_ms(answerer, question, repeats):.1f}")
        print(f"| {text_} | " + " | ".join(cells) + " |")
    crm = CrmService(db, visibility="own")
    members = [Asker(role="rep", user_id=i) for i in range(2, 52)]  # a 50-person channel
    start = time.perf_counter()
    for _ in range(repeats):
        crm.audience_asker(members)
    print(f"\naudience of a 50-member channel (scope per member, intersection): "
          f"{(time.perf_counter() - start) / repeats * 1000:.1f} ms")
    db.dispose()


def main() -> None:
    run_on_databases(run, __doc__.splitlines()[0])


if __name__ == "__main__":
    main()
