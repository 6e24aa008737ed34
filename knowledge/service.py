"""`KnowledgeService`: ingest files, Slack threads and lessons; list and remove documents; search.

The catalogue (one row per document: source, hash, title, author, date, visibility) lives in the
database; chunks, vectors and BM25 terms live in chroma. Ingesting is idempotent by content
hash: unchanged sources are skipped, changed ones re-indexed, deleted files removed.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlmodel import func, select

from core.clock import utcnow
from core.errors import UserFacingError
from core.i18n import JAPANESE_CHARS, Language
from crm_store.db import Database
from crm_store.ops_models import KnowledgeDocument
from knowledge import lexical
from knowledge import messages as m
from knowledge.chunking import ChunkingConfig, chunk_text
from knowledge.loaders import MAX_TEXT_CHARS, LoadedDocument, is_supported, load_file
from knowledge.models import DocumentView, IngestOutcome, IngestReport, Passage
from knowledge.permissions import parse_visibility
from knowledge.ports import ChunkStore, ChunkVectors, PageOcr, StoredChunk
from knowledge.retrieval import HybridRetriever

log = logging.getLogger(__name__)

TEXT_KINDS = ("slack", "lesson")
# Files of a folder written together: one embedding call and one chroma write per batch (a chroma
# write has a fixed cost of tens of milliseconds, a one-page document only a few chunks).
BATCH_DOCUMENTS = 64


@dataclass(frozen=True)
class _Document:
    """A document ready to be written: its catalogue fields and chunks."""

    source: str
    kind: str
    title: str
    author: str | None
    doc_date: date | None
    visibility: str
    digest: str
    chunks: list[StoredChunk]
    existed: bool


def content_hash(text: str) -> str:
    """Hash of the normalized text: the same words from two files are one document."""
    normalized = "\n".join(line.rstrip() for line in text.strip().splitlines())
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()


_LATIN = re.compile(r"[A-Za-z]")


def text_language(text: str, default: Language = "en") -> Language:
    """The main language of a passage: an English text quoting 課長 or 管理部 stays English."""
    japanese, latin = len(JAPANESE_CHARS.findall(text)), len(_LATIN.findall(text))
    if not japanese and not latin:
        return default
    # A Japanese character carries about as much as a short English word.
    return "ja" if japanese * 4 >= latin else "en"


def _chunk_id(source: str, index: int) -> str:
    return f"{hashlib.sha1(source.encode('utf-8')).hexdigest()[:16]}:{index}"


class KnowledgeService:
    """The knowledge base's domain actions; the store and model are built on first use."""

    def __init__(self, db: Database, store_factory: Callable[[], ChunkStore],
                 retriever_factory: Callable[[ChunkStore], HybridRetriever],
                 chunking: ChunkingConfig = ChunkingConfig(), ocr: PageOcr | None = None) -> None:
        self.db = db
        self.ocr = ocr
        self._store_factory = store_factory
        self._retriever_factory = retriever_factory
        self._store: ChunkStore | None = None
        self._retriever: HybridRetriever | None = None
        self.chunking = chunking
        # The catalogue as this process last saw it; another process (`salesbot kb ingest` beside
        # `salesbot serve`) changing it makes the next search reopen the store and reload the index.
        self._seen_version: tuple[int, datetime | None] | None = None
        self._lock = threading.RLock()

    def close(self) -> None:
        with self._lock:
            if self._store is not None:
                self._store.close()
                self._store = None
                self._retriever = None

    def _catalogue_version(self) -> tuple[int, datetime | None]:
        """Changes with every write and removal, here or in another process. Asked before every search,
        so two cheap statements: SQLite counts a bare ``count(*)`` from the table's b-tree and finds the
        latest change in the index, where one statement with both scanned the table (20k documents:
        9.2 -> 0.9 ms a call; PostgreSQL still scans to count, 9.7 -> 6.3 ms)."""
        with self.db.session(actor="read") as session:
            count = session.exec(select(func.count()).select_from(KnowledgeDocument)).one()
            latest = session.exec(select(func.max(KnowledgeDocument.updated_at))).one()
            return int(count), latest

    @property
    def store(self) -> ChunkStore:
        if self._store is None:
            store = self._store_factory()
            built_with = store.built_with()
            if built_with is not None and built_with != store.model_id:
                # Vectors of two models are not comparable: never mix them, never search across.
                store.close()
                raise UserFacingError(m.REINDEX_NEEDED, built=built_with, model=store.model_id)
            self._store = store
        return self._store

    def reindex(self) -> int:
        """Re-embed every chunk with the configured model (after SALESBOT_KNOWLEDGE_EMBEDDING_MODEL
        changed); returns the number of chunks. Catalogue, BM25 terms and visibility are kept."""
        with self._lock:
            self.close()
            store = self._store_factory()
            try:
                count = store.rebuild()
            finally:
                store.close()
            log.info("knowledge reindexed chunks=%d model=%s", count, store.model_id)
            return count

    @property
    def retriever(self) -> HybridRetriever:
        if self._retriever is None:
            self._retriever = self._retriever_factory(self.store)
        return self._retriever

    # --- ingestion -------------------------------------------------------------------------

    def ingest_paths(self, paths: list[Path], *, visibility: str | None = None,
                     actor: str = "cli") -> IngestReport:
        """Ingest files and folders (recursively); a folder's deleted files leave the index too."""
        report = IngestReport()
        forced = parse_visibility(visibility) if visibility is not None else None
        for path in paths:
            resolved = path.expanduser().resolve()
            if resolved.is_dir():
                files = sorted(p for p in resolved.rglob("*")
                               if p.is_file() and is_supported(p)
                               and not any(part.startswith(".") for part in p.relative_to(resolved).parts))
                report.outcomes += self._ingest_files(files, forced, actor)
                report.extend(self._remove_missing_under(resolved, actor))
            elif resolved.is_file():
                report.outcomes += self._ingest_files([resolved], forced, actor)
            elif self._row(str(resolved)) is not None:
                # A file that was ingested and has since been deleted.
                self.remove(str(resolved), actor=actor)
                report.outcomes.append(IngestOutcome(source=str(resolved), status="removed"))
            else:
                report.outcomes.append(IngestOutcome(source=str(path), status="failed",
                                                     error=UserFacingError(m.PATH_NOT_FOUND, path=path)))
        return report

    def ingest_text(self, *, source: str, title: str, text: str, kind: str, author: str | None = None,
                    visibility: str = "everyone", doc_date: date | None = None,
                    actor: str = "knowledge") -> IngestReport:
        """Ingest a Slack message/thread (source = permalink) or a rep's lesson learned."""
        if kind not in TEXT_KINDS:
            raise UserFacingError(m.BAD_KIND, kind=kind)
        with self._lock:
            prepared = self._prepare(source=source, kind=kind, title=title.strip() or source, text=text,
                                     author=author, doc_date=doc_date,
                                     visibility=parse_visibility(visibility))
            return IngestReport(self._write([prepared], actor=actor))

    def _ingest_files(self, paths: list[Path], visibility: str | None, actor: str) -> list[IngestOutcome]:
        """Files in batches of BATCH_DOCUMENTS, each written together (one embedding call, one chroma
        write). A batch is embedded in the background while the one before it is written: the model
        and chroma's index building then each have a core."""
        outcomes: list[IngestOutcome] = []
        pending: tuple[list[_Document | IngestOutcome], Future[ChunkVectors]] | None = None
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="knowledge-embedding") as embedding:
            for start in range(0, len(paths), BATCH_DOCUMENTS):
                unwritten = [d for d in pending[0] if isinstance(d, _Document)] if pending else []
                prepared = self._prepare_files(paths[start:start + BATCH_DOCUMENTS], visibility, unwritten)
                chunks = [c for d in prepared if isinstance(d, _Document) for c in d.chunks]
                vectors = embedding.submit(self.store.embed, chunks)
                if pending is not None:
                    outcomes += self._write(*pending, actor=actor)
                pending = (prepared, vectors)
            if pending is not None:
                outcomes += self._write(*pending, actor=actor)
        return outcomes

    def _prepare_files(self, paths: list[Path], visibility: str | None,
                       unwritten: list[_Document]) -> list[_Document | IngestOutcome]:
        """Each file's chunks, or why it needs no writing; ``unwritten``: documents prepared but not
        yet in the catalogue (a duplicate of one of them is a duplicate too)."""
        loaded: list[tuple[Path, LoadedDocument | UserFacingError]] = []
        for path in paths:  # outside the lock: reading (OCR of a scan) can take a while
            try:
                loaded.append((path, load_file(path, self.ocr)))
            except UserFacingError as error:
                log.info("knowledge ingest skipped: %s", error.message("en"))
                loaded.append((path, error))
        with self._lock:
            prepared: list[_Document | IngestOutcome] = []
            for path, doc in loaded:
                if isinstance(doc, UserFacingError):
                    prepared.append(IngestOutcome(source=str(path), status="failed", error=doc))
                    continue
                try:
                    chosen = visibility or parse_visibility(doc.visibility)
                except UserFacingError as error:
                    prepared.append(IngestOutcome(source=str(path), status="failed", error=error))
                    continue
                prepared.append(self._prepare(
                    source=str(path), kind="file", title=doc.title, text=doc.text, author=doc.author,
                    doc_date=doc.doc_date, visibility=chosen,
                    batch=unwritten + [p for p in prepared if isinstance(p, _Document)]))
            return prepared

    def _prepare(self, *, source: str, kind: str, title: str, text: str, author: str | None,
                 doc_date: date | None, visibility: str,
                 batch: Sequence[_Document] = ()) -> _Document | IngestOutcome:
        """The document's chunks, or why it needs no writing (failed, unchanged, a duplicate)."""
        if not text.strip():
            return IngestOutcome(source=source, status="failed",
                                 error=UserFacingError(m.FILE_EMPTY, file=source))
        if len(text) > MAX_TEXT_CHARS:
            return IngestOutcome(source=source, status="failed", error=UserFacingError(
                m.TEXT_TOO_LONG, file=source, chars=len(text), limit=MAX_TEXT_CHARS))
        digest = content_hash(text)
        existing = self._row(source)
        metadata = (title[:500], author, doc_date, visibility)
        if existing is not None and existing.content_hash == digest and (
                existing.title, existing.author, existing.doc_date, existing.visibility) == metadata:
            return IngestOutcome(source=source, status="unchanged", title=title, chunks=existing.chunk_count)
        twin = self._row_by_hash(digest)
        twin_source = twin.source if twin is not None else next(
            (d.source for d in batch if d.digest == digest), None)
        if twin_source is not None and twin_source != source:
            return IngestOutcome(source=source, status="duplicate", title=title, duplicate_of=twin_source)
        language = text_language(text)
        chunks = [StoredChunk(chunk_id=_chunk_id(source, c.index), source=source, title=title,
                              heading=c.heading, text=c.text, visibility=visibility,
                              language=text_language(c.text, default=language),
                              terms=tuple(lexical.terms(f"{title}\n{c.heading}\n{c.text}")))
                  for c in chunk_text(text, self.chunking)]
        return _Document(source=source, kind=kind, title=title[:500], author=author[:200] if author else None,
                         doc_date=doc_date, visibility=visibility, digest=digest, chunks=chunks,
                         existed=existing is not None)

    def _write(self, prepared: list[_Document | IngestOutcome],
               vectors: Future[ChunkVectors] | None = None, *, actor: str) -> list[IngestOutcome]:
        """Write the prepared documents (with their chunks' vectors if already made); the outcomes
        in the same order."""
        documents = [d for d in prepared if isinstance(d, _Document)]
        if documents:
            # Old chunks go first and catalogue rows last: a crash in between leaves a row whose
            # hash no longer matches (or none), so the next ingest redoes the work.
            sources = [document.source for document in documents]
            self.store.delete_sources(sources)
            self.retriever.remove_sources(sources)
            chunks = [chunk for document in documents for chunk in document.chunks]
            self.store.add(chunks, vectors.result() if vectors is not None else None)
            self.retriever.add(chunks)
            now = utcnow()
            for document in documents:
                self._write_row(document, actor, now)
            self._seen_version = self._catalogue_version()
        return [self._outcome(p) if isinstance(p, _Document) else p for p in prepared]

    def _write_row(self, document: _Document, actor: str, now: datetime) -> None:
        with self.db.session(actor=actor, knowledge_source=document.source) as session:
            query = select(KnowledgeDocument).where(KnowledgeDocument.source == document.source)
            row = session.exec(query).first()
            if row is None:
                row = KnowledgeDocument(source=document.source, kind=document.kind,
                                        content_hash=document.digest, title=document.title)
            row.kind, row.content_hash, row.title = document.kind, document.digest, document.title
            row.author, row.doc_date, row.visibility = document.author, document.doc_date, document.visibility
            row.chunk_count, row.updated_at = len(document.chunks), now
            session.add(row)
        log.info("knowledge indexed source_kind=%s chunks=%d", document.kind, len(document.chunks))

    @staticmethod
    def _outcome(document: _Document) -> IngestOutcome:
        return IngestOutcome(source=document.source, status="updated" if document.existed else "added",
                             title=document.title, chunks=len(document.chunks))

    def _remove_missing_under(self, folder: Path, actor: str) -> IngestReport:
        report = IngestReport()
        prefix = str(folder).rstrip("/") + "/"
        for doc in self.list_documents():
            if doc.kind == "file" and doc.source.startswith(prefix) and not Path(doc.source).is_file():
                self.remove(doc.source, actor=actor)
                report.outcomes.append(IngestOutcome(source=doc.source, status="removed", title=doc.title))
        return report

    # --- catalogue -------------------------------------------------------------------------

    def remove(self, source: str, *, actor: str = "cli") -> bool:
        """Remove a document (its chunks and catalogue row); False when it was not there."""
        key = self._find_source(source)
        if key is None:
            return False
        with self._lock:
            self.store.delete_sources([key])
            self.retriever.remove_sources([key])
            with self.db.session(actor=actor, knowledge_source=key) as session:
                row = session.exec(select(KnowledgeDocument).where(KnowledgeDocument.source == key)).first()
                if row is not None:
                    session.delete(row)
            self._seen_version = self._catalogue_version()
        return True

    def list_documents(self) -> list[DocumentView]:
        with self.db.session(actor="read") as session:
            rows = session.exec(select(KnowledgeDocument).order_by(KnowledgeDocument.source)).all()
            return [DocumentView.model_validate(row, from_attributes=True) for row in rows]

    def document(self, source: str) -> DocumentView | None:
        row = self._row(source)
        return DocumentView.model_validate(row, from_attributes=True) if row else None

    def search(self, query: str, visibilities: list[str] | None, limit: int = 8) -> list[Passage]:
        with self._lock:
            version = self._catalogue_version()
            if self._seen_version is not None and version != self._seen_version:
                # Reopen: an embedded chroma keeps its vector index in memory per client.
                log.info("knowledge base changed elsewhere; reloading the index")
                self.close()
            self._seen_version = version
            return self.retriever.search(query, visibilities, limit)

    def is_empty(self) -> bool:
        with self.db.session(actor="read") as session:
            return session.exec(select(KnowledgeDocument.id).limit(1)).first() is None

    def _find_source(self, source: str) -> str | None:
        """The stored source for what a user typed: exact, else the path resolved."""
        if self._row(source) is not None:
            return source
        resolved = str(Path(source).expanduser().resolve())
        return resolved if self._row(resolved) is not None else None

    def _row(self, source: str) -> KnowledgeDocument | None:
        with self.db.session(actor="read") as session:
            return session.exec(select(KnowledgeDocument).where(KnowledgeDocument.source == source)).first()

    def _row_by_hash(self, digest: str) -> KnowledgeDocument | None:
        with self.db.session(actor="read") as session:
            query = select(KnowledgeDocument).where(KnowledgeDocument.content_hash == digest)
            return session.exec(query).first()
