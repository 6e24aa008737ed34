"""The invoice digest job through the real Slack adapters and the spec-checked fake Slack: the manager
channel's members come from conversations.members, and it gets only what all of them may see."""

from __future__ import annotations

from bot.settings import Settings
from bot.wiring import Services
from crm_store.invoicing.service import InvoiceService
from tests.conftest import DEMO_TODAY
from tests.e2e.fake_slack import BOT_USER_ID, FakeSlack

CHANNEL = "C0MGRS0001"


def _run_digest_job(slack_settings: Settings, services: Services) -> None:
    from bot.background import INVOICE_DIGEST_JOB, build_queue, build_worker
    from bot.slack.app import build_bot_context, build_web_client

    services.invoices = InvoiceService(services.db, manager_channel=CHANNEL, language="ja", visibility="own")
    bot = build_bot_context(slack_settings, services, build_web_client(slack_settings))
    worker = build_worker(slack_settings, services, bot)
    build_queue(slack_settings, services).enqueue(INVOICE_DIGEST_JOB, {"today": DEMO_TODAY.isoformat()})
    worker.run_until_idle()


def _texts_to(slack: FakeSlack, channel: str) -> list[str]:
    return [c.params["text"] for c in slack.calls_to("chat.postMessage") if c.params["channel"] == channel]


def test_a_rep_in_the_manager_channel_keeps_other_reps_invoices_out_of_it(
    slack_settings: Settings, slack: FakeSlack, demo_services: Services
) -> None:
    slack.members[CHANNEL] = [BOT_USER_ID, "U0DEMO001", "U0DEMO004"]  # 高橋 (manager), 佐藤 (rep)
    _run_digest_job(slack_settings, demo_services)
    posts = _texts_to(slack, CHANNEL)
    assert len(posts) == 2  # the digest and the first overdue check's summary
    assert all("田中 美咲" not in text and "高橋 誠" not in text for text in posts)  # other owners' parts
    assert all("表示していません" in text for text in posts)  # said, not named
    assert any("期日超過 3 件" in text for text in posts)
    assert sum("期日超過 6 件" in text for text in _texts_to(slack, "U0DEMO001")) == 2  # the manager: all
    assert [c.params["channel"] for c in slack.calls_to("conversations.members")] == [CHANNEL]  # cached


def test_a_manager_channel_of_managers_gets_the_whole_digest(
    slack_settings: Settings, slack: FakeSlack, demo_services: Services
) -> None:
    slack.members[CHANNEL] = [BOT_USER_ID, "U0DEMO001", "U0DEMO002"]
    _run_digest_job(slack_settings, demo_services)
    posts = _texts_to(slack, CHANNEL)
    assert len(posts) == 2 and all("期日超過 6 件" in text and "田中 美咲" in text for text in posts)
    assert not any("全体" in text for text in _texts_to(slack, "U0DEMO001"))
