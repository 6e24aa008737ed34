"""Build the knowledge service and answerer from plain configuration values (called by bot.wiring)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from core.glossary import load_glossary
from crm_store.db import Database
from knowledge.answerer import RELEVANCE_THRESHOLD, KnowledgeAnswerer
from knowledge.retrieval import HybridRetriever
from knowledge.service import KnowledgeService


def chat_model_from_id(model_id: str) -> Any:
    """A LangChain chat model from "provider:model" (openai:gpt-4o-mini, ollama:qwen2.5…)."""
    from langchain.chat_models import init_chat_model

    return init_chat_model(model_id, temperature=0)


def build_knowledge(db: Database, *, chroma_dir: Path, chroma_url: str | None, embedding_model: str,
                    glossary_path: Path | None, llm: str | None = None, chat_model: Any | None = None,
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
    model = chat_model if chat_model is not None else (chat_model_from_id(llm) if llm else None)
    return service, KnowledgeAnswerer(service, chat_model=model, threshold=threshold)
