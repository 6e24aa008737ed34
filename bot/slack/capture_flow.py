"""The capture flow: memo or file → stored → "working on it" → draft card → Save / Edit / Discard.

The input is stored before anything slow happens, so a crash or a failed step loses nothing
(`resume_pending` drafts what was left when the bot restarts).
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

import httpx
from slack_bolt import Ack
from slack_sdk.errors import SlackApiError

from bot.slack import messages
from bot.slack.context import BotContext
from bot.slack.draft_blocks import build_draft_blocks, build_notice_blocks, build_saved_blocks
from bot.slack.edit_modal import apply_edits, build_edit_modal
from bot.slack.errors import Reply, error_text, report_error
from bot.slack.files import download_file, kind_hint, resolve_file
from bot.slack.payloads import BlockAction, CardRef, MessageEvent, SlackFile, modal_values
from core.errors import UserFacingError
from core.i18n import Language
from crm_store.jobs import ClaimedJob

log = logging.getLogger(__name__)

MAX_FILES_PER_MESSAGE = 5
FILE_JOB = "slack.capture_file"


def _capture(bot: BotContext, language: Language) -> Any:
    capture = bot.services.capture
    if capture is None:
        raise UserFacingError(messages.FEATURE_NOT_READY, feature=messages.FEATURE_CAPTURE.format(language))
    return capture


def handle_text_memo(bot: BotContext, event: MessageEvent, text: str, reply: Reply) -> None:
    """Store the typed memo, show "working on it", then turn that message into the draft card."""
    capture = _capture(bot, reply.language)
    bot.people.asker(event.user or "", reply.language)  # only registered users can save memos
    input_id = capture.store_text(
        text, origin="slack", slack_user_id=event.user, slack_channel_id=event.channel, slack_ts=event.ts
    )
    placeholder = _post(bot, reply, messages.WORKING.format(reply.language))
    show_draft(bot, input_id, owner=event.user or "", reply=reply, placeholder_ts=placeholder)


def handle_files(bot: BotContext, event: MessageEvent, reply: Reply) -> None:
    """Each audio clip or photo in the message becomes its own draft card.

    Each file is a durable job (``slack.capture_file``) before it is downloaded, so a crash or a
    network failure mid-download is retried (`process_file_jobs`) instead of losing the memo.
    """
    _capture(bot, reply.language)
    bot.people.asker(event.user or "", reply.language)
    for stub in event.files[:MAX_FILES_PER_MESSAGE]:
        file = resolve_file(bot.client, stub)
        hint = kind_hint(file)
        if hint is None:
            raise UserFacingError(messages.FILE_UNSUPPORTED, name=file.display_name)
        kind = (messages.KIND_AUDIO if hint == "audio" else messages.KIND_PHOTO).format(reply.language)
        placeholder = _post(bot, reply, messages.WORKING_FILE.format(reply.language, kind=kind))
        payload = {
            "file": file.model_dump(exclude_none=True),
            "user": event.user,
            "channel": event.channel,
            "ts": event.ts,
            "thread_ts": reply.thread_ts,
            "language": reply.language,
            "placeholder_ts": placeholder,
        }
        jobs = bot.services.jobs
        if jobs is None:
            capture_file(bot, payload)
            continue
        job = jobs.claim(job_id=jobs.enqueue(FILE_JOB, payload))
        if job is not None:
            run_file_job(bot, job)


def capture_file(bot: BotContext, payload: dict[str, Any]) -> None:
    """Download, store, draft, show. A problem the rep can act on replaces the "working" message;
    a transient one (network, Slack 5xx) is raised so the job is retried."""
    file = SlackFile.model_validate(payload["file"])
    reply = Reply(
        channel=payload["channel"],
        user=payload["user"],
        thread_ts=payload.get("thread_ts"),
        language=payload.get("language") or "en",
    )
    capture = _capture(bot, reply.language)
    try:
        downloaded = download_file(bot.client, file)
        input_id = capture.store_file(
            downloaded.data,
            filename=downloaded.filename,
            mime_type=downloaded.mime_type,
            origin="slack",
            slack_user_id=payload["user"],
            slack_channel_id=payload["channel"],
            slack_ts=payload.get("ts"),
        )
    except UserFacingError as error:
        _replace_with_error(bot, reply, payload.get("placeholder_ts"), error)
        return
    show_draft(
        bot, input_id, owner=payload["user"], reply=reply, placeholder_ts=payload.get("placeholder_ts")
    )


def run_file_job(bot: BotContext, job: ClaimedJob) -> None:
    """Run one claimed file job; transient failures go back to the queue with a backoff."""
    jobs = bot.services.jobs
    assert jobs is not None
    try:
        capture_file(bot, job.payload)
    except Exception as error:  # noqa: BLE001 - recorded on the job; the rep hears when it gives up
        transient = isinstance(error, (httpx.TransportError, httpx.HTTPStatusError, SlackApiError))
        status = jobs.fail(job.id, f"{type(error).__name__}: {error}", retry=transient)
        log.warning("file capture job %s failed (%s): %s", job.id, status, type(error).__name__)
        if status == "failed":
            payload = job.payload
            _replace_with_error(
                bot,
                Reply(
                    channel=payload["channel"],
                    user=payload["user"],
                    thread_ts=payload.get("thread_ts"),
                    language=payload.get("language") or "en",
                ),
                payload.get("placeholder_ts"),
                error,
            )
        return
    jobs.complete(job.id)


def process_file_jobs(bot: BotContext, *, now: datetime | None = None) -> int:
    """Run file jobs that are due: retries, and those a stopped process left behind. Returns how many ran."""
    jobs = bot.services.jobs
    if jobs is None:
        return 0
    ran = 0
    while (job := jobs.claim([FILE_JOB], now=now)) is not None:
        run_file_job(bot, job)
        ran += 1
    return ran


def show_draft(
    bot: BotContext, input_id: int, *, owner: str, reply: Reply, placeholder_ts: str | None
) -> None:
    """Draft the stored input and show the card where the "working on it" message was."""
    capture = _capture(bot, reply.language)
    try:
        view = capture.draft(input_id)
    except Exception as error:  # noqa: BLE001 - shown in place of the "working" message
        _replace_with_error(bot, reply, placeholder_ts, error)
        return
    ref = CardRef(
        input_id=input_id, owner=owner, language=reply.language, channel=reply.channel, ts=placeholder_ts
    )
    blocks = build_draft_blocks(view, ref, reply.language)
    fallback = view.customer.name or view.draft.customer.value or messages.WORKING.format(reply.language)
    if placeholder_ts:
        # The card's buttons carry the card's own ts, known now that the placeholder exists.
        bot.client.chat_update(channel=reply.channel, ts=placeholder_ts, text=fallback, blocks=blocks)
    else:
        _post(bot, reply, fallback, blocks)


def resume_pending(bot: BotContext) -> int:
    """Draft inputs stored before a crash or restart and never shown; returns how many."""
    capture = bot.services.capture
    if capture is None:
        return 0
    resumed = 0
    for input_id in capture.pending_inputs():
        stored = capture.get_input(input_id)
        channel = getattr(stored, "slack_channel_id", None)
        user = getattr(stored, "slack_user_id", None)
        if not channel or not user:
            continue
        language = bot.people.language(user)
        reply = Reply(
            channel=channel,
            user=user,
            language=language,
            thread_ts=None if channel.startswith("D") else getattr(stored, "slack_ts", None),
        )
        try:
            show_draft(bot, input_id, owner=user, reply=reply, placeholder_ts=None)
            resumed += 1
        except Exception:  # noqa: BLE001 - one bad input must not stop the others
            log.exception("could not resume input %s", input_id)
    return resumed


# --- buttons ------------------------------------------------------------------------------------


def _action_reply(bot: BotContext, action: BlockAction, ref: CardRef) -> Reply:
    language = bot.people.language(action.user.id) if action.user.id != ref.owner else ref.language  # type: ignore[assignment]
    return Reply(
        channel=action.channel_id or ref.channel or "",
        user=action.user.id,
        thread_ts=action.container.thread_ts,
        language=language,
        private=True,
    )


def _owner_only(bot: BotContext, action: BlockAction, ref: CardRef, reply: Reply) -> bool:
    if action.user.id == ref.owner:
        return True
    bot.client.chat_postEphemeral(
        channel=reply.channel,
        user=action.user.id,
        text=messages.NOT_YOUR_DRAFT.format(reply.language, owner=ref.owner),
    )
    return False


def handle_save(bot: BotContext, action: BlockAction) -> None:
    """Save the draft as it stands; a new customer was confirmed in the button's dialog."""
    ref = action.value()
    reply = _action_reply(bot, action, ref)
    if not _owner_only(bot, action, ref, reply):
        return
    try:
        capture = _capture(bot, reply.language)
        asker = bot.people.asker(action.user.id, reply.language)
        view = capture.draft(ref.input_id)
        draft = view.draft
        if view.customer.status == "new":
            draft = draft.model_copy(update={"confirm_new_customer": True})
        saved = capture.save(
            ref.input_id, draft, approved_by_slack_id=action.user.id, approved_by_name=asker.name
        )
        bot.client.chat_update(
            channel=reply.channel,
            ts=action.container.message_ts or ref.ts or "",
            text=messages.SAVED.format(reply.language, user=action.user.id, activity_id=saved.activity_id),
            blocks=build_saved_blocks(view, saved, action.user.id, reply.language),
        )
    except Exception as error:  # noqa: BLE001 - the card stays; the reason goes to the rep
        report_error(bot.client, error, reply)


