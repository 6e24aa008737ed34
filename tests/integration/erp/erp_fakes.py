"""Test doubles for the ERP area: a scripted connector, a recording notifier, and Slack's channel members."""

from __future__ import annotations

from collections import deque
from datetime import date
from decimal import Decimal
from pathlib import Path

from bot.slack.audience import SlackChannelAudience
from crm_store.service import CrmService
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


BOT_ID = "U0SALESBOT"


class FakeSlackPeople:
    """What `bot.slack.audience.SlackChannelAudience` asks of `SlackPeople`: who is in a channel
    (a channel not listed: Slack would not say) and which members are bots."""

    def __init__(self, channels: dict[str, list[str]]) -> None:
        self.channels = channels

    def members(self, channel_id: str) -> list[str] | None:
        return self.channels.get(channel_id)

    def is_bot(self, slack_user_id: str) -> bool:
        return slack_user_id == BOT_ID


def channel_audience(crm: CrmService, channel: str, *members: str) -> SlackChannelAudience:
    """The real Slack `ChannelAudience` over a channel holding the bot and ``members`` (Slack ids)."""
    return SlackChannelAudience(FakeSlackPeople({channel: [BOT_ID, *members]}), crm)  # type: ignore[arg-type]


CSV_MAPPING = """\
columns:
  invoice_number: 伝票番号
  customer_name: 得意先名
  customer_code: 得意先コード
  due_date: 回収予定日
  total_amount: 請求額
  paid_amount: 入金額
"""
CSV_HEADER = "伝票番号,得意先名,得意先コード,回収予定日,請求額,入金額\n"


def csv_export_env(folder: Path, rows: str) -> dict[str, str]:
    """A Shift_JIS ERP export of ``rows`` with its column mapping in ``folder``, and the settings that
    point the csv connector at them."""
    (folder / "map.yaml").write_text(CSV_MAPPING, encoding="utf-8")
    (folder / "export.csv").write_bytes((CSV_HEADER + rows).encode("cp932"))
    return {
        "SALESBOT_ERP_CONNECTOR": "csv",
        "SALESBOT_ERP_CSV_PATH": str(folder / "export.csv"),
        "SALESBOT_ERP_CSV_MAPPING": str(folder / "map.yaml"),
    }
