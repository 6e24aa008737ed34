"""Block Kit for follow-up reminders and the customer modal: pure functions, no I/O."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from pydantic import BaseModel
from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)

from bot.slack import action_ids
from bot.slack.answer_blocks import MAX_BLOCKS, SECTION_LIMIT, build_text_blocks
from core.i18n import Language, Message
from crm_store.rep_day import messages
from crm_store.rep_day.rendering import customer_label, due_label
from crm_store.rep_day.views import ActionItem, RepReminder

_CUSTOMER_TITLE = Message(en="Customer", ja="顧客")
_CLOSE = Message(en="Close", ja="閉じる")
MODAL_BLOCKS = 100


class ActionRef(BaseModel):
    """What a reminder's buttons carry: the next action, and its customer for "Open customer"."""

    action: int
    customer_id: int | None = None
    customer: str | None = None

    def dump(self) -> str:
        return json.dumps(self.model_dump(exclude_none=True), ensure_ascii=False, separators=(",", ":"))


def clip(text: str, limit: int = SECTION_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def action_text(item: ActionItem, today: date, language: Language, *, with_customer: bool = False) -> str:
    """One follow-up as a line: what, (for whom,) and when."""
    customer = f"*{customer_label(item.customer, language)}* — " if with_customer else ""
    return clip(f"{customer}{item.description}\n_{due_label(item, today, language)}_")


def action_buttons(item: ActionItem, language: Language) -> ActionsBlock:
    """Done / Snooze 1 day / Snooze 1 week / Open customer for one follow-up."""
    value = ActionRef(action=item.id, customer_id=item.customer_id, customer=item.customer).dump()
    buttons = [
        ButtonElement(text=messages.DONE.format(language), action_id=action_ids.REMINDER_DONE, value=value,
                      style="primary"),
        ButtonElement(text=messages.SNOOZE_DAY.format(language), action_id=action_ids.REMINDER_SNOOZE_DAY,
                      value=value),
        ButtonElement(text=messages.SNOOZE_WEEK.format(language), action_id=action_ids.REMINDER_SNOOZE_WEEK,
                      value=value),
    ]
    if item.customer_id is not None:
        buttons.append(ButtonElement(text=messages.OPEN_CUSTOMER.format(language),
                                     action_id=action_ids.OPEN_CUSTOMER, value=value))
    return ActionsBlock(block_id=f"{action_ids.ACTION_CONTROLS_PREFIX}{item.id}", elements=buttons)


def build_reminder_blocks(reminder: RepReminder) -> list[Block]:
    """The morning DM: a heading, then per customer its follow-ups, each with its buttons."""
    lang = reminder.language
    blocks: list[Block] = [SectionBlock(text=MarkdownTextObject(
        text=messages.REMINDER_HEAD.format(lang, count=len(reminder.actions) + reminder.more)))]
    for group in reminder.groups:
        heading = clip(f"*{customer_label(group.customer, lang)}*")
        blocks.append(SectionBlock(text=MarkdownTextObject(text=heading)))
        for item in group.actions:
            blocks.append(SectionBlock(block_id=f"rep_day_item:{item.id}",
                                       text=MarkdownTextObject(text=action_text(item, reminder.today, lang))))
            blocks.append(action_buttons(item, lang))
    if reminder.more:
        more = messages.MORE.format(lang, count=reminder.more)
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=more)]))
    return blocks[:MAX_BLOCKS]


def replace_action_controls(blocks: list[dict[str, Any]], action_id: int, note: str) -> list[dict[str, Any]]:
    """The message's blocks with one follow-up's buttons replaced by ``note`` (done, snoozed…)."""
    block_id = f"{action_ids.ACTION_CONTROLS_PREFIX}{action_id}"
    replaced = []
    for block in blocks:
        if block.get("block_id") == block_id:
            text = MarkdownTextObject(text=clip(note, 2000))
            block = ContextBlock(block_id=block_id, elements=[text]).to_dict()
        replaced.append(block)
    return replaced


def build_customer_modal(text: str, language: Language) -> dict[str, Any]:
    """A read-only modal with a customer's overview (deals, open actions, invoices)."""
    return {
        "type": "modal",
        "callback_id": action_ids.CUSTOMER_MODAL,
        "title": PlainTextObject(text=_CUSTOMER_TITLE.format(language)).to_dict(),
        "close": PlainTextObject(text=_CLOSE.format(language)).to_dict(),
        "blocks": [b.to_dict() for b in build_text_blocks(text)][:MODAL_BLOCKS],
    }
