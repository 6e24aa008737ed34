"""One function per import kind: validate a row completely, then write it (or raise RowError)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlmodel import Session, select

from core.clock import utcnow
from crm_store import messages
from crm_store.csv_import.report import ImportReport, RowError, RowProblem
from crm_store.csv_import.values import parse_amount, parse_currency, parse_date, parse_int
from crm_store.models import ACTIVITY_TYPES, Activity, Customer, Deal, Invoice, NextAction, User
from crm_store.names import normalize_customer_name, normalize_person_name, normalize_text_key
from crm_store.ops_models import ErpUnmatchedPartner
from crm_store.payments import payment_status
from crm_store.repositories.customers import CustomerMatch, match_customer
from crm_store.repositories.deals import find_deal
from crm_store.repositories.users import find_user_by_name, get_by_slack_id
from crm_store.stages import STAGES, parse_stage


@dataclass
class RowContext:
    """What a row handler needs besides the session: its line, and where to put warnings."""

    line: int
    report: ImportReport
    seen: dict[tuple[Any, ...], int] = field(default_factory=dict)

    def warn(self, message: Any, **params: Any) -> None:
        self.report.warnings.append(RowProblem(self.line, message, params))

    def note_key(self, key: tuple[Any, ...]) -> None:
        """Warn when two rows of one file describe the same record (the later one wins)."""
        if key in self.seen:
            self.warn(messages.DUPLICATE_IN_FILE, line=self.seen[key])
        self.seen[key] = self.line


RowHandler = Callable[[Session, dict[str, str], RowContext], str]


def _required(values: dict[str, str], field_name: str) -> str:
    value = values.get(field_name, "").strip()
    if not value:
        raise RowError(messages.REQUIRED_VALUE, column=field_name)
    return value


def _parsed(parser: Callable[[str], Any], values: dict[str, str], field_name: str, error: Any) -> Any:
    raw = values.get(field_name, "")
    try:
        return parser(raw)
    except (ValueError, ArithmeticError):
        raise RowError(error, column=field_name, value=raw) from None


def _amount(values: dict[str, str], field_name: str) -> Decimal | None:
    amount = _parsed(parse_amount, values, field_name, messages.BAD_AMOUNT)
    if amount is not None and amount < 0:
        raise RowError(messages.NEGATIVE_AMOUNT, column=field_name, value=values[field_name])
    return amount


def _apply(obj: Any, **fields: Any) -> bool:
    """Set the fields whose new value is given and differs; an empty cell never erases data."""
    changed = False
    for name, value in fields.items():
        if value is not None and getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def _owner(session: Session, name: str | None, ctx: RowContext) -> User | None:
    if not name:
        return None
    user = find_user_by_name(session, name)
    if user is None:
        ctx.warn(messages.UNKNOWN_OWNER, name=name)
    return user


def _unambiguous_match(session: Session, name: str, code: str | None) -> CustomerMatch:
    """A match that is one customer or none; several candidates or a code clash fail the row."""
    match = match_customer(session, name, code)
    if match.status == "ambiguous":
        raise RowError(messages.AMBIGUOUS_CUSTOMER, name=name,
                       candidates=", ".join(c.name for c in match.candidates))
    if match.status == "conflict":
        raise RowError(messages.CODE_CONFLICT, name=name, existing=match.candidates[0].erp_code, code=code)
    return match


def _customer_for_row(session: Session, name: str, code: str | None, ctx: RowContext) -> Customer:
    """The row's customer: matched by code or normalized name, else created (and reported)."""
    match = _unambiguous_match(session, name, code)
    if match.customer is not None:
        return match.customer
    customer = Customer(name=name, normalized_name=normalize_customer_name(name), erp_code=code or None)
    session.add(customer)
    session.flush()
    ctx.report.new_customers.append(name)
    return customer


def import_user_row(session: Session, values: dict[str, str], ctx: RowContext) -> str:
    name = _required(values, "name")
    role = _role(values.get("role", ""))
    language = (values.get("language") or "ja").strip().lower()[:2] or "ja"
    slack_id = values.get("slack_user_id", "").strip() or None
    ctx.note_key(("user", slack_id or normalize_person_name(name)))
    user = get_by_slack_id(session, slack_id) if slack_id else None
    if user is None:
        key = normalize_person_name(name)
        user = session.exec(select(User).where(User.normalized_name == key)).first()
    team = values.get("team", "").strip()[:100] or None
    groups = _groups(values.get("groups", ""))
    if user is None:
        session.add(User(name=name, normalized_name=normalize_person_name(name), slack_user_id=slack_id,
                         role=role or "rep", language=language, team=team, groups=groups,
                         kana=values.get("kana") or None))
        return "created"
    changed = _apply(user, name=name, normalized_name=normalize_person_name(name), slack_user_id=slack_id,
                     role=role, language=language if values.get("language") else None, team=team,
                     groups=groups, kana=values.get("kana") or None)
    return "updated" if changed else "unchanged"


