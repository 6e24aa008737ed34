"""How long the rep's day takes for a team: one reminder pass, an idle tick, the App Home, the digest.

    .venv/bin/python benchmarks/rep_day_bench.py                  # 50 reps, SQLite in a temp dir
    .venv/bin/python benchmarks/rep_day_bench.py --reps 200 --database-url postgresql+psycopg://…

A synthetic team (each rep: 10 customers, 20 deals with 3 activities each, 30 next actions due
from 20 days ago to 10 days ahead) is written straight into a fresh database; posting goes to a
poster that only counts, so the numbers are the domain's own work (queries, grouping), not Slack's.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crm_store.db import Database  # noqa: E402
from crm_store.models import Activity, Customer, Deal, NextAction, User  # noqa: E402
from crm_store.rep_day.service import RepDayService  # noqa: E402
from crm_store.rep_day.views import RepReminder, WeeklyDigest  # noqa: E402

TODAY = date(2026, 11, 20)
STAGES = ("initial_contact", "proposal", "quote", "negotiation", "awaiting_decision", "won", "lost")


class CountingPoster:
    def __init__(self) -> None:
        self.sent = 0

    def time_zone(self, slack_user_id: str) -> str | None:
        return "Asia/Tokyo"

    def post_reminder(self, reminder: RepReminder) -> None:
        self.sent += 1

    def post_digest(self, digest: WeeklyDigest) -> None:
        self.sent += 1


def build_team(db: Database, reps: int) -> None:
    with db.session("bench") as s:
        s.add(User(name="Manager", normalized_name="manager", slack_user_id="UMANAGER0", role="manager"))
        for r in range(reps):
            rep = User(name=f"Rep {r}", normalized_name=f"rep {r}", slack_user_id=f"UREP{r:05d}", role="rep")
            s.add(rep)
            s.flush()
            customers = []
            for c in range(10):
                customer = Customer(name=f"顧客 {r}-{c}", normalized_name=f"顧客{r}-{c}", owner_id=rep.id)
                s.add(customer)
                customers.append(customer)
            s.flush()
            for d in range(20):
                deal = Deal(customer_id=customers[d % 10].id or 0, name=f"案件 {r}-{d}",
                            normalized_name=f"案件{r}-{d}", owner_id=rep.id, stage=STAGES[d % len(STAGES)],
                            amount=1_000_000 * (d + 1),
                            expected_close=TODAY + timedelta(days=d * 5))
                s.add(deal)
                s.flush()
                for a in range(3):
                    visited = TODAY - timedelta(days=10 + 20 * a + d)
                    s.add(Activity(customer_id=deal.customer_id, deal_id=deal.id, occurred_on=visited,
                                   summary="visit", created_by_id=rep.id))
            for n in range(30):
                s.add(NextAction(customer_id=customers[n % 10].id, owner_id=rep.id,
                                 description=f"follow-up {n}", due=TODAY - timedelta(days=20 - n)))


def timed(action) -> float:  # noqa: ANN001
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=50)
    parser.add_argument("--database-url")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}"
    db = Database(url)
    db.migrate()
    build_team(db, args.reps)
    service = RepDayService(db)
    poster = CountingPoster()
    morning = datetime(2026, 11, 20, 0, 30, tzinfo=UTC)  # 09:30 in Tokyo
    first = timed(lambda: service.send_due_reminders(poster, morning))
    idle = [timed(lambda: service.send_due_reminders(poster, morning)) for _ in range(args.repeat)]
    homes = [timed(lambda: service.home("UREP00000", TODAY)) for _ in range(args.repeat)]
    manager_homes = [timed(lambda: service.home("UMANAGER0", TODAY)) for _ in range(args.repeat)]
    digests = [timed(lambda: service.weekly_digest("UMANAGER0", TODAY)) for _ in range(args.repeat)]
    print(f"database: {db.dialect}; {args.reps} reps, {args.reps * 30} next actions, {args.reps * 20} deals")
    per_rep = first / max(poster.sent, 1)
    print(f"reminder pass (sent {poster.sent}): {first:.0f} ms ({per_rep:.1f} ms per rep)")
    print(f"idle tick (everyone reminded): median {statistics.median(idle):.0f} ms")
    print(f"App Home, rep: median {statistics.median(homes):.0f} ms")
    print(f"App Home, manager: median {statistics.median(manager_homes):.0f} ms")
    print(f"weekly digest: median {statistics.median(digests):.0f} ms")
    db.dispose()


if __name__ == "__main__":
    main()
