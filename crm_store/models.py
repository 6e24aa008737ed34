"""The CRM tables (sqlmodel). Amounts are Decimal; times are aware UTC (see core.clock).

Operational tables (stored inputs, processed events, jobs, ERP sync state, knowledge
documents) live in `crm_store.ops_models`, so this file stays the sales domain.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Column, Numeric, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from core.clock import utcnow
from crm_store.stages import Stage

ROLES = ("rep", "manager", "admin")
ACTIVITY_TYPES = ("visit", "call", "email", "meeting", "other")
SOURCE_KINDS = ("text", "audio", "photo", "import")
PAYMENT_STATUSES = ("unpaid", "partially_paid", "paid")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _money() -> Any:
    return Field(default=None, sa_column=Column(Numeric(18, 2), nullable=True))


class Audited:
    """Marker: inserts, updates and deletes of these tables are written to the audit log."""


class User(SQLModel, Audited, table=True):
    __tablename__ = "users"
    __table_args__ = (CheckConstraint(_in("role", ROLES), name="ck_users_role"),)

    id: int | None = Field(default=None, primary_key=True)
    slack_user_id: str | None = Field(default=None, unique=True, max_length=32)
    name: str = Field(max_length=200)
    normalized_name: str = Field(index=True, max_length=200)
    role: str = Field(default="rep", max_length=16)
    language: str = Field(default="ja", max_length=8)
    # The name's reading (katakana, e.g. "サトウ ケンタ"), so "Sato" or 「さとう」 in a question finds 佐藤.
    kana: str | None = Field(default=None, max_length=200)
    # SALESBOT_REP_VISIBILITY=team: reps see their team's deals (crm_store.visibility).
    team: str | None = Field(default=None, index=True, max_length=100)
    # Knowledge documents with visibility group:<name> are readable by these groups' members.
    groups: list[str] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    created_at: datetime = Field(default_factory=utcnow)


class Customer(SQLModel, Audited, table=True):
    __tablename__ = "customers"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=300)
    normalized_name: str = Field(index=True, max_length=300)
    kana: str | None = Field(default=None, max_length=300)
    erp_code: str | None = Field(default=None, unique=True, max_length=64)
    industry: str | None = Field(default=None, max_length=200)
    owner_id: int | None = Field(default=None, foreign_key="users.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class Contact(SQLModel, Audited, table=True):
    __tablename__ = "contacts"

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customers.id", index=True)
    name: str = Field(max_length=200)
    normalized_name: str = Field(index=True, max_length=200)
    title: str | None = Field(default=None, max_length=200)
    email: str | None = Field(default=None, max_length=320)
    phone: str | None = Field(default=None, max_length=64)
    created_at: datetime = Field(default_factory=utcnow)


class Deal(SQLModel, Audited, table=True):
    __tablename__ = "deals"
    __table_args__ = (
        CheckConstraint(_in("stage", tuple(s.value for s in Stage)), name="ck_deals_stage"),
        CheckConstraint("probability IS NULL OR (probability >= 0 AND probability <= 100)",
                        name="ck_deals_probability"),
    )

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customers.id", index=True)
    name: str = Field(max_length=300)
    normalized_name: str = Field(max_length=300)
    owner_id: int | None = Field(default=None, foreign_key="users.id", index=True)
    stage: str = Field(default=Stage.INITIAL_CONTACT.value, index=True, max_length=32)
    amount: Decimal | None = _money()
    currency: str = Field(default="JPY", max_length=3)
    expected_close: date | None = Field(default=None, index=True)
    # An explicit probability overrides the stage default (crm_store.stages); NULL means "default".
    probability: int | None = Field(default=None)
    # Why a lost deal was lost (CSV 失注理由 / loss_reason, or the draft card of a memo that lost it).
    loss_reason: str | None = Field(default=None, max_length=500)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class Activity(SQLModel, Audited, table=True):
    __tablename__ = "activities"
    __table_args__ = (
        CheckConstraint(_in("type", ACTIVITY_TYPES), name="ck_activities_type"),
        CheckConstraint(_in("source_kind", SOURCE_KINDS), name="ck_activities_source_kind"),
    )

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customers.id", index=True)
    deal_id: int | None = Field(default=None, foreign_key="deals.id", index=True)
    type: str = Field(default="visit", max_length=16)
    occurred_on: date = Field(index=True)
    summary: str = Field(sa_column=Column(Text, nullable=False))
    source_kind: str = Field(default="text", max_length=16)
    # The raw input (text, audio file, photo) this activity was extracted from.
    input_id: int | None = Field(default=None, foreign_key="stored_inputs.id")
    # The extraction as the rep approved it: fields, confidences, source spans, warnings.
    extracted: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    created_by_id: int | None = Field(default=None, foreign_key="users.id")
    approved_by_id: int | None = Field(default=None, foreign_key="users.id")
    approved_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)


class NextAction(SQLModel, Audited, table=True):
    __tablename__ = "next_actions"

    id: int | None = Field(default=None, primary_key=True)
    activity_id: int | None = Field(default=None, foreign_key="activities.id", index=True)
    customer_id: int | None = Field(default=None, foreign_key="customers.id", index=True)
    deal_id: int | None = Field(default=None, foreign_key="deals.id")
    owner_id: int | None = Field(default=None, foreign_key="users.id", index=True)
    description: str = Field(sa_column=Column(Text, nullable=False))
    due: date | None = Field(default=None, index=True)
    done: bool = Field(default=False)
    done_at: datetime | None = None
    # Who marked it done (the audit log has the full trail); a snoozed action is not reminded before this day.
    done_by_id: int | None = Field(default=None, foreign_key="users.id")
    snoozed_until: date | None = None
    created_at: datetime = Field(default_factory=utcnow)


class Invoice(SQLModel, Audited, table=True):
    """An invoice as the ERP knows it (the ERP is the master; the CRM keeps a synced copy)."""

    __tablename__ = "invoices"
    __table_args__ = (
        UniqueConstraint("erp_source", "erp_id", name="uq_invoices_erp"),
        CheckConstraint(_in("status", PAYMENT_STATUSES), name="ck_invoices_status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    erp_source: str = Field(max_length=32)  # "csv", "freee", a CSV connector's name…
    erp_id: str = Field(max_length=128)
    number: str = Field(index=True, max_length=128)
    # NULL until the ERP's partner is matched to a CRM customer (see the ERP review list).
    customer_id: int | None = Field(default=None, foreign_key="customers.id", index=True)
    customer_name: str = Field(max_length=300)  # as the ERP spells it
    customer_code: str | None = Field(default=None, max_length=64)
    issue_date: date | None = None
    due_date: date | None = Field(default=None, index=True)
    total: Decimal | None = _money()
    paid: Decimal | None = _money()
    currency: str = Field(default="JPY", max_length=3)
    status: str = Field(default="unpaid", max_length=16)
    paid_on: date | None = None
    synced_at: datetime = Field(default_factory=utcnow)


class AuditLog(SQLModel, table=True):
    """One row per inserted, updated or deleted CRM row: who, when, what changed, from what input."""

    __tablename__ = "audit_log"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    actor: str = Field(max_length=200)  # "slack:U123", "cli", "import:deals.csv", "erp:freee"
    action: str = Field(max_length=8)  # insert | update | delete
    table_name: str = Field(max_length=64, index=True)
    row_id: int | None = Field(default=None, index=True)
    changes: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    # Why the write happened: the stored input id, the import file, the sync run.
    context: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
