"""Real `salesbot` processes for end-to-end tests: environment, start, wait, the served URL."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from tests.conftest import PROJECT_ROOT
from tests.e2e.conftest import SIGNING_SECRET
from tests.e2e.fake_slack import BOT_TOKEN, FakeSlack


def salesbot_env(slack: FakeSlack, tmp_path: Path, **extra: str) -> dict[str, str]:
    """A clean environment: the fake Slack, a fresh data directory, nothing from the developer's shell."""
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


def start_salesbot(args: list[str], env: dict[str, str], *, log: Path | None = None) -> subprocess.Popen[str]:
    """``salesbot ARGS`` as its own process; stderr to ``log`` when given (else a pipe)."""
    stderr = log.open("w") if log is not None else subprocess.PIPE
    return subprocess.Popen(
        [sys.executable, "-c", "from bot.cli.main import main; main()", *args],
        cwd=PROJECT_ROOT,
        env=env,
        stderr=stderr,
        stdout=subprocess.DEVNULL,
        text=True,
    )


def served_url(process: subprocess.Popen[str]) -> str:
    """The events URL a `serve --http 0` process reports on stderr."""
    assert process.stderr is not None
    seen = []
    for line in process.stderr:
        match = re.search(r"listening on (http://\S+)", line)
        if match:
            return match.group(1)
        seen.append(line)
    raise AssertionError("serve did not report its address:\n" + "".join(seen[-30:]))


def wait_for(predicate: Callable[[], object], timeout: float = 30.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def stop(process: subprocess.Popen[str], timeout: float = 20) -> int:
    process.terminate()
    try:
        return process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        return process.wait(timeout=5)
