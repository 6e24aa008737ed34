"""Running jobs: a registry of job kinds, workers with heartbeats, and once-only outside effects.

How an area adds background work (see docs/architecture.md, "Jobs"):

1. Write a handler ``def handle(ctx: JobContext) -> None`` that does the domain work from
   ``ctx.payload`` (plain JSON) and hands any result to a port (a Protocol the Slack adapter
   implements) — never a Slack call inside a database transaction.
2. Register it: ``registry.register("reminders.send", handle, on_give_up=tell_user)`` in
   ``bot/background.py`` (where the ports are built). Enqueue work with
   ``services.jobs.enqueue("reminders.send", {...}, dedupe_key=...)``.
3. Periodic work is a `crm_store.scheduling.PeriodicTask` naming the job kind to enqueue.

A handler may run more than once (a worker dies mid-job; a lease runs out), so it must be
idempotent: re-read stored state, and wrap each outside effect in ``ctx.effects.once(key, ...)``.
Raise `RetryLater` for a transient problem (with Slack's Retry-After if known), a
`UserFacingError` for a permanent one; anything else is retried with a backoff until
``max_attempts``, then ``on_give_up`` tells someone.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import col

from core.clock import utcnow
from core.errors import UserFacingError
from crm_store.db import Database
from crm_store.jobs import ClaimedJob, JobQueue
from crm_store.ops_models import JobEffect

log = logging.getLogger(__name__)


class RetryLater(Exception):  # noqa: N818 - a signal, not an error
    """A transient failure: run the job again after ``after`` seconds (default: the backoff)."""

    def __init__(self, reason: str, *, after: float | None = None) -> None:
        super().__init__(reason)
        self.after = after


class Effects:
    """Outside effects done at most once per key, recorded in ``job_effects`` (for effects that are not
    idempotent by themselves, such as posting a new message; replacing a message needs none).

    ``once`` claims the key (a "pending" row) before acting and marks it "done" with the result
    after, outside any transaction. A re-run finds "done" and gets the stored result; a failed
    effect releases the key so the retry may try again. A run that died between acting and
    recording leaves "pending": the effect is not repeated (a duplicate card is worse than a
    missing one, which `salesbot capture retry` re-creates).
    """

    def __init__(self, db: Database) -> None:
        self.db = db

    def once(self, key: str, perform: Callable[[], dict[str, Any] | None]) -> dict[str, Any] | None:
        """Run ``perform`` unless ``key`` was done (or is being done); returns its recorded result."""
        try:
            with self.db.session("jobs:effects") as session:
                session.add(JobEffect(key=key[:200]))
        except IntegrityError:
            done = self.get(key)
            if done is None:
                log.warning("effect %s was started by a run that stopped; not repeated", key)
            return done
        try:
            result = perform()
        except BaseException:
            with self.db.session("jobs:effects") as session:
                session.execute(delete(JobEffect).where(col(JobEffect.key) == key[:200]))
            raise
        with self.db.session("jobs:effects") as session:
            session.execute(
                update(JobEffect)
                .where(col(JobEffect.key) == key[:200])
                .values(state="done", result=result or {}, updated_at=utcnow())
            )
        return result or {}

    def get(self, key: str) -> dict[str, Any] | None:
        """The result of a done effect; None when not done."""
        with self.db.session("read") as session:
            row = session.get(JobEffect, key[:200])
            return dict(row.result or {}) if row is not None and row.state == "done" else None

    def forget(self, key: str) -> None:
        """Allow the effect again (an explicit retry by a person)."""
        with self.db.session("jobs:effects") as session:
            session.execute(delete(JobEffect).where(col(JobEffect.key) == key[:200]))


@dataclass
class JobContext:
    """What a handler gets: the claimed job, the queue (to enqueue follow-ups) and the effects log."""

    job: ClaimedJob
    queue: JobQueue
    effects: Effects

    @property
    def payload(self) -> dict[str, Any]:
        return self.job.payload

    @property
    def last_attempt(self) -> bool:
        return self.job.attempts >= self.job.max_attempts


JobHandler = Callable[[JobContext], None]
GiveUpHandler = Callable[[JobContext, BaseException], None]


@dataclass(frozen=True)
class JobKind:
    name: str
    handler: JobHandler
    on_give_up: GiveUpHandler | None = None


@dataclass
class JobRegistry:
    """Job kind → handler. Built once per process by `bot.background.build_registry`."""

    kinds: dict[str, JobKind] = field(default_factory=dict)

    def register(self, kind: str, handler: JobHandler, *, on_give_up: GiveUpHandler | None = None) -> None:
        """Run ``handler`` for jobs of ``kind``; ``on_give_up`` when it failed for good."""
        if kind in self.kinds:
            raise ValueError(f"job kind {kind!r} is registered twice")
        self.kinds[kind] = JobKind(kind, handler, on_give_up)

    def names(self) -> list[str]:
        return sorted(self.kinds)


class Worker:
    """Claims jobs of the registered kinds and runs them on ``threads`` threads.

    One heartbeat thread renews the lease of every job in flight every third of the lease, so a
    slow job keeps its lease and a dead process loses it within ``lease_seconds``. Database
    outages are waited out (claims are retried every poll); nothing is lost, since jobs are rows.
    """

    def __init__(
        self,
        queue: JobQueue,
        registry: JobRegistry,
        effects: Effects,
        *,
        threads: int = 1,
        poll_seconds: float = 1.0,
        kinds: list[str] | None = None,
    ) -> None:
        self.queue, self.registry, self.effects = queue, registry, effects
        self.threads = max(threads, 1)
        self.poll_seconds = poll_seconds
        self.kinds = kinds or registry.names()
        self._in_flight: set[int] = set()
        self._lock = threading.Lock()
        self._wake = threading.Event()

    # --- one job --------------------------------------------------------------------------------
    def run_one(self) -> bool:
        """Claim and run one due job; False when none was due."""
        job = self.queue.claim(self.kinds)
        if job is None:
            return False
        self.run_claimed(job)
        return True

    def run_claimed(self, job: ClaimedJob) -> None:
        """Run a job this worker claimed, then record how it ended."""
        kind = self.registry.kinds.get(job.kind)
        context = JobContext(job=job, queue=self.queue, effects=self.effects)
        if kind is None:
            self.queue.fail(job.id, f"no handler for job kind {job.kind!r}", retry=False)
            return
        with self._lock:
            self._in_flight.add(job.id)
        try:
            if job.attempts > job.max_attempts:  # its workers kept dying on it: stop here
                raise _TooManyAttempts(f"gave up after {job.max_attempts} attempts")
            kind.handler(context)
        except Exception as error:  # noqa: BLE001 - recorded on the job; the handler's give-up tells people
            self._record_failure(kind, context, error)
        else:
            self.queue.complete(job.id)
        finally:
            with self._lock:
                self._in_flight.discard(job.id)

    def _record_failure(self, kind: JobKind, context: JobContext, error: Exception) -> None:
        job = context.job
        retry = not isinstance(error, (UserFacingError, _TooManyAttempts))
        after = error.after if isinstance(error, RetryLater) else None
        status = self.queue.fail(job.id, f"{type(error).__name__}: {error}", retry=retry, retry_after=after)
        if isinstance(error, (UserFacingError, RetryLater, _TooManyAttempts)):
            log.warning("job %s (%s) failed, now %s: %s", job.id, job.kind, status, type(error).__name__)
        else:
            log.error("job %s (%s) failed, now %s", job.id, job.kind, status, exc_info=error)
        if status == "failed" and kind.on_give_up is not None:
            try:
                kind.on_give_up(context, error)
            except Exception:  # noqa: BLE001 - the job's failure is recorded already
                log.exception("telling about failed job %s failed", job.id)

    def run_until_idle(self) -> int:
        """Run due jobs until none is left (tests, one-shot commands); returns how many ran."""
        ran = 0
        while self.run_one():
            ran += 1
        return ran

    # --- the loop ---------------------------------------------------------------------------------
    def wake(self) -> None:
        """Look for work now instead of at the next poll (a job was just enqueued in-process)."""
        self._wake.set()

    def run(self, stop: threading.Event) -> None:
        """Work until ``stop`` is set; jobs in flight are finished first."""
        beat = threading.Thread(target=self._heartbeats, args=(stop,), name="job-heartbeat", daemon=True)
        beat.start()
        loops = [
            threading.Thread(target=self._loop, args=(stop,), name=f"job-worker-{n}", daemon=True)
            for n in range(self.threads)
        ]
        for thread in loops:
            thread.start()
        for thread in loops:
            thread.join()
        beat.join(timeout=1)

    def _loop(self, stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                ran = self.run_one()
            except Exception:  # noqa: BLE001 - e.g. the database restarting: wait and try again
                log.warning("could not claim a job (database unavailable?); retrying", exc_info=True)
                ran = False
            if not ran:
                self._wake.wait(self.poll_seconds)
                self._wake.clear()

    def _heartbeats(self, stop: threading.Event) -> None:
        """Renew leases every third of the lease; after ``stop``, until the jobs in flight end."""
        interval = max(self.queue.lease_seconds / 3, 0.05)
        last = time.monotonic()
        while True:
            time.sleep(min(interval, 0.2))
            with self._lock:
                running = list(self._in_flight)
            if stop.is_set() and not running:
                return
            if time.monotonic() - last < interval:
                continue
            last = time.monotonic()
            for job_id in running:
                try:
                    if not self.queue.heartbeat(job_id):
                        log.warning("lost the lease on job %s (it may run twice; effects will not)", job_id)
                except Exception:  # noqa: BLE001 - the database may be restarting; the next beat retries
                    log.warning("could not renew the lease on job %s", job_id, exc_info=True)


class _TooManyAttempts(Exception):  # noqa: N818
    pass
