"""Invoices for people, on the demo data set: per customer, warnings, digests and alerts."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import select

from bot.wiring import Services
from core.errors import UserFacingError
from core.questions import Asker
from crm_store.invoicing.service import InvoiceService
from crm_store.models import Customer, Invoice
from crm_store.ops_models import InvoiceAlert

from bot.slack.audience import SlackChannelAudience
from erp_fakes import RecordingNotifier, channel_audience
from tests.conftest import DEMO_TODAY


@pytest.fixture
def invoices(demo_services: Services) -> InvoiceService:
    return InvoiceService(demo_services.db, manager_channel="C-MANAGERS", language="ja")


@pytest.fixture
def managers(demo_services: Services) -> SlackChannelAudience:
    """The manager channel as it should be: the manager and the admin."""
    return channel_audience(demo_services.crm, "C-MANAGERS", "U0DEMO001", "U0DEMO002")


def _customer_id(services: Services, name: str) -> int:
    with services.db.session(actor="test") as session:
        return session.exec(select(Customer.id).where(Customer.name == name)).one()


def test_the_demo_has_six_overdue_invoices(invoices: InvoiceService) -> None:
    digest = invoices.digest(DEMO_TODAY, asker=Asker(role="admin"))
    assert sorted(i.number for i in digest.overdue) == [
        "INV-2026-0012",
        "INV-2026-0015",
        "INV-2026-0016",
        "INV-2026-0017",
        "INV-2026-0019",
        "INV-2026-0020",
    ]
    assert all(i.overdue and i.outstanding > 0 for i in digest.overdue)
    assert all(DEMO_TODAY <= i.due_date <= DEMO_TODAY + timedelta(days=7) for i in digest.due_soon)
    assert {i.number for i in digest.due_soon} == {
        "INV-2026-0021",
        "INV-2026-0022",
        "INV-2026-0023",
        "INV-2026-0024",
    }


def test_customer_invoices_by_name_variant_or_code(demo_services: Services, invoices: InvoiceService) -> None:
    view = invoices.customer_invoices("三協金型株式会社", DEMO_TODAY, asker=Asker(role="admin"))
    assert view.customer.name == "三協金型(株)" and view.customer.owner == "佐藤 健太"
    overdue = {i.number: i for i in view.overdue}
    assert overdue["INV-2026-0015"].outstanding == 6_600_000
    assert invoices.customer_invoices("C0002", DEMO_TODAY, asker=Asker(role="admin")).customer.name == "三協金型(株)"
    assert [i.number for i in view] == [i.number for i in view.invoices]  # iterable as a list


def test_unknown_customer_suggests_names(invoices: InvoiceService) -> None:
    with pytest.raises(UserFacingError) as error:
        invoices.customer_invoices("山田精作所", DEMO_TODAY, asker=Asker(role="admin"))
    assert "株式会社山田製作所" in error.value.message("ja") and "もしかして" in error.value.message("ja")
    with pytest.raises(UserFacingError, match="No customer"):
        invoices.customer_invoices("zzzz", DEMO_TODAY, asker=Asker(role="admin"))


def test_digests_dm_each_rep_and_post_the_summary_once_a_day(
    invoices: InvoiceService, managers: SlackChannelAudience
) -> None:
    notifier = RecordingNotifier()
    sent = invoices.send_digests(notifier, DEMO_TODAY, managers)
    by_user = dict(notifier.dms)
    assert sent == len(notifier.dms) + len(notifier.posts)
    assert set(by_user) == {"U0DEMO001", "U0DEMO003", "U0DEMO004", "U0DEMO005"}
    sato = by_user["U0DEMO004"]
    assert "INV-2026-0015" in sato and "6,600,000円" in sato and "INV-2026-0022" in sato
    assert "INV-2026-0017" not in sato  # another rep's customer
    [(channel, summary)] = notifier.posts
    assert channel == "C-MANAGERS" and "期日超過 6 件" in summary

    assert invoices.send_digests(notifier, DEMO_TODAY, managers) == 0  # a restart does not repeat it
    assert invoices.send_digests(notifier, DEMO_TODAY + timedelta(days=1), managers) > 0


def test_a_day_with_only_unmatched_invoices_still_reminds_the_managers(
    demo_services: Services, invoices: InvoiceService, managers: SlackChannelAudience
) -> None:
    before_any_due_date = date(2025, 1, 6)
    with demo_services.db.session(actor="test") as session:
        session.add(Invoice(erp_source="csv", erp_id="orphan-1", number="INV-ORPHAN", customer_name="未登録商事",
                            due_date=date(2026, 12, 31), total=110000, paid=0))
    notifier = RecordingNotifier()
    assert invoices.send_digests(notifier, before_any_due_date, managers) == 1
    [(channel, summary)] = notifier.posts
    assert channel == "C-MANAGERS" and "顧客に紐付いていない請求書が 1 件" in summary
    assert invoices.send_digests(notifier, before_any_due_date, managers) == 0  # once a day


def test_a_failed_send_is_retried_not_recorded(
    invoices: InvoiceService, demo_services: Services, managers: SlackChannelAudience
) -> None:
    notifier = RecordingNotifier()
    notifier.fail = True
    assert invoices.send_overdue_alerts(notifier, DEMO_TODAY, managers) == 0
    with demo_services.db.session(actor="test") as session:
        assert session.exec(select(InvoiceAlert)).all() == []
    notifier.fail = False
    assert invoices.send_overdue_alerts(notifier, DEMO_TODAY, managers) == 1  # the first run's one summary
    [(channel, summary)] = notifier.posts
    assert channel == "C-MANAGERS" and "6 件" in summary and notifier.dms == []


def test_overdue_alert_is_sent_once_when_an_invoice_becomes_overdue(
    invoices: InvoiceService, demo_services: Services, managers: SlackChannelAudience
) -> None:
    notifier = RecordingNotifier()
    # The first run after set-up: one summary for the managers, not six DMs.
    assert invoices.send_overdue_alerts(notifier, DEMO_TODAY, managers) == 1
    assert len(notifier.posts) == 1 and notifier.dms == []
    assert invoices.send_overdue_alerts(notifier, DEMO_TODAY, managers) == 0
    # INV-2026-0021 is due 2026-11-24: overdue from the 25th, announced then and only then.
    assert invoices.send_overdue_alerts(notifier, date(2026, 11, 24), managers) == 0
    notifier.dms.clear()
    assert invoices.send_overdue_alerts(notifier, date(2026, 11, 25), managers) == 1
    assert ["INV-2026-0021" in text for _, text in notifier.dms] == [True]
    with demo_services.db.session(actor="test") as session:
        paid = session.exec(select(Invoice).where(Invoice.number == "INV-2026-0024")).one()
        paid.paid, paid.status = paid.total, "paid"
    notifier.dms.clear()
    # 0022, 0023 (due 11-25), 0025, 0027 (due 11-30); 0024 was paid meanwhile.
    assert invoices.send_overdue_alerts(notifier, date(2026, 12, 1), managers) == 4
    assert not any("INV-2026-0024" in text for _, text in notifier.dms)


def test_the_first_run_without_a_manager_channel_announces_nothing_one_by_one(
    demo_services: Services, managers: SlackChannelAudience
) -> None:
    invoices = InvoiceService(demo_services.db, manager_channel=None, language="ja")
    notifier = RecordingNotifier()
    assert invoices.send_overdue_alerts(notifier, DEMO_TODAY, managers) == 0
    assert notifier.dms == [] and notifier.posts == []
    assert invoices.send_overdue_alerts(notifier, date(2026, 11, 25), managers) == 1  # newly overdue: to its owner
    assert ["INV-2026-0021" in text for _, text in notifier.dms] == [True]
