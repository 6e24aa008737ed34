"""Demo data in a real database (SQLite and PostgreSQL), loaded once per module: the pipeline
tests only read, so they share it and stay fast."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text

from crm_store.db import Database
from crm_store.pipeline.answerer import PipelineAnswerer
from crm_store.service import CrmService
from tests.conftest import POSTGRES_URL, require_postgres


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def demo_db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    from bot.demo.dataset import load_demo_data

    tmp = tmp_path_factory.mktemp("pipeline")
    schema = None
    if request.param == "sqlite":
        url = f"sqlite:///{tmp / 'salesbot.db'}"
    else:
        require_postgres()
        schema = f"t_{uuid.uuid4().hex[:12]}"
        with create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT").connect() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = f"{POSTGRES_URL}{'&' if '?' in POSTGRES_URL else '?'}options=-csearch_path%3D{schema}"
    database = Database(url)
    database.migrate()
    load = load_demo_data(CrmService(database), tmp / "demo-import", today=None)
    assert load.errors == 0
    yield database
    database.dispose()
    if schema:
        with create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT").connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


@pytest.fixture
def answerer(demo_db: Database) -> PipelineAnswerer:
    return PipelineAnswerer(demo_db, fiscal_start_month=4, charts=False)
