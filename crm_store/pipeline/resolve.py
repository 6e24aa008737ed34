"""The one validation step after parsing (offline or LLM): names → ids, period → dates, permissions.

Unknown reps and customers become a clear error with the nearest names; a rep asking about
someone else's numbers is told so without a single number leaking.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from sqlmodel import Session, select

from core.errors import UserFacingError
from core.questions import Asker
from crm_store.models import Customer, User
from crm_store.names import normalize_person_name
from crm_store.payments import DEFAULT_DUE_SOON_DAYS
from crm_store.pipeline import messages
from crm_store.pipeline.periods import DateRange, resolve_period
from crm_store.pipeline.query import PipelineQuery
from crm_store.repositories.customers import match_customer, similar_customers

RepScope = Literal["own", "all"]


@dataclass(frozen=True)
class ResolvedQuery:
    query: PipelineQuery
    today: date
    span: DateRange | None = None
    owner_id: int | None = None
    owner_name: str | None = None
    customer_id: int | None = None
    customer_name: str | None = None
    # Set for a rep under the "own" scope: only their deals / their customers' invoices.
    restricted_to: int | None = None
    due_soon_days: int = DEFAULT_DUE_SOON_DAYS

    @property
    def due_soon_until(self) -> date:
        return self.today + timedelta(days=self.due_soon_days)


def resolve_query(
    session: Session,
    query: PipelineQuery,
    asker: Asker,
    today: date,
    *,
    fiscal_start_month: int = 4,
    rep_scope: RepScope = "own",
    due_soon_days: int = DEFAULT_DUE_SOON_DAYS,
) -> ResolvedQuery:
    """Check names, dates and permissions; raise `UserFacingError` with suggestions when needed."""
    span = resolve_period(query.period, today, fiscal_start_month) if query.period else None
    if span and span.start and span.end and span.end < span.start:
        raise UserFacingError(
            messages.BAD_PERIOD, period=f"{span.start.isoformat()} – {span.end.isoformat()}"
        )
    owner = _owner(session, query.owner) if query.owner else None
    customer = _customer(session, query.customer) if query.customer else None
    restricted_to = None
    if asker.role == "rep" and rep_scope == "own":
        if asker.user_id is None:
            raise UserFacingError(messages.WHO_ARE_YOU)
        if owner is not None and owner.id != asker.user_id:
            raise UserFacingError(messages.NOT_YOURS, what=owner.name)
        if customer is not None and query.subject != "deals" and customer.owner_id != asker.user_id:
            raise UserFacingError(messages.NOT_YOURS, what=customer.name)
        restricted_to = asker.user_id
    return ResolvedQuery(
        query=query,
        today=today,
        span=span,
        owner_id=owner.id if owner else None,
        owner_name=owner.name if owner else None,
        customer_id=customer.id if customer else None,
        customer_name=customer.name if customer else None,
        restricted_to=restricted_to,
        due_soon_days=due_soon_days,
    )


def _owner(session: Session, name: str) -> User:
    users = list(session.exec(select(User).order_by(User.id)))
    key = normalize_person_name(name)
    exact = [u for u in users if u.normalized_name == key]
    if len(exact) == 1:
        return exact[0]
    prefixed = exact or [
        u
        for u in users
        if u.normalized_name.startswith(key)
        or any(normalize_person_name(part) == key for part in u.name.split())
    ]
    if len(prefixed) == 1:
        return prefixed[0]
    if len(prefixed) > 1:
        raise UserFacingError(messages.AMBIGUOUS_OWNER, name=name, names=", ".join(u.name for u in prefixed))
    near = difflib.get_close_matches(key, [u.normalized_name for u in users], n=3, cutoff=0.5)
    near += [
        u.normalized_name
        for u in users
        if key and key[0] == u.normalized_name[0] and u.normalized_name not in near
    ]
    names = [u.name for k in near for u in users if u.normalized_name == k][:3]
    if names:
        raise UserFacingError(messages.UNKNOWN_OWNER_NEAR, name=name, names=", ".join(names))
    raise UserFacingError(messages.UNKNOWN_OWNER, name=name, names=", ".join(u.name for u in users))


def _customer(session: Session, name: str) -> Customer:
    match = match_customer(session, name)
    if match.customer is not None:
        return match.customer
    near = match.candidates or similar_customers(session, name)
    if near:
        raise UserFacingError(
            messages.UNKNOWN_CUSTOMER_NEAR, name=name, names=", ".join(c.name for c in near)
        )
    raise UserFacingError(messages.UNKNOWN_CUSTOMER, name=name)