def handle_discard(bot: BotContext, action: BlockAction) -> None:
    ref = action.value()
    reply = _action_reply(bot, action, ref)
    if not _owner_only(bot, action, ref, reply):
        return
    try:
        _capture(bot, reply.language).discard(ref.input_id, by_slack_id=action.user.id)
        text = messages.DISCARDED.format(reply.language, user=action.user.id)
        bot.client.chat_update(
            channel=reply.channel,
            ts=action.container.message_ts or ref.ts or "",
            text=text,
            blocks=build_notice_blocks(text),
        )
    except Exception as error:  # noqa: BLE001
        report_error(bot.client, error, reply)


def handle_edit(bot: BotContext, action: BlockAction) -> None:
    """Open the edit modal (the trigger id expires in 3 s: the draft is read from storage, not redone)."""
    ref = action.value()
    reply = _action_reply(bot, action, ref)
    if not _owner_only(bot, action, ref, reply):
        return
    try:
        view = _capture(bot, reply.language).draft(ref.input_id)
        ref = ref.model_copy(update={"channel": reply.channel, "ts": action.container.message_ts or ref.ts})
        bot.client.views_open(
            trigger_id=action.trigger_id or "", view=build_edit_modal(view, ref, reply.language)
        )
    except Exception as error:  # noqa: BLE001
        report_error(bot.client, error, reply)


