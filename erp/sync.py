"""The ERP → CRM invoice sync: fetch everything first, then write it in one transaction.

A failure while fetching writes nothing (the last good data stays), is recorded on the sync
run and told to an admin channel; the next run catches up because it asks for the same window
again. Customers are matched by ERP code, then normalized name; unmatched partners go to the
review list and their invoices are stored without a customer.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, delete, select

from core.clock import today as local_today
from core.clock import utcnow
from core.errors import UserFacingError, new_reference_id
from core.i18n import Language, Message
from core.notifications import Notifier
from crm_store.db import Database
from crm_store.models import Invoice
from crm_store.ops_models import ErpSyncRun, ErpUnmatchedPartner, InvoiceAlert
from crm_store.payments import payment_status
from crm_store.repositories.customers import match_customer
from erp import messages
from erp.ports import ErpConnector, ErpInvoice, ErpPartner

log = logging.getLogger(__name__)

# A run still "running" after this long died with its process; a new run may start.
STALE_RUN = timedelta(hours=1)

_UNEXPECTED = Message(
    en="unexpected error (ref {ref}, see the log)", ja="予期しないエラー(ref {ref}、ログ参照)"
)


@dataclass
class SyncResult:
    run_id: int
    connector: str
    status: str  # ok | failed
    counts: dict[str, int] = field(default_factory=dict)
    error: UserFacingError | None = None

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def summary(self, language: Language) -> str:
        if self.error is not None:
            return self.error.message(language)
        return messages.SYNC_DONE.format(language, connector=self.connector, **_count_params(self.counts))

    def to_json_dict(self, language: Language) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "connector": self.connector,
            "status": self.status,
            "counts": self.counts,
            "error": self.error.message(language) if self.error else None,
        }


def _count_params(counts: dict[str, int]) -> dict[str, int]:
    keys = ("invoices", "created", "updated", "unchanged", "removed", "unmatched")
    return {key: counts.get(key, 0) for key in keys}


def sync_invoices(
    db: Database,
    connector: ErpConnector,
    *,
    full: bool = False,
    today: date | None = None,
    lookback_days: int = 400,
    notifier: Notifier | None = None,
    admin_channel: str | None = None,
    language: Language = "ja",
) -> SyncResult:
    """Pull invoices from ``connector`` into the CRM store; never raises for ERP or data faults.

    Incremental runs ask for invoices issued in the last ``lookback_days`` (payments arrive on
    old invoices too, so the window is wide); the first run, and ``full=True``, read everything.
    """
    today = today or local_today()
    run_id, since = _start_run(db, connector.name, full, today, lookback_days)
    try:
        partners = {p.partner_id: p for p in connector.list_partners()}
        invoices = connector.list_invoices(since)
        with db.session(actor=f"erp:{connector.name}", sync_run=run_id) as session:
            counts = _apply(session, connector.name, invoices, partners)
    except UserFacingError as error:
        return _fail(db, run_id, connector.name, error, notifier, admin_channel, language)
    except Exception:  # noqa: BLE001 - the scheduler must survive any fault; the log has the traceback
        ref = new_reference_id()
        log.exception("ERP sync %s failed unexpectedly ref=%s", connector.name, ref)
        return _fail(
            db,
            run_id,
            connector.name,
            UserFacingError(_UNEXPECTED, ref=ref),
            notifier,
            admin_channel,
            language,
        )
    with db.session(actor=f"erp:{connector.name}") as session:
        run = session.get(ErpSyncRun, run_id)
        assert run is not None
        run.status, run.finished_at, run.counts = "ok", utcnow(), counts
        run.cursor = since.isoformat() if since else "full"
    log.info("ERP sync %s ok run=%s counts=%s", connector.name, run_id, counts)
    return SyncResult(run_id, connector.name, "ok", counts)


def _start_run(
    db: Database, connector: str, full: bool, today: date, lookback_days: int
) -> tuple[int, date | None]:
    """Record a new running sync. Two processes starting at once cannot both succeed: the database
    allows one "running" row per connector (uq_erp_sync_runs_running), so the loser is told a sync
    is already running instead of failing with an unexpected error."""
    try:
        with db.session(actor=f"erp:{connector}") as session:
            # A write first: on SQLite it takes the write lock before anything is read, so
            # concurrent starts queue up instead of failing with "database is locked".
            session.execute(
                update(ErpSyncRun)
                .where(
                    col(ErpSyncRun.connector) == connector,
                    ErpSyncRun.status == "running",
                    col(ErpSyncRun.started_at) < utcnow() - STALE_RUN,
                )
                .values(status="failed", finished_at=utcnow(), error="interrupted (the process stopped)")
            )
            running = session.exec(
                select(ErpSyncRun).where(ErpSyncRun.connector == connector, ErpSyncRun.status == "running")
            ).first()
            if running is not None:
                raise UserFacingError(
                    messages.SYNC_ALREADY_RUNNING,
                    connector=connector,
                    since=running.started_at.strftime("%Y-%m-%d %H:%M UTC"),
                )
            had_success = (
                session.exec(
                    select(ErpSyncRun.id).where(ErpSyncRun.connector == connector, ErpSyncRun.status == "ok")
                ).first()
                is not None
            )
            run = ErpSyncRun(connector=connector)
            session.add(run)
            session.flush()
            assert run.id is not None
            since = None if full or not had_success else today - timedelta(days=lookback_days)
            return run.id, since
    except IntegrityError as error:
        log.info("ERP sync %s: another process started a run first", connector)
        raise UserFacingError(
            messages.SYNC_ALREADY_RUNNING, connector=connector, since=utcnow().strftime("%Y-%m-%d %H:%M UTC")
        ) from error


def _fail(
    db: Database,
    run_id: int,
    connector: str,
    error: UserFacingError,
    notifier: Notifier | None,
    admin_channel: str | None,
    language: Language,
) -> SyncResult:
    with db.session(actor=f"erp:{connector}") as session:
        run = session.get(ErpSyncRun, run_id)
        assert run is not None
        run.status, run.finished_at, run.error = "failed", utcnow(), error.message("en")
    log.warning("ERP sync %s failed run=%s: %s", connector, run_id, error.message("en"))
    if notifier is not None and admin_channel:
        text = messages.SYNC_FAILED_ALERT.format(
            language, connector=connector, reason=error.message(language), run=run_id
        )
        try:
            notifier.post_message(admin_channel, text)
        except Exception:  # noqa: BLE001 - a failing alert must not hide the recorded failure
            log.exception("could not notify %s about the failed ERP sync", admin_channel)
    return SyncResult(run_id, connector, "failed", error=error)


class _PartnerResolver:
    """Partner → customer id, once per partner per run: linked by an admin, else matched, else review."""

    def __init__(self, session: Session, connector: str) -> None:
        self.session, self.connector = session, connector
        entries = session.exec(select(ErpUnmatchedPartner).where(ErpUnmatchedPartner.connector == connector))
        self.review = {entry.partner_id: entry for entry in entries}
        self.cache: dict[str, int | None] = {}

    def customer_id(self, partner: ErpPartner) -> int | None:
        if partner.partner_id not in self.cache:
            self.cache[partner.partner_id] = self._resolve(partner)
        return self.cache[partner.partner_id]

    def _resolve(self, partner: ErpPartner) -> int | None:
        entry = self.review.get(partner.partner_id)
        if entry is not None and entry.resolved_customer_id is not None:
            return entry.resolved_customer_id
        match = match_customer(self.session, partner.name, partner.code)
        if match.matched and match.customer is not None:
            if entry is not None:  # the CRM gained the customer since: the review item is settled
                entry.resolved_customer_id, entry.resolved_at = match.customer.id, utcnow()
            return match.customer.id
        candidates = [{"id": c.id, "name": c.name} for c in match.candidates] or None
        reason = "no_match" if match.status == "none" else match.status
        if entry is None:
            entry = ErpUnmatchedPartner(
                connector=self.connector,
                partner_id=partner.partner_id,
                partner_code=partner.code,
                partner_name=partner.name,
            )
            self.session.add(entry)
            self.review[partner.partner_id] = entry
        entry.partner_code, entry.partner_name, entry.reason, entry.candidates = (
            partner.code,
            partner.name,
            reason,
            candidates,
        )
        return None


def _apply(
    session: Session, source: str, invoices: list[ErpInvoice], partners: dict[str, ErpPartner]
) -> dict[str, int]:
    counts = {
        "partners": len(partners),
        "invoices": len(invoices),
        "created": 0,
        "updated": 0,
        "unchanged": 0,
        "removed": 0,
        "unmatched": 0,
    }
    resolver = _PartnerResolver(session, source)
    # One read of this source's invoices: no per-row queries, no bound-parameter limits.
    existing = {i.erp_id: i for i in session.exec(select(Invoice).where(Invoice.erp_source == source))}
    now = utcnow()
    # Matching queries must not flush every pending invoice one by one: one flush at commit.
    with session.no_autoflush:
        for item in invoices:
            stored = existing.get(item.erp_id)
            if item.canceled:
                if stored is not None:
                    session.exec(delete(InvoiceAlert).where(InvoiceAlert.invoice_id == stored.id))
                    session.delete(stored)
                    counts["removed"] += 1
                continue
            partner = partners.get(item.partner.partner_id, item.partner)
            customer_id = resolver.customer_id(partner)
            if customer_id is None:
                counts["unmatched"] += 1
                customer_id = stored.customer_id if stored is not None else None
            fields = {
                "number": item.number,
                "customer_id": customer_id,
                "customer_name": partner.name,
                "customer_code": partner.code,
                "issue_date": item.issue_date,
                "due_date": item.due_date,
                "total": item.total,
                "paid": item.paid,
                "currency": item.currency,
                "status": payment_status(item.total, item.paid),
                "paid_on": item.paid_on,
            }
            if stored is None:
                session.add(Invoice(erp_source=source, erp_id=item.erp_id, synced_at=now, **fields))
                counts["created"] += 1
                continue
            changed = {k: v for k, v in fields.items() if getattr(stored, k) != v}
            for key, value in changed.items():
                setattr(stored, key, value)
            if changed:
                stored.synced_at = now
            counts["updated" if changed else "unchanged"] += 1
    return counts


def last_runs(db: Database, connector: str | None = None, limit: int = 5) -> list[ErpSyncRun]:
    """The latest sync runs, newest first."""
    with db.session(actor="erp:status") as session:
        statement = select(ErpSyncRun).order_by(col(ErpSyncRun.id).desc()).limit(limit)
        if connector:
            statement = statement.where(ErpSyncRun.connector == connector)
        return list(session.exec(statement))


def record_failed_run(
    db: Database,
    connector: str,
    error: UserFacingError,
    notifier: Notifier | None,
    admin_channel: str | None,
    language: Language,
) -> SyncResult:
    """A run that failed before it could start (a broken configuration), recorded like any other."""
    with db.session(actor=f"erp:{connector}") as session:
        run = ErpSyncRun(connector=connector, status="failed")  # never "running": another run may be
        session.add(run)
        session.flush()
        assert run.id is not None
        run_id = run.id
    return _fail(db, run_id, connector, error, notifier, admin_channel, language)
