"""`salesbot serve` as an operator runs it: a real process, HTTP mode or Socket Mode, against the fake Slack."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import PROJECT_ROOT
from tests.e2e.conftest import SlackSender, dm
from tests.e2e.fake_slack import APP_TOKEN, FakeSlack
from tests.e2e.processes import salesbot_env, served_url, start_salesbot, wait_for


@pytest.fixture
def serve_http(slack: FakeSlack, tmp_path: Path) -> Iterator[str]:
    process = start_salesbot(["serve", "--http", "0", "--host", "127.0.0.1", "--no-scheduler"], salesbot_env(slack, tmp_path))
    try:
        yield served_url(process)
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_serve_http_acks_at_once_and_answers_in_the_background(serve_http: str, slack: FakeSlack) -> None:
    assert httpx.get(serve_http.replace("/slack/events", "/healthz")).text == "ok"
    sender = SlackSender(serve_http)
    # Nobody is registered in a fresh data directory: the bot says so (in the DM).
    response = sender.event(dm("U0DEMO006", "list customers?"))
    assert response.status_code == 200
    wait_for(lambda: slack.calls_to("chat.postMessage"))
    [message] = slack.calls_to("chat.postMessage")
    assert "not registered" in message.params["text"]
    assert sender.event(dm("U0DEMO006", "hi"), signed=False).status_code == 401
    sender.close()


def test_serve_uses_socket_mode_when_an_app_token_is_set(slack: FakeSlack, tmp_path: Path) -> None:
    process = start_salesbot(["serve", "--no-scheduler"], salesbot_env(slack, tmp_path, SLACK_APP_TOKEN=APP_TOKEN))
    try:
        wait_for(lambda: slack.calls_to("apps.connections.open"))
        [call] = slack.calls_to("apps.connections.open")[:1]
        assert call.headers["authorization"] == f"Bearer {APP_TOKEN}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_serve_without_a_mode_explains_both(slack: FakeSlack, tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", "from bot.cli.main import main; main()", "serve"],
        cwd=PROJECT_ROOT,
        env=salesbot_env(slack, tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "SLACK_APP_TOKEN" in result.stderr and "--http" in result.stderr


def test_serve_without_a_bot_token_says_which_setting_is_missing(slack: FakeSlack, tmp_path: Path) -> None:
    env = salesbot_env(slack, tmp_path)
    del env["SLACK_BOT_TOKEN"]
    result = subprocess.run([sys.executable, "-c", "from bot.cli.main import main; main()", "serve", "--http", "0"],
                            cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "SLACK_BOT_TOKEN is not set" in result.stderr and "docs/slack.md" in result.stderr


def test_a_burst_of_fifty_events_is_acked_without_a_reset(serve_http: str, slack: FakeSlack) -> None:
    """Slack's 18:00 burst: every connection accepted and answered 200 (the old server reset 19 of 50)."""
    reaction = {"type": "reaction_added", "user": "U0DEMO006", "reaction": "thumbsup", "item_user": "U0DEMO001",
                "item": {"type": "message", "channel": "C0SALES01", "ts": "1763600600.000100"},
                "event_ts": "1763600700.000100"}
    statuses: list[int | str] = []
    lock = threading.Lock()

    def deliver(n: int) -> None:
        sender = SlackSender(serve_http)
        try:
            status: int | str = sender.event(reaction, event_id=f"Ev0BURST{n:04d}").status_code
        except httpx.HTTPError as error:
            status = type(error).__name__
        finally:
            sender.close()
        with lock:
            statuses.append(status)

    threads = [threading.Thread(target=deliver, args=(n,)) for n in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * 50


def test_serve_no_worker_says_embedded_chroma_needs_a_server_and_stops_gracefully(
    slack: FakeSlack, tmp_path: Path
) -> None:
    process = start_salesbot(["serve", "--http", "0", "--host", "127.0.0.1", "--no-worker"], salesbot_env(slack, tmp_path))
    assert process.stderr is not None
    before = []
    for line in process.stderr:
        before.append(line)
        if "listening on" in line:
            break
    assert any("SALESBOT_CHROMA_URL" in line for line in before), before
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=30) == 0
    assert "stopped" in process.stderr.read()
