"""A configured reaction (default :bulb:) on a message saves it, or its whole thread, to the knowledge base."""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError

from bot.slack import messages
from bot.slack.capture_flow import run_now_if_inline
from bot.slack.context import BotContext
from bot.slack.errors import Reply, report_error
from bot.slack.mrkdwn import plain_text
from bot.slack.payloads import ReactionEvent
from core.errors import UserFacingError
from knowledge.jobs import INGEST_JOB, ingest_payload

log = logging.getLogger(__name__)

SAVED_REACTION = "white_check_mark"
TITLE_CHARS = 80


def handle_knowledge_reaction(bot: BotContext, event: ReactionEvent) -> None:
    """Save the reacted message (a thread parent: the whole thread), then mark it with a check mark."""
    channel, ts = event.item.channel or "", event.item.ts or ""
    language = bot.people.language(event.user)
    try:
        knowledge = bot.services.knowledge
        if knowledge is None:
            raise UserFacingError(
                messages.FEATURE_NOT_READY, feature=messages.FEATURE_KNOWLEDGE.format(language)
            )
        bot.people.asker(event.user, language)  # registered users only
        thread = _messages(bot, channel, ts)
        if not thread:
            return
        # Saved as plain words: a quoted <!channel> must never ping, nor a <url|label> hide its address.
        text = "\n\n".join(plain_text(m.get("text") or "") for m in thread).strip()
        if not text:
            return
        permalink = bot.client.chat_getPermalink(channel=channel, message_ts=ts)["permalink"]
        author_id = thread[0].get("user")
        author = bot.services.crm.find_user(author_id) if author_id else None
        visibility = f"channel:{channel}" if bot.people.is_private(channel) else "everyone"
        title = text.splitlines()[0][:TITLE_CHARS]
        # Embedding is slow: a worker does it (knowledge.jobs) and then marks the message saved.
        payload = ingest_payload(
            {"channel": channel, "ts": ts, "user": event.user, "language": language},
            source=permalink,
            title=title,
            text=text,
            kind="slack",
            author=author.name if author else author_id,
            visibility=visibility,
            actor=f"slack:{event.user}",
        )
        jobs = bot.services.jobs
        assert jobs is not None
        run_now_if_inline(bot, jobs.enqueue(INGEST_JOB, payload))
    except Exception as error:  # noqa: BLE001 - the reactor learns why; the log has the rest
        report_error(
            bot.client, error, Reply(channel=channel, user=event.user, language=language, private=True)
        )


def _messages(bot: BotContext, channel: str, ts: str) -> list[dict]:
    """The message; when it opens a thread, the thread (parent first)."""
    response = bot.client.conversations_replies(channel=channel, ts=ts, limit=200, inclusive=True)
    found = response.get("messages") or []
    target = next((m for m in found if m.get("ts") == ts), None)
    if target is None:
        return []
    is_parent = target.get("thread_ts") in (None, ts)
    return found if is_parent else [target]


def _mark_saved(bot: BotContext, channel: str, ts: str) -> None:
    try:
        bot.client.reactions_add(channel=channel, timestamp=ts, name=SAVED_REACTION)
    except SlackApiError as error:
        if error.response.get("error") != "already_reacted":
            raise


class SlackIngestPresenter:
    """`knowledge.jobs.IngestPresenter` in Slack: a check mark on the saved message, or the reason."""

    def __init__(self, bot: BotContext) -> None:
        self.bot = bot

    def mark_saved(self, delivery: dict, title: str) -> None:
        _mark_saved(self.bot, delivery.get("channel") or "", delivery.get("ts") or "")

    def show_failure(self, delivery: dict, error: BaseException) -> None:
        language = delivery.get("language") if delivery.get("language") in ("ja", "en") else "en"
        if isinstance(error, UserFacingError):
            error = UserFacingError(messages.KNOWLEDGE_FAILED, reason=error.message(language))  # type: ignore[arg-type]
        report_error(
            self.bot.client,
            error,
            Reply(channel=delivery.get("channel") or "", user=delivery.get("user"), language=language, private=True),  # type: ignore[arg-type]
        )
