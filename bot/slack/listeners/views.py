"""The draft edit modal: validated with ``ack(response_action="errors")``, then saved."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App

from bot.slack import action_ids
from bot.slack.context import BotContext


def register(app: App, bot: BotContext) -> None:
    from bot.slack import capture_flow

    def on_edit_submitted(ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        capture_flow.handle_edit_submission(bot, ack, user=body["user"]["id"], view=view)

    app.view(action_ids.EDIT_MODAL)(on_edit_submitted)
