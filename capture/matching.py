"""Matching a draft to the CRM: customer (ERP code, normalized name), its open deal, unpaid invoices."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Literal

from rapidfuzz import fuzz
from sqlmodel import Session, select

from capture.extraction.spans import FoldedText
from capture.ports import KnownCustomer
from capture.schema import ActivityDraft, DraftWarning
from capture.views import (
    CandidateView,
    ContactMatchView,
    CustomerMatchView,
    DealMatchView,
    OverdueInvoiceView,
)
from core.glossary import Glossary
from core.readings import company_reading_key, reading_key
from crm_store.models import Contact, Customer, Deal
from crm_store.names import by_short_name, normalize_customer_name, normalize_person_name, normalize_text_key
from crm_store.payments import outstanding
from crm_store.repositories import invoices as invoice_queries
from crm_store.repositories.customers import match_customer
from crm_store.repositories.deals import list_deals
from crm_store.stages import OPEN_STAGES


def known_customers(session: Session) -> list[KnownCustomer]:
    rows = session.exec(select(Customer.id, Customer.name, Customer.erp_code, Customer.kana)).all()
    return [KnownCustomer(id=row[0], name=row[1], erp_code=row[2], kana=row[3]) for row in rows]


# A reading shorter than this ("sato", "kato") is shared by too many names to match on.
MIN_READING_KEY = 6
# rapidfuzz ratios (0-100) from which two names are taken to be one spelled or heard slightly wrong
# (三河ギアテック / 三河ギヤテック: 96 by sound), and how far ahead the best must be of the next.
SIMILAR_SCORE = 88
CLEAR_MARGIN = 5
# The confidence of a customer matched by sound or shape: shown, never silent, below a typed name's.
SOUND_MATCH_CONFIDENCE = 0.7
SHAPE_MATCH_CONFIDENCE = 0.65


@dataclass(frozen=True)
class SoundMatch:
    """How a name the CRM lacks verbatim relates to its customers: one by the same reading, one by a close
    spelling or sound, several (ambiguous: nothing proposed) or none."""

    method: Literal["reading", "short", "similar", "ambiguous", "none"]
    candidates: list[KnownCustomer] = field(default_factory=list)
    score: float = 0.0
    short: bool = False  # ambiguous: several customers of this short name (not of this sound)

    @property
    def customer(self) -> KnownCustomer | None:
        return self.candidates[0] if self.method in ("reading", "short", "similar") else None


class SoundIndex:
    """The CRM's customers by reading key (kana column, else the name's reading), for matching by sound."""

    def __init__(self, customers: list[KnownCustomer]) -> None:
        self.entries: list[tuple[str, str, KnownCustomer]] = []
        for customer in customers:
            written = normalize_customer_name(customer.name)
            self.entries.append((company_reading_key(written, customer.kana), written, customer))
        self.by_key: dict[str, list[KnownCustomer]] = {}
        for key, _, customer in self.entries:
            if len(key) >= MIN_READING_KEY:
                self.by_key.setdefault(key, []).append(customer)

    @cached_property
    def by_short(self) -> dict[str, list[KnownCustomer]]:
        """Customers by short name, written and read (大洋化学 / taiyokagaku for 大洋化学工業): made when first
        asked, as reading them costs Sudachi and a memo's text is never searched by them."""
        found: dict[str, list[KnownCustomer]] = {}
        for short, customers in by_short_name((c, written) for _, written, c in self.entries).items():
            for key in {short, reading_key(short)} - {""}:
                listed = found.setdefault(key, [])
                listed += [c for c in customers if c not in listed]
        return found

    def lookup(self, key: str, written: str | None = None, *, similar: bool = True,
               short: bool = False) -> SoundMatch:
        """The customers reading ``key``; else (``short``) those whose short name is written ``written`` or
        reads ``key``; else (``similar``) the one whose reading or normalized name (``written``) is close
        enough and clearly closest."""
        if len(key) < MIN_READING_KEY:
            return SoundMatch("none")
        same = self.by_key.get(key, [])
        if len(same) == 1:
            return SoundMatch("reading", list(same), 100.0)
        if len(same) > 1:
            return SoundMatch("ambiguous", list(same), 100.0)
        if short:
            shortened = list(dict.fromkeys(self.by_short.get(written or "", []) + self.by_short.get(key, [])))
            if shortened:
                method = "short" if len(shortened) == 1 else "ambiguous"
                return SoundMatch(method, shortened, 100.0, short=True)
        if not similar:
            return SoundMatch("none")
        scored = []
        for other_key, other_written, customer in self.entries:
            if len(other_key) < MIN_READING_KEY:
                continue
            score = fuzz.ratio(key, other_key)
            if written:
                score = max(score, fuzz.ratio(written, other_written))
            if score >= SIMILAR_SCORE:
                scored.append((score, customer))
        if not scored:
            return SoundMatch("none")
        scored.sort(key=lambda item: -item[0])
        best = scored[0][0]
        close = [c for score, c in scored if best - score < CLEAR_MARGIN]
        return SoundMatch("ambiguous" if len(close) > 1 else "similar", close, best)


