"""The job runner and the scheduler on SQLite and PostgreSQL: handlers, give-up, effects once, one leader."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, time, timedelta

import pytest

from core.errors import UserFacingError
from core.i18n import Message
from crm_store.db import Database
from crm_store.job_runner import Effects, JobContext, JobRegistry, RetryLater, Worker
from crm_store.jobs import JobQueue
from crm_store.scheduling import PeriodicTask, Scheduler
from crm_store.working_days import WorkingCalendar

_BAD = Message(en="bad input", ja="不正な入力")


def _worker(db: Database, registry: JobRegistry, **kwargs) -> Worker:  # noqa: ANN003
    return Worker(JobQueue(db, lease_seconds=kwargs.pop("lease", 30)), registry, Effects(db), **kwargs)


def test_a_registered_handler_runs_and_the_job_is_done(db: Database) -> None:
    seen: list[dict] = []
    registry = JobRegistry()
    registry.register("demo.echo", lambda ctx: seen.append(ctx.payload))
    worker = _worker(db, registry)
    worker.queue.enqueue("demo.echo", {"n": 1})
    assert worker.run_until_idle() == 1
    assert seen == [{"n": 1}] and worker.queue.counts() == {"done": 1}


def test_a_user_facing_error_fails_at_once_and_the_give_up_handler_is_told(db: Database) -> None:
    told: list[str] = []

    def handler(ctx: JobContext) -> None:
        raise UserFacingError(_BAD)

    registry = JobRegistry()
    registry.register("demo.bad", handler, on_give_up=lambda ctx, error: told.append(type(error).__name__))
    worker = _worker(db, registry)
    worker.queue.enqueue("demo.bad", {})
    worker.run_until_idle()
    assert told == ["UserFacingError"] and worker.queue.counts() == {"failed": 1}


def test_retry_later_requeues_and_gives_up_after_max_attempts(db: Database) -> None:
    told: list[int] = []

    def handler(ctx: JobContext) -> None:
        raise RetryLater("Slack said 429", after=0)

    registry = JobRegistry()
    registry.register("demo.flaky", handler, on_give_up=lambda ctx, error: told.append(ctx.job.attempts))
    worker = _worker(db, registry)
    worker.queue.enqueue("demo.flaky", {}, max_attempts=3)
    assert worker.run_until_idle() == 3
    assert told == [3] and worker.queue.counts() == {"failed": 1}


def test_registering_a_kind_twice_is_a_mistake() -> None:
    registry = JobRegistry()
    registry.register("k", lambda ctx: None)
    with pytest.raises(ValueError, match="twice"):
        registry.register("k", lambda ctx: None)


def test_an_effect_happens_once_and_a_failed_effect_may_be_tried_again(db: Database) -> None:
    effects = Effects(db)
    posted: list[str] = []

    def post() -> dict:
        posted.append("card")
        return {"ts": "1.0"}

    assert effects.once("card:1", post) == {"ts": "1.0"}
    assert effects.once("card:1", post) == {"ts": "1.0"}
    assert posted == ["card"]

    def broken() -> dict:
        raise ConnectionError("Slack down")

    with pytest.raises(ConnectionError):
        effects.once("card:2", broken)
    assert effects.once("card:2", post) == {"ts": "1.0"} and posted == ["card", "card"]


def test_the_worker_loop_heartbeats_a_slow_job_and_finishes_it_at_stop(db: Database) -> None:
    started, release = threading.Event(), threading.Event()
    registry = JobRegistry()

    def slow(ctx: JobContext) -> None:
        started.set()
        release.wait(5)

    registry.register("demo.slow", slow)
    worker = _worker(db, registry, lease=1.0, poll_seconds=0.05)
    job_id = worker.queue.enqueue("demo.slow", {})
    stop = threading.Event()
    loop = threading.Thread(target=worker.run, args=(stop,))
    loop.start()
    assert started.wait(5)
    thief = JobQueue(db, worker_id="thief", lease_seconds=1.0)
    deadline = datetime.now(UTC) + timedelta(seconds=3)
    while datetime.now(UTC) < deadline:  # three leases long: the heartbeat keeps it ours
        assert thief.claim() is None
        # Polling as a worker does: a loop without a pause could starve the heartbeat thread on 2 busy cores.
        stop.wait(0.05)
    stop.set()
    release.set()
    loop.join(5)
    assert not loop.is_alive() and worker.queue.counts() == {"done": 1}
    assert job_id


def test_two_schedulers_enqueue_each_slot_once(db: Database) -> None:
    tasks = [PeriodicTask("sync", kind="erp.sync", every=timedelta(minutes=60))]
    first = Scheduler(db, JobQueue(db), tasks, holder="a", lease_seconds=30)
    second = Scheduler(db, JobQueue(db), tasks, holder="b", lease_seconds=30)
    now = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
    assert first.tick(now) == ["sync"]
    assert second.tick(now) == []  # not the leader
    assert first.tick(now + timedelta(minutes=1)) == []  # same slot
    # The leader dies; after its lease the other takes over, for the next slot only.
    assert second.tick(now + timedelta(seconds=31)) == []
    assert second.tick(now + timedelta(minutes=61)) == ["sync"]
    assert JobQueue(db).counts(["erp.sync"]) == {"queued": 2}


def test_a_daily_task_is_due_from_its_time_on_its_working_days() -> None:
    task = PeriodicTask("digest", kind="invoices.digest", daily_at=time(8, 30),
                        days=WorkingCalendar(holidays="JP"))
    wednesday = datetime(2026, 12, 2, 8, 29, tzinfo=UTC)
    assert task.slot(wednesday) is None
    assert task.slot(wednesday.replace(minute=30)) == "2026-12-02"
    assert task.slot(datetime(2026, 12, 5, 9, 0, tzinfo=UTC)) is None  # Saturday
    assert task.slot(datetime(2027, 1, 11, 9, 0, tzinfo=UTC)) is None  # 成人の日, a Monday
    assert task.slot(datetime(2027, 1, 12, 9, 0, tzinfo=UTC)) == "2027-01-12"
    assert PeriodicTask("digest", kind="invoices.digest", daily_at=time(8, 30)).slot(
        datetime(2027, 1, 11, 9, 0, tzinfo=UTC)) == "2027-01-11"  # no calendar: every day
