"""Plain text (Slack mrkdwn-safe) for invoices, warnings and digests, in the reader's language."""

from __future__ import annotations

from decimal import Decimal

from core.i18n import Language
from core.money import format_amount
from crm_store.invoicing import messages
from crm_store.invoicing.views import (
    CustomerInvoices,
    InvoiceDigest,
    OwnerDigest,
    totals_by_currency,
)
from crm_store.views import InvoiceView

# Slack sections hold 3,000 characters; a digest lists at most this many lines per part.
MAX_LINES = 30


def format_totals(totals: dict[str, Decimal], language: Language) -> str:
    """Amounts per currency joined with “+” (no invoices: zero yen)."""
    if not totals:
        return format_amount(0, "JPY", language)
    return " + ".join(
        format_amount(amount, currency, language) for currency, amount in sorted(totals.items())
    )


def status_label(invoice: InvoiceView, language: Language) -> str:
    """The invoice's payment status in words; an overdue invoice says so whatever it has paid."""
    key = "overdue" if invoice.overdue else invoice.status
    return messages.STATUS_LABELS[key].format(language)


def render_customer_invoices(view: CustomerInvoices, language: Language) -> str:
    """A customer's invoices: a summary line, then one line per invoice (at most MAX_LINES)."""
    name = view.customer.name
    if not view.invoices:
        return messages.NO_INVOICES.format(language, customer=name)
    lines = [
        messages.INVOICES_HEADER.format(
            language,
            customer=name,
            count=len(view.invoices),
            outstanding=format_totals(view.outstanding, language),
            overdue=len(view.overdue),
        )
    ]
    for invoice in view.invoices[:MAX_LINES]:
        lines.append(
            messages.INVOICE_LINE.format(
                language,
                number=invoice.number,
                due=invoice.due_date or "—",
                total=format_amount(invoice.total, invoice.currency, language),
                outstanding=format_amount(invoice.outstanding, invoice.currency, language),
                status=status_label(invoice, language),
            )
        )
    return "\n".join(lines)


def _lines(invoices: list[InvoiceView], language: Language) -> list[str]:
    lines = [
        messages.DIGEST_LINE.format(
            language,
            customer=i.customer,
            number=i.number,
            due=i.due_date or "—",
            outstanding=format_amount(i.outstanding, i.currency, language),
        )
        for i in invoices[:MAX_LINES]
    ]
    if len(invoices) > MAX_LINES:
        lines.append(f"… +{len(invoices) - MAX_LINES}")
    return lines


def render_owner_digest(owner: OwnerDigest, digest: InvoiceDigest, language: Language) -> str:
    """One rep's DM: their customers' overdue and due-soon invoices."""
    lines = [messages.DIGEST_REP_HEADER.format(language, today=digest.today.isoformat())]
    if owner.overdue:
        lines.append(
            messages.DIGEST_OVERDUE.format(
                language,
                count=len(owner.overdue),
                amount=format_totals(totals_by_currency(owner.overdue), language),
            )
        )
        lines += _lines(owner.overdue, language)
    if owner.due_soon:
        lines.append(
            messages.DIGEST_DUE_SOON.format(
                language,
                days=digest.days,
                count=len(owner.due_soon),
                amount=format_totals(totals_by_currency(owner.due_soon), language),
            )
        )
        lines += _lines(owner.due_soon, language)
    return "\n".join(lines)


def render_manager_digest(digest: InvoiceDigest, language: Language) -> str:
    """The managers' summary: totals, overdue per owner, and the unmatched invoices to review."""
    lines = [
        messages.DIGEST_MANAGER_HEADER.format(
            language,
            today=digest.today.isoformat(),
            days=digest.days,
            overdue_count=len(digest.overdue),
            overdue_amount=format_totals(totals_by_currency(digest.overdue), language),
            due_count=len(digest.due_soon),
            due_amount=format_totals(totals_by_currency(digest.due_soon), language),
        )
    ]
    for owner in digest.owners:
        if owner.overdue:
            lines.append(
                messages.DIGEST_BY_OWNER.format(
                    language,
                    owner=owner.owner or messages.NO_OWNER.format(language),
                    count=len(owner.overdue),
                    amount=format_totals(totals_by_currency(owner.overdue), language),
                )
            )
    if digest.unmatched_open:
        lines.append(messages.UNMATCHED_IN_DIGEST.format(language, count=digest.unmatched_open))
    return "\n".join(lines)
