"""Alembic environment: migrates the engine handed over by `crm_store.db.Database`."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import crm_store.models  # noqa: F401  (registers the tables on SQLModel.metadata)
import crm_store.ops_models  # noqa: F401

target_metadata = SQLModel.metadata


def run_migrations() -> None:
    engine = context.config.attributes.get("engine")
    if engine is None:
        raise RuntimeError("Run migrations through `salesbot db upgrade` (crm_store.db.Database.migrate).")
    with engine.begin() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",  # SQLite can't ALTER most things
            compare_type=True,
        )
        context.run_migrations()


run_migrations()
