"""The durable job queue on SQLite and PostgreSQL: exclusive claims, backoff, crash recovery."""

from __future__ import annotations

import threading
from datetime import timedelta

from core.clock import utcnow
from crm_store.db import Database
from crm_store.jobs import JobQueue, backoff_seconds


def test_enqueue_claim_complete(db: Database) -> None:
    queue = JobQueue(db, worker_id="w1")
    job_id = queue.enqueue("slack.capture_file", {"file": "F1"})
    job = queue.claim()
    assert job is not None and job.id == job_id and job.payload == {"file": "F1"} and job.attempts == 1
    assert queue.claim() is None  # running jobs are not handed out twice
    queue.complete(job_id)
    assert queue.counts() == {"done": 1}


def test_claim_filters_by_kind_and_id_and_takes_the_oldest_first(db: Database) -> None:
    queue = JobQueue(db)
    first = queue.enqueue("a", {})
    second = queue.enqueue("a", {})
    other = queue.enqueue("b", {})
    assert queue.claim(["b"]).id == other  # type: ignore[union-attr]
    assert queue.claim(job_id=second).id == second  # type: ignore[union-attr]
    assert queue.claim(["a"]).id == first  # type: ignore[union-attr]


def test_concurrent_workers_never_claim_the_same_job(db: Database) -> None:
    ids = {JobQueue(db).enqueue("k", {"n": n}) for n in range(20)}
    claimed: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def work(worker: str) -> None:
        queue = JobQueue(db, worker_id=worker)
        try:
            while (job := queue.claim()) is not None:
                with lock:
                    claimed.append(job.id)
                queue.complete(job.id)
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(f"w{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(claimed) == sorted(ids)


def test_failure_retries_after_a_backoff_then_gives_up(db: Database) -> None:
    queue = JobQueue(db)
    job_id = queue.enqueue("k", {}, max_attempts=2)
    now = utcnow()
    assert queue.claim(now=now) is not None
    assert queue.fail(job_id, "ConnectionError: ERP down", now=now) == "queued"
    assert queue.claim(now=now) is None  # not before the backoff
    later = now + timedelta(seconds=backoff_seconds(1) + 1)
    job = queue.claim(now=later)
    assert job is not None and job.attempts == 2
    assert queue.fail(job_id, "still down", now=later) == "failed"
    assert queue.claim(now=later + timedelta(days=1)) is None
    assert queue.counts() == {"failed": 1}


def test_a_job_left_running_by_a_dead_worker_is_requeued(db: Database) -> None:
    queue = JobQueue(db, worker_id="dead")
    job_id = queue.enqueue("k", {})
    start = utcnow()
    assert queue.claim(now=start) is not None
    assert queue.requeue_stale(older_than_seconds=600, now=start + timedelta(seconds=60)) == 0
    assert queue.requeue_stale(older_than_seconds=600, now=start + timedelta(seconds=601)) == 1
    job = JobQueue(db, worker_id="alive").claim()
    assert job is not None and job.id == job_id and job.attempts == 2


def test_backoff_grows_and_is_capped() -> None:
    assert [backoff_seconds(n) for n in (1, 2, 3)] == [30, 60, 120]
    assert backoff_seconds(30) == 3600
