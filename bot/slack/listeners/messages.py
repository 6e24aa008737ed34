"""Direct messages to the bot (``message.im``): memos, files and questions."""

from __future__ import annotations

from typing import Any

from slack_bolt import App

from bot.slack.context import BotContext
from bot.slack.incoming import handle_message
from bot.slack.payloads import MessageEvent


def register(app: App, bot: BotContext) -> None:
    def on_message(event: dict[str, Any]) -> None:
        parsed = MessageEvent.model_validate(event)
        # Channel messages arrive only as mentions (app_mention); here we take DMs.
        if parsed.is_dm:
            handle_message(bot, parsed)

    app.event("message")(on_message)
