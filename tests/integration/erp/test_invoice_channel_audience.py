"""The manager channel gets only what every member there may see (one visibility policy, `own` here),
on SQLite and PostgreSQL; what it may not show goes by DM to those who may, and the channel says
how much it left out."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import select

from crm_store.db import Database
from crm_store.invoicing.service import InvoiceService
from crm_store.models import Customer
from crm_store.service import CrmService

from erp_fakes import FakeSlackPeople, RecordingNotifier, channel_audience
from tests.conftest import DEMO_TODAY

CHANNEL = "C0MANAGERS"
MANAGER, ADMIN, SATO = "U0DEMO001", "U0DEMO002", "U0DEMO004"  # 高橋 誠, 中村 由美, 佐藤 健太 (a rep)
# 佐藤's customers at DEMO_TODAY: 3 overdue (INV-0012, 0015, 0016) and 2 due soon (0022, 0023) of the
# demo's 6 overdue and 4 due soon; the others' belong to 田中 美咲, 高橋 誠 and 鈴木 一郎.


@pytest.fixture
def crm(db: Database, tmp_path: Path) -> Iterator[CrmService]:
    from bot.demo.dataset import load_demo_data

    crm = CrmService(db, visibility="own")
    assert load_demo_data(crm, tmp_path / "demo-import", today=None).errors == 0
    yield crm


def _invoices(crm: CrmService, language: str = "ja") -> InvoiceService:
    return InvoiceService(crm.db, manager_channel=CHANNEL, language=language, visibility="own")  # type: ignore[arg-type]


def _texts(pairs: list[tuple[str, str]], to: str) -> list[str]:
    return [text for where, text in pairs if where == to]


def test_a_rep_in_the_manager_channel_sees_only_their_customers_the_manager_gets_the_rest(
    crm: CrmService,
) -> None:
    notifier = RecordingNotifier()
    _invoices(crm).send_digests(notifier, DEMO_TODAY, channel_audience(crm, CHANNEL, MANAGER, SATO))
    [post] = _texts(notifier.posts, CHANNEL)
    assert "期日超過 3 件" in post and "日以内に期日 2 件" in post and "佐藤 健太: 期日超過 3 件" in post
    assert "田中 美咲" not in post and "高橋 誠" not in post  # the other owners' parts stay out
    assert "請求書 5 件をここには表示していません" in post  # said, not named
    # The manager the channel was meant for gets the whole digest privately; the rep only their own DM.
    dms = _texts(notifier.dms, MANAGER)
    assert any("期日超過 6 件" in text and "表示していない請求書 5 件" in text for text in dms)
    assert all("期日超過 6 件" not in text for text in _texts(notifier.dms, SATO))


def test_an_all_managers_channel_still_gets_everything(crm: CrmService) -> None:
    notifier = RecordingNotifier()
    _invoices(crm).send_digests(notifier, DEMO_TODAY, channel_audience(crm, CHANNEL, MANAGER, ADMIN))
    [post] = _texts(notifier.posts, CHANNEL)
    assert "期日超過 6 件" in post and "田中 美咲" in post and "表示していません" not in post
    assert all("全体" not in text for _, text in notifier.dms)  # nothing withheld, nothing extra


def test_an_unknown_member_leaves_nothing_customer_specific_in_the_channel(crm: CrmService) -> None:
    notifier = RecordingNotifier()
    audience = channel_audience(crm, CHANNEL, MANAGER, "U0GUEST01")  # a guest the CRM does not know
    _invoices(crm, "en").send_digests(notifier, DEMO_TODAY, audience)
    [post] = _texts(notifier.posts, CHANNEL)
    assert "0 overdue" in post and "10 invoice(s) are not shown here" in post
    assert not any(name in post for name in ("佐藤", "田中", "高橋", "鈴木"))
    assert any("期日超過 6 件" in text for text in _texts(notifier.dms, MANAGER))  # in his own language


def test_when_slack_will_not_say_who_is_there_the_admins_get_it(crm: CrmService) -> None:
    notifier = RecordingNotifier()
    from bot.slack.audience import SlackChannelAudience

    nobody_known = SlackChannelAudience(FakeSlackPeople({}), crm)  # type: ignore[arg-type]
    _invoices(crm).send_digests(notifier, DEMO_TODAY, nobody_known)
    [post] = _texts(notifier.posts, CHANNEL)
    assert "期日超過 0 件" in post and "請求書 10 件" in post
    assert [who for who, text in notifier.dms if "期日超過 6 件" in text] == [ADMIN]


def test_the_first_overdue_summary_follows_the_same_rule(crm: CrmService) -> None:
    notifier = RecordingNotifier()
    audience = channel_audience(crm, CHANNEL, MANAGER, SATO)
    assert _invoices(crm).send_overdue_alerts(notifier, DEMO_TODAY, audience) == 1
    [post] = _texts(notifier.posts, CHANNEL)
    assert "既に期日超過の請求書が 3 件" in post and "田中 美咲" not in post and "表示していません" in post
    [full] = _texts(notifier.dms, MANAGER)
    assert "既に期日超過の請求書が 6 件" in full and _texts(notifier.dms, SATO) == []


def test_an_owner_less_customers_alert_goes_to_the_channel_only_if_all_may_see_it(crm: CrmService) -> None:
    with crm.db.session("test") as session:
        yamada = session.exec(select(Customer).where(Customer.name == "株式会社山田製作所")).one()
        yamada.owner_id = None  # INV-2026-0021 (due 11-24) has no owner to tell
        session.add(yamada)
    invoices, mixed = _invoices(crm), channel_audience(crm, CHANNEL, MANAGER, SATO)
    invoices.send_overdue_alerts(RecordingNotifier(), DEMO_TODAY, mixed)  # the first run's summary
    notifier = RecordingNotifier()
    assert invoices.send_overdue_alerts(notifier, date(2026, 11, 25), mixed) == 1
    assert notifier.posts == []  # 佐藤 may not see a customer he does not own
    [(who, text)] = notifier.dms
    assert who == MANAGER and "INV-2026-0021" in text and "DM でお知らせします" in text
    assert invoices.send_overdue_alerts(notifier, date(2026, 11, 25), mixed) == 0  # once

    # In a channel of managers only, such an alert is posted there, as before.
    with crm.db.session("test") as session:
        taiyo = session.exec(select(Customer).where(Customer.name == "大洋化学工業(株)")).one()
        taiyo.owner_id = None  # INV-2026-0022 (due 11-25) has no owner either
        session.add(taiyo)
    notifier = RecordingNotifier()
    only_managers = channel_audience(crm, CHANNEL, MANAGER, ADMIN)
    assert invoices.send_overdue_alerts(notifier, date(2026, 11, 26), only_managers) == 2  # + 0023 to 佐藤
    assert ["INV-2026-0022" in text for text in _texts(notifier.posts, CHANNEL)] == [True]
    assert not any("INV-2026-0022" in text for _, text in notifier.dms)


class _OneDmFailsOnce(RecordingNotifier):
    """Slack refuses the first DM to ``who`` (a closed DM channel, a timeout), then accepts it."""

    def __init__(self, who: str) -> None:
        super().__init__()
        self.who, self.refused = who, False

    def send_direct_message(self, slack_user_id: str, text: str) -> None:
        if slack_user_id == self.who and not self.refused:
            self.refused = True
            raise ConnectionError("slack timed out")
        super().send_direct_message(slack_user_id, text)


def test_when_one_private_dm_fails_the_retry_sends_only_that_one(crm: CrmService) -> None:
    # 佐藤 in the channel: the full digest goes by DM to both managers there; the admin's DM fails.
    notifier = _OneDmFailsOnce(ADMIN)
    audience = channel_audience(crm, CHANNEL, MANAGER, ADMIN, SATO)
    invoices = _invoices(crm)
    invoices.send_digests(notifier, DEMO_TODAY, audience)
    invoices.send_digests(notifier, DEMO_TODAY, audience)  # the scheduler's retry
    full = [who for who, text in notifier.dms if "期日超過 6 件" in text]
    assert sorted(full) == sorted([MANAGER, ADMIN])  # each once: the manager's DM is not repeated
    assert len(_texts(notifier.posts, CHANNEL)) == 1
    invoices.send_digests(notifier, DEMO_TODAY, audience)
    assert len([who for who, text in notifier.dms if "期日超過 6 件" in text]) == 2  # done: nothing more
