"""`salesbot serve` as an operator runs it: a real process, HTTP mode or Socket Mode, against the fake Slack."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import PROJECT_ROOT
from tests.e2e.conftest import SIGNING_SECRET, SlackSender, dm
from tests.e2e.fake_slack import APP_TOKEN, BOT_TOKEN, FakeSlack


def _env(slack: FakeSlack, tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SALESBOT_", "SLACK_"))}
    env.update(
        {
            "SALESBOT_DATA_DIR": str(tmp_path / "data"),
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_BASE_URL": slack.base_url,
            "SALESBOT_LANGUAGE": "en",
            **extra,
        }
    )
    return env


def _start(args: list[str], env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", "from bot.cli.main import main; main()", *args],
        cwd=PROJECT_ROOT,
        env=env,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )


def _wait_for(predicate, timeout: float = 30.0) -> None:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError("timed out")


@pytest.fixture
def serve_http(slack: FakeSlack, tmp_path: Path) -> Iterator[str]:
    process = _start(["serve", "--http", "0", "--host", "127.0.0.1", "--no-scheduler"], _env(slack, tmp_path))
    try:
        assert process.stderr is not None
        url = None
        for line in process.stderr:
            match = re.search(r"listening on (http://\S+)", line)
            if match:
                url = match.group(1)
                break
        assert url, "serve did not report its address"
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_serve_http_acks_at_once_and_answers_in_the_background(serve_http: str, slack: FakeSlack) -> None:
    assert httpx.get(serve_http.replace("/slack/events", "/healthz")).text == "ok"
    sender = SlackSender(serve_http)
    # Nobody is registered in a fresh data directory: the bot says so (in the DM).
    response = sender.event(dm("U0DEMO006", "list customers?"))
    assert response.status_code == 200
    _wait_for(lambda: slack.calls_to("chat.postMessage"))
    [message] = slack.calls_to("chat.postMessage")
    assert "not registered" in message.params["text"]
    assert sender.event(dm("U0DEMO006", "hi"), signed=False).status_code == 401
    sender.close()


def test_serve_uses_socket_mode_when_an_app_token_is_set(slack: FakeSlack, tmp_path: Path) -> None:
    process = _start(["serve", "--no-scheduler"], _env(slack, tmp_path, SLACK_APP_TOKEN=APP_TOKEN))
    try:
        _wait_for(lambda: slack.calls_to("apps.connections.open"))
        [call] = slack.calls_to("apps.connections.open")[:1]
        assert call.headers["authorization"] == f"Bearer {APP_TOKEN}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_serve_without_a_mode_explains_both(slack: FakeSlack, tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", "from bot.cli.main import main; main()", "serve"],
        cwd=PROJECT_ROOT,
        env=_env(slack, tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "SLACK_APP_TOKEN" in result.stderr and "--http" in result.stderr


def test_serve_without_a_bot_token_says_which_setting_is_missing(slack: FakeSlack, tmp_path: Path) -> None:
    env = _env(slack, tmp_path)
    del env["SLACK_BOT_TOKEN"]
    result = subprocess.run([sys.executable, "-c", "from bot.cli.main import main; main()", "serve", "--http", "0"],
                            cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "SLACK_BOT_TOKEN is not set" in result.stderr and "docs/slack.md" in result.stderr
