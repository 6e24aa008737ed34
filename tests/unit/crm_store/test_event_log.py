"""Slack event de-duplication on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from datetime import timedelta

from sqlmodel import select

from core.clock import utcnow
from crm_store.db import Database
from crm_store.event_log import EventLog
from crm_store.ops_models import ProcessedEvent


def test_an_event_id_is_new_once(db: Database) -> None:
    log = EventLog(db)
    assert log.first_time("Ev001") is True
    assert log.first_time("Ev001") is False
    assert log.first_time("Ev002") is True


def test_concurrent_deliveries_of_one_event_have_exactly_one_winner(db: Database) -> None:
    log = EventLog(db)
    results: list[bool] = []
    barrier = threading.Barrier(6)

    def deliver() -> None:
        barrier.wait()
        results.append(log.first_time("EvRACE"))

    threads = [threading.Thread(target=deliver) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False] * 5 + [True]


def test_old_ids_are_forgotten_recent_ones_kept(db: Database) -> None:
    log = EventLog(db)
    log.first_time("EvRecent")
    with db.session("test") as session:
        session.add(ProcessedEvent(event_id="EvOld", received_at=utcnow() - timedelta(days=30)))
    assert log.forget_older_than(days=7) == 1
    with db.session("test") as session:
        assert session.exec(select(ProcessedEvent.event_id)).all() == ["EvRecent"]
