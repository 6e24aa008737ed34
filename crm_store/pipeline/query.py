"""The structured question both parsers (offline rules, LLM tool calling) fill in."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, Field, model_validator

from crm_store.stages import Stage

Subject = Literal["deals", "invoices", "forecast"]
Metric = Literal["count", "sum", "weighted", "average"]
DealStatus = Literal["open", "won", "lost", "closed", "all"]
InvoiceStatus = Literal["outstanding", "overdue", "due_soon", "paid", "all"]
GroupBy = Literal["stage", "owner", "customer", "month", "loss_reason"]
Currency = Literal["JPY", "USD", "EUR"]
RelativePeriod = Literal[
    "this_month",
    "next_month",
    "last_month",
    "this_quarter",
    "next_quarter",
    "last_quarter",
    "this_fiscal_year",
    "next_fiscal_year",
    "last_fiscal_year",
    "until_fiscal_year_end",
    "this_year",
    "next_year",
    "last_year",
    "first_half",
    "second_half",
]


class PeriodSpec(BaseModel):
    """A period as asked: a relative one ("this quarter") or explicit dates (inclusive)."""

    relative: RelativePeriod | None = None
    start: date | None = Field(default=None, description="first day, inclusive (YYYY-MM-DD)")
    end: date | None = Field(default=None, description="last day, inclusive (YYYY-MM-DD)")

    @model_validator(mode="after")
    def _one_kind(self) -> PeriodSpec:
        if self.relative is None and self.start is None and self.end is None:
            raise ValueError("a period needs a relative name or at least one date")
        return self


class AmountFilter(BaseModel):
    """Deals (or invoices) whose amount lies between the bounds, in one currency (never converted)."""

    currency: Currency = "JPY"
    minimum: Decimal | None = Field(default=None, description="inclusive lower bound")
    maximum: Decimal | None = Field(default=None, description="inclusive upper bound")
    min_exclusive: bool = Field(default=False, description="true for 'over'/超: amount > minimum")
    max_exclusive: bool = Field(default=False, description="true for 'under'/未満: amount < maximum")

    @model_validator(mode="after")
    def _a_bound(self) -> AmountFilter:
        if self.minimum is None and self.maximum is None:
            raise ValueError("an amount filter needs a minimum or a maximum")
        return self


class PipelineQuery(BaseModel):
    """What to compute. Deals: the period filters the expected close date; invoices: the due date."""

    @model_validator(mode="before")
    @classmethod
    def _single_names(cls, data: Any) -> Any:
        # A model (or an older caller) may name one rep/customer as `owner`/`customer`.
        if isinstance(data, dict):
            data = dict(data)
            for one, many in (("owner", "owners"), ("customer", "customers")):
                value = data.pop(one, None)
                if value:
                    data[many] = [*(data.get(many) or []), value]
        return data

    subject: Subject = Field(
        default="deals",
        description="deals (CRM pipeline), invoices (ERP), or forecast (weighted pipeline vs invoiced/paid)",
    )
    metric: Metric = Field(
        default="sum",
        description="headline number for deals: count, sum of amount, "
        "weighted sum by stage probability, average amount",
    )
    stages: list[Stage] = Field(default_factory=list, description="deal stages; empty = any")
    status: DealStatus = Field(
        default="open", description="open deals, won, lost, closed (won or lost), or all"
    )
    invoice_status: InvoiceStatus = Field(default="outstanding", description="for invoices")
    owners: list[str] = Field(
        default_factory=list, description="reps' names as written, e.g. [鈴木]; several = any of them"
    )
    customers: list[str] = Field(
        default_factory=list, description="customers' names as written; several = any of them"
    )
    industry: str | None = None
    period: PeriodSpec | None = None
    amount: AmountFilter | None = Field(default=None, description="e.g. 2000万円以上, over $50k")
    group_by: GroupBy | None = Field(default=None, description="loss_reason: why lost deals were lost")
