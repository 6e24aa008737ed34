"""Customers: matching a name (and code) to the customer master, and suggestions."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Literal

from sqlmodel import Session, col, select

from crm_store.models import Customer
from crm_store.names import normalize_customer_name

MatchStatus = Literal["code", "name", "none", "ambiguous", "conflict"]


@dataclass
class CustomerMatch:
    """How a (name, code) pair relates to the customer master.

    ``code``/``name``: one customer, found by ERP code or by normalized name. ``none``: nobody.
    ``ambiguous``: several customers share the normalized name. ``conflict``: the name matches a
    customer whose ERP code differs from the one given. Only the first two are safe to use.
    """

    status: MatchStatus
    customer: Customer | None = None
    candidates: list[Customer] = field(default_factory=list)

    @property
    def matched(self) -> bool:
        return self.status in ("code", "name")


def match_customer(session: Session, name: str | None, code: str | None = None) -> CustomerMatch:
    """ERP code first, then normalized name; never a guess between several customers."""
    code = (code or "").strip() or None
    if code:
        by_code = session.exec(select(Customer).where(Customer.erp_code == code)).first()
        if by_code is not None:
            return CustomerMatch("code", by_code)
    if not name or not name.strip():
        return CustomerMatch("none")
    key = normalize_customer_name(name)
    found = list(session.exec(select(Customer).where(Customer.normalized_name == key).order_by(Customer.id)))
    if not found:
        return CustomerMatch("none")
    if len(found) > 1:
        return CustomerMatch("ambiguous", candidates=found)
    customer = found[0]
    if code and customer.erp_code and customer.erp_code != code:
        return CustomerMatch("conflict", candidates=[customer])
    return CustomerMatch("name", customer)


def similar_customers(session: Session, name: str, limit: int = 3) -> list[Customer]:
    """Customers whose normalized name is close to ``name``, best first (for "did you mean")."""
    key = normalize_customer_name(name)
    if not key:
        return []
    customers = list(session.exec(select(Customer)))
    scored = []
    for customer in customers:
        other = customer.normalized_name
        ratio = difflib.SequenceMatcher(None, key, other).ratio()
        if key in other or other in key:
            ratio = max(ratio, 0.8)
        if ratio >= 0.5:
            scored.append((ratio, customer.id or 0, customer))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [customer for _, _, customer in scored[:limit]]


def search_customers(session: Session, query: str | None = None, limit: int = 200) -> list[Customer]:
    statement = select(Customer).order_by(col(Customer.name)).limit(limit)
    if query:
        key = normalize_customer_name(query)
        statement = statement.where(col(Customer.normalized_name).contains(key))
    return list(session.exec(statement))
