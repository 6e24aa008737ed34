"""How long an ERP sync takes, first run and an unchanged re-run, and its peak Python memory.

    .venv/bin/python benchmarks/erp_sync.py [--invoices N] [--partners N] [--database-url URL] [--memory]

An in-memory connector stands in for the ERP so only salesbot's own work is measured (matching,
upsert, audit log). Results are written down in docs/erp.md.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import tracemalloc
import uuid
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import create_engine, text  # noqa: E402

from crm_store.db import Database  # noqa: E402
from crm_store.models import Customer  # noqa: E402
from crm_store.names import normalize_customer_name  # noqa: E402
from erp.ports import ErpInvoice, ErpPartner  # noqa: E402
from erp.sync import sync_invoices  # noqa: E402


class InMemoryConnector:
    name = "bench"

    def __init__(self, partners: list[ErpPartner], invoices: list[ErpInvoice]) -> None:
        self.partners, self.invoices = partners, invoices

    def list_partners(self) -> list[ErpPartner]:
        return self.partners

    def list_invoices(self, since: date | None = None) -> list[ErpInvoice]:
        return self.invoices


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--invoices", type=int, default=20_000)
    parser.add_argument("--partners", type=int, default=500)
    parser.add_argument("--database-url")
    parser.add_argument("--memory", action="store_true", help="Trace peak Python memory (slows the run).")
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}"
    schema = None
    if url.startswith("postgresql"):
        # A throw-away schema, so the benchmark never touches what else lives in that database.
        schema = f"bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"
    db = Database(url)
    db.migrate()
    # Nine in ten partners are CRM customers (half by code, half by name only); the rest go to review.
    partners = [
        ErpPartner(str(n), f"ベンチ工業{n}株式会社", f"B{n:05d}" if n % 2 else None)
        for n in range(args.partners)
    ]
    with db.session(actor="bench") as session:
        for n, partner in enumerate(partners):
            if n % 10:
                name = f"ベンチ工業{n}(株)"
                session.add(
                    Customer(name=name, normalized_name=normalize_customer_name(name), erp_code=partner.code)
                )
    start = date(2025, 1, 1)
    invoices = [
        ErpInvoice(
            erp_id=str(n),
            number=f"B-{n:06d}",
            partner=partners[n % len(partners)],
            issue_date=start + timedelta(days=n % 600),
            due_date=start + timedelta(days=n % 600 + 30),
            total=Decimal(110_000 + n),
            paid=Decimal(0 if n % 3 else 110_000 + n),
        )
        for n in range(args.invoices)
    ]
    connector = InMemoryConnector(partners, invoices)
    for label in ("first sync", "unchanged re-sync"):
        if args.memory:
            tracemalloc.start()
        began = time.perf_counter()
        result = sync_invoices(db, connector, full=True, today=date(2026, 11, 20))
        elapsed = time.perf_counter() - began
        peak = tracemalloc.get_traced_memory()[1] / 1e6 if args.memory else float("nan")
        tracemalloc.stop()
        assert result.ok, result.summary("en")
        print(
            f"{db.dialect:10} {label:18} {args.invoices:>7} invoices  {elapsed:6.2f} s  "
            f"{args.invoices / elapsed:8.0f} invoices/s  peak {peak:6.1f} MB  {result.counts}"
        )
    db.dispose()
    if schema:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


if __name__ == "__main__":
    main()
