"""Chunks and vectors in chromadb: embedded `PersistentClient` by default, `HttpClient` for a server.

Two vectors describe a chunk: its *context* (the mean of its sentences' vectors plus its title and
heading's) in the `knowledge` collection, and each *sentence's* own in `knowledge_sentences`. A chunk's
dense score is the mean of the two similarities: one vector per chunk averages a one-line fact away
among a dozen others (a question matching one utterance of a conversation), one per sentence alone
loses what the section is about. Embedding sentences costs no more than embedding the chunk (the
model's cost is linear in tokens), and a sentence repeated by the chunks' overlap is embedded once.

We embed ourselves and pass vectors in, and still give every collection an explicit embedding
function: chroma's default one downloads a model at run time, which fails offline.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from chromadb.api.types import Documents, EmbeddingFunction, Embeddings

from core.errors import UserFacingError
from knowledge import messages as m
from knowledge.chunking import passage_sentences
from knowledge.ports import ChunkVectors, Embedder, StoredChunk

log = logging.getLogger(__name__)

_PAGE = 2000
# Reading every chunk back (a process's first search): chroma pages by offset, and at 100k chunks pages
# of 10,000 took 7.7 s where pages of 2,000 took 11.2 s.
_READ_PAGE = 10000


class ChromaEmbeddingFunction(EmbeddingFunction[Documents]):
    """Adapts our `Embedder` to chroma's interface (used if chroma ever embeds on its own)."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder

    def __call__(self, input: Documents) -> Embeddings:  # noqa: A002 - chroma's parameter name
        import numpy as np

        return [np.asarray(v, dtype=np.float32) for v in self.embedder.embed_documents(list(input))]

    @staticmethod
    def name() -> str:
        return "salesbot-sentence-transformer"

    def get_config(self) -> dict[str, Any]:
        return {"model": self.embedder.model_id}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> ChromaEmbeddingFunction:
        from knowledge.embedders import make_embedder

        return ChromaEmbeddingFunction(make_embedder(str(config.get("model", "all-MiniLM-L6-v2"))))

    def is_legacy(self) -> bool:
        return False


COLLECTION = "knowledge"
SENTENCES = "knowledge_sentences"
# What the vectors are: sentence vectors beside the context vector (stores without it: reindex).
_LAYOUT = "context+sentences"
_LAYOUT_KEY = "vector_layout"
SENTENCE_SHARE = 0.5  # of a chunk's dense score, the rest is its context vector's
SENTENCE_CANDIDATES = 4  # sentences fetched per chunk asked for
# Before the collection recorded its model, each model had its own collection "knowledge-<model>".
_LEGACY_PREFIX = "knowledge-"
_MODEL_KEY = "embedding_model"
# A chunk's sentence vectors have ids "<chunk id>~0" .. "~<n-1>" (`_sentence_id`); n is in the chunk's
# metadata so that they are fetched by id (a metadata filter's cost grows with the collection).
_SENTENCES_KEY = "sentences"
_TEXT_KEY = "text"


def make_client(chroma_dir: Path, chroma_url: str | None) -> Any:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    try:
        if chroma_url:
            url = urlparse(chroma_url)
            return chromadb.HttpClient(host=url.hostname or "localhost",
                                       port=url.port or (443 if url.scheme == "https" else 8000),
                                       ssl=url.scheme == "https", settings=chroma_settings)
        chroma_dir.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(chroma_dir), settings=chroma_settings)
    except Exception as error:  # noqa: BLE001 - connection and file errors alike: store unusable
        log.warning("chroma unavailable: %s", type(error).__name__)
        raise UserFacingError(m.STORE_UNAVAILABLE, where=chroma_url or chroma_dir) from None