def _groups(raw: str) -> list[str] | None:
    """``engineering; 関西`` → ["engineering", "関西"] (comma, semicolon, 、 or ・ separated)."""
    names = [part.strip().lower() for part in re.split(r"[,;、・]", raw) if part.strip()]
    for name in names:
        if not re.fullmatch(r"[\w\-]+", name):
            raise RowError(messages.BAD_GROUP, value=name)
    return sorted(set(names)) or None


_ROLE_WORDS = {"rep": "rep", "sales": "rep", "営業": "rep", "担当": "rep", "manager": "manager",
               "マネージャー": "manager", "課長": "manager", "部長": "manager", "admin": "admin",
               "管理者": "admin", "管理": "admin"}


def _role(raw: str) -> str | None:
    if not raw.strip():
        return None
    role = _ROLE_WORDS.get(normalize_text_key(raw))
    if role is None:
        raise RowError(messages.BAD_ROLE, value=raw)
    return role


def import_customer_row(session: Session, values: dict[str, str], ctx: RowContext) -> str:
    name = _required(values, "name")
    code = values.get("code", "").strip() or None
    ctx.note_key(("customer", code or normalize_customer_name(name)))
    owner = _owner(session, values.get("owner"), ctx)
    match = _unambiguous_match(session, name, code)
    details = {"erp_code": code, "kana": values.get("kana") or None,
               "industry": values.get("industry") or None, "owner_id": owner.id if owner else None}
    if match.customer is None:
        session.add(Customer(name=name, normalized_name=normalize_customer_name(name), **details))
        ctx.report.new_customers.append(name)
        return "created"
    customer = match.customer
    if match.status == "code":  # the ERP code is the identity; the company may have been renamed
        details |= {"name": name, "normalized_name": normalize_customer_name(name)}
    changed = _apply(customer, **details)
    if changed:
        customer.updated_at = utcnow()
    return "updated" if changed else "unchanged"


def import_deal_row(session: Session, values: dict[str, str], ctx: RowContext) -> str:
    deal_name = _required(values, "deal_name")
    customer_name = _required(values, "customer_name")
    raw_stage = _required(values, "stage")
    stage = parse_stage(raw_stage)
    if stage is None:
        raise RowError(messages.BAD_STAGE, value=raw_stage,
                       stages=", ".join(f"{s.value}/{i.label_ja}" for s, i in STAGES.items()))
    amount = _amount(values, "amount")
    currency = _parsed(parse_currency, values, "currency", messages.BAD_CURRENCY)
    expected_close = _parsed(parse_date, values, "expected_close", messages.BAD_DATE)
    probability = _parsed(parse_int, values, "probability", messages.BAD_PROBABILITY)
    if probability is not None and not 0 <= probability <= 100:
        raise RowError(messages.BAD_PROBABILITY, value=values["probability"])
    code = values.get("customer_code", "").strip() or None
    customer = _customer_for_row(session, customer_name, code, ctx)
    owner = _owner(session, values.get("owner"), ctx)
    ctx.note_key(("deal", customer.id, normalize_text_key(deal_name)))
    fields = {"stage": stage.value, "amount": amount, "currency": currency,
              "expected_close": expected_close, "probability": probability,
              "owner_id": owner.id if owner else None,
              "loss_reason": (values.get("loss_reason") or "").strip()[:500] or None}
    deal = find_deal(session, customer.id or 0, deal_name)
    if deal is None:
        session.add(Deal(customer_id=customer.id, name=deal_name,
                         normalized_name=normalize_text_key(deal_name), **fields))
        return "created"
    changed = _apply(deal, **fields)
    if changed:
        deal.updated_at = utcnow()
    return "updated" if changed else "unchanged"


