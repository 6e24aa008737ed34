"""How fast the Slack bot acknowledges and answers, through real HTTP, as `salesbot serve --http` runs it.

    .venv/bin/python benchmarks/slack_latency.py            # 30 memos, 30 questions
    .venv/bin/python benchmarks/slack_latency.py --n 100

The bolt app runs in production mode (ack first, work in listener threads) behind the HTTP server, on the
demo data (SQLite), against the local fake Slack Web API of the e2e tests. Measured per request:
- ack: time until the HTTP response (Slack's limit is 3 s);
- done: time until the answer / the draft card reached the fake Slack.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from pydantic import SecretStr

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.demo.dataset import load_demo_data  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.slack.app import create_app  # noqa: E402
from bot.slack.http_server import EVENTS_PATH, make_http_server  # noqa: E402
from bot.wiring import build_services  # noqa: E402
from tests.e2e.conftest import SIGNING_SECRET, SlackSender, dm  # noqa: E402
from tests.e2e.fake_slack import BOT_TOKEN, FakeSlack  # noqa: E402

MEMO = "本日、山田製作所を訪問。製造部の佐藤部長と面談し、新型CNC旋盤の見積 450万円を提出。来週金曜までに再見積を送付する。"


def _percentiles(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    return f"p50 {statistics.median(ordered) * 1000:7.1f} ms   p95 {p95 * 1000:7.1f} ms   max {ordered[-1] * 1000:7.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=30)
    args = parser.parse_args()
    fake = FakeSlack().start()
    for user in ("U0DEMO003", "U0DEMO006"):
        fake.add_user(user, locale="ja-JP" if user == "U0DEMO003" else "en-US")
    data = Path(tempfile.mkdtemp())
    settings = Settings(
        _env_file=None,
        data_dir=data / "data",
        language="en",
        slack_bot_token=SecretStr(BOT_TOKEN),
        slack_signing_secret=SecretStr(SIGNING_SECRET),
        slack_api_base_url=fake.base_url,
    )
    services = build_services(settings)
    load_demo_data(services.crm, data / "import", today=None)
    app = create_app(settings, services, listener_executor=ThreadPoolExecutor(8))
    server = make_http_server(app, host="127.0.0.1", port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    sender = SlackSender(f"http://127.0.0.1:{server.server_address[1]}{EVENTS_PATH}")
    sender.event(dm("U0DEMO006", "list customers?", ts="1.000001"))  # warm-up (models, caches)
    time.sleep(1)

    for label, user, text, method in (
        ("question (顧客一覧)", "U0DEMO003", "顧客一覧", "chat.postMessage"),
        ("typed memo → draft card", "U0DEMO003", MEMO, "chat.update"),
    ):
        acks, done = [], []
        for index in range(args.n):
            before = len(fake.calls_to(method))
            ts = f"{1763700000 + index}.{len(label):06d}"
            start = time.perf_counter()
            response = sender.event(dm(user, text, ts=ts, channel=f"D{index:08d}"))
            acks.append(time.perf_counter() - start)
            assert response.status_code == 200
            while len(fake.calls_to(method)) <= before:
                time.sleep(0.001)
            done.append(time.perf_counter() - start)
        print(f"{label:28s} ack:  {_percentiles(acks)}")
        print(f"{'':28s} done: {_percentiles(done)}")
    print(json.dumps({"n": args.n, "python": sys.version.split()[0]}))
    server.shutdown()
    fake.stop()
    services.close()


if __name__ == "__main__":
    main()
