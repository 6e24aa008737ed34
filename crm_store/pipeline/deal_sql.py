"""Deal aggregates in SQL, exact on SQLite and PostgreSQL alike.

Amounts are summed as integer cents (``ROUND(amount * 100)``): SQLite keeps NUMERIC values with
decimals as floating point, and integer sums are exact on both databases. Weighted sums are
cents × percent, divided back in Python as Decimal. Currencies are always a grouping key, so yen
and dollars are never added together.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, and_, case, cast, func, literal
from sqlalchemy.sql import ColumnElement, Select
from sqlmodel import Session, col, select

from crm_store.models import Customer, Deal, User
from crm_store.pipeline.query import AmountFilter
from crm_store.pipeline.resolve import ResolvedQuery
from crm_store.stages import OPEN_STAGES, STAGES, Stage

_CENTS = cast(func.round(col(Deal.amount) * 100), BigInteger)
_PROBABILITY = func.coalesce(
    col(Deal.probability),
    case(
        *((col(Deal.stage) == stage.value, literal(info.probability)) for stage, info in STAGES.items()),
        else_=literal(0),
    ),
)


@dataclass(frozen=True)
class DealGroup:
    """One line of a grouped (or per-currency) result."""

    key: str | None  # stage code, owner/customer id as text, "YYYY-MM"; None when ungrouped
    label: str | None
    currency: str
    count: int
    with_amount: int
    amount: Decimal
    weighted: Decimal

    @property
    def average(self) -> Decimal | None:
        return (self.amount / self.with_amount).quantize(Decimal("0.01")) if self.with_amount else None


def month_key(dialect: str, column: Any) -> ColumnElement[str]:
    """``YYYY-MM`` of a date column in the database's own dialect."""
    if dialect == "postgresql":
        return func.to_char(column, "YYYY-MM")
    return func.strftime("%Y-%m", column)


def deal_filters(rq: ResolvedQuery) -> list[ColumnElement[bool]]:
    q = rq.query
    where: list[ColumnElement[bool]] = []
    if q.stages:
        where.append(col(Deal.stage).in_([s.value for s in q.stages]))
    elif q.status == "open":
        where.append(col(Deal.stage).in_([s.value for s in OPEN_STAGES]))
    elif q.status in ("won", "lost"):
        where.append(col(Deal.stage) == (Stage.WON if q.status == "won" else Stage.LOST).value)
    elif q.status == "closed":
        where.append(col(Deal.stage).in_([Stage.WON.value, Stage.LOST.value]))
    if rq.owner_ids:
        where.append(col(Deal.owner_id).in_(rq.owner_ids))
    if not rq.scope.is_everything:
        where.append(rq.scope.deal_clause())
    if rq.customer_ids:
        where.append(col(Deal.customer_id).in_(rq.customer_ids))
    if q.amount is not None:  # one currency: a yen bound never admits dollar deals
        where += [col(Deal.currency) == q.amount.currency, *amount_bounds(_CENTS, q.amount)]
    if q.industry:
        industry_customers = select(Customer.id).where(Customer.industry == q.industry)
        where.append(col(Deal.customer_id).in_(industry_customers))
    if rq.span is not None:
        if rq.span.start is not None:
            where.append(col(Deal.expected_close) >= rq.span.start)
        if rq.span.end is not None:
            where.append(col(Deal.expected_close) <= rq.span.end)
    return where


def _group_column(rq: ResolvedQuery, dialect: str) -> ColumnElement[Any] | None:
    group = rq.query.group_by
    if group == "stage":
        return col(Deal.stage)
    if group == "owner":
        return col(Deal.owner_id)
    if group == "customer":
        return col(Deal.customer_id)
    if group == "month":
        return month_key(dialect, col(Deal.expected_close))
    if group == "loss_reason":
        return func.coalesce(col(Deal.loss_reason), literal(""))
    return None


