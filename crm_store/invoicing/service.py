"""Invoices for people: per customer (/invoice, `salesbot invoices`), the draft-card warning,
the daily digest and the once-only overdue alert."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from core.errors import UserFacingError
from core.i18n import Language
from core.money import format_amount
from core.notifications import ChannelAudience, Notifier
from core.questions import Asker
from crm_store.db import Database
from crm_store.invoicing import messages
from crm_store.invoicing.rendering import render_manager_digest, render_owner_digest
from crm_store.invoicing.views import (
    CustomerInvoices,
    CustomerRef,
    InvoiceDigest,
    OwnerDigest,
)
from crm_store.job_runner import Effects
from crm_store.models import Customer, Invoice, User
from crm_store.ops_models import InvoiceAlert
from crm_store.payments import DEFAULT_DUE_SOON_DAYS, outstanding
from crm_store.repositories import invoices as invoice_queries
from crm_store.repositories.customers import match_customer, search_customers, similar_customers
from crm_store.service import invoice_view
from crm_store.visibility import RepVisibility, Scope, audience_scope, scope_for

log = logging.getLogger(__name__)

# The scheduled digest reads everything: each owner's part goes to that owner alone; the managers'
# channel gets what every member there may see (`_ChannelReaders`).
DIGEST_READER = Asker(role="admin", name="invoice digest")


@dataclass(frozen=True)
class _ChannelReaders:
    """The manager channel's audience: what every member may see, and who gets the rest by DM."""

    scope: Scope
    private: list[tuple[str, Language]]  # (Slack id, language); empty when the channel sees everything


