"""`ErpService`: what the CLI, the scheduler and Slack call — sync, status, review list, authorize."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

from sqlmodel import col, select

from core.clock import utcnow
from core.errors import UserFacingError
from core.i18n import Language
from core.notifications import Notifier
from crm_store.db import Database
from crm_store.invoicing import messages as invoice_messages
from crm_store.ops_models import ErpSyncRun, ErpUnmatchedPartner
from crm_store.repositories.customers import match_customer, similar_customers
from crm_store.repositories.invoices import invoices_of_partner
from erp import messages
from erp.adapters.freee.oauth import authorization_url
from erp.config import ErpConfig
from erp.connectors import build_connector, complete_freee_authorization
from erp.ports import ErpConnector
from erp.sync import SyncResult, last_runs, record_failed_run, sync_invoices
from erp.tokens import TokenStore, new_token_key


@dataclass(frozen=True)
class UnmatchedEntry:
    id: int
    connector: str
    partner_id: str
    partner_code: str | None
    partner_name: str
    reason: str
    candidates: list[str]
    first_seen: datetime


class LinkResult(NamedTuple):
    """What `ErpService.link` did; a tuple so callers may unpack (partner, customer, invoices)."""

    partner: str
    customer: str
    invoices: int

    def summary(self, language: Language) -> str:
        """One translated sentence saying what was linked (for the CLI and Slack)."""
        return messages.LINKED.format(
            language, partner=self.partner, customer=self.customer, invoices=self.invoices
        )


@dataclass(frozen=True)
class ErpStatus:
    connector: str | None
    runs: list[ErpSyncRun]
    unmatched: int
    authorized: bool | None  # None: the connector needs no authorization


class ErpService:
    """The ERP area behind one facade, so callers (CLI, scheduler, Slack) never touch ERP modules."""

    def __init__(
        self,
        db: Database,
        config: ErpConfig,
        *,
        notifier: Notifier | None = None,
        language: Language = "ja",
        connector: ErpConnector | None = None,
    ) -> None:
        self.db, self.config, self.notifier, self.language = db, config, notifier, language
        self._connector = connector

    def connector(self) -> ErpConnector:
        """The configured connector, built per sync: a missing setting fails only the command that
        needs it, and tokens re-authorized by another process are read fresh."""
        if self._connector is not None:
            return self._connector
        return build_connector(self.db, self.config)

    def sync(
        self, *, full: bool = False, today: date | None = None, notifier: Notifier | None = None
    ) -> SyncResult:
        """One sync run; failures are recorded and sent to the admin channel, not raised."""
        notifier = notifier or self.notifier
        try:
            connector = self.connector()
        except UserFacingError as error:
            if self.config.connector is None:
                raise
            # A broken configuration is a failed run too: the admin channel must hear about it.
            return record_failed_run(
                self.db, self.config.connector, error, notifier, self.config.admin_channel, self.language
            )
        try:
            return sync_invoices(
                self.db,
                connector,
                full=full,
                today=today,
                lookback_days=self.config.lookback_days,
                notifier=notifier,
                admin_channel=self.config.admin_channel,
                language=self.language,
            )
        finally:
            if connector is not self._connector:
                close = getattr(connector, "close", None)
                if close is not None:
                    close()

    def status(self, limit: int = 5) -> ErpStatus:
        """The connector, its last ``limit`` runs, the review list size and whether it is authorized."""
        authorized = None
        if self.config.connector == "freee":
            try:
                authorized = TokenStore(self.db, "freee", self.config.token_key).load() is not None
            except UserFacingError:  # no key, or tokens the key cannot read: not usable
                authorized = False
        return ErpStatus(
            connector=self.config.connector,
            runs=last_runs(self.db, limit=limit),
            unmatched=len(self.unmatched()),
            authorized=authorized,
        )

    def unmatched(self, include_resolved: bool = False) -> list[UnmatchedEntry]:
        """The review list: ERP partners no CRM customer matched."""
        with self.db.session("read") as session:
            statement = select(ErpUnmatchedPartner).order_by(col(ErpUnmatchedPartner.id))
            if not include_resolved:
                statement = statement.where(col(ErpUnmatchedPartner.resolved_customer_id).is_(None))
            return [
                UnmatchedEntry(
                    id=e.id or 0,
                    connector=e.connector,
                    partner_id=e.partner_id,
                    partner_code=e.partner_code,
                    partner_name=e.partner_name,
                    reason=e.reason,
                    candidates=[str(c.get("name")) for c in e.candidates or []],
                    first_seen=e.first_seen,
                )
                for e in session.exec(statement)
            ]

    def link(self, entry_id: int, customer_name: str, actor: str = "cli") -> LinkResult:
        """Link a review-list partner to a CRM customer; its stored invoices move to the customer now,
        later syncs keep the link. Returns (partner, customer, invoices linked) with a summary."""
        with self.db.session(actor=actor, erp_link=entry_id) as session:
            entry = session.get(ErpUnmatchedPartner, entry_id)
            if entry is None:
                raise UserFacingError(messages.UNMATCHED_NOT_FOUND, id=entry_id)
            match = match_customer(session, customer_name)
            if match.customer is None or not match.matched:
                by_code = match_customer(session, None, customer_name)
                match = by_code if by_code.customer is not None else match
            if match.customer is None:
                if match.status == "ambiguous":
                    raise UserFacingError(
                        invoice_messages.AMBIGUOUS_CUSTOMER,
                        name=customer_name,
                        names=", ".join(c.name for c in match.candidates),
                    )
                near = similar_customers(session, customer_name)
                if near:
                    raise UserFacingError(
                        invoice_messages.UNKNOWN_CUSTOMER_NEAR,
                        name=customer_name,
                        names=", ".join(c.name for c in near),
                    )
                raise UserFacingError(invoice_messages.UNKNOWN_CUSTOMER, name=customer_name)
            customer = match.customer
            entry.resolved_customer_id, entry.resolved_at = customer.id, utcnow()
            invoices = invoices_of_partner(
                session, entry.connector, entry.partner_id, entry.partner_code, entry.partner_name
            )
            for invoice in invoices:
                invoice.customer_id = customer.id
            return LinkResult(entry.partner_name, customer.name, len(invoices))

    # freee authorization (`salesbot erp authorize`, `salesbot erp new-key`)
    @staticmethod
    def new_token_key() -> str:
        """A fresh key for SALESBOT_ERP_TOKEN_KEY (it encrypts the stored ERP tokens)."""
        return new_token_key()

    def authorization_url(self) -> tuple[str, str]:
        """The URL to open and the state to check; needs the client id."""
        state = secrets.token_urlsafe(16)
        return authorization_url(self.config.freee, state), state

    def complete_authorization(self, code: str) -> str:
        """Exchange the code, pick the company and store the tokens encrypted; returns the company id."""
        return complete_freee_authorization(self.db, self.config, code)
