"""Test doubles for the ERP area: a scripted connector and a recording notifier."""

from __future__ import annotations

from collections import deque
from datetime import date
from decimal import Decimal

from erp.ports import ErpInvoice, ErpPartner


def invoice(
    erp_id: str,
    partner: ErpPartner,
    *,
    total: int = 100_000,
    paid: int = 0,
    due: date = date(2026, 10, 31),
    issued: date = date(2026, 9, 30),
    canceled: bool = False,
    number: str | None = None,
) -> ErpInvoice:
    return ErpInvoice(
        erp_id=erp_id,
        number=number or f"INV-{erp_id}",
        partner=partner,
        issue_date=issued,
        due_date=due,
        total=Decimal(total),
        paid=Decimal(paid),
        canceled=canceled,
    )


class ScriptedConnector:
    """An `ErpConnector` answering from a queue of outcomes: a list of invoices, or an exception."""

    def __init__(self, name: str = "fake", partners: list[ErpPartner] | None = None) -> None:
        self.name = name
        self.partners = partners or []
        self.outcomes: deque[list[ErpInvoice] | Exception] = deque()
        self.since_calls: list[date | None] = []

    def push(self, outcome: list[ErpInvoice] | Exception) -> None:
        self.outcomes.append(outcome)

    def list_partners(self) -> list[ErpPartner]:
        return list(self.partners)

    def list_invoices(self, since: date | None = None) -> list[ErpInvoice]:
        self.since_calls.append(since)
        outcome = self.outcomes.popleft()
        if isinstance(outcome, Exception):
            raise outcome
        return outcome


class RecordingNotifier:
    """A `Notifier` that keeps what it was asked to send; ``fail`` makes the next sends raise."""

    def __init__(self) -> None:
        self.posts: list[tuple[str, str]] = []
        self.dms: list[tuple[str, str]] = []
        self.fail = False

    def post_message(self, channel: str, text: str) -> None:
        if self.fail:
            raise ConnectionError("slack down")
        self.posts.append((channel, text))

    def send_direct_message(self, slack_user_id: str, text: str) -> None:
        if self.fail:
            raise ConnectionError("slack down")
        self.dms.append((slack_user_id, text))
