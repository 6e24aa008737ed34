"""Build the knowledge service and answerer from plain configuration values (called by bot.wiring)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from core.glossary import load_glossary
from crm_store.db import Database
from knowledge.answerer import LLM_RELEVANCE_THRESHOLD, RELEVANCE_THRESHOLD, KnowledgeAnswerer
from knowledge.embedders import make_embedder
from knowledge.ports import PageOcr
from knowledge.retrieval import HybridRetriever
from knowledge.service import KnowledgeService
from knowledge.term_bridge import term_bridge

DEFAULT_EMBEDDING_MODEL = "use-multilingual-v3"


def build_knowledge(db: Database, *, chroma_dir: Path, chroma_url: str | None,
                    embedding_model: str = DEFAULT_EMBEDDING_MODEL, glossary_path: Path | None = None,
                    chat_model: Any | None = None, threshold: float = RELEVANCE_THRESHOLD,
                    llm_threshold: float = LLM_RELEVANCE_THRESHOLD,
                    ocr: PageOcr | None = None) -> tuple[KnowledgeService, KnowledgeAnswerer]:
    """The service (chroma and the model open lazily, on first ingest or question) and its answerer.

    ``ocr`` reads the page images of a PDF without a text layer (capture's OCR engine, given by
    wiring); without it such a PDF is refused with a message that says so."""
    from knowledge.adapters.chroma import ChromaChunkStore, make_client
    from knowledge.adapters.embedding_process import ProcessEmbedder

    glossary = load_glossary(glossary_path)
    embedder = make_embedder(embedding_model)
    service = KnowledgeService(
        db,
        # A folder's batches are embedded by child processes; questions and a few texts here.
        store_factory=lambda: ChromaChunkStore(make_client(chroma_dir, chroma_url),
                                               ProcessEmbedder(embedder)),
        retriever_factory=lambda store: HybridRetriever(store, glossary, embedder,
                                                         term_bridge=term_bridge(embedder)),
        ocr=ocr,
    )
    return service, KnowledgeAnswerer(service, chat_model=chat_model, threshold=threshold,
                                      llm_threshold=llm_threshold)
