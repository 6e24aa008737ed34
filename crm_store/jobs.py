"""A small durable job queue in the ``jobs`` table, on SQLite and PostgreSQL.

A claimed job carries a *lease*: its worker renews it (``heartbeat``) while it works, so a long
transcription is never taken over; when a worker dies its lease runs out within seconds and any
other worker claims the job again. Enqueuing with a ``dedupe_key`` is idempotent (one job per
key), which is how a Slack retry, a second scheduler or a recovery sweep add no second job.

Claiming takes the oldest due job. On PostgreSQL the candidate row is locked with
``FOR UPDATE SKIP LOCKED`` so concurrent workers pass over each other's rows; on SQLite (one writer
at a time) the conditional UPDATE makes a claim exclusive either way. The runner that executes
jobs is `crm_store.job_runner`.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, delete, func, or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from core.clock import utcnow
from crm_store.db import Database
from crm_store.ops_models import Job

log = logging.getLogger(__name__)

BACKOFF_BASE_SECONDS = 30
BACKOFF_MAX_SECONDS = 3600
DEFAULT_LEASE_SECONDS = 30.0
ERROR_CHARS = 2000


@dataclass(frozen=True)
class ClaimedJob:
    id: int
    kind: str
    payload: dict[str, Any]
    attempts: int
    max_attempts: int


def default_worker_id() -> str:
    """host:pid:random, unique per process even when a container reuses pid 1."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def backoff_seconds(attempts: int) -> int:
    """30 s, 60 s, 120 s … capped at an hour: transient failures heal, a dead ERP is not hammered."""
    return min(BACKOFF_BASE_SECONDS * 2 ** max(attempts - 1, 0), BACKOFF_MAX_SECONDS)


class JobQueue:
    def __init__(
        self, db: Database, worker_id: str | None = None, *, lease_seconds: float = DEFAULT_LEASE_SECONDS
    ) -> None:
        self.db = db
        self.worker_id = worker_id or default_worker_id()
        self.lease_seconds = lease_seconds

    def enqueue(
        self,
        kind: str,
        payload: dict[str, Any],
        *,
        max_attempts: int = 5,
        run_after: datetime | None = None,
        dedupe_key: str | None = None,
    ) -> int:
        """Persist a job; it survives any crash from here on. Returns its id.

        With ``dedupe_key``, a key already enqueued (in any state) returns the existing job's id.
        """
        try:
            with self.db.session("jobs") as session:
                job = Job(
                    kind=kind,
                    payload=payload,
                    max_attempts=max_attempts,
                    run_after=run_after or utcnow(),
                    dedupe_key=dedupe_key,
                )
                session.add(job)
                session.flush()
                return job.id or 0
        except IntegrityError:
            if dedupe_key is None:
                raise
            existing = self.find(dedupe_key)
            if existing is None:  # deleted between the two statements: try once more
                return self.enqueue(kind, payload, max_attempts=max_attempts, run_after=run_after,
                                    dedupe_key=dedupe_key)
            return existing

    def find(self, dedupe_key: str) -> int | None:
        """The id of the job enqueued under ``dedupe_key``, if any."""
        with self.db.session("read") as session:
            return session.exec(select(Job.id).where(Job.dedupe_key == dedupe_key)).first()

    def claim(
        self, kinds: list[str] | None = None, *, job_id: int | None = None, now: datetime | None = None
    ) -> ClaimedJob | None:
        """Take the oldest due job (of ``kinds``, or exactly ``job_id``) for this worker; None if none.

        Due: queued and past ``run_after``, or running with a lease that ran out (its worker died).
        One UPDATE … WHERE id = (SELECT … LIMIT 1) … RETURNING: on SQLite the statement takes the write
        lock before reading (a read-then-write transaction would fail with "database is locked" under
        contention); on PostgreSQL the sub-select skips rows other workers hold.
        """
        now = now or utcnow()
        due = or_(
            and_(Job.status == "queued", col(Job.run_after) <= now),
            and_(Job.status == "running", col(Job.lease_until) < now),
        )
        candidate = select(Job.id).where(due)
        if kinds:
            candidate = candidate.where(col(Job.kind).in_(kinds))
        if job_id is not None:
            candidate = candidate.where(Job.id == job_id)
        candidate = candidate.order_by(col(Job.run_after), col(Job.id)).limit(1)
        if self.db.dialect == "postgresql":
            candidate = candidate.with_for_update(skip_locked=True)
        statement = (
            update(Job)
            .where(col(Job.id) == candidate.scalar_subquery(), due)
            .values(
                status="running",
                locked_by=self.worker_id,
                locked_at=now,
                lease_until=now + timedelta(seconds=self.lease_seconds),
                attempts=Job.attempts + 1,
                updated_at=now,
            )
            .returning(Job.id, Job.kind, Job.payload, Job.attempts, Job.max_attempts, Job.locked_at)
        )
        with self.db.session("jobs") as session:
            row = session.execute(statement).first()
        if row is None:
            return None
        if row[3] > 1:
            log.info("job %s (%s) claimed, attempt %s", row[0], row[1], row[3])
        return ClaimedJob(
            id=row[0], kind=row[1], payload=dict(row[2] or {}), attempts=row[3], max_attempts=row[4]
        )

    def heartbeat(self, job_id: int, *, now: datetime | None = None) -> bool:
        """Extend this worker's lease on a running job; False when the job is no longer ours."""
        now = now or utcnow()
        with self.db.session("jobs") as session:
            result = session.execute(
                update(Job)
                .where(col(Job.id) == job_id, Job.status == "running", Job.locked_by == self.worker_id)
                .values(lease_until=now + timedelta(seconds=self.lease_seconds), updated_at=now)
            )
            return bool(result.rowcount)

    def complete(self, job_id: int) -> None:
        self._set(job_id, status="done", locked_by=None, locked_at=None, lease_until=None)

    def fail(
        self,
        job_id: int,
        error: str,
        *,
        retry: bool = True,
        now: datetime | None = None,
        retry_after: float | None = None,
    ) -> str:
        """Record a failure: back to the queue after a backoff (or ``retry_after`` seconds), or
        ``failed`` for good. Returns the status."""
        now = now or utcnow()
        with self.db.session("jobs") as session:
            job = session.get(Job, job_id)
            if job is None:
                return "missing"
            job.last_error = error[:ERROR_CHARS]
            job.locked_by, job.locked_at, job.lease_until, job.updated_at = None, None, None, now
            if retry and job.attempts < job.max_attempts:
                job.status = "queued"
                wait = retry_after if retry_after is not None else backoff_seconds(job.attempts)
                job.run_after = now + timedelta(seconds=wait)
            else:
                job.status = "failed"
            session.add(job)
            return job.status

    def counts(self, kinds: list[str] | None = None) -> dict[str, int]:
        with self.db.session("read") as session:
            statement = select(Job.status, func.count()).group_by(Job.status)
            if kinds:
                statement = statement.where(col(Job.kind).in_(kinds))
            rows = session.exec(statement).all()
            return {status: int(count) for status, count in rows}

    def forget_done_before(self, cutoff: datetime) -> int:
        """Delete finished jobs older than ``cutoff`` (their dedupe keys with them); returns how many."""
        with self.db.session("jobs") as session:
            result = session.execute(
                delete(Job).where(Job.status == "done", col(Job.updated_at) < cutoff)
            )
            return int(result.rowcount or 0)

    def _set(self, job_id: int, **values: Any) -> None:
        with self.db.session("jobs") as session:
            session.exec(update(Job).where(col(Job.id) == job_id).values(updated_at=utcnow(), **values))  # type: ignore[call-overload]
