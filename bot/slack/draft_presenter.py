"""The Slack side of the capture jobs (`capture.jobs.DraftPresenter`): fetch a shared file, show a
draft card in place of the "working on it" message, or say what failed with a Retry button.

Slack's rate limits reach the job runner as `RetryLater` with Slack's Retry-After, so the job
waits exactly as long as Slack asked (the Web API client itself already retries a few times).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from slack_sdk.errors import SlackApiError
from slack_sdk.models.blocks import ActionsBlock, ButtonElement

from bot.slack import action_ids, messages
from bot.slack.context import BotContext
from bot.slack.draft_blocks import build_draft_blocks, build_notice_blocks
from bot.slack.answer_blocks import build_text_blocks
from bot.slack.audience import card_for_audience
from bot.slack.errors import Reply, error_text, post_reply
from bot.slack.mrkdwn import escape
from bot.slack.files import download_file
from bot.slack.payloads import CardRef, SlackFile
from capture.jobs import FetchedFile
from capture.views import DraftView
from core.i18n import Language
from crm_store.job_runner import RetryLater

T = TypeVar("T")


def delivery_for(
    *, channel: str, user: str, language: str, thread_ts: str | None, placeholder_ts: str | None
) -> dict[str, Any]:
    """Where a job's result goes: the conversation, the rep, and the message to replace."""
    return {
        "channel": channel,
        "user": user,
        "language": language,
        "thread_ts": thread_ts,
        "placeholder_ts": placeholder_ts,
    }


class SlackDraftPresenter:
    def __init__(self, bot: BotContext) -> None:
        self.bot = bot

    def fetch_file(self, file: dict[str, Any]) -> FetchedFile:
        downloaded = slack_call(lambda: download_file(self.bot.client, SlackFile.model_validate(file)))
        return FetchedFile(data=downloaded.data, filename=downloaded.filename, mime_type=downloaded.mime_type)

    def show_draft(self, delivery: dict[str, Any], view: DraftView) -> str | None:
        language = self._language(delivery)
        ref = CardRef(
            input_id=view.input_id,
            owner=delivery.get("user") or "",
            language=language,
            channel=delivery.get("channel"),
            ts=delivery.get("placeholder_ts"),
        )
        channel = delivery.get("channel") or ""
        view, withheld = card_for_audience(self.bot, channel, view, language)
        blocks = build_draft_blocks(view, ref, language)
        fallback = view.customer.name or view.draft.customer.value or messages.WORKING.format(language)
        ts = self._replace_or_post(delivery, fallback, blocks)
        if withheld and delivery.get("user"):  # the overdue warning, to the rep alone
            note = f"{messages.WARNING_PRIVATELY.format(language)}\n{withheld}"
            post_reply(self.bot.client, Reply(channel=channel, user=delivery["user"], language=language,
                                              thread_ts=delivery.get("thread_ts"), private=True),
                       note, build_text_blocks(escape(note)))
        return ts

    def show_failure(self, delivery: dict[str, Any], input_id: int | None, error: BaseException) -> None:
        language = self._language(delivery)
        text, _ref = error_text(error, language)
        blocks = build_failure_blocks(text, input_id, delivery, language)
        self._replace_or_post(delivery, text, blocks)

    def _language(self, delivery: dict[str, Any]) -> Language:
        """The delivery's language; a recovered input has none: the rep's Slack locale."""
        if delivery.get("language") in ("ja", "en"):
            return delivery["language"]
        return self.bot.people.language(delivery.get("user") or "")

    def _replace_or_post(self, delivery: dict[str, Any], text: str, blocks: list) -> str | None:
        channel, placeholder = delivery.get("channel") or "", delivery.get("placeholder_ts")
        client = self.bot.client
        if placeholder:
            # The card's buttons carry the card's own ts, known since the placeholder was posted.
            slack_call(lambda: client.chat_update(channel=channel, ts=placeholder, text=text, blocks=blocks))
            return str(placeholder)
        response = slack_call(
            lambda: client.chat_postMessage(
                channel=channel, text=text, blocks=blocks, thread_ts=delivery.get("thread_ts")
            )
        )
        return response.get("ts")


def build_failure_blocks(
    text: str, input_id: int | None, delivery: dict[str, Any], language: Language
) -> list:
    """The failure notice; for a stored input, a hint and a Retry button (value: the card ref)."""
    if input_id is None:
        return build_notice_blocks(text)
    blocks = build_notice_blocks(text, messages.RETRY_HINT.format(language, input_id=input_id))
    ref = CardRef(
        input_id=input_id,
        owner=delivery.get("user") or "",
        language=language,
        channel=delivery.get("channel"),
        ts=delivery.get("placeholder_ts"),
    )
    blocks.append(
        ActionsBlock(
            elements=[
                ButtonElement(
                    text=messages.RETRY_BUTTON.format(language),
                    action_id=action_ids.RETRY_CAPTURE,
                    value=ref.dump(),
                )
            ]
        )
    )
    return blocks


def slack_call(call: Callable[[], T]) -> T:
    """Run a Web API call; a 429 that outlasted the client's own retries becomes `RetryLater`."""
    try:
        return call()
    except SlackApiError as error:
        if error.response.status_code == 429:
            after = float(error.response.headers.get("Retry-After", error.response.headers.get("retry-after", 30)))
            raise RetryLater("Slack rate limit", after=after) from error
        raise

