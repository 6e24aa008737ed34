"""The database: an engine from a URL, migrations, and sessions that know who is writing."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, event
from sqlalchemy.engine import make_url
from sqlmodel import Session, create_engine

from crm_store import audit

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def _configure_sqlite_connection(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin, so SAVEPOINTs
    # (one per imported CSV row) work; see SQLAlchemy's "Serializable isolation / Savepoints".
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    # WAL lets the Slack worker read while an import writes.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def create_db_engine(url: str, **engine_kwargs: Any) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False}, **engine_kwargs)
        event.listen(engine, "connect", _configure_sqlite_connection)
        event.listen(engine, "begin", lambda connection: connection.exec_driver_sql("BEGIN"))
        return engine
    return create_engine(url, pool_pre_ping=True, **engine_kwargs)


class Database:
    """One database: migrate it, then open sessions tagged with the actor for the audit log."""

    def __init__(self, url: str, **engine_kwargs: Any) -> None:
        self.url = url
        self.engine = create_db_engine(url, **engine_kwargs)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def alembic_config(self) -> Config:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        # env.py takes this connection instead of opening its own, so a schema set through
        # connect_args (tests) or an in-memory database is the one migrated.
        config.attributes["engine"] = self.engine
        return config

    def migrate(self) -> None:
        """Bring the schema to the newest revision (idempotent)."""
        command.upgrade(self.alembic_config(), "heads")

    def current_revisions(self) -> list[str]:
        from alembic.runtime.migration import MigrationContext

        with self.engine.connect() as connection:
            return sorted(MigrationContext.configure(connection).get_current_heads())

    @contextmanager
    def session(self, actor: str, **context: Any) -> Iterator[Session]:
        """A unit of work: committed when the block ends, rolled back if it raises.

        ``actor`` (and any ``context``, such as the stored input behind a write) goes into the
        audit log row of every insert, update and delete made in the session.
        """
        with Session(self.engine, expire_on_commit=False) as session:
            audit.tag_session(session, actor, context)
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def dispose(self) -> None:
        self.engine.dispose()
