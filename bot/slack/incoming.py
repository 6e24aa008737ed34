"""One entry point for a DM or mention: a file → capture; text → question or memo (see routing)."""

from __future__ import annotations

import logging

from bot.slack import messages
from bot.slack.context import BotContext
from bot.slack.errors import Reply, report_error
from bot.slack.payloads import MessageEvent
from bot.slack.questions import handle_question
from bot.slack.routing import classify_message
from core.errors import UserFacingError
from core.questions import Asker, Question

log = logging.getLogger(__name__)

# Message subtypes a person produces; edits, joins, bot posts and the like are not requests.
_HANDLED_SUBTYPES = (None, "file_share", "thread_broadcast")


def handle_message(bot: BotContext, event: MessageEvent) -> None:
    """Handle a DM or mention; every failure ends as a specific message in the conversation."""
    if event.bot_id or event.subtype not in _HANDLED_SUBTYPES or not event.user:
        return
    text = event.clean_text
    language = bot.people.language(event.user, text)
    reply = Reply(channel=event.channel, user=event.user, thread_ts=event.reply_thread_ts, language=language)
    try:
        _route(bot, event, text, reply)
    except Exception as error:  # noqa: BLE001 - the one place listener errors become a Slack message
        report_error(
            bot.client,
            error,
            Reply(
                channel=reply.channel,
                user=reply.user,
                thread_ts=reply.thread_ts,
                language=language,
                private=True,
            ),
        )


def _route(bot: BotContext, event: MessageEvent, text: str, reply: Reply) -> None:
    capture = bot.services.capture
    if event.files:
        if capture is None:
            raise UserFacingError(
                messages.FEATURE_NOT_READY, feature=messages.FEATURE_CAPTURE.format(reply.language)
            )
        from bot.slack.capture_flow import handle_files

        handle_files(bot, event, reply)
        return
    if not text:
        return
    intent, body = classify_message(
        text, router_score=lambda t: _router_score(bot, t, reply), capture_available=capture is not None
    )
    if intent == "memo":
        from bot.slack.capture_flow import handle_text_memo

        handle_text_memo(bot, event, body, reply)
        return
    handle_question(
        bot,
        body,
        user=event.user or "",
        reply=reply,
        thread_root_ts=event.thread_ts if event.thread_ts and event.thread_ts != event.ts else None,
        capture_available=capture is not None,
    )


def _router_score(bot: BotContext, text: str, reply: Reply) -> float:
    """The best score any answerer gives the text (cheap by contract: no model calls)."""
    from core.clock import today

    question = Question(text=text, language=reply.language, asker=Asker.nobody(), today=today())  # scores read no data
    return max((answerer.score(question) for answerer in bot.services.answerers), default=0.0)
