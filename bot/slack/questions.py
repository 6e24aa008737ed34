"""Answering a question from a mention, a DM or /ask, in the thread it was asked in."""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError

from bot.slack import messages
from bot.slack.answer_blocks import build_answer_blocks, chunk_text
from bot.slack.audience import audience_asker, is_shared
from bot.slack.context import BotContext
from bot.slack.errors import Reply, post_reply
from bot.slack.payloads import MessageEvent
from core.questions import Answer, Asker

log = logging.getLogger(__name__)

MEMO_VALUE_LIMIT = 1900  # a button value holds at most 2,000 characters


# Answers read from the CRM; knowledge answers carry their own audience check (document visibility).
_CRM_KINDS = ("crm", "pipeline", "invoice")


def answer_for(
    bot: BotContext,
    text: str,
    *,
    user: str,
    reply: Reply,
    follow_up_of: str | None = None,
    asker: Asker | None = None,
) -> Answer:
    """Route the question as ``asker`` (default: the Slack ``user``'s CRM identity); a follow-up the
    router cannot place alone is read with its thread's question."""
    asker = asker or bot.people.asker(user, reply.language, channel_id=reply.channel)
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
    """Answer and post: in a shared conversation, privately (with a note why) when the answer holds
    anything not every member may see."""
    root_text = _thread_root_text(bot, reply.channel, thread_root_ts) if thread_root_ts else None
    answer = answer_for(bot, text, user=user, reply=reply, follow_up_of=root_text)
    memo_value = None
    if _not_answered(answer) and capture_available and len(text) <= MEMO_VALUE_LIMIT:
        memo_value = text
    restricted = _restricted_for_audience(bot, text, answer, user=user, reply=reply, follow_up_of=root_text)
    where = Reply(
        channel=reply.channel,
        user=user,
        thread_ts=reply.thread_ts,
        language=reply.language,
        private=reply.private or restricted,
    )
    note = messages.ANSWERED_PRIVATELY.format(reply.language) if restricted and not reply.private else None
    post_reply(
        bot.client,
        where,
        chunk_text(answer.answer)[0],
        blocks=build_answer_blocks(answer, save_as_memo_value=memo_value, note=note),
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


def _restricted_for_audience(
    bot: BotContext, text: str, answer: Answer, *, user: str, reply: Reply, follow_up_of: str | None
) -> bool:
    """Whether the answer shows something a member of the conversation may not see.

    A CRM answer is asked again as the audience (what every member may see): any difference means
    the asker's answer holds restricted rows. Knowledge answers say so themselves.
    """
    if reply.private or not is_shared(reply.channel):
        return False
    if answer.kind not in _CRM_KINDS:
        return answer.private
    audience = audience_asker(bot, reply.channel)
    public = answer_for(bot, text, user=user, reply=reply, follow_up_of=follow_up_of, asker=audience)
    return (public.answer, public.data) != (answer.answer, answer.data)


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