def import_activity_row(session: Session, values: dict[str, str], ctx: RowContext) -> str:
    customer_name = _required(values, "customer_name")
    occurred_on = _parsed(parse_date, values, "occurred_on", messages.BAD_DATE)
    if occurred_on is None:
        raise RowError(messages.REQUIRED_VALUE, column="occurred_on")
    summary = _required(values, "summary")
    activity_type = (values.get("type") or "other").strip().lower()
    if activity_type not in ACTIVITY_TYPES:
        raise RowError(messages.BAD_ACTIVITY_TYPE, value=values.get("type"))
    due = _parsed(parse_date, values, "next_action_due", messages.BAD_DATE)
    customer = _customer_for_row(session, customer_name, None, ctx)
    owner = _owner(session, values.get("owner"), ctx)
    deal = find_deal(session, customer.id or 0, values["deal_name"]) if values.get("deal_name") else None
    existing = session.exec(select(Activity).where(
        Activity.customer_id == customer.id, Activity.occurred_on == occurred_on,
        Activity.summary == summary)).first()
    if existing is not None:
        return "unchanged"
    activity = Activity(customer_id=customer.id, deal_id=deal.id if deal else None, type=activity_type,
                        occurred_on=occurred_on, summary=summary, source_kind="import",
                        created_by_id=owner.id if owner else None)
    session.add(activity)
    session.flush()
    if values.get("next_action"):
        session.add(NextAction(activity_id=activity.id, customer_id=customer.id,
                               deal_id=activity.deal_id, owner_id=activity.created_by_id,
                               description=values["next_action"], due=due))
    return "created"


def import_invoice_row(session: Session, values: dict[str, str], ctx: RowContext) -> str:
    number = _required(values, "invoice_number")
    name = values.get("customer_name", "").strip()
    code = values.get("customer_code", "").strip() or None
    if not name and not code:
        raise RowError(messages.REQUIRED_VALUE, column="customer_name")
    due_date = _parsed(parse_date, values, "due_date", messages.BAD_DATE)
    if due_date is None:
        raise RowError(messages.REQUIRED_VALUE, column="due_date")
    issue_date = _parsed(parse_date, values, "issue_date", messages.BAD_DATE)
    total = _amount(values, "total_amount")
    if total is None:
        raise RowError(messages.REQUIRED_VALUE, column="total_amount")
    paid = _amount(values, "paid_amount") or Decimal(0)
    currency = _parsed(parse_currency, values, "currency", messages.BAD_CURRENCY)
    if paid > total:
        ctx.warn(messages.PAID_EXCEEDS_TOTAL, paid=paid, total=total)
    ctx.note_key(("invoice", number))
    # The ERP owns invoices, the CRM owns customers: an invoice never creates a customer.
    match = match_customer(session, name, code)
    if not match.matched:
        _put_on_review_list(session, name or code or "", code, match.status, match.candidates)
        ctx.warn(messages.UNMATCHED_INVOICE_CUSTOMER, name=name or code)
    fields = {"number": number, "customer_id": match.customer.id if match.customer else None,
              "customer_name": name or (match.customer.name if match.customer else code),
              "customer_code": code, "issue_date": issue_date, "due_date": due_date, "total": total,
              "paid": paid, "currency": currency, "status": payment_status(total, paid)}
    invoice = session.exec(select(Invoice).where(Invoice.erp_source == "csv", Invoice.erp_id == number)).first()
    if invoice is None:
        session.add(Invoice(erp_source="csv", erp_id=number, **fields))
        return "created"
    changed = _apply(invoice, **fields)
    invoice.synced_at = utcnow()
    return "updated" if changed else "unchanged"


def _put_on_review_list(session: Session, name: str, code: str | None, reason: str,
                        candidates: list[Customer]) -> None:
    partner_id = code or normalize_customer_name(name)
    entry = session.exec(select(ErpUnmatchedPartner).where(
        ErpUnmatchedPartner.connector == "csv", ErpUnmatchedPartner.partner_id == partner_id)).first()
    if entry is None:
        session.add(ErpUnmatchedPartner(
            connector="csv", partner_id=partner_id, partner_code=code, partner_name=name,
            reason="ambiguous" if reason == "ambiguous" else "no_match",
            candidates=[{"id": c.id, "name": c.name} for c in candidates] or None))


ROW_HANDLERS: dict[str, RowHandler] = {
    "users": import_user_row,
    "customers": import_customer_row,
    "deals": import_deal_row,
    "activities": import_activity_row,
    "invoices": import_invoice_row,
}
