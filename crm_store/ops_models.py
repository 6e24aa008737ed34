"""Operational tables: what keeps the bot reliable rather than what sales data is.

Stored inputs (nothing is lost), processed Slack events (retries de-duplicated), durable jobs
(a crash resumes), ERP sync state and credentials, alerts already sent, and the catalogue of
knowledge documents.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, LargeBinary, Text, UniqueConstraint
from sqlalchemy import text as sql_text
from sqlmodel import Field, SQLModel

from core.clock import utcnow


class StoredInput(SQLModel, table=True):
    """A raw input persisted before any processing: a typed memo, an audio clip or a photo."""

    __tablename__ = "stored_inputs"

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=16)  # text | audio | photo
    origin: str = Field(max_length=16)  # slack | cli | demo
    # Files live under the data directory; the path is relative to it. Text is kept inline.
    path: str | None = Field(default=None, max_length=500)
    text: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    filename: str | None = Field(default=None, max_length=300)
    mime_type: str | None = Field(default=None, max_length=100)
    size_bytes: int | None = None
    sha256: str | None = Field(default=None, max_length=64, index=True)
    slack_user_id: str | None = Field(default=None, max_length=32)
    slack_channel_id: str | None = Field(default=None, max_length=32)
    slack_ts: str | None = Field(default=None, max_length=32)
    status: str = Field(default="received", max_length=16, index=True)
    error: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    draft: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    received_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class ProcessedEvent(SQLModel, table=True):
    """Slack event ids already handled; a retried delivery finds its id here and is dropped."""

    __tablename__ = "processed_events"

    event_id: str = Field(primary_key=True, max_length=64)
    received_at: datetime = Field(default_factory=utcnow)


class Job(SQLModel, table=True):
    """A unit of durable background work; a worker that dies leaves it to be picked up again."""

    __tablename__ = "jobs"

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=64, index=True)
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    status: str = Field(default="queued", max_length=16, index=True)  # queued|running|done|failed
    attempts: int = Field(default=0)
    max_attempts: int = Field(default=5)
    run_after: datetime = Field(default_factory=utcnow, index=True)
    locked_by: str | None = Field(default=None, max_length=100)
    locked_at: datetime | None = None
    # A running job's worker extends this while it works (heartbeat); past it, another worker may
    # take the job over: its worker is presumed dead.
    lease_until: datetime | None = Field(default=None, index=True)
    # Enqueuing the same key twice yields one job (a periodic slot, a stored input's draft).
    dedupe_key: str | None = Field(default=None, max_length=200, unique=True, index=True)
    last_error: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class JobEffect(SQLModel, table=True):
    """An outside effect a job made (a posted card, a sent alert), so a re-run does not repeat it."""

    __tablename__ = "job_effects"

    key: str = Field(primary_key=True, max_length=200)
    state: str = Field(default="pending", max_length=16)  # pending | done
    result: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class SchedulerLease(SQLModel, table=True):
    """Which process runs the scheduler now: one row per lease name, held while it is renewed."""

    __tablename__ = "scheduler_leases"

    name: str = Field(primary_key=True, max_length=64)
    holder: str | None = Field(default=None, max_length=100)
    lease_until: datetime = Field(default_factory=utcnow)


class ErpSyncRun(SQLModel, table=True):
    __tablename__ = "erp_sync_runs"
    # One running sync per connector, enforced by the database: two processes starting a sync at
    # once cannot both insert a "running" row.
    __table_args__ = (
        Index(
            "uq_erp_sync_runs_running",
            "connector",
            unique=True,
            sqlite_where=sql_text("status = 'running'"),
            postgresql_where=sql_text("status = 'running'"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    connector: str = Field(max_length=32, index=True)
    started_at: datetime = Field(default_factory=utcnow)
    finished_at: datetime | None = None
    status: str = Field(default="running", max_length=16)  # running | ok | failed
    counts: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    error: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    # Where the next incremental sync starts (an updated-since timestamp, a page token…).
    cursor: str | None = Field(default=None, max_length=200)


class ErpUnmatchedPartner(SQLModel, table=True):
    """An ERP partner no CRM customer matched: the review list an admin works through."""

    __tablename__ = "erp_unmatched_partners"
    __table_args__ = (UniqueConstraint("connector", "partner_id", name="uq_erp_unmatched"),)

    id: int | None = Field(default=None, primary_key=True)
    connector: str = Field(max_length=32)
    partner_id: str = Field(max_length=128)
    partner_code: str | None = Field(default=None, max_length=64)
    partner_name: str = Field(max_length=300)
    reason: str = Field(default="no_match", max_length=32)  # no_match | ambiguous
    candidates: list[Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    first_seen: datetime = Field(default_factory=utcnow)
    resolved_customer_id: int | None = Field(default=None, foreign_key="customers.id")
    resolved_at: datetime | None = None


class ErpCredential(SQLModel, table=True):
    """OAuth tokens for an ERP, encrypted at rest (the key is a setting, never in the database)."""

    __tablename__ = "erp_credentials"

    connector: str = Field(primary_key=True, max_length=32)
    company_id: str | None = Field(default=None, max_length=64)
    encrypted_tokens: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    expires_at: datetime | None = None
    updated_at: datetime = Field(default_factory=utcnow)


class InvoiceAlert(SQLModel, table=True):
    """Alerts already sent, so an invoice becoming overdue is announced once."""

    __tablename__ = "invoice_alerts"
    __table_args__ = (UniqueConstraint("invoice_id", "kind", name="uq_invoice_alerts"),)

    id: int | None = Field(default=None, primary_key=True)
    invoice_id: int = Field(foreign_key="invoices.id", index=True)
    kind: str = Field(max_length=32)  # overdue | digest:<date>
    sent_at: datetime = Field(default_factory=utcnow)


class RepDayDelivery(SQLModel, table=True):
    """A follow-up reminder (one row per action and day) or weekly digest Slack accepted: never sent twice."""

    __tablename__ = "rep_day_deliveries"
    __table_args__ = (UniqueConstraint("kind", "subject_id", "day", name="uq_rep_day_deliveries"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=32)  # reminder (subject: next action id) | weekly_digest (subject: user id)
    subject_id: int
    user_id: int = Field(foreign_key="users.id", index=True)
    day: date = Field(index=True)
    sent_at: datetime = Field(default_factory=utcnow)


class KnowledgeDocument(SQLModel, table=True):
    """A document in the knowledge base; its chunks and vectors live in chromadb."""

    __tablename__ = "knowledge_documents"

    id: int | None = Field(default=None, primary_key=True)
    source: str = Field(unique=True, max_length=1000)  # file path, Slack permalink, activity id
    kind: str = Field(max_length=32)  # file | slack | lesson
    content_hash: str = Field(max_length=64)
    title: str = Field(max_length=500)
    author: str | None = Field(default=None, max_length=200)
    doc_date: date | None = None
    visibility: str = Field(default="everyone", max_length=200)  # everyone | channel:C… | group:…
    chunk_count: int = Field(default=0)
    ingested_at: datetime = Field(default_factory=utcnow)
    # Indexed: every search reads the latest change (has another process changed the knowledge base?).
    updated_at: datetime = Field(default_factory=utcnow, index=True)
