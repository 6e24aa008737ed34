"""The app manifest asks for every event, command and scope the bot's code relies on, and nothing odd."""

from __future__ import annotations

from pathlib import Path

import yaml

import bot.slack

MANIFEST = Path(bot.slack.__file__).parent / "manifest.yaml"


def _manifest() -> dict:
    return yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))


def test_events_and_commands_match_the_listeners() -> None:
    manifest = _manifest()
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True  # the rep's day (App Home)
    assert set(manifest["settings"]["event_subscriptions"]["bot_events"]) == {
        "app_home_opened",
        "app_mention",
        "message.im",
        "reaction_added",
    }
    assert {c["command"] for c in manifest["features"]["slash_commands"]} == {"/ask", "/invoice"}
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
    urls = {c["url"] for c in manifest["features"]["slash_commands"]}
    urls |= {
        manifest["settings"]["event_subscriptions"]["request_url"],
        manifest["settings"]["interactivity"]["request_url"],
    }
    assert len(urls) == 1 and urls.pop().endswith("/slack/events")


def test_scopes_cover_the_web_api_methods_we_call() -> None:
    scopes = set(_manifest()["oauth_config"]["scopes"]["bot"])
    needed = {
        "chat:write",
        "im:write",
        "commands",
        "app_mentions:read",
        "im:history",
        "files:read",
        "files:write",
        "users:read",
        "reactions:read",
        "reactions:write",
        "channels:history",
        "channels:read",
    }
    assert needed <= scopes
    assert not {s for s in scopes if s.startswith(("admin", "users:read.email"))}
