"""Shared fixtures: real databases (SQLite and PostgreSQL), services over them, the demo data."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from bot.settings import Settings
from bot.wiring import Services, build_services
from crm_store.db import Database

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SHARED_DIR = PROJECT_ROOT.parent / "shared"
POSTGRES_URL = os.environ.get("SALESBOT_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
DEMO_TODAY = date(2026, 11, 20)  # the demo data set's anchor date


def _postgres_available() -> str | None:
    try:
        engine = create_engine(POSTGRES_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as connection:
            connection.execute(text("select 1"))
        engine.dispose()
        return None
    except Exception as error:  # noqa: BLE001 - any failure means "not reachable"
        return f"{type(error).__name__}: {error}".splitlines()[0]


_PG_PROBLEM: str | None | bool = False  # False: not checked yet


def require_postgres() -> None:
    """Skip when PostgreSQL is unreachable; in CI (CI=true) that is a failure, not a skip."""
    global _PG_PROBLEM
    if _PG_PROBLEM is False:
        _PG_PROBLEM = _postgres_available()
    if _PG_PROBLEM:
        message = f"PostgreSQL at {POSTGRES_URL} is not reachable ({_PG_PROBLEM})"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh schema in the test PostgreSQL database, dropped afterwards."""
    require_postgres()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in POSTGRES_URL else "?"
    yield f"{POSTGRES_URL}{separator}options=-csearch_path%3D{schema}"
    with admin.connect() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each test using it runs twice: on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'salesbot.db'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    database = Database(database_url)
    database.migrate()
    yield database
    database.dispose()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings for a fresh data directory, isolated from the developer's environment and .env."""
    return Settings(_env_file=None, data_dir=tmp_path / "data", database_url=None, chroma_url=None, llm=None,
                    language="en", slack_bot_token=None, slack_signing_secret=None, slack_app_token=None,
                    slack_api_base_url=None)


@pytest.fixture
def services(settings: Settings) -> Iterator[Services]:
    built = build_services(settings)
    yield built
    built.close()


@pytest.fixture
def demo_services(services: Services, tmp_path: Path) -> Services:
    """Services over SQLite loaded with the demo data set at its anchor dates (today = DEMO_TODAY)."""
    from bot.demo.dataset import load_demo_data

    load = load_demo_data(services.crm, tmp_path / "demo-import", today=None)
    assert load.errors == 0, [r.summary("en") for r in load.reports if r.errors]
    return services
