"""The reads behind reminders, the App Home and the digest, each filtered by a visibility `Scope`.

Pipeline numbers (deals by stage, forecast) come from the pipeline answers' own SQL
(`crm_store.pipeline`), never from a second query for the same number.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from core.i18n import Language
from crm_store.models import Activity, AuditLog, Customer, Deal, NextAction, User
from crm_store.ops_models import RepDayDelivery, StoredInput
from crm_store.payments import outstanding
from crm_store.pipeline.deal_sql import deal_groups, deal_lines
from crm_store.pipeline.query import PipelineQuery
from crm_store.pipeline.resolve import ResolvedQuery
from crm_store.repositories import invoices as invoice_queries
from crm_store.rep_day.views import (
    ActionItem,
    DealChange,
    DraftItem,
    OverdueCustomer,
    StageLine,
    StaleDeal,
)
from crm_store.stages import STAGES, Stage
from crm_store.visibility import RepVisibility, Scope, asker_for_user, scope_for

REMINDER = "reminder"
WEEKLY_DIGEST = "weekly_digest"


def scope_of(session: Session, user: User, policy: RepVisibility) -> Scope:
    """What ``user`` may see, by the one visibility policy."""
    return scope_for(session, asker_for_user(user), policy)


def own_scope(user: User) -> Scope:
    """Only what is ``user``'s own: reminders and "my …" lists, whatever the team policy."""
    return Scope(owners=frozenset({user.id or 0}))


# --- next actions ---------------------------------------------------------------------------------

def _action_items(session: Session, statement: Any, today: date) -> list[ActionItem]:
    rows = session.exec(statement).all()
    return [
        ActionItem(id=a.id or 0, customer_id=a.customer_id, customer=name, description=a.description,
                   due=a.due, overdue=a.due is not None and a.due < today)
        for a, name in rows
    ]


def _open_actions(scope: Scope) -> Any:
    return (
        select(NextAction, Customer.name)
        .outerjoin(Customer, col(Customer.id) == col(NextAction.customer_id))
        .where(col(NextAction.done).is_(False), scope.next_action_clause())
    )


def due_actions(session: Session, user: User, today: date) -> list[ActionItem]:
    """``user``'s open actions due ``today`` or earlier and not snoozed past it, by customer then due."""
    statement = _open_actions(own_scope(user)).where(
        col(NextAction.due) <= today,
        or_(col(NextAction.snoozed_until).is_(None), col(NextAction.snoozed_until) <= today),
    ).order_by(col(Customer.name), col(NextAction.customer_id), col(NextAction.due), col(NextAction.id))
    return _action_items(session, statement, today)


def open_actions(session: Session, user: User, today: date, limit: int) -> tuple[list[ActionItem], int]:
    """``user``'s open actions, soonest due first (undated last), and how many there are in all."""
    base = _open_actions(own_scope(user))
    total = session.exec(select(func.count()).select_from(base.subquery())).one()
    statement = base.order_by(col(NextAction.due).is_(None), col(NextAction.due), col(NextAction.id))
    statement = statement.limit(limit)
    return _action_items(session, statement, today), int(total)


def delivered_today(session: Session, user_id: int, day: date, kind: str = REMINDER) -> set[int]:
    """Subjects (action ids, or the user for a digest) already delivered to ``user_id`` on ``day``."""
    rows = session.exec(select(RepDayDelivery.subject_id).where(
        RepDayDelivery.user_id == user_id, RepDayDelivery.day == day, RepDayDelivery.kind == kind))
    return set(rows)


# --- the App Home's lists -------------------------------------------------------------------------

def drafts_of(session: Session, slack_user_id: str | None, limit: int) -> list[DraftItem]:
    """Memos drafted for the rep and neither saved nor discarded, newest first."""
    if not slack_user_id:
        return []
    rows = session.exec(
        select(StoredInput).where(StoredInput.slack_user_id == slack_user_id, StoredInput.status == "drafted")
        .order_by(col(StoredInput.received_at).desc()).limit(limit))
    return [DraftItem(input_id=r.id or 0, kind=r.kind, customer=_draft_customer(r.draft),
                      received=r.received_at.date()) for r in rows]


def _draft_customer(draft: dict[str, Any] | None) -> str | None:
    draft = draft or {}
    matched = (draft.get("customer") or {}).get("name")
    written = ((draft.get("draft") or {}).get("customer") or {}).get("value")
    return matched or written


def overdue_customers(session: Session, user: User, today: date) -> list[OverdueCustomer]:
    """``user``'s customers with open invoices past due, the longest overdue first."""
    per_customer: dict[int, list[Any]] = defaultdict(list)
    for invoice in invoice_queries.overdue_invoices(session, today, owner_id=user.id):
        if invoice.customer_id is not None:
            per_customer[invoice.customer_id].append(invoice)
    names = {c.id: c.name for c in session.exec(select(Customer).where(col(Customer.id).in_(per_customer)))}
    result = []
    for customer_id, invoices in per_customer.items():
        totals: dict[str, Decimal] = defaultdict(Decimal)
        for invoice in invoices:
            totals[invoice.currency] += outstanding(invoice)
        dues = [i.due_date for i in invoices if i.due_date]
        result.append(OverdueCustomer(customer_id=customer_id, customer=names.get(customer_id, "?"),
                                      invoices=len(invoices), outstanding=dict(totals),
                                      oldest_due=min(dues) if dues else None))
    return sorted(result, key=lambda c: (c.oldest_due or date.max, c.customer))


