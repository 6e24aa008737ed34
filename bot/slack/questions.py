"""Answering a question from a mention, a DM or /ask, in the thread it was asked in."""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError

from bot.slack.answer_blocks import build_answer_blocks, chunk_text
from bot.slack.context import BotContext
from bot.slack.errors import Reply, post_reply
from bot.slack.payloads import MessageEvent
from core.questions import Answer

log = logging.getLogger(__name__)

MEMO_VALUE_LIMIT = 1900  # a button value holds at most 2,000 characters


def answer_for(
    bot: BotContext, text: str, *, user: str, reply: Reply, follow_up_of: str | None = None
) -> Answer:
    """Route the question; a follow-up the router cannot place alone is read with its thread's question."""
    asker = bot.people.asker(user, reply.language, channel_id=reply.channel)
    answer = bot.services.answer_question(text, asker=asker, language=reply.language)
    if _not_answered(answer) and follow_up_of:
        combined = bot.services.answer_question(
            f"{follow_up_of} {text}", asker=asker, language=reply.language
        )
        if not _not_answered(combined):
            return combined
    return answer


def handle_question(
    bot: BotContext,
    text: str,
    *,
    user: str,
    reply: Reply,
    thread_root_ts: str | None = None,
    capture_available: bool = False,
) -> Answer:
    """Answer and post: privately when the answer holds data not everyone there may see."""
    root_text = _thread_root_text(bot, reply.channel, thread_root_ts) if thread_root_ts else None
    answer = answer_for(bot, text, user=user, reply=reply, follow_up_of=root_text)
    memo_value = None
    if _not_answered(answer) and capture_available and len(text) <= MEMO_VALUE_LIMIT:
        memo_value = text
    where = Reply(
        channel=reply.channel,
        user=user,
        thread_ts=reply.thread_ts,
        language=reply.language,
        private=reply.private or answer.private,
    )
    post_reply(
        bot.client,
        where,
        chunk_text(answer.answer)[0],
        blocks=build_answer_blocks(answer, save_as_memo_value=memo_value),
    )
    if answer.chart_png and not (where.private and not where.channel.startswith("D")):
        bot.client.files_upload_v2(
            channel=where.channel,
            thread_ts=where.thread_ts,
            content=answer.chart_png,
            filename="chart.png",
            title=chunk_text(answer.answer, 200)[0],
        )
    return answer


def _not_answered(answer: Answer) -> bool:
    """No service could place it, or the knowledge base found nothing to cite: maybe it was a memo."""
    return answer.kind == "unknown" or (answer.kind == "knowledge" and not answer.citations)


def _thread_root_text(bot: BotContext, channel: str, thread_ts: str) -> str | None:
    """The question that opened the thread, for reading a follow-up in context."""
    try:
        response = bot.client.conversations_replies(channel=channel, ts=thread_ts, limit=1, inclusive=True)
    except SlackApiError as error:
        log.warning("conversations.replies failed: %s", error.response.get("error"))
        return None
    messages = response.get("messages") or []
    if not messages or messages[0].get("ts") != thread_ts:
        return None
    root = MessageEvent.model_validate({"type": "message", "channel": channel, **messages[0]})
    return root.clean_text or None
