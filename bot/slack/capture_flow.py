"""The capture flow: memo or file → stored → "working on it" → draft card → Save / Edit / Discard.

The listener only stores the memo (or, for a file, a job naming it), posts "working on it" and
enqueues a job; a worker drafts it and replaces that message with the card (`capture.jobs`,
shown by `bot.slack.draft_presenter`). With an in-process worker (plain ``salesbot serve``, tests)
the job runs right away in the listener's thread; with ``--no-worker`` a `salesbot worker` runs it.
A stored input is never lost: a crash is recovered by the job's lease or the recovery sweep.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime
from typing import Any

from slack_bolt import Ack

from bot.slack import messages
from bot.slack.context import BotContext
from bot.slack.draft_blocks import build_notice_blocks, build_saved_blocks
from bot.slack.draft_presenter import delivery_for
from bot.slack.edit_modal import apply_edits, build_edit_modal
from bot.slack.errors import Reply, error_text, report_error
from bot.slack.files import kind_hint, resolve_file
from bot.slack.payloads import BlockAction, CardRef, MessageEvent, modal_values
from capture.jobs import FILE_JOB, card_effect_key, enqueue_draft
from core.errors import UserFacingError
from core.i18n import Language
from crm_store.job_runner import Effects
from crm_store.jobs import JobQueue

log = logging.getLogger(__name__)

MAX_FILES_PER_MESSAGE = 5


def _capture(bot: BotContext, language: Language) -> Any:
    capture = bot.services.capture
    if capture is None:
        raise UserFacingError(messages.FEATURE_NOT_READY, feature=messages.FEATURE_CAPTURE.format(language))
    return capture


def _queue(bot: BotContext) -> JobQueue:
    jobs = bot.services.jobs
    assert jobs is not None, "wiring always builds the job queue"
    return jobs


def run_now_if_inline(bot: BotContext, job_id: int) -> None:
    """With an in-process worker, run the job in this (listener) thread; else a worker will."""
    if bot.worker is None:
        return
    job = bot.worker.queue.claim(job_id=job_id)
    if job is not None:
        bot.worker.run_claimed(job)


def handle_text_memo(bot: BotContext, event: MessageEvent, text: str, reply: Reply) -> None:
    """Store the typed memo, show "working on it", and queue its draft for a worker."""
    capture = _capture(bot, reply.language)
    bot.people.asker(event.user or "", reply.language)  # only registered users can save memos
    input_id = capture.store_text(
        text, origin="slack", slack_user_id=event.user, slack_channel_id=event.channel, slack_ts=event.ts
    )
    placeholder = _post(bot, reply, messages.WORKING.format(reply.language))
    delivery = delivery_for(
        channel=reply.channel,
        user=event.user or "",
        language=reply.language,
        thread_ts=reply.thread_ts,
        placeholder_ts=placeholder,
    )
    run_now_if_inline(bot, enqueue_draft(_queue(bot), input_id, delivery))


def handle_files(bot: BotContext, event: MessageEvent, reply: Reply) -> None:
    """Each audio clip or photo in the message becomes its own draft card.

    Each file is a durable job before it is downloaded, so a crash or a network failure
    mid-download is retried instead of losing the memo; the same file of the same message is one job.
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
            "ts": event.ts,
            "delivery": delivery_for(
                channel=event.channel,
                user=event.user or "",
                language=reply.language,
                thread_ts=reply.thread_ts,
                placeholder_ts=placeholder,
            ),
        }
        key = f"capture:file:{event.channel}:{event.ts}:{file.id}"
        run_now_if_inline(bot, _queue(bot).enqueue(FILE_JOB, payload, dedupe_key=key))


def process_file_jobs(bot: BotContext, *, now: datetime | None = None) -> int:
    """Run the file jobs due at ``now`` on this process's worker (tests; workers do this in their loop)."""
    assert bot.worker is not None
    ran = 0
    while (job := bot.worker.queue.claim([FILE_JOB], now=now)) is not None:
        bot.worker.run_claimed(job)
        ran += 1
    return ran


def retry_input(bot: BotContext, ref: CardRef, *, placeholder_ts: str | None) -> int:
    """Queue a stored input for drafting again (the Retry button, `salesbot capture retry`)."""
    Effects(bot.services.db).forget(card_effect_key(ref.input_id))
    delivery = delivery_for(
        channel=ref.channel or "",
        user=ref.owner,
        language=ref.language,
        thread_ts=None,
        placeholder_ts=placeholder_ts,
    )
    return enqueue_draft(_queue(bot), ref.input_id, delivery, retry_of=uuid.uuid4().hex[:12])


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


def handle_retry(bot: BotContext, action: BlockAction) -> None:
    """Retry a memo that could not be drafted: the failure message becomes "working on it", then the card."""
    ref = action.value()
    reply = _action_reply(bot, action, ref)
    if not _owner_only(bot, action, ref, reply):
        return
    try:
        ts = action.container.message_ts or ref.ts
        channel = reply.channel
        working = messages.WORKING.format(reply.language)
        if ts:
            bot.client.chat_update(channel=channel, ts=ts, text=working, blocks=build_notice_blocks(working))
        ref = ref.model_copy(update={"channel": channel})
        run_now_if_inline(bot, retry_input(bot, ref, placeholder_ts=ts))
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

