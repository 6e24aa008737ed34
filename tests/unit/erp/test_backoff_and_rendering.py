"""Backoff timing and the texts people read (digest, warnings) in both languages."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from crm_store.invoicing.rendering import (
    MAX_LINES,
    render_manager_digest,
    render_owner_digest,
)
from crm_store.invoicing.views import InvoiceDigest, OwnerDigest
from crm_store.views import InvoiceView
from erp.adapters.freee.client import backoff_seconds


def test_backoff_is_exponential_capped_and_honours_retry_after() -> None:
    assert [backoff_seconds(n, None) for n in (1, 2, 3, 4)] == [1.0, 2.0, 4.0, 8.0]
    assert backoff_seconds(10, None) == 60.0
    assert backoff_seconds(1, "7") == 7.0 and backoff_seconds(1, "3600") == 60.0
    assert backoff_seconds(2, "Wed, 21 Oct 2026 07:28:00 GMT") == 2.0  # HTTP-date: fall back


def _invoice(number: str, outstanding: int, currency: str = "JPY", overdue: bool = True) -> InvoiceView:
    return InvoiceView(
        id=1,
        number=number,
        customer_id=1,
        customer="株式会社山田製作所",
        issue_date=None,
        due_date=date(2026, 10, 31),
        total=Decimal(outstanding),
        paid=Decimal(0),
        outstanding=Decimal(outstanding),
        currency=currency,
        status="unpaid",
        overdue=overdue,
    )


def test_digests_stay_within_slack_limits_and_name_the_unmatched() -> None:
    many = [_invoice(f"N-{n}", 1000) for n in range(MAX_LINES + 12)]
    owner = OwnerDigest(
        owner_id=1, owner="鈴木 一郎", slack_user_id="U1", language="ja", overdue=many, due_soon=[]
    )
    digest = InvoiceDigest(today=date(2026, 11, 20), days=7, owners=[owner], unmatched=[7, 8])
    text = render_owner_digest(owner, digest, "ja")
    assert len(text) < 3000 and "… +12" in text and f"{len(many)} 件" in text
    manager = render_manager_digest(digest, "en")
    assert (
        "42 overdue" in manager
        and "鈴木 一郎: 42 overdue" in manager
        and "2 invoice(s) have no matched" in manager
    )
