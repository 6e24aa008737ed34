"""Query latency of pipeline and invoice answers with 100k synthetic deals, SQLite and PostgreSQL.

    .venv/bin/python benchmarks/pipeline_bench.py                 # both databases, 100,000 deals
    .venv/bin/python benchmarks/pipeline_bench.py --deals 20000 --only sqlite

Rows are bulk-inserted (Core executemany, no ORM, no audit rows); PostgreSQL runs in a temporary
schema that is dropped afterwards. Each question is answered through `PipelineAnswerer` (parse,
resolve, SQL, render; charts off, then one grouped question with the chart) and timed.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy import create_engine, insert, text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.questions import Asker, Question  # noqa: E402
from crm_store.db import Database  # noqa: E402
from crm_store.models import Customer, Deal, Invoice, User  # noqa: E402
from crm_store.names import normalize_customer_name, normalize_person_name  # noqa: E402
from crm_store.pipeline.answerer import PipelineAnswerer  # noqa: E402
from crm_store.stages import Stage  # noqa: E402

TODAY = date(2026, 11, 20)
QUESTIONS = (
    "見積段階の案件はいくら?",
    "進行中の案件の合計は?",
    "今四半期の担当者別の見込み額",
    "ステージ別の案件数",
    "月別の案件の合計",
    "Rep007さんの進行中の案件は?",
    "how much is overdue?",
    "overdue invoices by customer",
    "今期の予実は?",
    # issue 14: amounts, several reps, loss reasons, plain-English invoices
    "2000万円以上の案件の合計",
    "Rep007さんとRep008さんの見積の案件",
    "今年の失注理由の内訳",
    "who still owes us money?",
)
FAMILY = ("佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤")


def populate(db: Database, deals: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    users = [
        {
            "id": i,
            "name": f"Rep{i:03d} {FAMILY[i % 10]}",
            "normalized_name": normalize_person_name(f"Rep{i:03d} {FAMILY[i % 10]}"),
            "role": "manager" if i == 1 else "rep",
            "language": "ja",
        }
        for i in range(1, 51)
    ]
    customers = []
    for i in range(1, 2001):
        name = f"株式会社テスト{i:04d}工業"
        customers.append(
            {
                "id": i,
                "name": name,
                "normalized_name": normalize_customer_name(name),
                "erp_code": f"B{i:05d}",
                "industry": rng.choice(("精密加工", "金型", "自動車部品", "化学")),
                "owner_id": rng.randint(1, 50),
            }
        )
    stages = [s.value for s in Stage]
    deal_rows = [
        {
            "customer_id": rng.randint(1, 2000),
            "name": f"案件 {i}",
            "normalized_name": f"案件{i}",
            "owner_id": rng.randint(1, 50),
            "stage": rng.choice(stages),
            "amount": Decimal(rng.randrange(100, 50_000) * 10_000),
            "currency": "USD" if rng.random() < 0.05 else "JPY",
            "expected_close": TODAY + timedelta(days=rng.randint(-365, 540)),
            "probability": rng.choice((None, None, None, 30, 70)),
        }
        for i in range(deals)
    ]
    reasons = random.Random(seed + 1)  # its own stream: the invoices stay those of earlier runs
    for row in deal_rows:  # every row the same keys: one executemany
        lost = row["stage"] == Stage.LOST.value
        row["loss_reason"] = reasons.choice(("価格", "納期", "仕様", "予算凍結", None)) if lost else None
    invoice_rows = []
    for i in range(deals // 5):
        total = Decimal(rng.randrange(10, 5_000) * 1_000)
        paid = rng.choice((total, Decimal(0), (total / 2).quantize(Decimal(1))))
        issue = TODAY - timedelta(days=rng.randint(0, 400))
        invoice_rows.append(
            {
                "erp_source": "bench",
                "erp_id": str(i),
                "number": f"INV-{i:07d}",
                "customer_id": rng.randint(1, 2000),
                "customer_name": "x",
                "issue_date": issue,
                "due_date": issue + timedelta(days=30),
                "total": total,
                "paid": paid,
                "currency": "JPY",
                "status": "paid" if paid == total else "unpaid",
            }
        )
    with db.engine.begin() as connection:
        connection.execute(insert(User), users)
        connection.execute(insert(Customer), customers)
        for start in range(0, len(deal_rows), 10_000):
            connection.execute(insert(Deal), deal_rows[start : start + 10_000])
        for start in range(0, len(invoice_rows), 10_000):
            connection.execute(insert(Invoice), invoice_rows[start : start + 10_000])
        if db.dialect == "postgresql":
            connection.execute(text("ANALYZE"))


def measure(db: Database, repeats: int) -> list[tuple[str, float, float, str]]:
    answerer = PipelineAnswerer(db, charts=False)
    results = []
    for text_ in QUESTIONS:
        question = Question(
            text=text_,
            language="ja" if any(ord(c) > 0x3000 for c in text_) else "en",
            asker=Asker(role="admin"),
            today=TODAY,
        )
        timings = []
        for _ in range(repeats):
            answerer._last = None  # time the parse (with its name look-ups) every run
            start = time.perf_counter()
            answerer.score(question)
            answer = answerer.answer(question)
            timings.append(time.perf_counter() - start)
        results.append(
            (
                text_,
                statistics.median(timings) * 1000,
                max(timings) * 1000,
                str(answer.data.total if answer.data else answer.answer[:30]),
            )
        )
    charted = PipelineAnswerer(db, charts=True)
    question = Question(
        text="今四半期の担当者別の見込み額", language="ja", asker=Asker(role="admin"), today=TODAY
    )
    charted.answer(question)  # matplotlib import and font lookup once
    start = time.perf_counter()
    charted._last = None
    charted.answer(question)
    results.append(
        ("(with PNG chart) 今四半期の担当者別の見込み額", (time.perf_counter() - start) * 1000, 0.0, "-")
    )
    return results


def run(name: str, url: str, deals: int, repeats: int) -> None:
    db = Database(url)
    db.migrate()
    start = time.perf_counter()
    populate(db, deals)
    took = time.perf_counter() - start
    print(f"\n### {name}: {deals:,} deals, {deals // 5:,} invoices (insert {took:.1f} s)\n")
    print("| question | median ms | max ms | headline |")
    print("|---|---:|---:|---|")
    for text_, median, worst, headline in measure(db, repeats):
        print(f"| {text_} | {median:.1f} | {worst:.1f} | {headline} |")
    db.dispose()


def run_on_databases(run_one, description: str) -> None:  # type: ignore[no-untyped-def]
    """The command line both database benchmarks share: ``run_one(name, url, deals, repeats)`` on SQLite
    (a temporary file) and PostgreSQL (a throw-away schema)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--deals", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--only", choices=("sqlite", "postgres"))
    parser.add_argument("--postgres", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    args = parser.parse_args()
    if args.only != "postgres":
        with tempfile.TemporaryDirectory() as tmp:
            run_one("SQLite", f"sqlite:///{tmp}/bench.db", args.deals, args.repeats)
    if args.only != "sqlite":
        schema = f"bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(args.postgres, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        try:
            run_one("PostgreSQL", f"{args.postgres}?options=-csearch_path%3D{schema}", args.deals, args.repeats)
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()


def main() -> None:
    run_on_databases(run, __doc__.splitlines()[0])


if __name__ == "__main__":
    main()
