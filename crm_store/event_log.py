"""Slack event ids already handled, so a retried delivery is dropped (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlmodel import col

from core.clock import utcnow
from crm_store.db import Database
from crm_store.ops_models import ProcessedEvent


class EventLog:
    """Remembers event ids; the primary key makes "first time?" atomic across workers."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def first_time(self, event_id: str) -> bool:
        """True the first time an id is seen, False for every later delivery of it.

        An INSERT that fails on the primary key, rather than a SELECT then INSERT, so two
        processes handling the same retry at once cannot both win.
        """
        try:
            with self.db.session("slack:events") as session:
                session.add(ProcessedEvent(event_id=event_id[:64]))
            return True
        except IntegrityError:
            return False

    def forget_older_than(self, days: int = 7) -> int:
        """Drop ids older than Slack's retry window (hours) with a wide margin; returns the count."""
        cutoff = utcnow() - timedelta(days=days)
        with self.db.session("slack:events") as session:
            result = session.execute(delete(ProcessedEvent).where(col(ProcessedEvent.received_at) < cutoff))
            return int(result.rowcount or 0)
