"""End-to-end fixtures: the real bolt app behind a real HTTP server, signed requests in, and a local
fake Slack Web API out, whose every recorded call is checked against Slack's OpenAPI spec."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from pydantic import SecretStr
from slack_sdk.signature import SignatureVerifier

from bot.settings import Settings
from bot.slack.app import create_app
from bot.slack.http_server import EVENTS_PATH, make_http_server
from bot.wiring import Services
from tests.conftest import SHARED_DIR
from tests.e2e.blocks_check import block_problems, view_problems
from tests.e2e.fake_slack import BOT_TOKEN, TEAM_ID, FakeSlack
from tests.e2e.slack_spec import SlackSpec

SPEC_PATH = SHARED_DIR / "specs" / "slack" / "slack_web_openapi_v2.json"
SAMPLES_DIR = SHARED_DIR / "specs" / "slack" / "samples"
SIGNING_SECRET = "test-signing-secret"

DEMO_LOCALES = {
    "U0DEMO001": "ja-JP",
    "U0DEMO002": "ja-JP",
    "U0DEMO003": "ja-JP",
    "U0DEMO004": "ja-JP",
    "U0DEMO005": "ja-JP",
    "U0DEMO006": "en-US",
}


@pytest.fixture(scope="session")
def note_png(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A photo of handwritten-style notes (a visit to 三協金型) for the file-capture tests."""
    from tests.integration.capture.capture_media import render_note, require_binary

    require_binary("tesseract")
    lines = [
        "11/19 三協金型 訪問 小野課長",
        "高速マシニングセンタ 見積提示 1,980万円",
        "次回: 12/5までに納期回答",
    ]
    path = render_note(lines, tmp_path_factory.mktemp("photo") / "note.png", rotate=2.5)
    return path.read_bytes()


@pytest.fixture(scope="session")
def slack_spec() -> SlackSpec:
    if not SPEC_PATH.exists():
        pytest.skip(
            f"Slack's OpenAPI spec is not at {SPEC_PATH} (../shared is absent); "
            "the e2e tests check every Web API call against it"
        )
    return SlackSpec(SPEC_PATH, SAMPLES_DIR)


@pytest.fixture
def slack(slack_spec: SlackSpec) -> Iterator[FakeSlack]:
    """The fake Web API; at the end every recorded call must match the spec and carry valid blocks."""
    fake = FakeSlack().start()
    for user_id, locale in DEMO_LOCALES.items():
        fake.add_user(user_id, locale=locale)
    yield fake
    fake.stop()
    assert_calls_follow_spec(fake, slack_spec)


def assert_calls_follow_spec(fake: FakeSlack, spec: SlackSpec) -> None:
    problems: list[str] = []
    for call in fake.calls:
        if call.method in ("upload", "download"):
            continue
        if call.method == "response_url":
            problems += block_problems(call.params.get("blocks"))
            continue
        problems += spec.check_call(call.method, call.params, call.headers)
        if call.response is not None:
            problems += spec.check_response(call.method, call.response)
        if "blocks" in call.params:
            problems += block_problems(call.params["blocks"])
        if "view" in call.params:
            problems += view_problems(call.params["view"])
    assert not problems, "\n".join(problems)


@pytest.fixture
def slack_settings(settings: Settings, slack: FakeSlack) -> Settings:
    return settings.model_copy(
        update={
            "slack_bot_token": SecretStr(BOT_TOKEN),
            "slack_signing_secret": SecretStr(SIGNING_SECRET),
            "slack_api_base_url": slack.base_url,
        }
    )


class SlackSender:
    """Sends Slack's requests to the bot's HTTP endpoint, signed like Slack signs them."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.verifier = SignatureVerifier(SIGNING_SECRET)
        self.http = httpx.Client(timeout=30)
        self._event_seq = 0

    def post(
        self, body: str, content_type: str, *, headers: dict[str, str] | None = None, signed: bool = True
    ) -> httpx.Response:
        timestamp = str(int(time.time()))
        all_headers = {"Content-Type": content_type, "X-Slack-Request-Timestamp": timestamp}
        if signed:
            all_headers["X-Slack-Signature"] = self.verifier.generate_signature(
                timestamp=timestamp, body=body
            )
        all_headers.update(headers or {})
        return self.http.post(self.url, content=body.encode("utf-8"), headers=all_headers)

    def event(
        self,
        event: dict[str, Any],
        *,
        event_id: str | None = None,
        retry_num: int | None = None,
        signed: bool = True,
    ) -> httpx.Response:
        """An Events API delivery (``event_callback``), shaped like Slack's sample payloads."""
        self._event_seq += 1
        body = {
            "token": "legacy",
            "team_id": TEAM_ID,
            "api_app_id": "A0TEST001",
            "type": "event_callback",
            "event_id": event_id or f"Ev{time.time_ns()}{self._event_seq}",
            "event_time": int(time.time()),
            "authorizations": [
                {
                    "enterprise_id": None,
                    "team_id": TEAM_ID,
                    "user_id": "UBOT00001",
                    "is_bot": True,
                    "is_enterprise_install": False,
                }
            ],
            "is_ext_shared_channel": False,
            "event": event,
        }
        headers = {}
        if retry_num is not None:
            headers = {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"}
        return self.post(json.dumps(body), "application/json", headers=headers, signed=signed)

    def command(
        self, command: str, text: str, *, user: str, channel: str = "C0SALES01", response_url: str
    ) -> httpx.Response:
        form = {
            "token": "legacy",
            "team_id": TEAM_ID,
            "team_domain": "test",
            "channel_id": channel,
            "channel_name": "sales",
            "user_id": user,
            "user_name": user.lower(),
            "command": command,
            "text": text,
            "api_app_id": "A0TEST001",
            "response_url": response_url,
            "trigger_id": "1337.42.abcd",
        }
        return self.post(urlencode(form), "application/x-www-form-urlencoded")

    def interaction(self, payload: dict[str, Any]) -> httpx.Response:
        payload = {
            "team": {"id": TEAM_ID, "domain": "test"},
            "api_app_id": "A0TEST001",
            "token": "legacy",
            **payload,
        }
        return self.post(urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded")

    def close(self) -> None:
        self.http.close()


@pytest.fixture
def bot_http(slack_settings: Settings, demo_services: Services) -> Iterator[SlackSender]:
    """The real bolt app behind the real HTTP server; listeners finish before each response."""
    app = create_app(slack_settings, demo_services, process_before_response=True)
    server = make_http_server(app, host="127.0.0.1", port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    sender = SlackSender(f"http://127.0.0.1:{server.server_address[1]}{EVENTS_PATH}")
    yield sender
    sender.close()
    server.shutdown()
    server.server_close()


def dm(
    user: str,
    text: str,
    *,
    ts: str = "1763600000.000100",
    channel: str = "D0DM00001",
    thread_ts: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    event = {
        "type": "message",
        "user": user,
        "text": text,
        "ts": ts,
        "channel": channel,
        "channel_type": "im",
        "event_ts": ts,
        **extra,
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def mention(
    user: str,
    text: str,
    *,
    ts: str = "1763600000.000200",
    channel: str = "C0SALES01",
    thread_ts: str | None = None,
) -> dict[str, Any]:
    event = {
        "type": "app_mention",
        "user": user,
        "text": f"<@UBOT00001> {text}",
        "ts": ts,
        "channel": channel,
        "event_ts": ts,
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event
