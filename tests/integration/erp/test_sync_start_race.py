"""Two processes starting an ERP sync at the same moment: one runs, the other is told one is running
(never an "unexpected error" for the admin), on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from core.errors import UserFacingError
from crm_store.db import Database
from crm_store.ops_models import ErpSyncRun
from erp import messages
from erp.sync import _start_run


def test_the_database_allows_one_running_sync_per_connector(db: Database) -> None:
    with db.session("test") as session:
        session.add(ErpSyncRun(connector="freee"))
        session.add(ErpSyncRun(connector="csv"))  # another connector may run meanwhile
    with pytest.raises(IntegrityError), db.session("test") as session:
        session.add(ErpSyncRun(connector="freee"))


def test_simultaneous_starts_make_one_run(db: Database) -> None:
    barrier = threading.Barrier(4)
    outcomes: list[str] = []
    lock = threading.Lock()

    def start() -> None:
        barrier.wait()
        try:
            _start_run(db, "freee", False, date(2026, 12, 2), 400)
            result = "started"
        except UserFacingError as error:
            result = "told" if error.template is messages.SYNC_ALREADY_RUNNING else "other"
        except Exception as error:  # noqa: BLE001 - reported by the assertion
            result = type(error).__name__
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=start) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["started", "told", "told", "told"]
    with db.session("test") as session:
        assert len(session.exec(select(ErpSyncRun).where(ErpSyncRun.status == "running")).all()) == 1
