"""What every listener needs, built once per app by `create_app` (no module globals)."""

from __future__ import annotations

from dataclasses import dataclass

from slack_sdk import WebClient

from bot.settings import Settings
from bot.slack.people import SlackPeople
from bot.wiring import Services


@dataclass
class BotContext:
    settings: Settings
    client: WebClient
    services: Services
    people: SlackPeople
