"""A small durable job queue in the ``jobs`` table: enqueue, claim, complete, fail with backoff, and
requeue work a crashed worker left running. Works on SQLite and PostgreSQL.

Claiming takes the oldest due job. On PostgreSQL the candidate row is locked with
``FOR UPDATE SKIP LOCKED`` so concurrent workers pass over each other's rows; on SQLite (one writer at
a time) the conditional UPDATE ``... WHERE status = 'queued'`` makes a claim exclusive either way.
"""

from __future__ import annotations

import logging
import os
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, update
from sqlmodel import col, select

from core.clock import utcnow
from crm_store.db import Database
from crm_store.ops_models import Job

log = logging.getLogger(__name__)

BACKOFF_BASE_SECONDS = 30
BACKOFF_MAX_SECONDS = 3600
STALE_AFTER_SECONDS = 15 * 60
ERROR_CHARS = 2000


@dataclass(frozen=True)
class ClaimedJob:
    id: int
    kind: str
    payload: dict[str, Any]
    attempts: int
    max_attempts: int


def default_worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def backoff_seconds(attempts: int) -> int:
    """30 s, 60 s, 120 s … capped at an hour: transient failures heal, a dead ERP is not hammered."""
    return min(BACKOFF_BASE_SECONDS * 2 ** max(attempts - 1, 0), BACKOFF_MAX_SECONDS)


class JobQueue:
    def __init__(self, db: Database, worker_id: str | None = None) -> None:
        self.db = db
        self.worker_id = worker_id or default_worker_id()

    def enqueue(
        self, kind: str, payload: dict[str, Any], *, max_attempts: int = 5, run_after: datetime | None = None
    ) -> int:
        """Persist a job; it survives any crash from here on. Returns its id."""
        with self.db.session("jobs") as session:
            job = Job(kind=kind, payload=payload, max_attempts=max_attempts, run_after=run_after or utcnow())
            session.add(job)
            session.flush()
            return job.id or 0

    def claim(
        self, kinds: list[str] | None = None, *, job_id: int | None = None, now: datetime | None = None
    ) -> ClaimedJob | None:
        """Take the oldest due queued job (of ``kinds``, or exactly ``job_id``) for this worker; None if none.

        One UPDATE … WHERE id = (SELECT … LIMIT 1) … RETURNING: on SQLite the statement takes the write
        lock before reading (a read-then-write transaction would fail with "database is locked" under
        contention); on PostgreSQL the sub-select skips rows other workers hold.
        """
        now = now or utcnow()
        candidate = select(Job.id).where(Job.status == "queued", col(Job.run_after) <= now)
        if kinds:
            candidate = candidate.where(col(Job.kind).in_(kinds))
        if job_id is not None:
            candidate = candidate.where(Job.id == job_id)
        candidate = candidate.order_by(col(Job.run_after), col(Job.id)).limit(1)
        if self.db.dialect == "postgresql":
            candidate = candidate.with_for_update(skip_locked=True)
        statement = (
            update(Job)
            .where(col(Job.id) == candidate.scalar_subquery(), Job.status == "queued")
            .values(
                status="running",
                locked_by=self.worker_id,
                locked_at=now,
                attempts=Job.attempts + 1,
                updated_at=now,
            )
            .returning(Job.id, Job.kind, Job.payload, Job.attempts, Job.max_attempts)
        )
        with self.db.session("jobs") as session:
            row = session.execute(statement).first()
        if row is None:
            return None
        return ClaimedJob(
            id=row[0], kind=row[1], payload=dict(row[2] or {}), attempts=row[3], max_attempts=row[4]
        )

    def complete(self, job_id: int) -> None:
        self._set(job_id, status="done", locked_by=None, locked_at=None)

    def fail(self, job_id: int, error: str, *, retry: bool = True, now: datetime | None = None) -> str:
        """Record a failure: back to the queue after a backoff, or ``failed`` for good. Returns the status."""
        now = now or utcnow()
        with self.db.session("jobs") as session:
            job = session.get(Job, job_id)
            if job is None:
                return "missing"
            job.last_error = error[:ERROR_CHARS]
            job.locked_by, job.locked_at, job.updated_at = None, None, now
            if retry and job.attempts < job.max_attempts:
                job.status = "queued"
                job.run_after = now + timedelta(seconds=backoff_seconds(job.attempts))
            else:
                job.status = "failed"
            session.add(job)
            return job.status

    def requeue_stale(
        self, *, older_than_seconds: int = STALE_AFTER_SECONDS, now: datetime | None = None
    ) -> int:
        """Jobs left ``running`` by a worker that died go back to the queue. Returns how many."""
        cutoff = (now or utcnow()) - timedelta(seconds=older_than_seconds)
        with self.db.session("jobs") as session:
            result = session.exec(
                update(Job)
                .where(Job.status == "running", col(Job.locked_at) < cutoff)  # type: ignore[call-overload]
                .values(status="queued", locked_by=None, locked_at=None, updated_at=utcnow())
            )
            count = int(result.rowcount or 0)
        if count:
            log.warning("requeued %s job(s) left running by a stopped worker", count)
        return count

    def counts(self) -> dict[str, int]:
        with self.db.session("read") as session:
            rows = session.exec(select(Job.status, func.count()).group_by(Job.status)).all()
            return {status: int(count) for status, count in rows}

    def _set(self, job_id: int, **values: Any) -> None:
        with self.db.session("jobs") as session:
            session.exec(update(Job).where(col(Job.id) == job_id).values(updated_at=utcnow(), **values))  # type: ignore[call-overload]