class InvoiceService:
    """Read side of the synced invoices, plus the notifications built on it."""

    def __init__(
        self,
        db: Database,
        *,
        manager_channel: str | None = None,
        language: Language = "ja",
        due_soon_days: int = DEFAULT_DUE_SOON_DAYS,
        visibility: RepVisibility = "own",
    ) -> None:
        self.db = db
        self.visibility = visibility
        self.manager_channel = manager_channel
        self.language = language  # for channel posts; DMs use each rep's language
        self.due_soon_days = due_soon_days

    def customer_invoices(self, name: str, today: date, *, asker: Asker) -> CustomerInvoices:
        """A customer's invoices with status, due date, outstanding and overdue flag.

        Unknown name: `UserFacingError` with "did you mean" suggestions; a customer whose invoices
        ``asker`` may not see (crm_store.visibility): `UserFacingError` saying whom to ask.
        """
        with self.db.session("read") as session:
            scope = scope_for(session, asker, self.visibility)
            if not scope.customers:
                raise UserFacingError(messages.UNKNOWN_CUSTOMER, name=name)
            customer = _find_customer(session, name)
            if not scope.sees_invoices_of(customer):
                raise UserFacingError(messages.NOT_YOUR_CUSTOMER, customer=customer.name)
            users = {u.id: u.name for u in session.exec(select(User))}
            rows = invoice_queries.invoices_for_customer(session, customer.id or 0)
            return CustomerInvoices(
                customer=CustomerRef(
                    id=customer.id or 0,
                    name=customer.name,
                    erp_code=customer.erp_code,
                    owner=users.get(customer.owner_id),
                ),
                today=today,
                invoices=[invoice_view(i, customer.name, today) for i in rows],
            )

    def digest(self, today: date, *, asker: Asker) -> InvoiceDigest:
        """Overdue and due-soon open invoices of matched customers, grouped by the customer's owner;
        only the owners' parts ``asker`` may see (the scheduled digest reads as `DIGEST_READER`)."""
        with self.db.session("read") as session:
            return self._digest(session, today, scope_for(session, asker, self.visibility))

    def _digest(self, session: Session, today: date, scope: Scope) -> InvoiceDigest:
        customers = {c.id: c for c in session.exec(select(Customer))}
        users = {u.id: u for u in session.exec(select(User))}
        overdue = invoice_queries.overdue_invoices(session, today)
        due_soon = invoice_queries.invoices_due_within(session, today, self.due_soon_days)
        groups: dict[int | None, tuple[list, list]] = defaultdict(lambda: ([], []))
        for index, rows in enumerate((overdue, due_soon)):
            for invoice in rows:
                customer = customers.get(invoice.customer_id)
                if customer is None:
                    continue  # unmatched: counted below, on the admin's review list
                if not scope.sees_invoices_of(customer):
                    continue
                groups[customer.owner_id][index].append(invoice_view(invoice, customer.name, today))
        owners = []
        for owner_id, (late, soon) in sorted(
            groups.items(), key=lambda item: (item[0] is None, item[0] or 0)
        ):
            user = users.get(owner_id)
            owners.append(
                OwnerDigest(
                    owner_id=owner_id,
                    owner=user.name if user else None,
                    slack_user_id=user.slack_user_id if user else None,
                    language=user.language if user else self.language,
                    overdue=late,
                    due_soon=soon,
                )
            )
        unmatched = ([i.id or 0 for i in invoice_queries.unmatched_open_invoices(session)]
                     if scope.is_everything else [])
        return InvoiceDigest(today=today, days=self.due_soon_days, owners=owners, unmatched=unmatched)

    def send_digests(self, notifier: Notifier, today: date, audience: ChannelAudience) -> int:
        """DM each rep their customers' overdue and due-soon invoices; post the summary for managers,
        as far as every member of the manager channel (``audience``) may see it.

        Sent once per day: a restarted scheduler finds today's digest already recorded. Returns
        the number of messages sent.
        """
        kind = f"digest:{today.isoformat()}"
        digest = self.digest(today, asker=DIGEST_READER)
        sent = 0
        for owner in digest.owners:
            ids = [i.id for i in owner.overdue + owner.due_soon]
            if not owner.slack_user_id or not ids:
                continue
            text = render_owner_digest(owner, digest, _language(owner.language))
            if self._send_once(ids, kind, partial(notifier.send_direct_message, owner.slack_user_id, text)):
                sent += 1
        if self.manager_channel and (digest.overdue or digest.due_soon or digest.unmatched_open):
            # Unmatched invoices count too: a day with only those to review still reminds the managers.
            ids = [i.id for i in digest.overdue + digest.due_soon] + digest.unmatched
            readers = self._readers(audience)
            shown, withheld = self._channel_digest(digest, readers)
            text = render_manager_digest(shown, self.language) + _withheld_note(withheld, self.language)
            if self._send_once(
                ids, f"{kind}:managers", partial(notifier.post_message, self.manager_channel, text)
            ):
                sent += 1
            full = partial(_digest_text, digest, withheld=withheld)
            dms = partial(self._send_privately, notifier, readers, full, _alert_key(f"{kind}:full", ids))
            if withheld and self._send_once(ids, f"{kind}:full", dms):
                sent += 1
        return sent

    def send_overdue_alerts(self, notifier: Notifier, today: date, audience: ChannelAudience) -> int:
        """Tell the owner (else the manager channel) when an invoice becomes overdue, once per invoice.

        The channel gets an alert only when every member there (``audience``) may see that customer's
        invoices; otherwise it goes by DM to those who may (see `_readers`).

        The first run after set-up finds every invoice that was ever overdue: instead of a flood of
        DMs it posts one summary to the manager channel and takes those as announced.
        """
        sent = 0
        with self.db.session("read") as session:
            alerted = set(session.exec(select(InvoiceAlert.invoice_id).where(InvoiceAlert.kind == "overdue")))
            pending = [
                i
                for i in invoice_queries.overdue_invoices(session, today)
                if i.id not in alerted and i.customer_id is not None
            ]
            customers = {c.id: c for c in session.exec(select(Customer))}
            users = {u.id: u for u in session.exec(select(User))}
        if pending and not alerted:
            return self._first_run_summary(notifier, today, [i.id or 0 for i in pending], audience)
        readers: _ChannelReaders | None = None  # asked of Slack only when an alert is for the channel
        for invoice in pending:
            customer = customers[invoice.customer_id]
            owner = users.get(customer.owner_id)
            if owner is not None and owner.slack_user_id:
                text = _overdue_text(invoice, customer.name, _language(owner.language))
                send = partial(notifier.send_direct_message, owner.slack_user_id, text)
            elif self.manager_channel:
                readers = readers or self._readers(audience)
                if readers.scope.sees_invoices_of(customer):
                    text = _overdue_text(invoice, customer.name, self.language)
                    send = partial(notifier.post_message, self.manager_channel, text)
                else:
                    send = partial(self._send_privately, notifier, readers,
                                   partial(_withheld_alert_text, invoice, customer.name),
                                   _alert_key("overdue", [invoice.id or 0]))
            else:
                continue
            if self._send_once([invoice.id or 0], "overdue", send):
                sent += 1
        return sent

    def _first_run_summary(
        self, notifier: Notifier, today: date, invoice_ids: list[int], audience: ChannelAudience
    ) -> int:
        """One post instead of an alert per invoice already overdue at set-up; returns 1 if posted."""
        if not self.manager_channel:
            self._record(invoice_ids, "overdue")  # reps see them in their digest
            log.info("first overdue check: %s invoice(s) already overdue, not announced one by one", len(invoice_ids))
            return 0
        digest = self.digest(today, asker=DIGEST_READER)
        readers = self._readers(audience)
        shown, withheld = self._channel_digest(digest, readers)
        channel = self.manager_channel

        def send() -> None:
            # One effect for both, each DM also once: a retry sends what did not go, nothing twice.
            if withheld:
                full = partial(_digest_text, digest, withheld=withheld, first_run=True)
                self._send_privately(notifier, readers, full, _alert_key("overdue", invoice_ids))
            notifier.post_message(channel, _digest_text(shown, self.language, withheld=0, first_run=True)
                                  + _withheld_note(withheld, self.language))

        return 1 if self._send_once(invoice_ids, "overdue", send) else 0

    def _readers(self, audience: ChannelAudience) -> _ChannelReaders:
        """Who reads the manager channel (asked of ``audience``) and what all of them may see."""
        members = audience.channel_members(self.manager_channel or "")
        with self.db.session("read") as session:
            scope = audience_scope(session, members, self.visibility)
            if scope.is_everything:
                return _ChannelReaders(scope, [])
            # What the channel may not show goes to its members who may see it all (the managers it
            # was meant for); with none there (a channel of reps, or Slack would not say who is in
            # it) to the admins, who set the channel and can fix who is in it.
            private = [
                (m.slack_user_id, _language(m.language or self.language))
                for m in members
                if m is not None and m.slack_user_id and scope_for(session, m, self.visibility).is_everything
            ]
            if not private:
                admins = session.exec(
                    select(User).where(User.role == "admin", col(User.slack_user_id).is_not(None))
                )
                private = [(u.slack_user_id or "", _language(u.language or self.language)) for u in admins]
            return _ChannelReaders(scope, private)

    def _channel_digest(self, digest: InvoiceDigest, readers: _ChannelReaders) -> tuple[InvoiceDigest, int]:
        """The manager digest as the channel may see it, and how many invoices that leaves out."""
        if readers.scope.is_everything:
            return digest, 0
        with self.db.session("read") as session:
            shown = self._digest(session, digest.today, readers.scope)
        return shown, _invoice_count(digest) - _invoice_count(shown)

    def _send_once(self, invoice_ids: list[int], kind: str, send: Callable[[], None]) -> bool:
        """Send, then record: marked sent only after Slack accepted it, and never inside a
        transaction. A failed send is retried next time; the effect key (job_effects) keeps two
        overlapping runs from both sending."""
        if not invoice_ids:
            return False
        with self.db.session("read") as session:
            done = session.exec(
                select(InvoiceAlert.id).where(InvoiceAlert.invoice_id == invoice_ids[0], InvoiceAlert.kind == kind)
            ).first()
        if done is not None:
            return False
        key = _alert_key(kind, invoice_ids)
        try:
            if Effects(self.db).once(key, lambda: send() or {}) is None:
                return False  # another run is sending it (or stopped mid-send)
        except Exception:  # noqa: BLE001 - one unreachable person must not stop the others' alerts
            log.exception("could not send %s for invoices %s; it will be retried", kind, invoice_ids[:5])
            return False
        self._record(invoice_ids, kind)
        return True

    def _send_privately(self, notifier: Notifier, readers: _ChannelReaders, render: Callable[[Language], str],
                        alert_key: str) -> None:
        """DM what the manager channel may not show to each of ``readers.private``, in their language,
        each once: if one DM fails, the alert's retry sends only those that did not go."""
        if not readers.private:
            log.warning("invoice news not everyone in the manager channel may see has no one to go to "
                        "(no manager there, no admin with a Slack id)")
        effects = Effects(self.db)
        for slack_user_id, language in readers.private:
            effects.once(f"{alert_key}:dm:{slack_user_id}",
                         partial(notifier.send_direct_message, slack_user_id, render(language)))

    def _record(self, invoice_ids: list[int], kind: str) -> None:
        try:
            with self.db.session("erp:alerts", alert=kind) as session:
                for invoice_id in invoice_ids:
                    session.add(InvoiceAlert(invoice_id=invoice_id, kind=kind))
        except IntegrityError:
            log.info("%s for invoices %s was recorded by another run", kind, invoice_ids[:5])


