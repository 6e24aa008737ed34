"""Build the knowledge service and answerer from plain configuration values (called by bot.wiring)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from core.glossary import load_glossary
from crm_store.db import Database
from knowledge.answerer import RELEVANCE_THRESHOLD, KnowledgeAnswerer
from knowledge.retrieval import HybridRetriever
from knowledge.service import KnowledgeService


def build_knowledge(db: Database, *, chroma_dir: Path, chroma_url: str | None, embedding_model: str,
                    glossary_path: Path | None, chat_model: Any | None = None,
                    threshold: float = RELEVANCE_THRESHOLD) -> tuple[KnowledgeService, KnowledgeAnswerer]:
    """The service (chroma and the model open lazily, on first ingest or question) and its answerer."""
    from knowledge.adapters.chroma import ChromaChunkStore, make_client
    from knowledge.adapters.sentence_transformers import SentenceTransformerEmbedder

    glossary = load_glossary(glossary_path)
    embedder = SentenceTransformerEmbedder(embedding_model)
    service = KnowledgeService(
        db,
        store_factory=lambda: ChromaChunkStore(make_client(chroma_dir, chroma_url), embedder),
        retriever_factory=lambda store: HybridRetriever(store, glossary, embedder),
    )
    return service, KnowledgeAnswerer(service, chat_model=chat_model, threshold=threshold)
