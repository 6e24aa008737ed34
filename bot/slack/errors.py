"""The one error handler: a specific, translated message with a reference id; tracebacks to the log."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from slack_sdk import WebClient

from bot.slack import messages
from bot.slack.mrkdwn import escape
from core.errors import UserFacingError, new_reference_id
from core.i18n import Language

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Reply:
    """Where a reply goes: a channel (and thread), for one user, privately or not."""

    channel: str
    user: str | None = None
    thread_ts: str | None = None
    language: Language = "en"
    private: bool = False  # ephemeral in channels (a DM is private anyway)


def error_text(error: BaseException, language: Language) -> tuple[str, str]:
    """(text for the user, reference id). Unexpected errors are logged with their traceback here."""
    ref = new_reference_id()
    if isinstance(error, UserFacingError):
        log.info("user-facing error ref=%s: %s", ref, error.template.en[:80])
        # The message may quote what the user typed (a customer name): shown as text, never markup.
        return messages.USER_ERROR.format(language, message=escape(error.message(language)), ref=ref), ref
    log.error("unexpected error ref=%s", ref, exc_info=error)
    return messages.UNEXPECTED.format(language, ref=ref), ref


def report_error(client: WebClient, error: BaseException, where: Reply) -> str:
    """Tell the user what went wrong, privately when the conversation is shared; returns the ref.

    Never raises: failing to report must not hide the original error from the log.
    """
    text, ref = error_text(error, where.language)
    try:
        post_reply(client, where, text)
    except Exception:  # noqa: BLE001 - the log line above already carries the original error
        log.exception("could not report error ref=%s to Slack", ref)
    return ref


def post_reply(client: WebClient, where: Reply, text: str, blocks: list | None = None) -> str | None:
    """Post in the conversation (ephemeral when private and not a DM); returns the message ts."""
    if where.private and where.user and not where.channel.startswith("D"):
        client.chat_postEphemeral(
            channel=where.channel, user=where.user, text=text, blocks=blocks, thread_ts=where.thread_ts
        )
        return None
    response = client.chat_postMessage(
        channel=where.channel, text=text, blocks=blocks, thread_ts=where.thread_ts
    )
    return response.get("ts")
