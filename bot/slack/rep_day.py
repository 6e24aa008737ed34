"""The rep's day in Slack: DMs for reminders and digests, the buttons on them, and the App Home.

`SlackRepDayPoster` is the `RepDayPoster` port over the Web API; the ``handle_*`` functions are what
the listeners call (ack first, then here).
"""

from __future__ import annotations

import json
import logging
import threading
import time
from datetime import datetime
from typing import Any

from pydantic import ConfigDict
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack.answer_blocks import build_text_blocks, chunk_text
from bot.slack.app_home_blocks import build_home_view
from bot.slack.context import BotContext
from bot.slack.errors import error_text
from bot.slack.payloads import BlockAction
from bot.slack.reminder_blocks import (
    ActionRef,
    build_customer_modal,
    build_reminder_blocks,
    replace_action_controls,
)
from core.errors import UserFacingError
from core.i18n import Language
from crm_store.lookup_answers import customer_answer
from crm_store.rep_day import messages
from crm_store.rep_day.digest import render_digest
from crm_store.rep_day.rendering import render_reminder
from crm_store.rep_day.service import RepDayService
from crm_store.rep_day.views import RepReminder, WeeklyDigest

log = logging.getLogger(__name__)

_TZ_CACHE_SECONDS = 3600.0
SNOOZE_DAYS = {"day": 1, "week": 7}


class SlackRepDayPoster:
    """DMs through conversations.open + chat.postMessage; time zones from users.info (cached an hour)."""

    def __init__(self, client: WebClient) -> None:
        self.client = client
        self._lock = threading.Lock()
        self._zones: dict[str, tuple[float, str | None]] = {}

    def time_zone(self, slack_user_id: str) -> str | None:
        with self._lock:
            cached = self._zones.get(slack_user_id)
        if cached is not None and time.monotonic() - cached[0] < _TZ_CACHE_SECONDS:
            return cached[1]
        try:
            zone = (self.client.users_info(user=slack_user_id).get("user") or {}).get("tz") or None
        except SlackApiError as error:
            log.warning("users.info failed for a user: %s", error.response.get("error"))
            zone = None
        with self._lock:
            self._zones[slack_user_id] = (time.monotonic(), zone)
        return zone

    def dm_channel(self, slack_user_id: str) -> str:
        response = self.client.conversations_open(users=slack_user_id)
        return str((response.get("channel") or {})["id"])

    def post_reminder(self, reminder: RepReminder) -> None:
        channel = self.dm_channel(reminder.slack_user_id or "")
        self.client.chat_postMessage(channel=channel, text=chunk_text(render_reminder(reminder))[0],
                                     blocks=build_reminder_blocks(reminder))

    def post_digest(self, digest: WeeklyDigest) -> None:
        text = render_digest(digest)
        channel = self.dm_channel(digest.slack_user_id or "")
        self.client.chat_postMessage(channel=channel, text=chunk_text(text)[0],
                                     blocks=build_text_blocks(text))


class ReminderClick(BlockAction):
    """A click on a reminder (in a DM) or on the App Home: where it happened, and what was shown."""

    model_config = ConfigDict(extra="ignore")
    message: dict[str, Any] | None = None
    view: dict[str, Any] | None = None

    @property
    def on_home(self) -> bool:
        return self.container.type == "view" or (self.view or {}).get("type") == "home"


def _service(bot: BotContext) -> RepDayService:
    service = getattr(bot.services, "rep_day", None)
    if service is None:
        raise RuntimeError("the rep's-day service is not wired")
    return service


def _now(bot: BotContext, slack_user_id: str) -> datetime:
    """The clicker's own local time (Slack's time zone for them): "snooze 1 day" means their tomorrow."""
    return _service(bot).local_now(SlackRepDayPoster(bot.client), slack_user_id)


def publish_home(bot: BotContext, slack_user_id: str) -> None:
    """Build and publish the person's Home tab (views.publish replaces it whole)."""
    language = bot.people.language(slack_user_id)
    bot.people.asker(slack_user_id, language)  # registered users only: a clear message otherwise
    home = _service(bot).home(slack_user_id, _now(bot, slack_user_id).date(), language)
    bot.client.views_publish(user_id=slack_user_id, view=build_home_view(home))


