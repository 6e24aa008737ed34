"""Mentions in channels and the knowledge-base reaction."""

from __future__ import annotations

from typing import Any

from slack_bolt import App

from bot.slack.context import BotContext
from bot.slack.incoming import handle_message
from bot.slack.payloads import MessageEvent, ReactionEvent


def register(app: App, bot: BotContext) -> None:
    def on_app_mention(event: dict[str, Any]) -> None:
        handle_message(bot, MessageEvent.model_validate(event))

    def on_reaction_added(event: dict[str, Any]) -> None:
        parsed = ReactionEvent.model_validate(event)
        if parsed.reaction != bot.settings.slack_knowledge_reaction or parsed.item.type != "message":
            return
        from bot.slack.knowledge_reaction import handle_knowledge_reaction

        handle_knowledge_reaction(bot, parsed)

    def ignore(event: dict[str, Any]) -> None:
        """Events we subscribe to for context only; acknowledged so Slack does not retry them."""

    app.event("app_mention")(on_app_mention)
    app.event("reaction_added")(on_reaction_added)
    app.event("reaction_removed")(ignore)
    app.event("file_shared")(ignore)