class ChromaChunkStore:
    """`ChunkStore` in one chroma collection that records the model its vectors were made with;
    chunk metadata carries source, visibility and BM25 terms."""

    def __init__(self, client: Any, embedder: Embedder) -> None:
        self.client = client
        self.embedder = embedder
        self.model_id = embedder.model_id
        self.collection = self._open()

    def _open(self) -> Any:
        self.sentences = self._collection(SENTENCES)
        return self._collection(COLLECTION)

    def _collection(self, name: str) -> Any:
        return self.client.get_or_create_collection(
            name=name, metadata={_MODEL_KEY: self.model_id, _LAYOUT_KEY: _LAYOUT},
            embedding_function=ChromaEmbeddingFunction(self.embedder),
            configuration={"hnsw": {"space": "cosine"}},
        )

    def count(self) -> int:
        return int(self.collection.count())

    def built_with(self) -> str | None:
        if self.count():
            metadata = self.collection.metadata or {}
            model = str(metadata.get(_MODEL_KEY) or "unknown")
            if metadata.get(_LAYOUT_KEY) != _LAYOUT:
                return f"{model}, one vector per chunk"  # an earlier version's store: reindex
            return model
        legacy = self._legacy_collections()
        return legacy[0][0] if legacy else None

    def _legacy_collections(self) -> list[tuple[str, Any]]:
        """(model, collection) of the non-empty per-model collections of earlier versions."""
        found = []
        for name in self.client.list_collections():
            name = getattr(name, "name", name)  # chroma < 0.6 listed objects, later names
            if str(name).startswith(_LEGACY_PREFIX):
                collection = self.client.get_collection(name, embedding_function=ChromaEmbeddingFunction(
                    self.embedder))
                if collection.count():
                    config = (collection.configuration_json or {}).get("embedding_function") or {}
                    model = (config.get("config") or {}).get("model") or str(name)[len(_LEGACY_PREFIX):]
                    found.append((str(model), collection))
        return found

    def rebuild(self) -> int:
        source, legacy = self.collection, self._legacy_collections()
        if not self.count() and legacy:
            source = legacy[0][1]
        chunks = _read_all(source)
        self.client.delete_collection(COLLECTION)
        self.client.delete_collection(SENTENCES)
        for name in {c.name for _, c in legacy}:
            self.client.delete_collection(name)
        self.collection = self._open()
        self.add(chunks)
        return len(chunks)

    def close(self) -> None:
        # chroma shares one system per path inside a process; a deleted and re-created data
        # directory (the demo, tests) would otherwise meet the old, now read-only, database.
        self.client.close()
        close = getattr(self.embedder, "close", None)  # an embedding process stops with the store
        if close is not None:
            close()

    def embed(self, chunks: list[StoredChunk]) -> ChunkVectors:
        """Each chunk's sentences' and head's vector, by text (a sentence repeated by the chunks'
        overlap is embedded once)."""
        import numpy as np

        texts = list(dict.fromkeys([s for c in chunks for s in _sentences(c)] + [_head(c) for c in chunks]))
        if not texts:
            return {}
        vectors = np.asarray(self.embedder.embed_documents(texts), dtype=np.float32)
        return dict(zip(texts, vectors, strict=True))

    def add(self, chunks: list[StoredChunk], vectors: ChunkVectors | None = None) -> None:
        if not chunks:
            return
        metadata = self.collection.metadata or {}
        recorded = (metadata.get(_MODEL_KEY), metadata.get(_LAYOUT_KEY))
        if not self.count() and recorded != (self.model_id, _LAYOUT):
            # An emptied collection starts over with the current model.
            for collection in (self.collection, self.sentences):
                collection.modify(metadata={_MODEL_KEY: self.model_id, _LAYOUT_KEY: _LAYOUT})
        import numpy as np

        vector_of = {text: np.asarray(vector, dtype=np.float32)
                     for text, vector in (vectors if vectors is not None else self.embed(chunks)).items()}
        sentences = [_sentences(c) for c in chunks]
        contexts = []
        for chunk, group in zip(chunks, sentences, strict=True):
            mean = np.sum([vector_of[s] for s in group], axis=0)
            context = mean / (np.linalg.norm(mean) or 1.0) + vector_of[_head(chunk)]
            contexts.append((context / (np.linalg.norm(context) or 1.0)).tolist())
        for start in range(0, len(chunks), _PAGE):
            batch = chunks[start:start + _PAGE]
            # The text goes in the metadata, not in `documents`: chroma indexes documents for full-text
            # search (trigrams), which nothing here uses (a quarter of this collection's write time).
            self.collection.upsert(
                ids=[c.chunk_id for c in batch],
                embeddings=contexts[start:start + _PAGE],
                metadatas=[{"source": c.source, "title": c.title, "heading": c.heading, _TEXT_KEY: c.text,
                            "visibility": c.visibility, "language": c.language, "terms": " ".join(c.terms),
                            _SENTENCES_KEY: len(group)}
                           for c, group in zip(batch, sentences[start:start + _PAGE], strict=True)],
            )
        rows = [(_sentence_id(c.chunk_id, n), vector_of[s].tolist(),
                 {"source": c.source, "visibility": c.visibility})
                for c, group in zip(chunks, sentences, strict=True) for n, s in enumerate(group)]
        for start in range(0, len(rows), _PAGE):
            ids, vectors, metadatas = zip(*rows[start:start + _PAGE], strict=True)
            self.sentences.upsert(ids=list(ids), embeddings=list(vectors), metadatas=list(metadatas))

    def delete_sources(self, sources: Sequence[str]) -> None:
        if sources:
            where = {"source": {"$in": list(sources)}}
            self.collection.delete(where=where)
            self.sentences.delete(where=where)

    def all_chunks(self) -> list[StoredChunk]:
        return _read_all(self.collection)

    def nearest(self, text: str, limit: int, visibilities: list[str] | None) -> list[tuple[str, float]]:
        """Chunks by the mean of two cosines: the question with the chunk's context vector and with
        its closest sentence. Candidates come from both indexes; each one's missing half is fetched."""
        import numpy as np

        query = np.asarray(self.embedder.embed_query(text), dtype=np.float32)
        where = {"visibility": {"$in": visibilities}} if visibilities is not None else None
        # No count() first: chroma answers a larger n_results with what it has, and a count costs
        # a database round trip per query.
        found = self.collection.query(query_embeddings=[query.tolist()], n_results=limit,
                                      where=where, include=["distances", "metadatas"])
        context = {cid: 1.0 - float(d) for cid, d in zip(found["ids"][0], found["distances"][0], strict=True)}
        sentence_count = {cid: meta.get(_SENTENCES_KEY)
                          for cid, meta in zip(found["ids"][0], found["metadatas"][0], strict=True)}
        if not context:
            return []
        sentence: dict[str, float] = {}
        found = self.sentences.query(query_embeddings=[query.tolist()], where=where,
                                     n_results=limit * SENTENCE_CANDIDATES, include=["distances"])
        for sid, distance in zip(found["ids"][0], found["distances"][0], strict=True):
            cid = _chunk_of(sid)
            sentence[cid] = max(sentence.get(cid, -1.0), 1.0 - float(distance))
        missing = [cid for cid in sentence if cid not in context]
        if missing:
            got = self.collection.get(ids=missing, include=["embeddings"])
            context.update(zip(got["ids"], (float(np.dot(query, v)) for v in got["embeddings"]), strict=True))
        missing = [cid for cid in context if cid not in sentence]
        if missing and sentence:
            if all(isinstance(sentence_count.get(cid), int) for cid in missing):
                ids = [_sentence_id(cid, n) for cid in missing for n in range(sentence_count[cid])]
                got = self.sentences.get(ids=ids, include=["embeddings"])
            else:  # chunks written before their metadata counted sentences (their sentences name them)
                got = self.sentences.get(where={"chunk_id": {"$in": missing}}, include=["embeddings"])
            for sid, vector in zip(got["ids"], got["embeddings"], strict=True):
                cid = _chunk_of(sid)
                sentence[cid] = max(sentence.get(cid, -1.0), float(np.dot(query, vector)))
        scored = {cid: SENTENCE_SHARE * sentence.get(cid, context[cid]) + (1 - SENTENCE_SHARE) * context[cid]
                  for cid in context}
        return sorted(scored.items(), key=lambda item: -item[1])[:limit]


