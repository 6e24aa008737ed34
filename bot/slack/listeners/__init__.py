"""Listeners by kind, bolt-python template style: each module has ``register(app, bot)``."""

from __future__ import annotations

from slack_bolt import App

from bot.slack.context import BotContext
from bot.slack.listeners import actions, commands, events, messages, rep_day, views


def register_listeners(app: App, bot: BotContext) -> None:
    for module in (events, messages, actions, commands, views, rep_day):
        module.register(app, bot)
