"""What the invoice service returns: plain pydantic views, rendered by crm_store.invoicing.rendering."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, computed_field

from crm_store.views import InvoiceView


def totals_by_currency(invoices: list[InvoiceView]) -> dict[str, Decimal]:
    """Outstanding amounts summed per currency (amounts in different currencies never add up)."""
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for invoice in invoices:
        totals[invoice.currency] += invoice.outstanding
    return dict(totals)


class CustomerRef(BaseModel):
    model_config = ConfigDict(frozen=True)
    id: int
    name: str
    erp_code: str | None = None
    owner: str | None = None


class CustomerInvoices(BaseModel):
    """A customer's invoices as of ``today``, latest due first."""

    model_config = ConfigDict(frozen=True)
    customer: CustomerRef
    today: date
    invoices: list[InvoiceView]

    # Iterating yields the invoices, so callers may treat the result as the list it mostly is.
    def __iter__(self):  # type: ignore[override]  # noqa: ANN204
        return iter(self.invoices)

    def __len__(self) -> int:
        return len(self.invoices)

    @property
    def overdue(self) -> list[InvoiceView]:
        return [i for i in self.invoices if i.overdue]

    @property
    def outstanding(self) -> dict[str, Decimal]:
        return totals_by_currency(self.invoices)


class OwnerDigest(BaseModel):
    """One rep's part of the daily digest."""

    model_config = ConfigDict(frozen=True)
    owner_id: int | None
    owner: str | None
    slack_user_id: str | None
    language: str
    overdue: list[InvoiceView]
    due_soon: list[InvoiceView]


class InvoiceDigest(BaseModel):
    """The daily digest: every owner's part, plus the open invoices no customer matched."""

    model_config = ConfigDict(frozen=True)
    today: date
    days: int
    owners: list[OwnerDigest]
    unmatched: list[int]  # the open invoices no customer matched (ids), for whoever sees every customer

    @computed_field  # type: ignore[prop-decorator]  # in the JSON as before the ids were kept
    @property
    def unmatched_open(self) -> int:
        return len(self.unmatched)

    @property
    def overdue(self) -> list[InvoiceView]:
        return [i for o in self.owners for i in o.overdue]

    @property
    def due_soon(self) -> list[InvoiceView]:
        return [i for o in self.owners for i in o.due_soon]
