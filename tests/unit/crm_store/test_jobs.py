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


def test_a_job_whose_worker_died_is_claimed_again_when_its_lease_runs_out(db: Database) -> None:
    queue = JobQueue(db, worker_id="dead", lease_seconds=20)
    job_id = queue.enqueue("k", {})
    start = utcnow()
    assert queue.claim(now=start) is not None
    alive = JobQueue(db, worker_id="alive", lease_seconds=20)
    assert alive.claim(now=start + timedelta(seconds=10)) is None  # the lease still holds
    job = alive.claim(now=start + timedelta(seconds=21))
    assert job is not None and job.id == job_id and job.attempts == 2
    assert not queue.heartbeat(job_id)  # the dead worker, if it wakes up, knows it lost the job


def test_a_heartbeat_keeps_a_long_job_from_being_taken_over(db: Database) -> None:
    queue = JobQueue(db, worker_id="slow", lease_seconds=20)
    queue.enqueue("k", {})
    job = queue.claim()
    assert job is not None
    other = JobQueue(db, worker_id="other", lease_seconds=20)
    for _ in range(3):  # a minute of work, renewed every 15 s
        assert queue.heartbeat(job.id)
    assert other.claim(now=utcnow() + timedelta(seconds=15)) is None


def test_the_same_dedupe_key_is_one_job(db: Database) -> None:
    queue = JobQueue(db)
    first = queue.enqueue("capture.draft", {"input_id": 1}, dedupe_key="capture:1")
    assert queue.enqueue("capture.draft", {"input_id": 1}, dedupe_key="capture:1") == first
    assert queue.find("capture:1") == first and queue.counts() == {"queued": 1}


def test_retry_after_overrides_the_backoff(db: Database) -> None:
    queue = JobQueue(db)
    job_id = queue.enqueue("k", {})
    now = utcnow()
    queue.claim(now=now)
    queue.fail(job_id, "Slack 429", retry_after=2, now=now)
    assert queue.claim(now=now + timedelta(seconds=1)) is None
    assert queue.claim(now=now + timedelta(seconds=3)) is not None


def test_backoff_grows_and_is_capped() -> None:
    assert [backoff_seconds(n) for n in (1, 2, 3)] == [30, 60, 120]
    assert backoff_seconds(30) == 3600


def test_finished_jobs_are_forgotten_after_a_while(db: Database) -> None:
    queue = JobQueue(db)
    done = queue.enqueue("k", {}, dedupe_key="old")
    queue.claim()
    queue.complete(done)
    queue.enqueue("k", {})  # still queued: kept
    assert queue.forget_done_before(utcnow() - timedelta(days=1)) == 0
    assert queue.forget_done_before(utcnow() + timedelta(seconds=1)) == 1
    assert queue.counts() == {"queued": 1} and queue.find("old") is None
