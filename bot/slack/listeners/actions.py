"""Buttons on our cards: Save / Edit / Discard a draft, and "save as memo" on an answer."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App

from bot.slack import action_ids
from bot.slack.context import BotContext
from bot.slack.payloads import BlockAction


def register(app: App, bot: BotContext) -> None:
    from bot.slack import capture_flow

    def on_save(ack: Ack, body: dict[str, Any]) -> None:
        ack()
        capture_flow.handle_save(bot, BlockAction.model_validate(body))

    def on_edit(ack: Ack, body: dict[str, Any]) -> None:
        ack()
        capture_flow.handle_edit(bot, BlockAction.model_validate(body))

    def on_discard(ack: Ack, body: dict[str, Any]) -> None:
        ack()
        capture_flow.handle_discard(bot, BlockAction.model_validate(body))

    def on_save_as_memo(ack: Ack, body: dict[str, Any]) -> None:
        ack()
        capture_flow.handle_answer_as_memo(bot, BlockAction.model_validate(body))

    app.action(action_ids.SAVE_DRAFT)(on_save)
    app.action(action_ids.EDIT_DRAFT)(on_edit)
    app.action(action_ids.DISCARD_DRAFT)(on_discard)
    app.action(action_ids.SAVE_ANSWER_AS_MEMO)(on_save_as_memo)

    def on_retry(ack: Ack, body: dict[str, Any]) -> None:
        ack()
        capture_flow.handle_retry(bot, BlockAction.model_validate(body))

    app.action(action_ids.RETRY_CAPTURE)(on_retry)
