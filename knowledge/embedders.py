"""Which embedding adapter a model name means (kept apart from `factory` so that an embedding child
process imports only this and the adapter, not the service and its database layer)."""

from __future__ import annotations

from knowledge.ports import Embedder


def make_embedder(model: str) -> Embedder:
    """USE multilingual (the default, ``use-multilingual-v3``) or any local sentence-transformers model."""
    from knowledge.adapters.use_multilingual import MODEL_ID, UseMultilingualEmbedder

    if model == MODEL_ID:
        return UseMultilingualEmbedder()
    from knowledge.adapters.sentence_transformers import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder(model)