def amount_bounds(cents: ColumnElement[Any], amount: AmountFilter) -> list[ColumnElement[bool]]:
    """``cents`` (an integer-cents column) within the filter's bounds, exact on both databases."""
    where: list[ColumnElement[bool]] = []
    if amount.minimum is not None:
        low = int(amount.minimum * 100)
        where.append(cents > low if amount.min_exclusive else cents >= low)
    if amount.maximum is not None:
        high = int(amount.maximum * 100)
        where.append(cents < high if amount.max_exclusive else cents <= high)
    return where


def deal_groups(session: Session, rq: ResolvedQuery) -> list[DealGroup]:
    """Count, sum and weighted sum per (group, currency), in one statement."""
    dialect = session.get_bind().dialect.name
    group = _group_column(rq, dialect)
    key = (group if group is not None else literal(None)).label("key")
    statement: Select[Any] = (
        select(
            key,
            col(Deal.currency),
            func.count(),
            func.count(col(Deal.amount)),
            func.coalesce(func.sum(_CENTS), 0),
            func.coalesce(func.sum(_CENTS * _PROBABILITY), 0),
        )
        .where(and_(True, *deal_filters(rq)))
        .group_by(*(x for x in (group,) if x is not None), col(Deal.currency))
    )
    rows = session.exec(statement).all()  # type: ignore[call-overload]
    labels = _labels(session, rq.query.group_by, {row[0] for row in rows})
    groups = [
        DealGroup(
            key=None if row[0] is None else str(row[0]),
            label=labels.get(row[0], None if row[0] is None else str(row[0])),
            currency=row[1],
            count=int(row[2]),
            with_amount=int(row[3]),
            amount=Decimal(int(row[4])) / 100,
            weighted=Decimal(int(row[5])) / 10000,
        )
        for row in rows
    ]
    return sorted(groups, key=lambda g: _order(rq.query.group_by, g))


def _order(group_by: str | None, group: DealGroup) -> tuple[Any, ...]:
    if group_by == "stage":
        stage_order = [s.value for s in STAGES]
        return (stage_order.index(group.key) if group.key in stage_order else 99, group.currency)
    if group_by == "month":
        return (group.key or "9999", group.currency)
    return (group.currency != "JPY", group.currency, -group.amount, group.label or "")


def _labels(session: Session, group_by: str | None, keys: set[Any]) -> dict[Any, str]:
    ids = [k for k in keys if k is not None]
    if group_by == "owner" and ids:
        return {u.id: u.name for u in session.exec(select(User).where(col(User.id).in_(ids)))}
    if group_by == "customer" and ids:
        return {c.id: c.name for c in session.exec(select(Customer).where(col(Customer.id).in_(ids)))}
    return {}


@dataclass(frozen=True)
class DealLine:
    id: int
    name: str
    customer: str
    owner: str | None
    stage: str
    amount: Decimal | None
    currency: str
    expected_close: date | None
    probability: int
    loss_reason: str | None = None


def deal_lines(session: Session, rq: ResolvedQuery, limit: int = 50) -> list[DealLine]:
    """The deals behind an ungrouped answer, soonest close first, so a number can be checked."""
    statement = (
        select(
            Deal.id,
            Deal.name,
            Customer.name,
            User.name,
            Deal.stage,
            Deal.amount,
            Deal.currency,
            Deal.expected_close,
            _PROBABILITY,
            Deal.loss_reason,
        )
        .join(Customer, col(Customer.id) == col(Deal.customer_id))
        .outerjoin(User, col(User.id) == col(Deal.owner_id))
        .where(and_(True, *deal_filters(rq)))
        .order_by(col(Deal.expected_close).is_(None), col(Deal.expected_close), col(Deal.id))
        .limit(limit)
    )
    return [
        DealLine(
            id=r[0],
            name=r[1],
            customer=r[2],
            owner=r[3],
            stage=r[4],
            amount=None if r[5] is None else Decimal(str(r[5])).quantize(Decimal("0.01")),
            currency=r[6],
            expected_close=r[7],
            probability=int(r[8]),
            loss_reason=r[9],
        )
        for r in session.exec(statement).all()
    ]  # type: ignore[call-overload]
