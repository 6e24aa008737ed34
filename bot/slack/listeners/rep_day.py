"""The rep's day: the App Home tab and the buttons on reminders and on the Home tab."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App

from bot.slack import action_ids
from bot.slack.context import BotContext


def register(app: App, bot: BotContext) -> None:
    from bot.slack import rep_day

    def on_app_home_opened(event: dict[str, Any]) -> None:
        rep_day.handle_app_home_opened(bot, event)

    def on_done(ack: Ack, body: dict[str, Any]) -> None:
        ack()
        rep_day.handle_done(bot, rep_day.ReminderClick.model_validate(body))

    def on_snooze_day(ack: Ack, body: dict[str, Any]) -> None:
        ack()
        rep_day.handle_snooze(bot, rep_day.ReminderClick.model_validate(body), "day")

    def on_snooze_week(ack: Ack, body: dict[str, Any]) -> None:
        ack()
        rep_day.handle_snooze(bot, rep_day.ReminderClick.model_validate(body), "week")

    def on_open_customer(ack: Ack, body: dict[str, Any]) -> None:
        ack()
        rep_day.handle_open_customer(bot, rep_day.ReminderClick.model_validate(body))

    def on_open_draft(ack: Ack, body: dict[str, Any]) -> None:
        ack()
        rep_day.handle_open_draft(bot, rep_day.ReminderClick.model_validate(body))

    app.event("app_home_opened")(on_app_home_opened)
    app.action(action_ids.REMINDER_DONE)(on_done)
    app.action(action_ids.REMINDER_SNOOZE_DAY)(on_snooze_day)
    app.action(action_ids.REMINDER_SNOOZE_WEEK)(on_snooze_week)
    app.action(action_ids.OPEN_CUSTOMER)(on_open_customer)
    app.action(action_ids.OPEN_DRAFT)(on_open_draft)
