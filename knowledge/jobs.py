"""Knowledge ingestion as a background job (``knowledge.ingest_text``): a Slack thread someone marked
is embedded by a worker, not in the request; the adapter is then told to mark it saved.

Safe to run twice: ingesting the same source with the same text again changes nothing, and
marking a message saved twice is harmless.
"""

from __future__ import annotations

from typing import Any, Protocol

from crm_store.job_runner import JobContext, JobRegistry
from knowledge.service import KnowledgeService

INGEST_JOB = "knowledge.ingest_text"
_FIELDS = ("source", "title", "text", "kind", "author", "visibility", "actor")


class IngestPresenter(Protocol):
    def mark_saved(self, delivery: dict[str, Any], title: str) -> None:
        """Show that the item is in the knowledge base (a reaction on the message)."""
        ...

    def show_failure(self, delivery: dict[str, Any], error: BaseException) -> None:
        """Tell the person who asked why it could not be saved."""
        ...


def ingest_payload(delivery: dict[str, Any], **fields: Any) -> dict[str, Any]:
    """The job's payload: `KnowledgeService.ingest_text` arguments and where to report."""
    unknown = set(fields) - set(_FIELDS)
    if unknown:
        raise TypeError(f"unknown ingest fields: {sorted(unknown)}")
    return {**fields, "delivery": delivery}


def register_knowledge_jobs(registry: JobRegistry, knowledge: KnowledgeService, presenter: IngestPresenter) -> None:
    def ingest(context: JobContext) -> None:
        payload = context.payload
        report = knowledge.ingest_text(**{key: payload[key] for key in _FIELDS if key in payload})
        if report.failed:
            failure = report.failed[0]
            if failure.error is not None:
                raise failure.error  # a UserFacingError: permanent, told by give_up
            raise RuntimeError(f"knowledge ingest {failure.status}")
        presenter.mark_saved(payload.get("delivery") or {}, payload.get("title") or "")

    def give_up(context: JobContext, error: BaseException) -> None:
        presenter.show_failure(context.payload.get("delivery") or {}, error)

    registry.register(INGEST_JOB, ingest, on_give_up=give_up)
