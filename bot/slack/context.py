"""What every listener needs, built once per app by `create_app` (no module globals)."""

from __future__ import annotations

from dataclasses import dataclass

from slack_sdk import WebClient

from bot.settings import Settings
from bot.slack.people import SlackPeople
from bot.wiring import Services
from crm_store.job_runner import Worker


@dataclass
class BotContext:
    settings: Settings
    client: WebClient
    services: Services
    people: SlackPeople
    # The in-process worker that runs a listener's job at once; None with `serve --no-worker`.
    worker: Worker | None = None
