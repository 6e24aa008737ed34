"""What the knowledge base hands out: document views, ingest reports, chunks and retrieved passages."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel

from core.errors import UserFacingError
from core.i18n import Language
from knowledge import messages as m

DocumentKind = Literal["file", "slack", "lesson"]
IngestStatus = Literal["added", "updated", "unchanged", "removed", "duplicate", "failed"]


class DocumentView(BaseModel):
    source: str
    kind: str
    title: str
    author: str | None = None
    doc_date: date | None = None
    visibility: str = "everyone"
    chunk_count: int = 0
    content_hash: str
    ingested_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass
class IngestOutcome:
    """What happened to one source; ``error`` says why it was skipped."""

    source: str
    status: IngestStatus
    title: str | None = None
    chunks: int = 0
    error: UserFacingError | None = None
    duplicate_of: str | None = None

    def line(self, language: Language) -> str:
        if self.error is not None:
            return m.FAILED.format(language, problem=self.error.message(language))
        label = m.STATUS_LABELS[self.status].format(language, other=self.duplicate_of or "")
        return m.INGESTED.format(language, status=label, title=self.title or "", chunks=self.chunks,
                                 source=self.source)

    def to_json(self, language: Language) -> dict[str, Any]:
        data: dict[str, Any] = {"source": self.source, "status": self.status, "title": self.title,
                                "chunks": self.chunks}
        if self.error is not None:
            data["error"] = self.error.message(language)
        if self.duplicate_of:
            data["duplicate_of"] = self.duplicate_of
        return data


@dataclass
class IngestReport:
    outcomes: list[IngestOutcome] = field(default_factory=list)

    def count(self, status: IngestStatus) -> int:
        return sum(1 for outcome in self.outcomes if outcome.status == status)

    @property
    def failed(self) -> list[IngestOutcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    def extend(self, other: IngestReport) -> None:
        self.outcomes.extend(other.outcomes)

    def summary(self, language: Language) -> str:
        return m.INGEST_SUMMARY.format(
            language, added=self.count("added"), updated=self.count("updated"),
            unchanged=self.count("unchanged") + self.count("duplicate"), removed=self.count("removed"),
            failed=self.count("failed"))

    def to_json(self, language: Language) -> dict[str, Any]:
        return {"outcomes": [o.to_json(language) for o in self.outcomes], "summary": self.summary(language)}


@dataclass(frozen=True)
class Chunk:
    """One passage of a document, as indexed: ``heading`` gives the section it came from."""

    index: int
    text: str
    heading: str = ""


@dataclass
class Passage:
    """A retrieved chunk with its scores: ``relevance`` (0..1) decides found / not found."""

    chunk_id: str
    source: str
    title: str
    heading: str
    text: str
    visibility: str
    language: Language
    fused: float = 0.0
    lexical: float = 0.0
    dense: float = 0.0
    coverage: float = 0.0
    # Sentence-level support (see `HybridRetriever.assess`); None until assessed.
    support: float | None = None

    @property
    def relevance(self) -> float:
        return self.support if self.support is not None else self.coverage
