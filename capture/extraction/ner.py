"""Japanese named entities with GiNZA (`ja_ginza`, offline), loaded once and only when first needed."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)

# GiNZA's extended named-entity labels we use.
COMPANY_LABELS = {"Company", "Corporation_Other", "Organization_Other", "ORG"}
PERSON_LABELS = {"Person", "PERSON"}


@dataclass(frozen=True)
class Entity:
    label: str
    start: int
    end: int
    text: str


# Loaded pipelines by model name, shared by every GinzaNer in the process (None: not installed).
_PIPELINES: dict[str, Any] = {}
_LOCK = threading.Lock()


class GinzaNer:
    """``entities(text)``; loading ja_ginza takes seconds, so it happens on first use, once per process."""

    name = "ginza"

    def __init__(self, model: str = "ja_ginza") -> None:
        self.model = model

    def _load(self) -> Any:
        with _LOCK:
            if self.model not in _PIPELINES:
                try:
                    import spacy

                    _PIPELINES[self.model] = spacy.load(self.model)
                except (ImportError, OSError):
                    # The rules still work; NER only adds recall for names the CRM does not know.
                    log.warning("GiNZA model %s is not installed; extraction uses rules only", self.model)
                    _PIPELINES[self.model] = None
            return _PIPELINES[self.model]

    def entities(self, text: str) -> list[Entity]:
        nlp = self._load()
        if nlp is None or not text.strip():
            return []
        doc = nlp(text)
        return [Entity(ent.label_, ent.start_char, ent.end_char, ent.text) for ent in doc.ents]
