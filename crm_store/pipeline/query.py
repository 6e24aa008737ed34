"""The structured question both parsers (offline rules, LLM tool calling) fill in."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field, model_validator

from crm_store.stages import Stage

Subject = Literal["deals", "invoices", "forecast"]
Metric = Literal["count", "sum", "weighted", "average"]
DealStatus = Literal["open", "won", "lost", "all"]
InvoiceStatus = Literal["outstanding", "overdue", "due_soon", "all"]
GroupBy = Literal["stage", "owner", "customer", "month"]
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


class PipelineQuery(BaseModel):
    """What to compute. Deals: the period filters the expected close date; invoices: the due date."""

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
    status: DealStatus = Field(default="open", description="open/won/lost deals, or all")
    invoice_status: InvoiceStatus = Field(default="outstanding", description="for invoices")
    owner: str | None = Field(default=None, description="the rep's name as written, e.g. 鈴木")
    customer: str | None = Field(default=None, description="the customer's name as written")
    industry: str | None = None
    period: PeriodSpec | None = None
    group_by: GroupBy | None = None