def handle_app_home_opened(bot: BotContext, event: dict[str, Any]) -> None:
    user, tab = event.get("user"), event.get("tab")
    if not user or tab not in (None, "home"):
        return  # the Messages tab needs nothing from us
    try:
        publish_home(bot, user)
    except UserFacingError as error:
        language = bot.people.language(user)
        text = error.message(language)
        bot.client.views_publish(user_id=user, view={"type": "home", "blocks": [
            b.to_dict() for b in build_text_blocks(text)]})
    except Exception:  # noqa: BLE001 - the tab keeps its last content; the log has the traceback
        log.exception("could not publish the home tab")


def handle_done(bot: BotContext, click: ReminderClick) -> None:
    """Done: the action is completed (who and when, audited) and its buttons become a note."""
    ref = ActionRef.model_validate_json(click.action.value or "{}")
    user = click.user.id
    language = bot.people.language(user)
    try:
        _service(bot).complete_action(ref.action, user)
    except Exception as error:  # noqa: BLE001 - told to the user with a ref
        _report(bot, click, error, language)
        return
    when = _now(bot, user).strftime("%m-%d %H:%M")
    _after_change(bot, click, ref, messages.DONE_NOTE.format(language, user=f"<@{user}>", when=when))


def handle_snooze(bot: BotContext, click: ReminderClick, period: str) -> None:
    ref = ActionRef.model_validate_json(click.action.value or "{}")
    user = click.user.id
    language = bot.people.language(user)
    try:
        until = _service(bot).snooze_action(ref.action, user, SNOOZE_DAYS[period], _now(bot, user).date())
    except Exception as error:  # noqa: BLE001
        _report(bot, click, error, language)
        return
    _after_change(bot, click, ref, messages.SNOOZED_NOTE.format(language, day=until.isoformat()))


def _after_change(bot: BotContext, click: ReminderClick, ref: ActionRef, note: str) -> None:
    if click.on_home:
        publish_home(bot, click.user.id)
        return
    message = click.message or {}
    channel, ts = click.channel_id, click.container.message_ts or message.get("ts")
    if not channel or not ts:
        return
    blocks = replace_action_controls(message.get("blocks") or [], ref.action, note)
    bot.client.chat_update(channel=channel, ts=ts, text=message.get("text") or note, blocks=blocks)


def handle_open_customer(bot: BotContext, click: ReminderClick) -> None:
    """A modal with the customer's deals, open actions and invoices (the trigger id lives 3 s)."""
    ref = ActionRef.model_validate_json(click.action.value or "{}")
    user = click.user.id
    language = bot.people.language(user)
    try:
        asker = bot.people.asker(user, language)  # registered users only; what they may see
        overview = bot.services.crm.customer_overview(ref.customer or "", _now(bot, user).date(), asker=asker)
        text = customer_answer(overview, language).answer
        bot.client.views_open(trigger_id=click.trigger_id or "", view=build_customer_modal(text, language))
    except Exception as error:  # noqa: BLE001
        _report(bot, click, error, language)


def handle_open_draft(bot: BotContext, click: ReminderClick) -> None:
    """Post the unsaved draft's card again in the rep's DM, where Save / Edit / Discard work as usual."""
    from bot.slack.draft_presenter import SlackDraftPresenter, delivery_for

    user = click.user.id
    language = bot.people.language(user)
    input_id = int(json.loads(click.action.value or "{}").get("input_id", 0))
    try:
        capture = bot.services.capture
        stored = capture.get_input(input_id) if capture is not None else None
        if capture is None or stored is None or getattr(stored, "slack_user_id", None) != user:
            raise UserFacingError(messages.UNKNOWN_DRAFT)
        channel = SlackRepDayPoster(bot.client).dm_channel(user)
        delivery = delivery_for(channel=channel, user=user, language=language, thread_ts=None,
                                placeholder_ts=None)
        SlackDraftPresenter(bot).show_draft(delivery, capture.draft(input_id))
    except Exception as error:  # noqa: BLE001
        _report(bot, click, error, language)


def _report(bot: BotContext, click: ReminderClick, error: BaseException, language: Language) -> None:
    """Errors go to the clicker's own DM with the bot (reminders and the Home tab are private anyway)."""
    text, _ref = error_text(error, language)
    try:
        channel = SlackRepDayPoster(bot.client).dm_channel(click.user.id)
        bot.client.chat_postMessage(channel=channel, text=text)
    except Exception:  # noqa: BLE001 - the log has the original error under its ref
        log.exception("could not report a rep's-day error")
