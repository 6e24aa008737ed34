"""Invoice aggregates in SQL: outstanding = total − paid, overdue = due before today and not fully
paid (the same rules as `crm_store.payments`), per currency, exact in integer cents."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, and_, cast, func, literal
from sqlalchemy.sql import ColumnElement
from sqlmodel import Session, col, select

from crm_store.models import Customer, Invoice, User
from crm_store.pipeline.deal_sql import amount_bounds, month_key
from crm_store.pipeline.resolve import ResolvedQuery

# "Due soon": due from today through this many days ahead.

_TOTAL_CENTS = cast(func.round(func.coalesce(col(Invoice.total), 0) * 100), BigInteger)
_PAID_CENTS = cast(func.round(func.coalesce(col(Invoice.paid), 0) * 100), BigInteger)
_OUTSTANDING_CENTS = _TOTAL_CENTS - _PAID_CENTS


@dataclass(frozen=True)
class InvoiceGroup:
    key: str | None
    label: str | None
    currency: str
    count: int
    total: Decimal
    paid: Decimal
    outstanding: Decimal


@dataclass(frozen=True)
class InvoiceLine:
    number: str
    customer: str
    due_date: date | None
    total: Decimal
    outstanding: Decimal
    currency: str


def invoice_filters(rq: ResolvedQuery) -> list[ColumnElement[bool]]:
    q = rq.query
    where: list[ColumnElement[bool]] = []
    if q.invoice_status in ("outstanding", "overdue", "due_soon"):
        where.append(_OUTSTANDING_CENTS > 0)
    if q.invoice_status == "paid":
        where.append(_PAID_CENTS > 0)
    if q.invoice_status == "overdue":
        where.append(col(Invoice.due_date) < rq.today)
    elif q.invoice_status == "due_soon":
        where += [col(Invoice.due_date) >= rq.today, col(Invoice.due_date) <= rq.due_soon_until]
    if rq.customer_ids:
        where.append(col(Invoice.customer_id).in_(rq.customer_ids))
    if rq.owner_ids:
        owned = select(Customer.id).where(col(Customer.owner_id).in_(rq.owner_ids))
        where.append(col(Invoice.customer_id).in_(owned))
    if not rq.scope.is_everything:
        where.append(rq.scope.invoice_clause())
    if q.amount is not None:  # the amount asked about: the invoice total, or what is still owed
        cents = {"all": _TOTAL_CENTS, "paid": _PAID_CENTS}.get(q.invoice_status, _OUTSTANDING_CENTS)
        where += [col(Invoice.currency) == q.amount.currency, *amount_bounds(cents, q.amount)]
    if q.industry:
        where.append(col(Invoice.customer_id).in_(select(Customer.id).where(Customer.industry == q.industry)))
    if rq.span is not None:
        # "Invoiced last month" is about the issue date; everything else about the due date.
        day = col(Invoice.issue_date) if q.invoice_status == "all" else col(Invoice.due_date)
        if rq.span.start is not None:
            where.append(day >= rq.span.start)
        if rq.span.end is not None:
            where.append(day <= rq.span.end)
    return where


def _group_column(rq: ResolvedQuery, dialect: str) -> ColumnElement[Any] | None:
    group = rq.query.group_by
    if group == "customer":
        return func.coalesce(cast(col(Invoice.customer_id), BigInteger), literal(-1))
    if group == "owner":
        return func.coalesce(cast(col(Customer.owner_id), BigInteger), literal(-1))
    if group == "month":
        return month_key(dialect, col(Invoice.due_date))
    return None


def invoice_groups(session: Session, rq: ResolvedQuery) -> list[InvoiceGroup]:
    dialect = session.get_bind().dialect.name
    group = _group_column(rq, dialect)
    key = (group if group is not None else literal(None)).label("key")
    statement = (
        select(
            key,
            col(Invoice.currency),
            func.count(),
            func.coalesce(func.sum(_TOTAL_CENTS), 0),
            func.coalesce(func.sum(_PAID_CENTS), 0),
            func.coalesce(func.sum(_OUTSTANDING_CENTS), 0),
        )
        .select_from(Invoice)
        .outerjoin(Customer, col(Customer.id) == col(Invoice.customer_id))
        .where(and_(True, *invoice_filters(rq)))
        .group_by(*(x for x in (group,) if x is not None), col(Invoice.currency))
    )
    rows = session.exec(statement).all()  # type: ignore[call-overload]
    labels = _labels(session, rq.query.group_by, {row[0] for row in rows})
    groups = [
        InvoiceGroup(
            key=None if row[0] is None else str(row[0]),
            label=labels.get(row[0], None if row[0] is None else str(row[0])),
            currency=row[1],
            count=int(row[2]),
            total=Decimal(int(row[3])) / 100,
            paid=Decimal(int(row[4])) / 100,
            outstanding=Decimal(int(row[5])) / 100,
        )
        for row in rows
    ]
    if rq.query.group_by == "month":
        return sorted(groups, key=lambda g: (g.key or "9999", g.currency))
    return sorted(groups, key=lambda g: (g.currency != "JPY", g.currency, -g.outstanding, g.label or ""))


def _labels(session: Session, group_by: str | None, keys: set[Any]) -> dict[Any, str]:
    ids = [int(k) for k in keys if k is not None and int(k) >= 0] if group_by in ("owner", "customer") else []
    found: dict[Any, str] = {-1: "—"}
    if group_by == "owner" and ids:
        found |= {u.id: u.name for u in session.exec(select(User).where(col(User.id).in_(ids)))}
    if group_by == "customer" and ids:
        found |= {c.id: c.name for c in session.exec(select(Customer).where(col(Customer.id).in_(ids)))}
    return found


def invoice_lines(session: Session, rq: ResolvedQuery, limit: int = 50) -> list[InvoiceLine]:
    statement = (
        select(
            Invoice.number,
            func.coalesce(Customer.name, Invoice.customer_name),
            Invoice.due_date,
            _TOTAL_CENTS,
            _OUTSTANDING_CENTS,
            Invoice.currency,
        )
        .select_from(Invoice)
        .outerjoin(Customer, col(Customer.id) == col(Invoice.customer_id))
        .where(and_(True, *invoice_filters(rq)))
        .order_by(col(Invoice.due_date), col(Invoice.number))
        .limit(limit)
    )
    return [
        InvoiceLine(
            number=r[0],
            customer=r[1],
            due_date=r[2],
            total=Decimal(int(r[3])) / 100,
            outstanding=Decimal(int(r[4])) / 100,
            currency=r[5],
        )
        for r in session.exec(statement).all()
    ]  # type: ignore[call-overload]


def invoiced_in_period(session: Session, rq: ResolvedQuery) -> list[tuple[str, int, Decimal, Decimal]]:
    """(currency, count, invoiced, paid) of invoices issued in the period: the ERP's "actual"."""
    where: list[ColumnElement[bool]] = []
    if rq.span is not None and rq.span.start is not None:
        where.append(col(Invoice.issue_date) >= rq.span.start)
    if rq.span is not None and rq.span.end is not None:
        where.append(col(Invoice.issue_date) <= rq.span.end)
    if rq.owner_ids:
        owned = select(Customer.id).where(col(Customer.owner_id).in_(rq.owner_ids))
        where.append(col(Invoice.customer_id).in_(owned))
    if not rq.scope.is_everything:
        where.append(rq.scope.invoice_clause())
    if rq.customer_ids:
        where.append(col(Invoice.customer_id).in_(rq.customer_ids))
    statement = (
        select(
            col(Invoice.currency),
            func.count(),
            func.coalesce(func.sum(_TOTAL_CENTS), 0),
            func.coalesce(func.sum(_PAID_CENTS), 0),
        )
        .where(and_(True, *where))
        .group_by(col(Invoice.currency))
    )
    return [
        (r[0], int(r[1]), Decimal(int(r[2])) / 100, Decimal(int(r[3])) / 100)
        for r in session.exec(statement).all()
    ]  # type: ignore[call-overload]