def handle_edit_submission(bot: BotContext, ack: Ack, *, user: str, view: dict[str, Any]) -> None:
    """Validate; errors keep the modal open next to the field. Valid: save, close, update the card."""
    ref = CardRef.model_validate_json(view.get("private_metadata") or "{}")
    language: Language = ref.language if ref.language in ("ja", "en") else "en"  # type: ignore[assignment]
    capture = bot.services.capture
    if capture is None or user != ref.owner:
        ack(
            response_action="errors",
            errors={"customer": messages.NOT_YOUR_DRAFT.format(language, owner=ref.owner)},
        )
        return
    try:
        current = capture.draft(ref.input_id)
        edited, errors = apply_edits(current.draft, modal_values(view.get("state") or {}), language)
        if errors:
            ack(response_action="errors", errors=errors)
            return
        asker = bot.people.asker(user, language)
        saved = capture.save(ref.input_id, edited, approved_by_slack_id=user, approved_by_name=asker.name)
    except UserFacingError as error:
        # Shown under the customer field: the usual causes are an unknown or ambiguous customer.
        ack(response_action="errors", errors={"customer": error.message(language)})
        return
    except Exception as error:  # noqa: BLE001
        text, _ref = error_text(error, language)
        ack(response_action="errors", errors={"customer": text[:150]})
        return
    ack()
    if ref.channel and ref.ts:
        shown = current.model_copy(update={"draft": edited})
        bot.client.chat_update(
            channel=ref.channel,
            ts=ref.ts,
            text=messages.SAVED.format(language, user=user, activity_id=saved.activity_id),
            blocks=build_saved_blocks(shown, saved, user, language),
        )


def handle_answer_as_memo(bot: BotContext, action: BlockAction) -> None:
    """The bot took a memo for a question: capture the text after all."""
    channel = action.channel_id or ""
    language = bot.people.language(action.user.id, action.action.value or "")
    reply = Reply(
        channel=channel, user=action.user.id, thread_ts=action.container.thread_ts, language=language
    )
    try:
        event = MessageEvent(
            type="message",
            user=action.user.id,
            text=action.action.value or "",
            channel=channel,
            ts=action.container.message_ts or "",
        )
        handle_text_memo(bot, event, event.text, reply)
    except Exception as error:  # noqa: BLE001
        report_error(bot.client, error, Reply(**{**reply.__dict__, "private": True}))


# --- helpers ------------------------------------------------------------------------------------


def _post(bot: BotContext, reply: Reply, text: str, blocks: list | None = None) -> str | None:
    response = bot.client.chat_postMessage(
        channel=reply.channel, text=text, blocks=blocks, thread_ts=reply.thread_ts
    )
    return response.get("ts")


def _replace_with_error(
    bot: BotContext, reply: Reply, placeholder_ts: str | None, error: BaseException
) -> None:
    text, _ref = error_text(error, reply.language)
    if placeholder_ts:
        bot.client.chat_update(
            channel=reply.channel, ts=placeholder_ts, text=text, blocks=build_notice_blocks(text)
        )
    else:
        _post(bot, reply, text)
