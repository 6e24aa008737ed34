"""`ActivityDraft`: the one schema both extractors fill, every field with confidence and source span."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, Field

T = TypeVar("T")

ActivityType = Literal["visit", "call", "email", "meeting", "other"]


class SourceSpan(BaseModel):
    """Where in the source text (transcript, OCR text or memo) a value was read."""

    start: int
    end: int
    text: str


class FieldValue(BaseModel, Generic[T]):
    """One extracted value; ``value`` None means "left empty" (better than a guess)."""

    value: T | None = None
    confidence: float = Field(default=0.0, ge=0.0, le=1.0)
    source: SourceSpan | None = None

    @property
    def present(self) -> bool:
        return self.value is not None


class ContactDraft(BaseModel):
    name: FieldValue[str] = Field(default_factory=FieldValue[str])
    title: FieldValue[str] = Field(default_factory=FieldValue[str])


class NextActionDraft(BaseModel):
    description: FieldValue[str] = Field(default_factory=FieldValue[str])
    due: FieldValue[date] = Field(default_factory=FieldValue[date])


class DealDraft(BaseModel):
    amount: FieldValue[Decimal] = Field(default_factory=FieldValue[Decimal])
    currency: FieldValue[str] = Field(default_factory=FieldValue[str])
    # A canonical stage code (crm_store.stages.Stage value).
    stage: FieldValue[str] = Field(default_factory=FieldValue[str])
    # Why the deal was lost, when the memo moves it to lost (saved to deals.loss_reason).
    loss_reason: FieldValue[str] = Field(default_factory=FieldValue[str])


class DraftWarning(BaseModel):
    """A translatable warning: a key of `capture.messages.WARNINGS` and its parameters."""

    key: str
    params: dict[str, Any] = Field(default_factory=dict)


class ActivityDraft(BaseModel):
    customer: FieldValue[str] = Field(default_factory=FieldValue[str])
    contacts: list[ContactDraft] = Field(default_factory=list)
    activity_type: FieldValue[ActivityType] = Field(default_factory=FieldValue[ActivityType])
    occurred_on: FieldValue[date] = Field(default_factory=FieldValue[date])
    summary: FieldValue[str] = Field(default_factory=FieldValue[str])
    deal: DealDraft = Field(default_factory=DealDraft)
    next_actions: list[NextActionDraft] = Field(default_factory=list)
    competitors: list[FieldValue[str]] = Field(default_factory=list)
    language: Literal["ja", "en"] = "ja"
    # Set from the draft card: the CRM customer/deal the rep chose, or "this is a new customer".
    customer_id: int | None = None
    deal_id: int | None = None
    confirm_new_customer: bool = False
    warnings: list[DraftWarning] = Field(default_factory=list)
    extractor: str = "rules"

    def named_fields(self) -> dict[str, FieldValue[Any]]:
        """Every scalar field by a stable dotted name (``deal.amount``, ``contacts.0.name``)."""
        fields: dict[str, FieldValue[Any]] = {
            "customer": self.customer, "activity_type": self.activity_type, "occurred_on": self.occurred_on,
            "summary": self.summary, "deal.amount": self.deal.amount, "deal.currency": self.deal.currency,
            "deal.stage": self.deal.stage, "deal.loss_reason": self.deal.loss_reason,
        }
        for i, contact in enumerate(self.contacts):
            fields[f"contacts.{i}.name"] = contact.name
            fields[f"contacts.{i}.title"] = contact.title
        for i, action in enumerate(self.next_actions):
            fields[f"next_actions.{i}.description"] = action.description
            fields[f"next_actions.{i}.due"] = action.due
        for i, competitor in enumerate(self.competitors):
            fields[f"competitors.{i}"] = competitor
        return fields
