"""Matching a draft to the CRM: customer (ERP code, normalized name), its open deal, unpaid invoices."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from capture.extraction.spans import FoldedText
from capture.ports import KnownCustomer
from capture.schema import ActivityDraft
from capture.views import (
    CandidateView,
    ContactMatchView,
    CustomerMatchView,
    DealMatchView,
    OverdueInvoiceView,
)
from core.glossary import Glossary
from crm_store.models import Contact, Customer, Deal
from crm_store.names import normalize_person_name, normalize_text_key
from crm_store.payments import outstanding
from crm_store.repositories import invoices as invoice_queries
from crm_store.repositories.customers import match_customer
from crm_store.repositories.deals import list_deals
from crm_store.stages import OPEN_STAGES


def known_customers(session: Session) -> list[KnownCustomer]:
    rows = session.exec(select(Customer.id, Customer.name, Customer.erp_code)).all()
    return [KnownCustomer(id=row[0], name=row[1], erp_code=row[2]) for row in rows]


def match_draft_customer(session: Session, draft: ActivityDraft,
                         known: list[KnownCustomer] | None = None) -> CustomerMatchView:
    """matched / ambiguous / new (a name the CRM lacks) / none (no name): never a silent merge."""
    if draft.customer_id is not None:
        customer = session.get(Customer, draft.customer_id)
        if customer is not None:
            return CustomerMatchView(status="matched", customer_id=customer.id, name=customer.name)
    name = draft.customer.value
    if not name:
        return CustomerMatchView(status="none")
    # The ERP code when the memo quoted one ("C0001"), else the name.
    code = next((k.erp_code for k in known or [] if k.erp_code and k.name == name), None)
    result = match_customer(session, name, code)
    if result.matched and result.customer is not None:
        return CustomerMatchView(status="matched", customer_id=result.customer.id, name=result.customer.name)
    if result.status in ("ambiguous", "conflict"):
        return CustomerMatchView(status="ambiguous", name=name,
                                 candidates=[CandidateView(id=c.id or 0, name=c.name) for c in result.candidates])
    return CustomerMatchView(status="new", name=name)


def _deal_view(deal: Deal) -> DealMatchView:
    return DealMatchView(id=deal.id or 0, name=deal.name, stage=deal.stage, amount=deal.amount,
                         currency=deal.currency)


def open_deals(session: Session, customer_id: int) -> list[Deal]:
    return list_deals(session, customer_id=customer_id, stages=list(OPEN_STAGES))


def match_open_deal(session: Session, customer_id: int, text: str, glossary: Glossary,
                    deal_id: int | None = None) -> tuple[DealMatchView | None, list[DealMatchView]]:
    """The open deal the memo is about: the only one, or the one whose name shares a product the
    memo mentions. None when it cannot be told (the rep picks from the candidates)."""
    deals = open_deals(session, customer_id)
    views = [_deal_view(d) for d in deals]
    if deal_id is not None:
        chosen = next((v for v in views if v.id == deal_id), None)
        if chosen is None and (deal := session.get(Deal, deal_id)) is not None and deal.customer_id == customer_id:
            chosen = _deal_view(deal)
        return chosen, views
    if len(deals) == 1:
        return views[0], views
    folded = FoldedText(text)
    scored = []
    for deal, view in zip(deals, views, strict=True):
        deal_key = normalize_text_key(deal.name)
        score = 0
        for entry in glossary.products:
            if any(normalize_text_key(s) in deal_key for s in entry.spellings) and \
                    any(folded.contains(s) for s in entry.spellings):
                score = max(score, max(len(s) for s in entry.spellings if folded.contains(s)))
        if folded.contains(deal.name):
            score += 100
        if score:
            scored.append((score, view))
    scored.sort(key=lambda item: -item[0])
    if scored and (len(scored) == 1 or scored[0][0] > scored[1][0]):
        return scored[0][1], views
    return None, views


def overdue_invoices(session: Session, customer_id: int, today: date) -> list[OverdueInvoiceView]:
    """The customer's overdue invoices, oldest first: the warning before an upsell."""
    return [OverdueInvoiceView(number=i.number, due_date=i.due_date, outstanding=outstanding(i),
                               currency=i.currency)
            for i in invoice_queries.overdue_invoices(session, today, customer_id=customer_id)
            if i.due_date is not None]


def match_contacts(session: Session, customer_id: int, draft: ActivityDraft) -> list[ContactMatchView]:
    """Each drafted contact with the customer's existing contact of the same (normalized) name, if any."""
    existing = {c.normalized_name: c.id for c in session.exec(select(Contact).where(Contact.customer_id == customer_id))}
    matches = []
    for contact in draft.contacts:
        if contact.name.value:
            key = normalize_person_name(contact.name.value)
            # "木村" in a memo is the CRM's "木村 正" when that is the only 木村 at this customer.
            found = existing.get(key) or _unique_prefix(existing, key)
            matches.append(ContactMatchView(name=contact.name.value, contact_id=found))
    return matches


def _unique_prefix(existing: dict[str, int | None], key: str) -> int | None:
    hits = [contact_id for name, contact_id in existing.items() if key and name.startswith(key)]
    return hits[0] if len(hits) == 1 else None
