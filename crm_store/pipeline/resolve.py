"""The one validation step after parsing (offline or LLM): names → ids, period → dates, permissions.

Unknown reps and customers become a clear error with the nearest names; a rep asking about
someone else's numbers is told so without a single number leaking.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date, timedelta
from sqlmodel import Session, select

from core.errors import UserFacingError
from core.questions import Asker
from crm_store.models import Customer, User
from crm_store.names import by_short_name, normalize_customer_name, normalize_person_name
from crm_store.payments import DEFAULT_DUE_SOON_DAYS
from crm_store.pipeline import messages
from crm_store.pipeline.periods import DateRange, resolve_period
from crm_store.pipeline.query import PipelineQuery
from crm_store.pipeline.vocabulary import (
    CustomerName,
    Person,
    Vocabulary,
    customers_by_reading,
    similar_names,
    sounds_like,
)
from crm_store.repositories.customers import match_customer, similar_customers
from crm_store.visibility import RepVisibility, Scope, scope_for


# Names written in kanji are matched as written; only romaji and kana are matched by their sound.
_KANJI = re.compile(r"[\u3400-\u9fff々]")


@dataclass(frozen=True)
class ResolvedQuery:
    query: PipelineQuery
    today: date
    span: DateRange | None = None
    # Several reps or customers ("田中さんと山本さん"): any of them.
    owner_ids: tuple[int, ...] = ()
    owner_names: tuple[str, ...] = ()
    customer_ids: tuple[int, ...] = ()
    customer_names: tuple[str, ...] = ()
    # What the asker may see (crm_store.visibility); every statement adds its predicates.
    scope: Scope = Scope.nothing()
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
    visibility: RepVisibility = "own",
    due_soon_days: int = DEFAULT_DUE_SOON_DAYS,
) -> ResolvedQuery:
    """Check names, dates and permissions; raise `UserFacingError` with suggestions when needed."""
    span = resolve_period(query.period, today, fiscal_start_month) if query.period else None
    if span and span.start and span.end and span.end < span.start:
        raise UserFacingError(
            messages.BAD_PERIOD, period=f"{span.start.isoformat()} – {span.end.isoformat()}"
        )
    owners = list({u.id: u for u in (_owner(session, name) for name in query.owners)}.values())
    customers = list({c.id: c for c in (_customer(session, name) for name in query.customers)}.values())
    scope = scope_for(session, asker, visibility)
    if not scope.customers:
        raise UserFacingError(messages.WHO_ARE_YOU)
    for owner in owners:
        if not scope.sees_owner(owner.id):
            raise UserFacingError(messages.NOT_YOURS, what=owner.name)
    # A customer's deals: those the asker may see; its invoices: only its owner's (and managers').
    for customer in customers:
        if query.subject != "deals" and not scope.sees_invoices_of(customer):
            raise UserFacingError(messages.NOT_YOURS, what=customer.name)
    return ResolvedQuery(
        query=query,
        today=today,
        span=span,
        owner_ids=tuple(u.id for u in owners if u.id is not None),
        owner_names=tuple(u.name for u in owners),
        customer_ids=tuple(c.id for c in customers if c.id is not None),
        customer_names=tuple(c.name for c in customers),
        scope=scope,
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
    if not prefixed and not _KANJI.search(name):  # "Sato", 「さとう」: by reading (kana column, else Sudachi's)
        prefixed = [u for u in users if sounds_like(name, u.name, u.kana)]
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
    names = [u.name for k in near for u in users if u.normalized_name == k]
    vocabulary = Vocabulary(people=[Person(u.id or 0, u.name, u.role, (), u.kana) for u in users])
    names = list(dict.fromkeys([*similar_names(vocabulary, name), *names]))[:3]
    if names:
        raise UserFacingError(messages.UNKNOWN_OWNER_NEAR, name=name, names=", ".join(names))
    raise UserFacingError(messages.UNKNOWN_OWNER, name=name, names=", ".join(u.name for u in users))


def _customer(session: Session, name: str) -> Customer:
    match = match_customer(session, name)
    if match.customer is not None:
        return match.customer
    rows = session.exec(select(Customer.id, Customer.name, Customer.normalized_name, Customer.kana))
    customers = [CustomerName(*row) for row in rows]
    sounding = customers_by_reading(Vocabulary(customers=customers), name)
    # "Hokuto Denshi" → 北斗電子工業株式会社; a name written in kanji that only sounds alike is a guess.
    if len(sounding) == 1 and not _KANJI.search(name):
        found = session.get(Customer, sounding[0].id)
        if found is not None:
            return found
    # 「大洋化学の案件」: the short name of one customer (大洋化学工業), written as the CRM writes it.
    shortened = by_short_name((c.id, c.normalized) for c in customers).get(normalize_customer_name(name), [])
    if len(shortened) == 1 and (found := session.get(Customer, shortened[0])) is not None:
        return found
    near = [c for c in (session.get(Customer, s.id) for s in sounding[:3]) if c is not None]
    near = near or match.candidates or similar_customers(session, name)
    if near:
        raise UserFacingError(
            messages.UNKNOWN_CUSTOMER_NEAR, name=name, names=", ".join(c.name for c in near)
        )
    raise UserFacingError(messages.UNKNOWN_CUSTOMER, name=name)
