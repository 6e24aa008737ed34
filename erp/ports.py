"""The contracts of the ERP area: what a connector delivers.

How people are told about a failed sync is the shared `core.notifications.Notifier` port.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Protocol, runtime_checkable


@dataclass(frozen=True)
class ErpPartner:
    """A customer as the ERP knows it (a "partner" / 取引先)."""

    partner_id: str
    name: str
    code: str | None = None


@dataclass(frozen=True)
class ErpInvoice:
    """One invoice with what has actually been paid, in the ERP's own terms."""

    erp_id: str
    number: str
    partner: ErpPartner
    issue_date: date | None
    due_date: date | None
    total: Decimal
    paid: Decimal
    currency: str = "JPY"
    paid_on: date | None = None
    # Canceled in the ERP: removed from the CRM copy.
    canceled: bool = False


@runtime_checkable
class ErpConnector(Protocol):
    """One ERP. ``name`` is the ``erp_source`` its invoices are stored under ("freee", "csv:yayoi")."""

    name: str

    def list_partners(self) -> list[ErpPartner]:
        """Every partner (customer) the ERP has."""
        ...

    def list_invoices(self, since: date | None = None) -> list[ErpInvoice]:
        """Invoices issued on or after ``since`` (all when None), with their payment status.

        Raises `core.errors.UserFacingError` for anything the admin must fix (token, company,
        malformed data); a connector never returns half a result.
        """
        ...
