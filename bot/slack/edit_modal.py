"""The Edit modal: the draft's fields prefilled; submitted values validated and applied to the draft."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from slack_sdk.models.blocks import (
    CheckboxesElement,
    DatePickerElement,
    InputBlock,
    Option,
    PlainTextInputElement,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot.slack import action_ids as ids
from bot.slack import messages
from bot.slack.draft_blocks import ACTIVITY_TYPES, LABELS
from bot.slack.payloads import CardRef
from capture.schema import ActivityDraft, ContactDraft, FieldValue, NextActionDraft
from capture.views import DraftView
from core.i18n import Language, Message
from crm_store.stages import STAGES, Stage

_TITLE = Message(en="Edit the draft", ja="下書きを編集")
_SUBMIT = Message(en="Save", ja="保存")
_CLOSE = Message(en="Cancel", ja="キャンセル")
_CONTACTS = Message(en="Contacts (one per line: name, title)", ja="先方担当者(1行に1人: 氏名, 役職)")
_ACTIONS = Message(
    en="Next actions (one per line: what | YYYY-MM-DD)", ja="次のアクション(1行に1件: 内容 | YYYY-MM-DD)"
)
_COMPETITORS = Message(en="Competitors (comma-separated)", ja="競合(カンマ区切り)")
_CONFIRM_NEW = Message(
    en="Add this customer to the CRM if it is new", ja="未登録の顧客なら CRM に新規登録する"
)
_BAD_ACTION_DATE = Message(
    en="Line {line}: “{value}” is not a date (YYYY-MM-DD).",
    ja="{line}行目: 「{value}」は日付ではありません(YYYY-MM-DD)。",
)

FIELD_CONTACTS = "contacts"
FIELD_COMPETITORS = "competitors"


def _text_input(
    block_id: str,
    label: str,
    initial: str | None,
    *,
    multiline: bool = False,
    optional: bool = True,
    max_length: int = 3000,
) -> InputBlock:
    return InputBlock(
        block_id=block_id,
        label=label,
        optional=optional,
        element=PlainTextInputElement(
            action_id=block_id, initial_value=initial or None, multiline=multiline, max_length=max_length
        ),
    )


def build_edit_modal(view: DraftView, ref: CardRef, language: Language) -> View:
    """A modal prefilled with the draft; ``private_metadata`` carries the card reference."""
    d = view.draft
    type_options = [Option(value=k, text=m.format(language)) for k, m in ACTIVITY_TYPES.items()]
    stage_options = [Option(value=s.value, text=STAGES[s].label(language)) for s in Stage]
    initial_type = next((o for o in type_options if o.value == d.activity_type.value), None)
    initial_stage = next((o for o in stage_options if o.value == d.deal.stage.value), None)
    amount = d.deal.amount.value
    blocks = [
        _text_input(
            ids.FIELD_CUSTOMER,
            LABELS["customer"].format(language),
            view.customer.name or d.customer.value,
            optional=False,
            max_length=200,
        ),
        InputBlock(
            block_id=ids.FIELD_ACTIVITY_TYPE,
            label=LABELS["activity_type"].format(language),
            optional=False,
            element=StaticSelectElement(
                action_id=ids.FIELD_ACTIVITY_TYPE,
                options=type_options,
                initial_option=initial_type or type_options[0],
            ),
        ),
        InputBlock(
            block_id=ids.FIELD_OCCURRED_ON,
            label=LABELS["occurred_on"].format(language),
            optional=False,
            element=DatePickerElement(
                action_id=ids.FIELD_OCCURRED_ON,
                initial_date=d.occurred_on.value.isoformat() if d.occurred_on.value else None,
            ),
        ),
        _text_input(ids.FIELD_SUMMARY, LABELS["summary"].format(language), d.summary.value, multiline=True),
        _text_input(
            ids.FIELD_DEAL_AMOUNT,
            LABELS["deal.amount"].format(language),
            f"{amount:f}" if amount is not None else None,
            max_length=30,
        ),
        InputBlock(
            block_id=ids.FIELD_DEAL_STAGE,
            label=LABELS["deal.stage"].format(language),
            optional=True,
            element=StaticSelectElement(
                action_id=ids.FIELD_DEAL_STAGE, options=stage_options, initial_option=initial_stage
            ),
        ),
        _text_input(
            ids.FIELD_DEAL_LOSS_REASON, LABELS["deal.loss_reason"].format(language), d.deal.loss_reason.value,
            max_length=500,
        ),
        _text_input(
            FIELD_CONTACTS,
            _CONTACTS.format(language),
            "\n".join(
                f"{c.name.value}, {c.title.value}" if c.title.value else str(c.name.value) for c in d.contacts
            ),
            multiline=True,
        ),
        _text_input(
            ids.FIELD_NEXT_ACTION,
            _ACTIONS.format(language),
            "\n".join(
                f"{a.description.value} | {a.due.value.isoformat()}"
                if a.due.value
                else str(a.description.value)
                for a in d.next_actions
            ),
            multiline=True,
        ),
        _text_input(
            FIELD_COMPETITORS,
            _COMPETITORS.format(language),
            ", ".join(str(c.value) for c in d.competitors),
            max_length=500,
        ),
    ]
    if view.customer.status in ("new", "none", "ambiguous"):
        option = Option(value="yes", text=_CONFIRM_NEW.format(language))
        blocks.append(
            InputBlock(
                block_id=ids.FIELD_CONFIRM_NEW,
                label=_CONFIRM_NEW.format(language),
                optional=True,
                element=CheckboxesElement(action_id=ids.FIELD_CONFIRM_NEW, options=[option]),
            )
        )
    return View(
        type="modal",
        callback_id=ids.EDIT_MODAL,
        title=_TITLE.format(language),
        submit=_SUBMIT.format(language),
        close=_CLOSE.format(language),
        private_metadata=ref.dump(),
        blocks=blocks,
    )


def apply_edits(
    draft: ActivityDraft, values: dict[str, Any], language: Language
) -> tuple[ActivityDraft, dict[str, str]]:
    """(the edited draft, {block_id: error}). A changed value counts as typed by the rep: confidence 1,
    no source span; an unchanged one keeps its original confidence and source."""
    errors: dict[str, str] = {}
    edited = draft.model_copy(deep=True)

    def set_field(field: FieldValue[Any], new: Any) -> FieldValue[Any]:
        if new == field.value:
            return field
        return type(field)(value=new, confidence=1.0, source=None) if new is not None else type(field)()

    customer = (values.get(ids.FIELD_CUSTOMER) or "").strip()
    if not customer:
        errors[ids.FIELD_CUSTOMER] = messages.REQUIRED.format(language)
    edited.customer = set_field(edited.customer, customer or None)
    edited.activity_type = set_field(edited.activity_type, values.get(ids.FIELD_ACTIVITY_TYPE))
    occurred = values.get(ids.FIELD_OCCURRED_ON)
    try:
        edited.occurred_on = set_field(edited.occurred_on, date.fromisoformat(occurred) if occurred else None)
    except ValueError:
        errors[ids.FIELD_OCCURRED_ON] = messages.INVALID_DATE.format(language)
    if not occurred:
        errors[ids.FIELD_OCCURRED_ON] = messages.REQUIRED.format(language)
    edited.summary = set_field(edited.summary, (values.get(ids.FIELD_SUMMARY) or "").strip() or None)
    amount_text = (values.get(ids.FIELD_DEAL_AMOUNT) or "").strip()
    amount = parse_amount(amount_text) if amount_text else None
    if amount_text and amount is None:
        errors[ids.FIELD_DEAL_AMOUNT] = messages.INVALID_AMOUNT.format(language)
    edited.deal.amount = set_field(edited.deal.amount, amount)
    if amount is not None and edited.deal.currency.value is None:
        edited.deal.currency = type(edited.deal.currency)(value="JPY", confidence=1.0)
    edited.deal.stage = set_field(edited.deal.stage, values.get(ids.FIELD_DEAL_STAGE))
    reason = (values.get(ids.FIELD_DEAL_LOSS_REASON) or "").strip() or None
    edited.deal.loss_reason = set_field(edited.deal.loss_reason, reason)
    edited.contacts = _contacts(draft.contacts, values.get(FIELD_CONTACTS) or "")
    actions, action_error = _actions(draft.next_actions, values.get(ids.FIELD_NEXT_ACTION) or "", language)
    edited.next_actions = actions
    if action_error:
        errors[ids.FIELD_NEXT_ACTION] = action_error
    edited.competitors = _competitors(draft.competitors, values.get(FIELD_COMPETITORS) or "")
    if "yes" in (values.get(ids.FIELD_CONFIRM_NEW) or []):
        edited.confirm_new_customer = True
    return edited, errors


def parse_amount(text: str) -> Decimal | None:
    """ "1,200,000", "¥1200000", "120万", "1.2M" → a non-negative Decimal; None when unreadable."""
    cleaned = re.sub(r"[,\s¥￥円$]", "", text)
    scale = Decimal(1)
    for suffix, factor in (
        ("億", 10**8),
        ("万", 10**4),
        ("M", 10**6),
        ("m", 10**6),
        ("k", 10**3),
        ("K", 10**3),
    ):
        if cleaned.endswith(suffix):
            cleaned, scale = cleaned[: -len(suffix)], Decimal(factor)
            break
    try:
        value = Decimal(cleaned) * scale
    except InvalidOperation:
        return None
    return value if value >= 0 and value.is_finite() else None


def _contacts(original: list[ContactDraft], text: str) -> list[ContactDraft]:
    by_name = {c.name.value: c for c in original}
    contacts = []
    for line in (x.strip() for x in text.splitlines()):
        if not line:
            continue
        parts = re.split(r"[,、,]", line, maxsplit=1)
        name, title = parts[0].strip(), parts[1].strip() if len(parts) > 1 else ""
        kept = by_name.get(name)
        if kept is not None and (kept.title.value or "") == title:
            contacts.append(kept)
        else:
            contacts.append(
                ContactDraft(
                    name=FieldValue[str](value=name, confidence=1.0),
                    title=FieldValue[str](value=title or None, confidence=1.0 if title else 0.0),
                )
            )
    return contacts


def _actions(
    original: list[NextActionDraft], text: str, language: Language
) -> tuple[list[NextActionDraft], str | None]:
    kept = {(a.description.value, a.due.value): a for a in original}
    actions = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        description, _, due_text = (p.strip() for p in line.partition("|"))
        due = None
        if due_text:
            try:
                due = date.fromisoformat(due_text)
            except ValueError:
                return original, _BAD_ACTION_DATE.format(language, line=number, value=due_text)
        if (description, due) in kept:
            actions.append(kept[(description, due)])
        else:
            actions.append(
                NextActionDraft(
                    description=FieldValue[str](value=description, confidence=1.0),
                    due=FieldValue[date](value=due, confidence=1.0 if due else 0.0),
                )
            )
    return actions, None


def _competitors(original: list[FieldValue[str]], text: str) -> list[FieldValue[str]]:
    kept = {c.value: c for c in original}
    names = [n.strip() for n in re.split(r"[,、,]", text) if n.strip()]
    return [kept.get(n) or FieldValue[str](value=n, confidence=1.0) for n in names]
