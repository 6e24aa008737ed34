"""Writing an approved draft to the CRM: activity, next actions, contacts, deal, maybe a new customer."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, select

from capture import messages
from capture.matching import match_contacts, match_draft_customer, match_open_deal
from capture.schema import ActivityDraft
from capture.views import SavedActivity
from core.clock import utcnow
from core.errors import UserFacingError
from core.glossary import Glossary
from core.money import format_amount
from crm_store.models import Activity, Contact, Customer, Deal, NextAction, User
from crm_store.names import normalize_customer_name, normalize_person_name, normalize_text_key
from crm_store.ops_models import StoredInput
from crm_store.repositories.users import get_by_slack_id
from crm_store.stages import STAGES, Stage
from crm_store.visibility import RepVisibility, may_change_deal

_STAGE_ORDER = [Stage.INITIAL_CONTACT, Stage.PROPOSAL, Stage.QUOTE, Stage.NEGOTIATION, Stage.AWAITING_DECISION]


def claim_for_saving(session: Session, input_id: int) -> bool:
    """Mark the input saved inside the saving transaction; False when another save got there first.

    The conditional UPDATE takes the row lock, so two concurrent saves cannot both write.
    """
    result = session.execute(update(StoredInput).where(col(StoredInput.id) == input_id,
                                                    col(StoredInput.status) != "saved")
                             .values(status="saved", updated_at=utcnow()))
    return result.rowcount == 1


def existing_result(session: Session, input_id: int) -> SavedActivity | None:
    activity = session.exec(select(Activity).where(Activity.input_id == input_id)).first()
    if activity is None:
        return None
    customer = session.get(Customer, activity.customer_id)
    deal = session.get(Deal, activity.deal_id) if activity.deal_id else None
    actions = session.exec(select(NextAction.id).where(NextAction.activity_id == activity.id)).all()
    return SavedActivity(input_id=input_id, activity_id=activity.id or 0, customer_id=activity.customer_id,
                         customer_name=customer.name if customer else "", deal_id=activity.deal_id,
                         deal_name=deal.name if deal else None, next_action_ids=[a for a in actions if a],
                         already_saved=True)


def _customer(session: Session, draft: ActivityDraft) -> tuple[Customer, bool]:
    match = match_draft_customer(session, draft)
    if match.status == "matched" and match.customer_id is not None:
        customer = session.get(Customer, match.customer_id)
        assert customer is not None
        return customer, False
    if match.status == "none":
        raise UserFacingError(messages.NO_CUSTOMER)
    if match.status == "ambiguous":
        raise UserFacingError(messages.AMBIGUOUS_CUSTOMER, name=match.name,
                              candidates=", ".join(c.name for c in match.candidates))
    if not draft.confirm_new_customer:
        raise UserFacingError(messages.NEW_CUSTOMER_NOT_CONFIRMED, name=match.name)
    name = draft.customer.value or ""
    customer = Customer(name=name, normalized_name=normalize_customer_name(name))
    session.add(customer)
    session.flush()
    return customer, True


def _deal_name(draft: ActivityDraft, text: str, glossary: Glossary) -> str:
    for entry in glossary.products:
        if any(s in text for s in entry.spellings):
            return f"{entry.name} 案件" if draft.language == "ja" else f"{entry.name} deal"
    summary = (draft.summary.value or "").strip()
    return (summary[:40] or ("新規案件" if draft.language == "ja" else "New deal"))


def _apply_deal(session: Session, draft: ActivityDraft, customer: Customer, text: str, glossary: Glossary,
                owner: User | None, visibility: RepVisibility = "own") -> tuple[Deal | None, bool]:
    amount, stage = draft.deal.amount.value, draft.deal.stage.value
    view, _ = match_open_deal(session, customer.id or 0, text, glossary, draft.deal_id)
    if view is not None:
        deal = session.get(Deal, view.id)
        assert deal is not None
        if not may_change_deal(session, owner, deal, visibility):
            _propose_to_owner(session, deal, owner, amount=amount, currency=draft.deal.currency.value, stage=stage)
            return deal, False
        if amount is not None and deal.amount != amount:
            deal.amount = amount
            deal.currency = draft.deal.currency.value or deal.currency
        if stage and stage != deal.stage:
            deal.stage = stage
        if deal.stage == Stage.LOST.value and draft.deal.loss_reason.value:
            deal.loss_reason = draft.deal.loss_reason.value
        if session.is_modified(deal):
            deal.updated_at = utcnow()
            session.add(deal)
        return deal, False
    if amount is None and stage is None:
        return None, False
    name = _deal_name(draft, text, glossary)
    deal = Deal(customer_id=customer.id or 0, name=name, normalized_name=normalize_text_key(name),
                owner_id=owner.id if owner else customer.owner_id, stage=stage or Stage.INITIAL_CONTACT.value,
                amount=amount, currency=draft.deal.currency.value or "JPY",
                loss_reason=draft.deal.loss_reason.value if stage == Stage.LOST.value else None)
    session.add(deal)
    session.flush()
    return deal, True


def _propose_to_owner(session: Session, deal: Deal, proposer: User | None, *, amount: Any, currency: str | None,
                      stage: str | None) -> None:
    """Another rep's deal is not changed by this memo: its owner gets a next action proposing the change."""
    owner = session.get(User, deal.owner_id) if deal.owner_id else None
    language = "en" if owner is not None and owner.language == "en" else "ja"
    changes = []
    if stage and stage != deal.stage:
        changes.append(STAGES[Stage(stage)].label(language))
    if amount is not None and amount != deal.amount:
        changes.append(format_amount(amount, currency or deal.currency, language))
    if not changes:
        return
    text = messages.PROPOSED_CHANGE.format(language, who=proposer.name if proposer else "?", deal=deal.name,
                                           changes=", ".join(changes))
    session.add(NextAction(customer_id=deal.customer_id, deal_id=deal.id, owner_id=deal.owner_id, description=text))