def match_by_sound(heard: str, customers: list[KnownCustomer]) -> SoundMatch:
    """The customer ``heard`` sounds like (the kana column, else the name's reading), is the short name of
    (「大洋化学さん」 for 大洋化学工業) or is spelled like (rapidfuzz over normalized names and readings); several
    equally good candidates are ``ambiguous``. (A memo's running text is searched by sound only: a short name
    found there may be a person's, 山田.)"""
    written = normalize_customer_name(heard)
    return SoundIndex(customers).lookup(company_reading_key(written), written, short=True)


def match_draft_customer(session: Session, draft: ActivityDraft,
                         known: list[KnownCustomer] | None = None) -> CustomerMatchView:
    """matched / ambiguous / new (a name the CRM lacks) / none (no name): never a silent merge.

    ERP code, then normalized name, then reading and close spelling; a match by sound or shape says what
    was heard (``heard``, ``method``) and several such candidates propose none of them."""
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
        return CustomerMatchView(status="matched", customer_id=result.customer.id, name=result.customer.name,
                                 method=result.status)
    if result.status in ("ambiguous", "conflict"):
        return CustomerMatchView(status="ambiguous", name=name,
                                 candidates=[CandidateView(id=c.id or 0, name=c.name) for c in result.candidates])
    if draft.confirm_new_customer:
        # The rep said, after seeing any sound-alike, that this is a new customer.
        return CustomerMatchView(status="new", name=name)
    sound = match_by_sound(name, known if known is not None else known_customers(session))
    if sound.customer is not None:
        return CustomerMatchView(status="matched", customer_id=sound.customer.id, name=sound.customer.name,
                                 heard=name, method=sound.method)
    if sound.method == "ambiguous":
        # Several customers of one short name are simply several matches; of one sound, "heard as" them.
        heard = {} if sound.short else {"heard": name, "method": "reading"}
        return CustomerMatchView(status="ambiguous", name=name, **heard,
                                 candidates=[CandidateView(id=c.id, name=c.name) for c in sound.candidates])
    return CustomerMatchView(status="new", name=name)


def note_sound_match(draft: ActivityDraft, match: CustomerMatchView) -> DraftWarning:
    """A customer matched by reading or spelling is never silent: the draft's customer confidence drops to
    the match's, and a warning says what was heard and what it was matched to."""
    ceiling = SHAPE_MATCH_CONFIDENCE if match.method == "similar" else SOUND_MATCH_CONFIDENCE
    draft.customer.confidence = min(draft.customer.confidence, ceiling)
    key = {"reading": "customer_by_reading", "short": "customer_by_short_name"}.get(match.method or "",
                                                                                  "customer_by_spelling")
    return DraftWarning(key=key, params={"heard": match.heard, "name": match.name})


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
    rows = list(session.exec(select(Contact).where(Contact.customer_id == customer_id)))
    existing = {c.normalized_name: c.id for c in rows}
    matches = []
    for contact in draft.contacts:
        if contact.name.value:
            key = normalize_person_name(contact.name.value)
            # "木村" in a memo is the CRM's "木村 正" when that is the only 木村 at this customer.
            found = existing.get(key) or _unique_prefix(existing, key)
            if found is not None:
                matches.append(ContactMatchView(name=contact.name.value, contact_id=found))
                continue
            by_sound = _same_reading(rows, contact.name.value)
            matches.append(ContactMatchView(name=contact.name.value, contact_id=by_sound.id if by_sound else None,
                                            matched_name=by_sound.name if by_sound else None))
    return matches


def _same_reading(rows: list[Contact], heard: str) -> Contact | None:
    """The one contact whose name (or family name) sounds like ``heard`` (斉藤 / 斎藤, "Saito" / 斎藤)."""
    key = reading_key(normalize_person_name(heard))
    if len(key) < 3:
        return None
    hits = [row for row in rows
            if reading_key(row.normalized_name) == key or reading_key(row.name.split()[0]) == key]
    return hits[0] if len(hits) == 1 else None


def _unique_prefix(existing: dict[str, int | None], key: str) -> int | None:
    hits = [contact_id for name, contact_id in existing.items() if key and name.startswith(key)]
    return hits[0] if len(hits) == 1 else None
