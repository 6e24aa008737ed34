"""crm_store.repositories.invoices on SQLite and PostgreSQL: the same rows from both."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from crm_store.db import Database
from crm_store.models import Customer, Invoice, User
from crm_store.repositories import invoices as queries

TODAY = date(2026, 11, 20)


def _seed(db: Database) -> tuple[int, int, int]:
    with db.session(actor="test") as session:
        suzuki = User(name="鈴木 一郎", normalized_name="鈴木一郎")
        session.add(suzuki)
        session.flush()
        a = Customer(name="A社", normalized_name="a社", owner_id=suzuki.id)
        b = Customer(name="B社", normalized_name="b社")
        session.add_all([a, b])
        session.flush()
        rows = [  # number, customer, due, total, paid, status
            ("late", a.id, date(2026, 11, 19), 100, 0, "unpaid"),
            ("late-partly", b.id, date(2026, 10, 1), 100, 40, "partially_paid"),
            ("late-paid", a.id, date(2026, 10, 1), 100, 100, "paid"),
            ("today", a.id, TODAY, 100, 0, "unpaid"),
            ("in-7", b.id, date(2026, 11, 27), 100, 0, "unpaid"),
            ("in-8", a.id, date(2026, 11, 28), 100, 0, "unpaid"),
            ("orphan", None, date(2026, 11, 1), 100, 0, "unpaid"),
        ]
        for number, customer_id, due, total, paid, status in rows:
            session.add(
                Invoice(
                    erp_source="t",
                    erp_id=number,
                    number=number,
                    customer_id=customer_id,
                    customer_name="?",
                    due_date=due,
                    total=Decimal(total),
                    paid=Decimal(paid),
                    status=status,
                )
            )
        return a.id, b.id, suzuki.id


def numbers(rows: list[Invoice]) -> list[str]:
    return [i.number for i in rows]


def test_open_overdue_due_soon_by_customer_and_by_owner(db: Database) -> None:
    a, b, suzuki = _seed(db)
    with db.session(actor="test") as session:
        assert numbers(queries.overdue_invoices(session, TODAY)) == ["late-partly", "orphan", "late"]
        assert numbers(queries.overdue_invoices(session, TODAY, customer_id=a)) == ["late"]
        assert numbers(queries.overdue_invoices(session, TODAY, owner_id=suzuki)) == ["late"]
        assert numbers(queries.invoices_due_within(session, TODAY, 7)) == ["today", "in-7"]
        assert numbers(queries.invoices_due_within(session, TODAY, 7, owner_id=suzuki)) == ["today"]
        assert numbers(queries.invoices_for_customer(session, b)) == ["in-7", "late-partly"]
        assert numbers(queries.unmatched_open_invoices(session)) == ["orphan"]