# --- pipeline numbers, through the pipeline's own SQL ---------------------------------------------

def stage_lines(session: Session, rq: ResolvedQuery, language: Language) -> list[StageLine]:
    """Open deals by stage (per currency) exactly as "ステージ別の案件金額は?" answers them."""
    return [
        StageLine(stage=g.key or "", label=STAGES[Stage(g.key)].label(language) if g.key else "?",
                  currency=g.currency, count=g.count, amount=g.amount)
        for g in deal_groups(session, rq)
    ]


def by_stage_query() -> PipelineQuery:
    return PipelineQuery(subject="deals", metric="sum", status="open", group_by="stage")


def stale_deals(session: Session, rq: ResolvedQuery, today: date, days: int, language: Language,
                limit: int = 20) -> list[StaleDeal]:
    """Open deals (as ``rq`` sees them) with no activity in ``days`` days, the quietest first.

    A deal never visited counts from the day it was created.
    """
    lines = deal_lines(session, rq, limit=10_000)
    ids = [line.id for line in lines]
    last: dict[int, date] = {}
    created: dict[int, date] = {}
    if ids:
        last = {row[0]: row[1] for row in session.exec(
            select(Activity.deal_id, func.max(Activity.occurred_on))
            .where(col(Activity.deal_id).in_(ids)).group_by(col(Activity.deal_id)))}
        created = {row[0]: row[1].date() for row in session.exec(
            select(Deal.id, Deal.created_at).where(col(Deal.id).in_(ids)))}
    cutoff = today - timedelta(days=days)
    stale = []
    for line in lines:
        touched = last.get(line.id) or created.get(line.id)
        if touched is None or touched > cutoff:
            continue
        stale.append(StaleDeal(id=line.id, name=line.name, customer=line.customer, owner=line.owner,
                               stage=line.stage, stage_label=STAGES[Stage(line.stage)].label(language),
                               amount=line.amount, currency=line.currency, last_activity=last.get(line.id)))
    stale.sort(key=lambda d: (d.last_activity or date.min, d.id))
    return stale[:limit]


# --- what changed in a week (from the audit log: every deal write is there) -----------------------

def deal_changes(session: Session, scope: Scope, since: datetime, until: datetime) -> list[DealChange]:
    """Deals created or moved to another stage in [since, until): one entry per deal, first → last stage."""
    rows = session.exec(
        select(AuditLog).where(AuditLog.table_name == "deals", col(AuditLog.action).in_(("insert", "update")),
                               col(AuditLog.at) >= since, col(AuditLog.at) < until)
        .order_by(col(AuditLog.at), col(AuditLog.id)))
    first: dict[int, str | None] = {}
    latest: dict[int, str] = {}
    for row in rows:
        stage = (row.changes or {}).get("stage")
        if row.row_id is None or stage is None:
            continue
        if row.action == "insert":
            first.setdefault(row.row_id, None)
            latest[row.row_id] = stage
        elif isinstance(stage, list) and len(stage) == 2:
            first.setdefault(row.row_id, stage[0])
            latest[row.row_id] = stage[1]
    if not latest:
        return []
    deals = {d.id: d for d in session.exec(select(Deal).where(col(Deal.id).in_(latest), scope.deal_clause()))}
    customers = {c.id: c for c in session.exec(
        select(Customer).where(col(Customer.id).in_({d.customer_id for d in deals.values()})))}
    users = {u.id: u.name for u in session.exec(select(User))}
    changes = []
    for deal_id, to_stage in latest.items():
        deal = deals.get(deal_id)
        if deal is None or (first[deal_id] == to_stage):
            continue
        customer = customers.get(deal.customer_id)
        changes.append(DealChange(
            deal_id=deal_id, name=deal.name, customer=customer.name if customer else "?",
            owner=users.get(deal.owner_id), amount=deal.amount, currency=deal.currency,
            from_stage=first[deal_id], to_stage=to_stage, loss_reason=getattr(deal, "loss_reason", None)))
    return changes


def reminded_on(session: Session, days: set[date]) -> set[tuple[int, date]]:
    """(user id, day) pairs that already had their reminder on one of ``days``."""
    if not days:
        return set()
    rows = session.exec(select(RepDayDelivery.user_id, RepDayDelivery.day).where(
        col(RepDayDelivery.day).in_(sorted(days)), RepDayDelivery.kind == REMINDER).distinct())
    return {(row[0], row[1]) for row in rows}
