"""The harness itself must be able to fail: the spec checker and block checker catch real mistakes."""

from __future__ import annotations

from tests.e2e.blocks_check import block_problems
from tests.e2e.slack_spec import SlackSpec

AUTH = {"authorization": "Bearer xoxb-1"}


def test_spec_checker_flags_unknown_methods_missing_and_unknown_params(slack_spec: SlackSpec) -> None:
    assert (
        slack_spec.check_call("chat.postMessage", {"channel": "C1", "text": "x", "team_id": "T1"}, AUTH) == []
    )
    assert slack_spec.check_call("chat.postMesage", {}, AUTH) == [
        "chat.postMesage: not a Slack Web API method"
    ]
    assert slack_spec.check_call("chat.postMessage", {"text": "x", "chanel": "C1"}, AUTH) == [
        "chat.postMessage: missing required channel",
        "chat.postMessage: unknown parameter chanel",
    ]
    assert slack_spec.check_call("chat.update", {"channel": "C1", "text": "x"}, {}) == [
        "chat.update: no token (header or parameter)",
        "chat.update: missing required ts",
    ]
    assert slack_spec.check_call("users.info", {"user": "U1", "include_locale": "maybe"}, AUTH) == [
        "users.info: include_locale is not a boolean: maybe"
    ]


def test_newer_methods_are_checked_against_the_allowlist(slack_spec: SlackSpec) -> None:
    assert (
        slack_spec.check_call("files.getUploadURLExternal", {"filename": "a.png", "length": "3"}, AUTH) == []
    )
    assert slack_spec.check_call("files.completeUploadExternal", {"channel": "C1"}, AUTH) == [
        "files.completeUploadExternal: missing required files",
        "files.completeUploadExternal: unknown parameter channel",
    ]


def test_response_checker_holds_the_fake_to_the_spec(slack_spec: SlackSpec) -> None:
    assert slack_spec.check_response("chat.postMessage", {"ok": True}) != []
    assert slack_spec.check_response("chat.postMessage", {"ok": False, "error": "channel_not_found"}) == []
    # A key Slack added after 2021 passes only when Slack's newer samples show it.
    base = {
        "ok": True,
        "comments": [],
        "file": {
            "id": "F0000000001",
            "created": 1,
            "name": "a",
            "title": "a",
            "mimetype": "image/png",
            "filetype": "png",
            "user": "U0000000001",
            "editable": False,
            "size": 1,
            "mode": "hosted",
            "is_external": False,
            "external_type": "",
            "is_public": False,
            "public_url_shared": False,
            "display_as_bot": False,
            "username": "",
            "url_private": "https://x/",
            "timestamp": 1,
            "pretty_type": "PNG",
        },
    }
    with_known = {**base, "file": {**base["file"], "file_access": "visible"}}
    with_unknown = {**base, "file": {**base["file"], "made_up_field": 1}}
    assert not any("file_access" in p for p in slack_spec.check_response("files.info", with_known))
    assert any("made_up_field" in p for p in slack_spec.check_response("files.info", with_unknown))


def test_block_checker_catches_limits_and_malformed_blocks() -> None:
    assert block_problems([{"type": "section", "text": {"type": "mrkdwn", "text": "ok"}}]) == []
    assert block_problems([{"type": "section", "text": {"type": "mrkdwn", "text": "x" * 3001}}]) != []
    assert block_problems([{"type": "section", "text": {"type": "mrkdwn", "text": "x"}}] * 51) != []
    assert block_problems([{"type": "nonsense"}]) != []
