"""Real chromadb (in tmp_path), the real default embedding model (USE multilingual, loaded once), SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.demo.dataset import DATA_DIR, knowledge_documents
from crm_store.db import Database
from knowledge.answerer import KnowledgeAnswerer
from knowledge.factory import DEFAULT_EMBEDDING_MODEL, build_knowledge
from knowledge.service import KnowledgeService

DEMO_GLOSSARY = DATA_DIR / "glossary.yaml"


def make_knowledge(db: Database, data_dir: Path, chat_model: object | None = None
                   ) -> tuple[KnowledgeService, KnowledgeAnswerer]:
    return build_knowledge(db, chroma_dir=data_dir / "chroma", chroma_url=None, embedding_model=DEFAULT_EMBEDDING_MODEL,
                           glossary_path=DEMO_GLOSSARY, chat_model=chat_model)


@pytest.fixture
def kb_factory():  # type: ignore[no-untyped-def]
    """`make_knowledge` as a fixture (test modules here are not a package)."""
    return make_knowledge


@pytest.fixture(scope="session")
def demo_kb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[KnowledgeService, KnowledgeAnswerer]]:
    """The demo documents ingested once per session (SQLite), for answer tests that only read."""
    data_dir = tmp_path_factory.mktemp("demo-kb")
    database = Database(f"sqlite:///{data_dir / 'salesbot.db'}")
    database.migrate()
    service, answerer = make_knowledge(database, data_dir)
    report = service.ingest_paths(knowledge_documents(), actor="test")
    assert report.count("added") == len(knowledge_documents()), [o.line("en") for o in report.failed]
    yield service, answerer
    database.dispose()
