"""Deals: lookups by customer and name, and listing with simple filters."""

from __future__ import annotations

from sqlmodel import Session, col, select

from crm_store.models import Deal
from crm_store.names import normalize_text_key
from crm_store.stages import Stage
from crm_store.visibility import Scope


def find_deal(session: Session, customer_id: int, name: str) -> Deal | None:
    key = normalize_text_key(name)
    return session.exec(
        select(Deal).where(Deal.customer_id == customer_id, Deal.normalized_name == key)
    ).first()


def list_deals(
    session: Session,
    *,
    customer_id: int | None = None,
    stages: list[Stage] | None = None,
    owner_id: int | None = None,
    scope: Scope | None = None,
    limit: int = 500,
) -> list[Deal]:
    """Deals matching the filters; only those ``scope`` may see when given (crm_store.visibility)."""
    statement = select(Deal)
    if scope is not None:
        statement = statement.where(scope.deal_clause())
    if customer_id is not None:
        statement = statement.where(Deal.customer_id == customer_id)
    if stages:
        statement = statement.where(col(Deal.stage).in_([s.value for s in stages]))
    if owner_id is not None:
        statement = statement.where(Deal.owner_id == owner_id)
    statement = statement.order_by(col(Deal.expected_close).is_(None), col(Deal.expected_close), col(Deal.id))
    return list(session.exec(statement.limit(limit)))
