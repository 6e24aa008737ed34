"""The knowledge base's ports: how text becomes vectors, and where chunks are kept."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol


class Embedder(Protocol):
    """Text to vectors, fully offline; ``model_id`` names the model (stored with the vectors)."""

    model_id: str

    def embed_documents(self, texts: list[str]) -> list[list[float]]: ...

    def embed_query(self, text: str) -> list[float]: ...


@dataclass(frozen=True)
class StoredChunk:
    chunk_id: str
    source: str
    title: str
    heading: str
    text: str
    visibility: str
    language: str
    terms: tuple[str, ...]


# A vector for each text a store embeds for some chunks (which texts those are is the store's business).
ChunkVectors = Mapping[str, Sequence[float]]


class ChunkStore(Protocol):
    """Chunks with their vectors (chromadb embedded or server); ``model_id``: the embedding model
    new vectors are made with."""

    model_id: str

    def embed(self, chunks: list[StoredChunk]) -> ChunkVectors:
        """The vectors ``add`` writes for ``chunks``: made apart, so that the next batch can be
        embedded while this one is written."""
        ...

    def add(self, chunks: list[StoredChunk], vectors: ChunkVectors | None = None) -> None:
        """Write ``chunks``, with their vectors from ``embed`` (None: embedded here)."""
        ...

    def delete_sources(self, sources: Sequence[str]) -> None:
        """Remove the chunks of ``sources`` (one call for a whole batch: a delete costs a query each)."""
        ...

    def all_chunks(self) -> list[StoredChunk]: ...

    def nearest(self, text: str, limit: int, visibilities: list[str] | None) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity) of the chunks closest to ``text``, best first."""
        ...

    def count(self) -> int: ...

    def built_with(self) -> str | None:
        """The embedding model the stored vectors were made with (None: no vectors yet)."""
        ...

    def rebuild(self) -> int:
        """Re-embed every stored chunk with the current model (after a model switch); the count."""
        ...

    def close(self) -> None:
        """Release the connection (an embedded chroma keeps a per-path system until closed)."""
        ...


class OcrText(Protocol):
    @property
    def text(self) -> str: ...


class PageOcr(Protocol):
    """Reads the text of an image (capture's `OcrEngine` is one; wiring passes it in)."""

    def read(self, image_path: Path) -> OcrText: ...
