"""Block Kit for the App Home tab: pure functions of a `HomeView`, no I/O.

The pipeline chart is drawn in text (bars of █): an image block needs a public image URL, which a
self-hosted bot behind a firewall does not have; the PNG chart is one DM question away.
"""

from __future__ import annotations

import json
from collections import defaultdict
from decimal import Decimal
from typing import Any

from slack_sdk.models.blocks import (
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.slack import action_ids
from bot.slack.reminder_blocks import ActionRef, action_text, clip
from core.i18n import Language
from core.money import format_amount
from crm_store.rep_day import messages
from crm_store.rep_day.digest import stage_line, stale_line
from crm_store.rep_day.views import HomeView, StageLine

HOME_BLOCKS = 100  # Slack's limit for a Home tab view
BAR_WIDTH = 12


def text_bars(lines: list[StageLine], language: Language) -> str:
    """One line per stage: a bar scaled to the largest amount in the same currency, then the figures."""
    largest: dict[str, Decimal] = defaultdict(Decimal)
    for line in lines:
        largest[line.currency] = max(largest[line.currency], line.amount)
    rows = []
    for line in lines:
        top = largest[line.currency]
        filled = round(BAR_WIDTH * float(line.amount / top)) if top > 0 else 0
        bar = "█" * filled + "░" * (BAR_WIDTH - filled)
        rows.append(f"`{bar}` {stage_line(line, language)}")
    return "\n".join(rows)


def _section(text: str) -> SectionBlock:
    return SectionBlock(text=MarkdownTextObject(text=clip(text)))


def _title(text: str) -> SectionBlock:
    return _section(f"*{text}*")


def build_home_blocks(home: HomeView) -> list[Block]:
    lang = home.language
    title = messages.HOME_TITLE.format(lang, user=home.user, today=home.today.isoformat())
    blocks: list[Block] = [HeaderBlock(text=clip(title, 150))]
    blocks.append(_title(messages.HOME_ACTIONS.format(lang, total=home.actions_total)))
    if not home.actions:
        blocks.append(_section(messages.HOME_NO_ACTIONS.format(lang)))
    for item in home.actions:
        value = ActionRef(action=item.id, customer_id=item.customer_id, customer=item.customer).dump()
        blocks.append(SectionBlock(
            block_id=f"{action_ids.ACTION_CONTROLS_PREFIX}{item.id}",
            text=MarkdownTextObject(text=action_text(item, home.today, lang, with_customer=True)),
            accessory=ButtonElement(text=messages.DONE.format(lang), action_id=action_ids.REMINDER_DONE,
                                    value=value, style="primary")))
    if home.actions_total > len(home.actions):
        more = messages.HOME_ACTIONS_MORE.format(lang, shown=len(home.actions), total=home.actions_total)
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=more)]))

    blocks += [DividerBlock(), _title(messages.HOME_DEALS.format(lang))]
    blocks.append(_section(text_bars(home.deals_by_stage, lang) if home.deals_by_stage
                           else messages.HOME_NO_DEALS.format(lang)))

    blocks += [DividerBlock(), _title(messages.HOME_OVERDUE.format(lang))]
    overdue = [
        messages.OVERDUE_LINE.format(
            lang, customer=c.customer, count=c.invoices,
            amount=" / ".join(format_amount(v, k, lang) for k, v in sorted(c.outstanding.items())),
            due=c.oldest_due.isoformat() if c.oldest_due else "—")
        for c in home.overdue_customers[:10]
    ]
    blocks.append(_section("\n".join(overdue) or messages.HOME_NO_OVERDUE.format(lang)))

    blocks += [DividerBlock(), _title(messages.HOME_DRAFTS.format(lang))]
    if not home.drafts:
        blocks.append(_section(messages.HOME_NO_DRAFTS.format(lang)))
    for draft in home.drafts:
        kind = messages.DRAFT_KINDS.get(draft.kind)
        text = messages.DRAFT_LINE.format(
            lang, kind=kind.format(lang) if kind else draft.kind, received=draft.received.isoformat(),
            customer=draft.customer or messages.UNKNOWN_CUSTOMER.format(lang))
        blocks.append(SectionBlock(text=MarkdownTextObject(text=clip(text)), accessory=ButtonElement(
            text=messages.OPEN_DRAFT.format(lang), action_id=action_ids.OPEN_DRAFT,
            value=json.dumps({"input_id": draft.input_id}))))

    if home.is_manager:
        blocks += [DividerBlock(), _title(messages.HOME_PIPELINE.format(lang))]
        blocks.append(_section(text_bars(home.pipeline_by_stage, lang) if home.pipeline_by_stage
                               else messages.HOME_NO_PIPELINE.format(lang)))
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=messages.HOME_CHART_NOTE.format(lang))]))
        blocks += [DividerBlock(), _title(messages.HOME_STALE.format(lang, days=home.stale_days))]
        stale = "\n".join(f"• {stale_line(d, lang)}" for d in home.stale_deals)
        blocks.append(_section(stale or messages.HOME_NO_STALE.format(lang)))
    return blocks[:HOME_BLOCKS]


def build_home_view(home: HomeView) -> dict[str, Any]:
    """The ``view`` argument of views.publish."""
    return {"type": "home", "blocks": [b.to_dict() for b in build_home_blocks(home)]}
