"""The scheduler: periodic sync then overdue alerts, the daily digest once a day, faults survived."""

from __future__ import annotations

import threading
from datetime import datetime

import pytest

from bot.scheduler import Scheduler, run_scheduler
from bot.wiring import Services
from crm_store.invoicing.service import InvoiceService
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
    return datetime(2026, 11, day, hour, minute)


def test_sync_on_interval_and_digest_once_a_day(scheduled) -> None:  # noqa: ANN001
    services, connector = scheduled
    notifier = RecordingNotifier()
    scheduler = Scheduler(services, notifier)

    assert scheduler.tick(at(7)) == ["sync", "overdue_alerts"]
    assert len(notifier.dms) == 6  # the demo's six overdue invoices, announced to their owners
    assert scheduler.tick(at(7, 30)) == []
    assert scheduler.tick(at(8, 31)) == ["sync", "overdue_alerts", "digest", "overdue_alerts"]
    assert notifier.posts and notifier.posts[0][0] == "C-MANAGERS"
    assert scheduler.tick(at(9, 0)) == []  # digest done today, next sync at 09:31
    assert "digest" in scheduler.tick(at(8, 45, day=21))
    assert len(connector.since_calls) == 3


def test_a_failing_job_does_not_stop_the_loop(scheduled, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    services, _connector = scheduled

    def broken(*_args: object) -> None:
        raise RuntimeError("database down")

    monkeypatch.setattr(services.invoices, "send_digests", broken)
    scheduler = Scheduler(services, RecordingNotifier())
    assert scheduler.tick(at(9)) == ["sync", "overdue_alerts", "overdue_alerts"]


def test_run_scheduler_stops_on_the_event(scheduled) -> None:  # noqa: ANN001
    services, connector = scheduled
    stop = threading.Event()
    ticks: list[datetime] = []

    def clock() -> datetime:
        ticks.append(at(6))
        if len(ticks) >= 3:
            stop.set()
        return ticks[-1]

    thread = threading.Thread(
        target=run_scheduler,
        args=(services, RecordingNotifier(), stop),
        kwargs={"clock": clock, "tick_seconds": 0.01},
    )
    thread.start()
    thread.join(10)
    assert not thread.is_alive() and len(ticks) == 3
    assert len(connector.since_calls) == 1  # one sync per interval, not per tick
