"""Invoice queries: by customer, overdue as of a date, due soon, by owner.

"Open" means not fully paid; "overdue" follows `crm_store.payments.is_overdue` (due before
today and money still outstanding), computed in SQL so the same rows come back on SQLite and
PostgreSQL.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import or_
from sqlmodel import Session, col, select

from crm_store.models import Customer, Invoice

OPEN_STATUSES = ("unpaid", "partially_paid")


def _open():
    return col(Invoice.status).in_(OPEN_STATUSES)


def invoices_for_customer(session: Session, customer_id: int) -> list[Invoice]:
    """All of a customer's invoices, latest due date first."""
    statement = (
        select(Invoice)
        .where(Invoice.customer_id == customer_id)
        .order_by(col(Invoice.due_date).desc(), col(Invoice.number))
    )
    return list(session.exec(statement))


def overdue_invoices(
    session: Session, today: date, customer_id: int | None = None, owner_id: int | None = None
) -> list[Invoice]:
    """Open invoices due before ``today``, oldest first; optionally of one customer or owner."""
    statement = select(Invoice).where(_open(), col(Invoice.due_date) < today)
    return _filtered(session, statement, customer_id, owner_id)


def invoices_due_within(
    session: Session, today: date, days: int, customer_id: int | None = None, owner_id: int | None = None
) -> list[Invoice]:
    """Open invoices due from ``today`` to ``today + days`` inclusive, soonest first."""
    statement = select(Invoice).where(
        _open(), col(Invoice.due_date) >= today, col(Invoice.due_date) <= today + timedelta(days=days)
    )
    return _filtered(session, statement, customer_id, owner_id)


def _filtered(session: Session, statement, customer_id: int | None, owner_id: int | None) -> list[Invoice]:
    if customer_id is not None:
        statement = statement.where(Invoice.customer_id == customer_id)
    if owner_id is not None:
        statement = statement.join(Customer, col(Customer.id) == col(Invoice.customer_id)).where(
            Customer.owner_id == owner_id
        )
    return list(session.exec(statement.order_by(col(Invoice.due_date), col(Invoice.number))))


def unmatched_open_invoices(session: Session) -> list[Invoice]:
    """Open invoices whose ERP partner is not matched to a customer yet."""
    statement = select(Invoice).where(_open(), col(Invoice.customer_id).is_(None))
    return list(session.exec(statement.order_by(col(Invoice.due_date))))


def invoices_of_partner(
    session: Session, erp_source: str, partner_id: str, partner_code: str | None, partner_name: str
) -> list[Invoice]:
    """Unmatched invoices of one ERP partner (by code when it has one, else by the ERP's spelling)."""
    conditions = [Invoice.customer_name == partner_name]
    if partner_code:
        conditions.append(Invoice.customer_code == partner_code)
    statement = select(Invoice).where(
        Invoice.erp_source == erp_source, or_(*conditions), col(Invoice.customer_id).is_(None)
    )
    return list(session.exec(statement))
