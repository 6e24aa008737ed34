"""Capture as background jobs: draft a stored input (``capture.draft``), or fetch a shared file,
store it and draft it (``capture.file``), then hand the draft card to a `DraftPresenter`.

Both are safe to run twice: storing a file of a message is de-duplicated, a drafted input returns
its stored draft, and the card is shown once per input (`Effects`), in place of the "working on
it" message when there is one. The presenter (the Slack adapter) only posts.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from capture import messages
from capture.service import CaptureService
from capture.views import DraftView
from core.clock import utcnow
from core.errors import UserFacingError
from crm_store.job_runner import Effects, JobContext, JobRegistry
from crm_store.jobs import JobQueue

log = logging.getLogger(__name__)

DRAFT_JOB = "capture.draft"
FILE_JOB = "slack.capture_file"  # the name jobs already stored by earlier versions carry


@dataclass(frozen=True)
class FetchedFile:
    data: bytes
    filename: str | None
    mime_type: str | None


class DraftPresenter(Protocol):
    """Where drafts are shown. ``delivery`` is the adapter's own JSON (channel, thread, language…),
    passed through the job untouched."""

    def fetch_file(self, file: dict[str, Any]) -> FetchedFile:
        """The bytes of a shared file (raise `UserFacingError` when it cannot be had, anything else
        to be retried)."""
        ...

    def show_draft(self, delivery: dict[str, Any], view: DraftView) -> str | None:
        """Show the draft card; returns the message id (Slack ts)."""
        ...

    def show_failure(self, delivery: dict[str, Any], input_id: int | None, error: BaseException) -> None:
        """Say why the input could not be drafted, with a way to retry it when it was stored."""
        ...


def card_effect_key(input_id: int) -> str:
    return f"capture:{input_id}:card"


def enqueue_draft(queue: JobQueue, input_id: int, delivery: dict[str, Any], *, retry_of: str | None = None) -> int:
    """One draft job per stored input (a retry, named by ``retry_of``, is a new one)."""
    key = f"capture:{input_id}:draft" + (f":retry:{retry_of}" if retry_of else "")
    return queue.enqueue(DRAFT_JOB, {"input_id": input_id, "delivery": delivery}, dedupe_key=key)


def register_capture_jobs(registry: JobRegistry, capture: CaptureService, presenter: DraftPresenter) -> None:
    """The capture job kinds, presenting through ``presenter``."""

    def show(context: JobContext, input_id: int, delivery: dict[str, Any]) -> None:
        if capture.get_input(input_id).status in ("saved", "discarded"):
            return  # a late re-run: the rep already decided; the card must not come back
        view = capture.draft(input_id)
        if delivery.get("placeholder_ts"):
            # Replacing the "working on it" message is idempotent: a re-run replaces it again, so a
            # worker dying at any point loses nothing and shows nothing twice.
            presenter.show_draft(delivery, view)
            return
        # A new message is posted once per input (see Effects for the one window this trades away).
        context.effects.once(card_effect_key(input_id), lambda: {"ts": presenter.show_draft(delivery, view)})

    def draft_job(context: JobContext) -> None:
        show(context, int(context.payload["input_id"]), context.payload.get("delivery") or {})

    def file_job(context: JobContext) -> None:
        payload = context.payload
        delivery = payload.get("delivery") or _legacy_delivery(payload)
        fetched = presenter.fetch_file(payload["file"])
        input_id = capture.store_file(
            fetched.data,
            filename=fetched.filename,
            mime_type=fetched.mime_type,
            origin="slack",
            slack_user_id=delivery.get("user"),
            slack_channel_id=delivery.get("channel"),
            slack_ts=payload.get("ts"),
        )
        # Recorded on the job, so a give-up after storing can offer a retry of the stored input.
        payload["input_id"] = input_id
        show(context, input_id, delivery)

    def give_up(context: JobContext, error: BaseException) -> None:
        payload = context.payload
        input_id = payload.get("input_id")
        presenter.show_failure(payload.get("delivery") or _legacy_delivery(payload), input_id, error)

    registry.register(DRAFT_JOB, draft_job, on_give_up=give_up)
    registry.register(FILE_JOB, file_job, on_give_up=give_up)


def _legacy_delivery(payload: dict[str, Any]) -> dict[str, Any]:
    """File jobs stored before deliveries were nested kept the reply fields at the top."""
    keys = ("user", "channel", "thread_ts", "language", "placeholder_ts")
    return {key: payload.get(key) for key in keys}


RECOVER_JOB = "capture.recover"


def recover_stored_inputs(capture: CaptureService, queue: JobQueue, *, older_than: timedelta,
                          now: datetime | None = None) -> int:
    """Enqueue a draft job for Slack inputs stored but never queued (the process stopped between
    storing and queuing). Returns how many. Already-queued inputs keep their one job (dedupe key);
    a card shown meanwhile is not shown twice (its effect key)."""
    now = now or utcnow()
    queued = 0
    for input_id in capture.pending_inputs():
        stored = capture.get_input(input_id)
        channel, user = stored.slack_channel_id, stored.slack_user_id
        received = stored.received_at if stored.received_at.tzinfo else stored.received_at.replace(tzinfo=UTC)
        if not channel or not user or now - received < older_than:
            continue
        if queue.find(f"capture:{input_id}:draft") is not None:
            continue
        delivery = {"channel": channel, "user": user, "language": None, "placeholder_ts": None,
                    "thread_ts": None if channel.startswith("D") else stored.slack_ts}
        enqueue_draft(queue, input_id, delivery)
        queued += 1
    if queued:
        log.warning("queued %s stored input(s) that had no draft job", queued)
    return queued


def requeue_input(capture: CaptureService, queue: JobQueue, effects: Effects, input_id: int) -> int:
    """Draft a stored Slack input again (`salesbot capture retry`): a new card in its conversation."""
    stored = capture.get_input(input_id)
    if stored.status == "discarded":
        raise UserFacingError(messages.INPUT_DISCARDED, input_id=input_id)
    channel = stored.slack_channel_id or ""
    delivery = {"channel": channel, "user": stored.slack_user_id, "language": None, "placeholder_ts": None,
                "thread_ts": None if channel.startswith("D") else stored.slack_ts}
    effects.forget(card_effect_key(input_id))
    return enqueue_draft(queue, input_id, delivery, retry_of=uuid.uuid4().hex[:12])
