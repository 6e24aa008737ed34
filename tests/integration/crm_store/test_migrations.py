"""The one schema, on SQLite and PostgreSQL: migrations apply, re-apply, and match the models."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

import crm_store.models  # noqa: F401
import crm_store.ops_models  # noqa: F401
from crm_store.db import Database

EXPECTED_TABLES = {
    "users", "customers", "contacts", "deals", "activities", "next_actions", "invoices", "audit_log",
    "stored_inputs", "processed_events", "jobs", "job_effects", "scheduler_leases", "erp_sync_runs", "erp_unmatched_partners",
    "erp_credentials", "invoice_alerts", "knowledge_documents", "rep_day_deliveries",
}


def test_migrations_create_every_table_and_are_idempotent(db: Database) -> None:
    tables = set(inspect(db.engine).get_table_names())
    assert EXPECTED_TABLES <= tables
    heads = db.current_revisions()
    db.migrate()  # a second run changes nothing
    assert db.current_revisions() == heads


def test_models_and_migrations_agree(db: Database) -> None:
    """A model change without a migration fails here, on both databases."""
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, SQLModel.metadata)
    assert differences == []
