"""Faults with real processes on PostgreSQL: `serve --no-worker` + `salesbot worker`s against the fake
Slack. A worker SIGKILLed mid-job, dropped database connections, Slack 429/500, the same event
delivered three times to two servers, two schedulers. Leases are 1.5 s here so each runs in seconds."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlmodel import select

from bot.settings import Settings
from bot.wiring import build_services
from crm_store.db import Database
from crm_store.ops_models import ErpSyncRun, Job, StoredInput
from tests.e2e.conftest import SlackSender, dm
from tests.e2e.fake_slack import FakeFile, FakeSlack
from tests.e2e.processes import salesbot_env, served_url, start_salesbot, stop, wait_for
from tests.integration.erp.erp_fakes import csv_export_env

pytestmark = pytest.mark.postgres

MEMO = "本日、山田製作所を訪問。見積 450万円を提出。"
USERS = ["U0DEMO001", "U0DEMO003", "U0DEMO004", "U0DEMO005"]


@dataclass
class Install:
    """One installation: a PostgreSQL schema with the demo data, and the processes started on it."""

    url: str
    app_name: str
    env: dict[str, str]
    logs: Path
    processes: list[subprocess.Popen[str]] = field(default_factory=list)

    def start(self, name: str, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
        process = start_salesbot(list(args), {**self.env, **(env or {})}, log=self.logs / f"{name}.log")
        self.processes.append(process)
        return process

    def serve(self) -> SlackSender:
        process = start_salesbot(["serve", "--http", "0", "--host", "127.0.0.1", "--no-worker"], self.env)
        self.processes.append(process)
        url = served_url(process)
        # Keep draining stderr so the server never blocks on a full pipe.
        threading.Thread(target=lambda: [None for _ in process.stderr or []], daemon=True).start()
        return SlackSender(url)

    def worker(self, name: str, *, scheduler: bool = False, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
        """A worker; without the scheduler unless asked (periodic reminders would post too)."""
        extra = [] if scheduler else ["--no-scheduler"]
        return self.start(name, "worker", "--threads", "1", *extra, env=env)

    def db(self) -> Database:
        return Database(self.url)

    def log(self, name: str) -> str:
        return (self.logs / f"{name}.log").read_text(encoding="utf-8", errors="replace")


@pytest.fixture
def install(postgres_url: str, tmp_path: Path, slack: FakeSlack) -> Iterator[Install]:
    from bot.demo.dataset import load_demo_data

    app_name = f"salesbot_faults_{uuid.uuid4().hex[:8]}"
    url = f"{postgres_url}&application_name={app_name}"
    settings = Settings(_env_file=None, data_dir=tmp_path / "data", database_url=url, chroma_url=None, llm=None,
                        language="en", slack_bot_token=None, slack_signing_secret=None, slack_app_token=None,
                        slack_api_base_url=None)
    services = build_services(settings)
    load_demo_data(services.crm, tmp_path / "demo", today=None)
    services.close()
    env = salesbot_env(slack, tmp_path, SALESBOT_DATABASE_URL=url, SALESBOT_JOB_LEASE_SECONDS="1.5",
                       SALESBOT_WORKER_POLL_SECONDS="0.1")
    logs = tmp_path / "logs"
    logs.mkdir()
    found = Install(url=url, app_name=app_name, env=env, logs=logs)
    yield found
    for process in found.processes:
        if process.poll() is None:
            stop(process)


def cards(slack: FakeSlack) -> list:
    """Every Web API call that showed a draft card (Slack accepted it; it carries the Save button)."""
    return [
        call
        for call in slack.calls_to("chat.update") + slack.calls_to("chat.postMessage")
        if (call.response or {}).get("ok") and '"draft_save"' in json.dumps(call.json_param("blocks") or [])
    ]


def test_a_worker_killed_mid_job_is_replaced_and_the_draft_comes_once(
    install: Install, slack: FakeSlack, note_png: bytes
) -> None:
    slack.download_delay = 2.0  # the job is in the middle of a slow download when its worker dies
    sender = install.serve()
    doomed = install.worker("doomed")
    photo = slack.add_file(
        FakeFile(id="F0KILL001", name="IMG_0001.png", data=note_png, mimetype="image/png", filetype="png")
    )
    assert sender.event(dm("U0DEMO003", "", subtype="file_share", files=[photo])).status_code == 200
    wait_for(lambda: slack.calls_to("download"), what="the first worker to start the download")
    doomed.send_signal(signal.SIGKILL)
    doomed.wait(10)
    install.worker("heir")
    wait_for(lambda: cards(slack), timeout=120, what="the draft card")
    time.sleep(2)  # a second card would have come by now
    [card] = cards(slack)
    [placeholder] = slack.calls_to("chat.postMessage")
    assert card.method == "chat.update" and card.params["ts"] == placeholder.response["ts"]
    with install.db().session("test") as session:
        [job] = session.exec(select(Job)).all()
        inputs = session.exec(select(StoredInput)).all()
    assert job.status == "done" and job.attempts == 2 and len(inputs) == 1
    sender.close()


def test_the_same_event_three_times_at_two_servers_is_one_draft(install: Install, slack: FakeSlack) -> None:
    first, second = install.serve(), install.serve()
    install.worker("w")
    event = dm("U0DEMO003", MEMO, ts="1763600900.000100")
    deliveries = [(first, None), (second, 1), (first, 2)]  # Slack's retries carry the same event id
    threads = [
        threading.Thread(target=sender.event, args=(event,), kwargs={"event_id": "Ev0SAME001", "retry_num": retry})
        for sender, retry in deliveries
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wait_for(lambda: cards(slack), timeout=120, what="the draft card")
    time.sleep(1.5)
    assert len(cards(slack)) == 1
    assert len(slack.calls_to("chat.postMessage")) == 1  # one "working on it", replaced by the card
    with install.db().session("test") as session:
        assert len(session.exec(select(StoredInput)).all()) == 1
    first.close()
    second.close()


def test_dropped_database_connections_are_recovered(install: Install, slack: FakeSlack) -> None:
    sender = install.serve()
    install.worker("w")
    sender.event(dm("U0DEMO003", MEMO, ts="1763601000.000100"))
    wait_for(lambda: len(cards(slack)) == 1, timeout=120, what="the first card")
    admin = create_engine(install.url.split("?")[0], isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:  # as if PostgreSQL restarted under both processes
        killed = connection.execute(
            text("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = :name"),
            {"name": install.app_name},
        ).scalar()
    admin.dispose()
    assert killed and killed >= 2
    assert sender.event(dm("U0DEMO003", MEMO.replace("450", "460"), ts="1763601001.000100")).status_code == 200
    wait_for(lambda: len(cards(slack)) == 2, timeout=120, what="the card after the connections dropped")
    sender.close()


def test_slack_429_and_500_are_retried_with_retry_after(install: Install, slack: FakeSlack) -> None:
    sender = install.serve()
    slack.server_error("chat.postMessage", times=1)  # the "working on it" post meets a 500 first
    slack.rate_limit("chat.update", times=5, retry_after=1)  # longer than the client's own 3 retries
    install.worker("w")
    sender.event(dm("U0DEMO003", MEMO, ts="1763601100.000100"))
    wait_for(lambda: cards(slack), timeout=120, what="the card after the rate limit")
    updates = slack.calls_to("chat.update")
    gaps = [round(later.at - earlier.at, 2) for earlier, later in zip(updates, updates[1:], strict=False)]
    assert len(updates) == 6 and len(cards(slack)) == 1, gaps
    assert min(gaps) >= 0.9, gaps  # each retry waited as long as Slack's Retry-After said
    posts = slack.calls_to("chat.postMessage")
    assert [bool(p.response) for p in posts] == [False, True], posts  # the 500, then the post that worked
    sender.close()


def test_two_workers_with_schedulers_sync_the_erp_once(install: Install, tmp_path: Path) -> None:
    erp = {**csv_export_env(tmp_path, "Y-1,山田製作所,C0001,2026-10-31,1100000,0\n"),
           "SALESBOT_ERP_SYNC_INTERVAL_MINUTES": "60"}
    install.worker("a", scheduler=True, env=erp)
    install.worker("b", scheduler=True, env=erp)

    def runs() -> list[ErpSyncRun]:
        with install.db().session("test") as session:
            return list(session.exec(select(ErpSyncRun)).all())

    wait_for(lambda: any(r.status == "ok" for r in runs()), timeout=120, what="the scheduled sync")
    time.sleep(3)  # both schedulers ticked (the lease holder twice)
    assert [r.status for r in runs()] == ["ok"]
    with install.db().session("test") as session:
        syncs = session.exec(select(Job).where(Job.kind == "erp.sync")).all()
    assert len(syncs) == 1


def test_workers_killed_at_random_lose_no_memo_and_draft_none_twice(install: Install, slack: FakeSlack) -> None:
    rng = random.Random(15)
    sender = install.serve()
    workers = [install.worker(f"w{n}") for n in range(2)]
    memos = 12
    for n in range(memos):
        sender.event(dm(USERS[n % len(USERS)], MEMO.replace("450", str(400 + n)), ts=f"1763602000.{n:06d}",
                        channel=f"D0CHAOS{n % len(USERS):02d}"))
    for round_ in range(4):  # SIGKILL a random worker, start a new one
        time.sleep(rng.uniform(0.3, 1.5))
        victim = workers.pop(rng.randrange(len(workers)))
        victim.send_signal(signal.SIGKILL)
        victim.wait(10)
        workers.append(install.worker(f"r{round_}"))
    wait_for(lambda: len({c.params.get("ts") for c in cards(slack)}) == memos, timeout=180, what="every card")
    time.sleep(2)
    placeholders = slack.calls_to("chat.postMessage")
    assert len(placeholders) == memos  # one "working on it" per memo, no card posted as a new message
    shown = {card.params["ts"] for card in cards(slack)}
    assert shown == {p.response["ts"] for p in placeholders}  # every memo's card, each in its own message
    with install.db().session("test") as session:
        jobs = session.exec(select(Job)).all()
    assert len(jobs) == memos and {job.status for job in jobs} == {"done"}
    sender.close()