def _invoice_count(digest: InvoiceDigest) -> int:
    return len(digest.overdue) + len(digest.due_soon) + digest.unmatched_open


def _withheld_note(count: int, language: Language) -> str:
    return "\n" + messages.WITHHELD_IN_CHANNEL.format(language, count=count) if count else ""


def _digest_text(digest: InvoiceDigest, language: Language, *, withheld: int, first_run: bool = False) -> str:
    """The managers' digest, headed (DM) by how much the channel did not show, and on the first run by
    how many invoices were already overdue."""
    head = messages.FULL_DIGEST_DM.format(language, count=withheld) + "\n" if withheld else ""
    if first_run:
        head += messages.FIRST_RUN_SUMMARY.format(language, count=len(digest.overdue)) + "\n\n"
    return head + render_manager_digest(digest, language)


def _withheld_alert_text(invoice: Invoice, customer: str, language: Language) -> str:
    return messages.OVERDUE_ALERT_PRIVATE.format(language) + "\n" + _overdue_text(invoice, customer, language)


def _alert_key(kind: str, invoice_ids: list[int]) -> str:
    """The effect key of an alert (job_effects): its kind and its first invoice."""
    return f"alert:{kind}:{invoice_ids[0]}"


def _overdue_text(invoice: Invoice, customer: str, language: Language) -> str:
    return messages.OVERDUE_ALERT.format(
        language,
        number=invoice.number,
        customer=customer,
        outstanding=format_amount(outstanding(invoice), invoice.currency, language),
        due=invoice.due_date,
    )


def _language(value: str | None) -> Language:
    return "en" if value == "en" else "ja"


def _find_customer(session: Session, name: str) -> Customer:
    by_code = match_customer(session, None, name)  # a rep may type the ERP code too
    if by_code.customer is not None:
        return by_code.customer
    match = match_customer(session, name)
    if match.customer is not None and match.matched:
        return match.customer
    if match.status == "ambiguous":
        raise UserFacingError(
            messages.AMBIGUOUS_CUSTOMER, name=name, names=", ".join(c.name for c in match.candidates)
        )
    contains = search_customers(session, name, limit=4)
    if len(contains) == 1:
        return contains[0]
    near = contains or similar_customers(session, name)
    if near:
        raise UserFacingError(
            messages.UNKNOWN_CUSTOMER_NEAR, name=name, names=", ".join(c.name for c in near)
        )
    raise UserFacingError(messages.UNKNOWN_CUSTOMER, name=name)
