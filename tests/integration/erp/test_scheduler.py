"""The scheduler: periodic sync then overdue alerts, the daily digest once a day, run by workers,
once across processes; faults survived."""

from __future__ import annotations

import threading
from datetime import datetime

import pytest

from bot.background import ERP_SYNC_JOB, build_worker, periodic_tasks
from bot.cli.console_notifier import OperatorAudience
from bot.scheduler import run_scheduler
from bot.wiring import Services
from crm_store.invoicing.service import InvoiceService
from crm_store.jobs import JobQueue
from crm_store.scheduling import Scheduler
from erp.config import ErpConfig
from erp.service import ErpService

from erp_fakes import RecordingNotifier, ScriptedConnector


@pytest.fixture
def scheduled(demo_services: Services) -> tuple[Services, ScriptedConnector]:
    connector = ScriptedConnector()
    for _ in range(10):
        connector.push([])
    demo_services.erp = ErpService(demo_services.db, ErpConfig(connector="fake"), connector=connector)
    demo_services.invoices = InvoiceService(demo_services.db, manager_channel="C-MANAGERS")
    return demo_services, connector


def at(hour: int, minute: int = 0, day: int = 20) -> datetime:
    return datetime(2026, 11, day, hour, minute).astimezone()


def _scheduler(services: Services, holder: str = "one") -> Scheduler:
    tasks = [t for t in periodic_tasks(services.settings, services) if t.name in ("erp_sync", "invoice_digest")]
    return Scheduler(services.db, JobQueue(services.db), tasks, holder=holder)


def test_sync_on_interval_and_digest_once_a_day(scheduled) -> None:  # noqa: ANN001
    services, connector = scheduled
    notifier = RecordingNotifier()
    scheduler = _scheduler(services)
    worker = build_worker(services.settings, services, None, notifier=notifier, audience=OperatorAudience())

    assert "erp_sync" in scheduler.tick(at(7))
    worker.run_until_idle()
    # The first run: one summary of the demo's six overdue invoices for the managers, not six DMs.
    assert len(notifier.posts) == 1 and notifier.dms == []
    assert scheduler.tick(at(7, 30)) == []
    assert set(scheduler.tick(at(8, 31))) == {"erp_sync", "invoice_digest"}
    worker.run_until_idle()
    assert [channel for channel, _ in notifier.posts] == ["C-MANAGERS", "C-MANAGERS"]  # summary, digest
    assert len(notifier.dms) == 4  # each owner's digest; no overdue alert twice
    assert scheduler.tick(at(8, 50)) == []  # digest done today, this hour synced
    # The digest follows the team's working days: not on Saturday 11/21, nor on Monday 11/23 (勤労感謝の日).
    assert scheduler.tick(at(8, 45, day=21)) == ["erp_sync"]
    assert scheduler.tick(at(8, 45, day=23)) == ["erp_sync"]
    assert "invoice_digest" in scheduler.tick(at(8, 45, day=24))
    worker.run_until_idle()
    assert len(connector.since_calls) == 5


def test_two_schedulers_and_two_workers_sync_once(scheduled) -> None:  # noqa: ANN001
    services, connector = scheduled
    first, second = _scheduler(services, "a"), _scheduler(services, "b")
    second.lease_seconds = first.lease_seconds = 600
    workers = [build_worker(services.settings, services, None, notifier=RecordingNotifier(),
                            audience=OperatorAudience()) for _ in range(2)]
    assert "erp_sync" in first.tick(at(7)) and second.tick(at(7)) == []
    for worker in workers:
        worker.run_until_idle()
    assert len(connector.since_calls) == 1
    assert JobQueue(services.db).counts([ERP_SYNC_JOB]) == {"done": 1}


def test_a_failing_job_does_not_stop_the_others(scheduled, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    services, connector = scheduled

    def broken(*_args: object) -> None:
        raise RuntimeError("database down")

    monkeypatch.setattr(services.invoices, "send_digests", broken)
    scheduler = _scheduler(services)
    worker = build_worker(services.settings, services, None, notifier=RecordingNotifier(),
                          audience=OperatorAudience())
    scheduler.tick(at(9))
    worker.run_until_idle()
    assert len(connector.since_calls) == 1
    counts = JobQueue(services.db).counts()
    assert counts.get("done", 0) >= 1 and counts.get("queued") == 1  # the digest waits for its retry


def test_run_scheduler_runs_until_the_event(scheduled) -> None:  # noqa: ANN001
    services, connector = scheduled
    stop = threading.Event()
    thread = threading.Thread(target=run_scheduler, args=(services, RecordingNotifier(), stop))
    thread.start()
    deadline = datetime.now().timestamp() + 20
    while not connector.since_calls and datetime.now().timestamp() < deadline:
        stop.wait(0.1)
    stop.set()
    thread.join(30)
    assert not thread.is_alive() and len(connector.since_calls) == 1


def test_salesbot_scheduler_posts_to_slack_when_a_bot_token_is_set(scheduled) -> None:  # noqa: ANN001
    from pydantic import SecretStr

    from bot.scheduler import scheduler_audience, scheduler_notifier
    from bot.slack.audience import SlackChannelAudience
    from bot.slack.notifier import SlackNotifier

    services, _connector = scheduled
    console = RecordingNotifier()
    assert scheduler_notifier(services, console) is console  # no token: printed, as before
    assert isinstance(scheduler_audience(services), OperatorAudience)  # ... whole, for the operator
    services.settings = services.settings.model_copy(update={"slack_bot_token": SecretStr("xoxb-test")})
    notifier = scheduler_notifier(services, console)
    assert isinstance(notifier, SlackNotifier) and notifier.client.token == "xoxb-test"
    audience = scheduler_audience(services)  # the manager channel's Slack members, not the operator
    assert isinstance(audience, SlackChannelAudience) and audience.people.client.token == "xoxb-test"
