"""What the rep's-day services return: plain frozen models, rendered by Slack blocks or the CLI."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from core.i18n import Language


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class ActionItem(_Frozen):
    """One open next action as a reminder or the App Home shows it."""

    id: int
    customer_id: int | None
    customer: str | None
    description: str
    due: date | None
    overdue: bool = False

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "customer": self.customer,
            "description": self.description,
            "due": self.due.isoformat() if self.due else None,
            "overdue": self.overdue,
        }


class CustomerActions(_Frozen):
    customer_id: int | None
    customer: str | None
    actions: list[ActionItem]


class RepReminder(_Frozen):
    """One rep's morning reminder: their actions due today or overdue, grouped by customer."""

    user_id: int
    user: str
    slack_user_id: str | None
    language: Language
    today: date
    groups: list[CustomerActions]
    # Actions left out of this message (Slack's 50-block limit); the App Home lists them all.
    more: int = 0

    @property
    def actions(self) -> list[ActionItem]:
        return [a for g in self.groups for a in g.actions]

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "user": self.user,
            "slack_user_id": self.slack_user_id,
            "today": self.today.isoformat(),
            "actions": [a.to_json_dict() for a in self.actions],
            "more": self.more,
        }


class StageLine(_Frozen):
    """One stage of a pipeline (per currency), from the pipeline answers' own query."""

    stage: str
    label: str
    currency: str
    count: int
    amount: Decimal


class OverdueCustomer(_Frozen):
    customer_id: int
    customer: str
    invoices: int
    outstanding: dict[str, Decimal]
    oldest_due: date | None


class DraftItem(_Frozen):
    """A captured memo whose draft the rep has not saved or discarded yet."""

    input_id: int
    kind: str
    customer: str | None
    received: date


class StaleDeal(_Frozen):
    id: int
    name: str
    customer: str
    owner: str | None
    stage: str
    stage_label: str
    amount: Decimal | None
    currency: str
    last_activity: date | None


class HomeView(_Frozen):
    """Everything the App Home tab shows one person."""

    user_id: int
    user: str
    slack_user_id: str | None
    role: str
    language: Language
    today: date
    actions: list[ActionItem]
    actions_total: int
    deals_by_stage: list[StageLine]
    overdue_customers: list[OverdueCustomer]
    drafts: list[DraftItem]
    # Managers and admins only (empty otherwise): the pipeline they may see, and quiet deals.
    is_manager: bool = False
    pipeline_by_stage: list[StageLine] = Field(default_factory=list)
    stale_deals: list[StaleDeal] = Field(default_factory=list)
    stale_days: int = 30


class DealChange(_Frozen):
    deal_id: int
    name: str
    customer: str
    owner: str | None
    amount: Decimal | None
    currency: str
    from_stage: str | None  # None: a new deal
    to_stage: str
    loss_reason: str | None = None


class WeeklyDigest(_Frozen):
    """The week for a manager: what moved, what was won and lost, forecast vs actual, what is quiet."""

    user_id: int
    user: str
    slack_user_id: str | None
    language: Language
    today: date
    start: date  # the week reported on, inclusive
    end: date
    new_deals: list[DealChange]
    moves: list[DealChange]
    won: list[DealChange]
    lost: list[DealChange]
    forecast: str  # the pipeline's forecast answer, word for word
    pipeline_by_stage: list[StageLine]
    stale_deals: list[StaleDeal]
    stale_days: int = 30
