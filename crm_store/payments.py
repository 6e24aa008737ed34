"""Payment status of an invoice, derived the same way for every ERP and CSV source."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from crm_store.models import Invoice

# "Due soon" for digests and questions alike: due from today through today + this many days.
DEFAULT_DUE_SOON_DAYS = 7


def payment_status(total: Decimal | None, paid: Decimal | None) -> str:
    paid = paid or Decimal(0)
    if total is not None and paid >= total:
        return "paid"
    return "partially_paid" if paid > 0 else "unpaid"


def outstanding(invoice: Invoice) -> Decimal:
    return max((invoice.total or Decimal(0)) - (invoice.paid or Decimal(0)), Decimal(0))


def is_overdue(invoice: Invoice, today: date) -> bool:
    """Due before today and not fully paid."""
    return invoice.due_date is not None and invoice.due_date < today and outstanding(invoice) > 0
