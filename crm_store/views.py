"""Plain read models handed out of the store: no sessions, no lazy loading, safe anywhere."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from crm_store.stages import STAGES, Stage


class UserView(BaseModel):
    model_config = ConfigDict(frozen=True)
    id: int
    name: str
    slack_user_id: str | None
    role: str
    language: str
    team: str | None = None
    groups: list[str] = []


class CustomerView(BaseModel):
    model_config = ConfigDict(frozen=True)
    id: int
    name: str
    erp_code: str | None = None
    kana: str | None = None
    industry: str | None = None
    owner: str | None = None


class DealView(BaseModel):
    model_config = ConfigDict(frozen=True)
    id: int
    name: str
    customer_id: int
    customer: str
    owner: str | None
    stage: Stage
    amount: Decimal | None
    currency: str
    expected_close: date | None
    probability: int  # explicit, else the stage default

    def stage_label(self, language: str) -> str:
        return STAGES[self.stage].label(language)


class NextActionView(BaseModel):
    model_config = ConfigDict(frozen=True)
    id: int
    description: str
    due: date | None
    done: bool
    owner: str | None


class InvoiceView(BaseModel):
    model_config = ConfigDict(frozen=True)
    id: int
    number: str
    customer_id: int | None
    customer: str
    issue_date: date | None
    due_date: date | None
    total: Decimal | None
    paid: Decimal | None
    outstanding: Decimal
    currency: str
    status: str
    overdue: bool


class CustomerOverview(BaseModel):
    model_config = ConfigDict(frozen=True)
    customer: CustomerView
    deals: list[DealView]
    open_actions: list[NextActionView]
    invoices: list[InvoiceView]
    # True when the asker's visibility hid some of this customer's deals, actions or invoices.
    restricted: bool = False