def _contacts(session: Session, draft: ActivityDraft, customer: Customer) -> list[int]:
    # Known already (exactly, as the only contact whose full name starts with it, or by reading): not new.
    known = {m.name for m in match_contacts(session, customer.id or 0, draft) if m.contact_id is not None}
    existing: set[str] = set()
    ids = []
    for contact in draft.contacts:
        name = contact.name.value
        key = normalize_person_name(name or "")
        if not name or not key or name in known or key in existing:
            continue
        row = Contact(customer_id=customer.id or 0, name=name, normalized_name=key, title=contact.title.value)
        session.add(row)
        session.flush()
        existing.add(key)
        ids.append(row.id or 0)
    return ids


def write_activity(session: Session, stored: StoredInput, draft: ActivityDraft, *, source_text: str,
                   glossary: Glossary, approved_by_slack_id: str | None, today: date,
                   visibility: RepVisibility = "own") -> SavedActivity:
    """Everything one approved draft writes, in the caller's session (one transaction)."""
    approver = get_by_slack_id(session, approved_by_slack_id) if approved_by_slack_id else None
    customer, created_customer = _customer(session, draft)
    deal, created_deal = _apply_deal(session, draft, customer, source_text, glossary, approver, visibility)
    extracted: dict[str, Any] = draft.model_dump(mode="json")
    activity = Activity(customer_id=customer.id or 0, deal_id=deal.id if deal else None,
                        type=draft.activity_type.value or "other", occurred_on=draft.occurred_on.value or today,
                        summary=draft.summary.value or source_text[:500], source_kind=stored.kind,
                        input_id=stored.id, extracted=extracted,
                        created_by_id=approver.id if approver else None,
                        approved_by_id=approver.id if approver else None, approved_at=utcnow())
    session.add(activity)
    session.flush()
    action_ids = []
    for action in draft.next_actions:
        if not action.description.value:
            continue
        row = NextAction(activity_id=activity.id, customer_id=customer.id, deal_id=deal.id if deal else None,
                         owner_id=approver.id if approver else customer.owner_id,
                         description=action.description.value, due=action.due.value)
        session.add(row)
        session.flush()
        action_ids.append(row.id or 0)
    contact_ids = _contacts(session, draft, customer)
    return SavedActivity(input_id=stored.id or 0, activity_id=activity.id or 0, customer_id=customer.id or 0,
                         customer_name=customer.name, deal_id=deal.id if deal else None,
                         deal_name=deal.name if deal else None, next_action_ids=action_ids,
                         contact_ids=contact_ids, created_customer=created_customer, created_deal=created_deal)
