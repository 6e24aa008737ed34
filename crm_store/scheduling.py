"""One scheduler across all processes: periodic tasks become jobs, enqueued once per time slot.

Any number of processes may run `Scheduler.run`; a lease row (``scheduler_leases``) makes one of
them the leader, and a leader that dies is replaced after ``lease_seconds``. Even two leaders at
once (a paused process waking up) enqueue each slot once: the job's ``dedupe_key`` is
``periodic:<task>:<slot>``. The work itself is done by workers (`crm_store.job_runner`).

Adding periodic work (e.g. reminders)::

    PeriodicTask("reminders", kind="reminders.send", every=timedelta(minutes=5))
    PeriodicTask("weekly_digest", kind="digest.weekly", daily_at=time(8, 0), days=WorkingCalendar((0,)))

listed in `bot.background.periodic_tasks`, with a handler registered for its kind. The job's
payload is the task's ``payload`` plus ``slot`` and ``today`` (the local date of the slot).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import col

from core.clock import utcnow
from crm_store.db import Database
from crm_store.jobs import JobQueue, default_worker_id
from crm_store.ops_models import SchedulerLease
from crm_store.working_days import WorkingCalendar

log = logging.getLogger(__name__)

TICK_SECONDS = 15.0
LEASE_SECONDS = 60.0


@dataclass(frozen=True)
class PeriodicTask:
    """Enqueue a job of ``kind`` every ``every``, or daily at local ``daily_at``, on the working days
    of ``days`` (None: every day)."""

    name: str
    kind: str
    every: timedelta | None = None
    daily_at: time | None = None
    days: WorkingCalendar | None = None
    payload: dict[str, Any] = field(default_factory=dict)
    max_attempts: int = 3

    def slot(self, now: datetime) -> str | None:
        """The time slot ``now`` (local, aware) falls in, or None when the task is not due yet."""
        if self.days is not None and not self.days.is_working_day(now.date()):
            return None
        if self.every is not None:
            return str(int(now.timestamp() // max(self.every.total_seconds(), 1)))
        if self.daily_at is not None and now.time().replace(tzinfo=None) >= self.daily_at:
            return now.date().isoformat()
        return None


def _local_now() -> datetime:
    return datetime.now().astimezone()


class Scheduler:
    """Holds (or waits for) the scheduler lease and enqueues what is due."""

    def __init__(
        self,
        db: Database,
        queue: JobQueue,
        tasks: list[PeriodicTask],
        *,
        holder: str | None = None,
        lease_seconds: float = LEASE_SECONDS,
        lease_name: str = "scheduler",
    ) -> None:
        self.db, self.queue = db, queue
        self.tasks = list(tasks)
        self.holder = holder or default_worker_id()
        self.lease_seconds = lease_seconds
        self.lease_name = lease_name

    def acquire(self, now: datetime | None = None) -> bool:
        """Take or renew the lease; True while this process is the one scheduler."""
        now = now or utcnow()
        try:
            with self.db.session("scheduler") as session:
                if session.get(SchedulerLease, self.lease_name) is None:
                    session.add(SchedulerLease(name=self.lease_name, holder=None, lease_until=now))
        except IntegrityError:
            pass  # another process created it at the same moment
        with self.db.session("scheduler") as session:
            result = session.execute(
                update(SchedulerLease)
                .where(
                    col(SchedulerLease.name) == self.lease_name,
                    or_(SchedulerLease.holder == self.holder, col(SchedulerLease.lease_until) <= now),
                )
                .values(holder=self.holder, lease_until=now + timedelta(seconds=self.lease_seconds))
            )
            return bool(result.rowcount)

    def release(self) -> None:
        """Give the lease up at shutdown so another process takes over at once."""
        with self.db.session("scheduler") as session:
            session.execute(
                update(SchedulerLease)
                .where(col(SchedulerLease.name) == self.lease_name, SchedulerLease.holder == self.holder)
                .values(holder=None, lease_until=utcnow())
            )

    def tick(self, now: datetime | None = None) -> list[str]:
        """If this process holds the lease, enqueue every task due at ``now`` (local, aware) whose
        slot has no job yet. Returns the names of the tasks enqueued."""
        now = now or _local_now()
        if not self.acquire(now.astimezone(utcnow().tzinfo)):
            return []
        enqueued = []
        for task in self.tasks:
            slot = task.slot(now)
            if slot is None:
                continue
            key = f"periodic:{task.name}:{slot}"
            if self.queue.find(key) is not None:
                continue
            payload = {**task.payload, "slot": slot, "today": now.date().isoformat()}
            self.queue.enqueue(task.kind, payload, dedupe_key=key, max_attempts=task.max_attempts)
            enqueued.append(task.name)
        if enqueued:
            log.info("scheduler enqueued %s", ", ".join(enqueued))
        return enqueued

    def run(
        self,
        stop: threading.Event,
        *,
        tick_seconds: float = TICK_SECONDS,
        clock: Callable[[], datetime] = _local_now,
        on_tick: Callable[[list[str]], None] | None = None,
    ) -> None:
        """Tick until ``stop`` is set; a database outage is logged and waited out."""
        log.info("scheduler %s started: %s", self.holder, ", ".join(t.name for t in self.tasks) or "no tasks")
        while not stop.is_set():
            try:
                enqueued = self.tick(clock())
                if on_tick is not None and enqueued:
                    on_tick(enqueued)
            except Exception:  # noqa: BLE001 - keep scheduling; the next tick retries
                log.warning("scheduler tick failed (database unavailable?)", exc_info=True)
            stop.wait(tick_seconds)
        try:
            self.release()
        except Exception:  # noqa: BLE001 - the lease runs out by itself
            log.warning("could not release the scheduler lease", exc_info=True)
        log.info("scheduler stopped")
