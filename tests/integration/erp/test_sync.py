"""The ERP → CRM sync on SQLite and PostgreSQL: upsert, matching, review list, failures."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import select

from core.errors import UserFacingError
from crm_store.db import Database
from crm_store.models import AuditLog, Customer, Invoice
from crm_store.names import normalize_customer_name
from crm_store.ops_models import ErpSyncRun, ErpUnmatchedPartner, InvoiceAlert
from erp import messages
from erp.config import ErpConfig
from erp.ports import ErpPartner
from erp.service import ErpService
from erp.sync import sync_invoices

from erp_fakes import RecordingNotifier, ScriptedConnector, invoice

TODAY = date(2026, 11, 20)
YAMADA = ErpPartner("p1", "(株)山田製作所", "C0001")
SANKYO_BY_NAME = ErpPartner("p2", "三協金型株式会社", None)
UNKNOWN = ErpPartner("p3", "未登録商事株式会社", "X9")


@pytest.fixture
def crm(db: Database) -> Database:
    with db.session(actor="test") as session:
        for name, code in (
            ("株式会社山田製作所", "C0001"),
            ("三協金型(株)", None),
            ("東和精機株式会社", None),
            ("東和精機(株)", "T2"),
        ):
            session.add(Customer(name=name, normalized_name=normalize_customer_name(name), erp_code=code))
    return db


def _invoices(db: Database) -> dict[str, Invoice]:
    with db.session(actor="test") as session:
        return {i.erp_id: i for i in session.exec(select(Invoice))}


def _customer_id(db: Database, name: str) -> int:
    with db.session(actor="test") as session:
        return session.exec(select(Customer.id).where(Customer.name == name)).one()


def test_sync_matches_by_code_then_name_and_lists_the_unmatched(crm: Database) -> None:
    connector = ScriptedConnector(partners=[YAMADA, SANKYO_BY_NAME, UNKNOWN])
    connector.push([invoice("1", YAMADA, paid=40_000), invoice("2", SANKYO_BY_NAME), invoice("3", UNKNOWN)])

    result = sync_invoices(crm, connector, today=TODAY)

    assert result.ok, result.summary("en")
    assert result.counts | {} == {
        "partners": 3,
        "invoices": 3,
        "created": 3,
        "updated": 0,
        "unchanged": 0,
        "removed": 0,
        "unmatched": 1,
    }
    stored = _invoices(crm)
    assert stored["1"].customer_id == _customer_id(crm, "株式会社山田製作所")
    assert stored["1"].status == "partially_paid" and stored["1"].paid == Decimal(40_000)
    assert stored["2"].customer_id == _customer_id(crm, "三協金型(株)")
    assert stored["3"].customer_id is None and stored["3"].customer_name == "未登録商事株式会社"
    with crm.session(actor="test") as session:
        review = session.exec(select(ErpUnmatchedPartner)).all()
        assert [(r.connector, r.partner_id, r.partner_code, r.reason) for r in review] == [
            ("fake", "p3", "X9", "no_match")
        ]
        assert session.exec(select(Customer)).all().__len__() == 4  # the ERP never creates customers


def test_a_partner_matching_two_customers_is_not_guessed(crm: Database) -> None:
    towa = ErpPartner("p7", "東和精機", None)
    connector = ScriptedConnector()
    connector.push([invoice("7", towa)])
    sync_invoices(crm, connector, today=TODAY)
    assert _invoices(crm)["7"].customer_id is None
    with crm.session(actor="test") as session:
        entry = session.exec(select(ErpUnmatchedPartner)).one()
    assert entry.reason == "ambiguous"
    assert sorted(c["name"] for c in entry.candidates) == ["東和精機(株)", "東和精機株式会社"]


def test_second_sync_is_idempotent_and_updates_payments(crm: Database) -> None:
    connector = ScriptedConnector()
    first = [invoice("1", YAMADA), invoice("2", SANKYO_BY_NAME)]
    connector.push(first)
    connector.push(first)
    connector.push([invoice("1", YAMADA, paid=100_000), invoice("2", SANKYO_BY_NAME)])
    sync_invoices(crm, connector, today=TODAY)
    with crm.session(actor="test") as session:
        audit_rows = len(session.exec(select(AuditLog)).all())

    again = sync_invoices(crm, connector, today=TODAY)
    assert (again.counts["created"], again.counts["updated"], again.counts["unchanged"]) == (0, 0, 2)
    with crm.session(actor="test") as session:
        assert len(session.exec(select(AuditLog)).all()) == audit_rows  # nothing rewritten

    paid = sync_invoices(crm, connector, today=TODAY)
    assert (paid.counts["updated"], paid.counts["unchanged"]) == (1, 1)
    assert _invoices(crm)["1"].status == "paid"
    assert len(_invoices(crm)) == 2
    with crm.session(actor="test") as session:
        update = session.exec(
            select(AuditLog).where(AuditLog.action == "update", AuditLog.table_name == "invoices")
        ).one()
    assert update.actor == "erp:fake" and update.context == {"sync_run": paid.run_id}
    assert set(update.changes) >= {"paid", "status"}
    # The first sync reads everything, later ones the recent window.
    assert connector.since_calls == [None, date(2025, 10, 16), date(2025, 10, 16)]


def test_a_failed_sync_keeps_the_last_good_data_records_and_notifies(crm: Database) -> None:
    connector = ScriptedConnector()
    connector.push([invoice("1", YAMADA)])
    connector.push(UserFacingError(messages.ERP_UNAVAILABLE, connector="fake", reason="HTTP 503", attempts=5))
    connector.push(RuntimeError("bug in a connector"))
    connector.push([invoice("1", YAMADA, paid=100_000)])
    notifier = RecordingNotifier()
    sync_invoices(crm, connector, today=TODAY)

    failed = sync_invoices(
        crm, connector, today=TODAY, notifier=notifier, admin_channel="C-ADMIN", language="en"
    )
    crashed = sync_invoices(
        crm, connector, today=TODAY, notifier=notifier, admin_channel="C-ADMIN", language="en"
    )

    assert not failed.ok and "HTTP 503" in failed.summary("en")
    assert not crashed.ok and "unexpected error" in crashed.summary("en")
    assert "bug in a connector" not in crashed.summary("en")  # internal text never reaches people
    assert _invoices(crm)["1"].status == "unpaid"  # the last good data
    assert [channel for channel, _ in notifier.posts] == ["C-ADMIN", "C-ADMIN"]
    assert "HTTP 503" in notifier.posts[0][1] and f"#{failed.run_id}" in notifier.posts[0][1]
    with crm.session(actor="test") as session:
        runs = session.exec(select(ErpSyncRun).order_by(ErpSyncRun.id)).all()
    assert [r.status for r in runs] == ["ok", "failed", "failed"]
    assert "HTTP 503" in runs[1].error and runs[1].finished_at is not None

    caught_up = sync_invoices(crm, connector, today=TODAY)
    assert caught_up.ok and _invoices(crm)["1"].status == "paid"


def test_a_notifier_that_fails_does_not_hide_the_failure(crm: Database) -> None:
    connector = ScriptedConnector()
    connector.push(UserFacingError(messages.TOKEN_REVOKED, connector="fake"))
    notifier = RecordingNotifier()
    notifier.fail = True
    result = sync_invoices(crm, connector, today=TODAY, notifier=notifier, admin_channel="C-ADMIN")
    assert result.status == "failed"


def test_canceled_invoices_are_removed_with_their_alerts(crm: Database) -> None:
    connector = ScriptedConnector()
    connector.push([invoice("1", YAMADA), invoice("2", YAMADA)])
    connector.push([invoice("1", YAMADA, canceled=True), invoice("2", YAMADA)])
    sync_invoices(crm, connector, today=TODAY)
    with crm.session(actor="test") as session:
        session.add(InvoiceAlert(invoice_id=_invoices(crm)["1"].id, kind="overdue"))
    result = sync_invoices(crm, connector, today=TODAY)
    assert result.counts["removed"] == 1 and set(_invoices(crm)) == {"2"}


def test_link_moves_invoices_and_later_syncs_keep_the_link(crm: Database) -> None:
    connector = ScriptedConnector()
    connector.push([invoice("3", UNKNOWN)])
    connector.push([invoice("3", UNKNOWN, paid=1)])
    service = ErpService(crm, ErpConfig(connector="fake"), connector=connector)
    service.sync(today=TODAY)
    [entry] = service.unmatched()

    with pytest.raises(UserFacingError) as unknown:
        service.link(entry.id, "山田精作所")
    assert "株式会社山田製作所" in unknown.value.message("en")  # did you mean
    linked = service.link(entry.id, "株式会社山田製作所")

    assert tuple(linked) == ("未登録商事株式会社", "株式会社山田製作所", 1)
    assert linked.summary("en") == (
        "Linked ERP partner “未登録商事株式会社” to customer “株式会社山田製作所”; "
        "1 invoice(s) now belong to the customer."
    )
    assert "請求書 1 件" in linked.summary("ja")
    yamada = _customer_id(crm, "株式会社山田製作所")
    assert _invoices(crm)["3"].customer_id == yamada
    assert service.unmatched() == []
    result = service.sync(today=TODAY)
    assert result.counts["unmatched"] == 0 and _invoices(crm)["3"].customer_id == yamada
    with pytest.raises(UserFacingError):
        service.link(999, "株式会社山田製作所")


def test_status_lists_runs_and_a_missing_configuration_is_a_recorded_failure(crm: Database) -> None:
    notifier = RecordingNotifier()
    service = ErpService(crm, ErpConfig(connector="csv", admin_channel="C-ADMIN"), notifier=notifier)
    result = service.sync(today=TODAY)
    assert not result.ok and "SALESBOT_ERP_CSV_PATH" in result.summary("en")
    assert notifier.posts and notifier.posts[0][0] == "C-ADMIN"
    status = service.status()
    assert status.connector == "csv" and [r.status for r in status.runs] == ["failed"]
    with pytest.raises(UserFacingError):
        ErpService(crm, ErpConfig()).sync()  # nothing configured: say so plainly