def _read_all(collection: Any) -> list[StoredChunk]:
    found: list[StoredChunk] = []
    offset = 0
    while True:
        page = collection.get(include=["documents", "metadatas"], limit=_READ_PAGE, offset=offset)
        for chunk_id, document, meta in zip(page["ids"], page["documents"], page["metadatas"], strict=True):
            found.append(StoredChunk(
                chunk_id=chunk_id, source=str(meta["source"]), title=str(meta.get("title", "")),
                # Chunks written before 2026-12-04 hold their text as the document.
                heading=str(meta.get("heading", "")), text=str(meta.get(_TEXT_KEY) or document or ""),
                visibility=str(meta.get("visibility", "everyone")),
                language=str(meta.get("language", "en")),
                # Interned: 100k chunks hold ~5M term strings but only tens of thousands of distinct
                # ones (a second process's peak 3.1 -> 2.7 GB at 100k chunks).
                terms=tuple(map(sys.intern, str(meta.get("terms", "")).split()))))
        if len(page["ids"]) < _READ_PAGE:
            return found
        offset += _READ_PAGE


def _sentences(chunk: StoredChunk) -> list[str]:
    return passage_sentences(chunk.text) or [chunk.text]


def _sentence_id(chunk_id: str, n: int) -> str:
    return f"{chunk_id}~{n}"


def _chunk_of(sentence_id: str) -> str:
    return sentence_id.rsplit("~", 1)[0]


def _head(chunk: StoredChunk) -> str:
    # The section heading gives a short passage its topic ("Approval limits" above a table row).
    return f"{chunk.title} — {chunk.heading}" if chunk.heading else chunk.title
