"""The one validation step both extractors' drafts pass: nothing invented, nothing guessed."""

from __future__ import annotations

import re
from typing import Any

from capture.amounts import find_amounts
from capture.extraction.spans import FoldedText
from capture.schema import ActivityDraft, DraftWarning, FieldValue, SourceSpan
from core.glossary import Glossary
from core.readings import reading_key
from crm_store.names import normalize_customer_name
from crm_store.stages import parse_stage

MIN_CONFIDENCE = 0.6
_CODE = re.compile(r"^[A-Za-z]{0,4}-?\d[\dA-Za-z\-]*$")


def _locate(text: str, folded: FoldedText, source: SourceSpan | None) -> SourceSpan | None:
    """The span as it really is in the text (an LLM's offsets are often wrong, its quote less so)."""
    if source is None:
        return None
    if 0 <= source.start < source.end <= len(text) and text[source.start:source.end] == source.text:
        return source
    if source.text and (index := text.find(source.text)) >= 0:
        return SourceSpan(start=index, end=index + len(source.text), text=source.text)
    hits = folded.find_all(source.text) if source.text else []
    return hits[0] if hits else None


class DraftValidator:
    """Drops amounts and names absent from the source and empties low-confidence fields, with warnings."""

    def __init__(self, glossary: Glossary, known_names: list[str] | None = None,
                 min_confidence: float = MIN_CONFIDENCE) -> None:
        self.min_confidence = min_confidence
        self.canonical: dict[str, set[str]] = {}
        for entry in glossary.customers + glossary.competitors + glossary.products:
            self.canonical.setdefault(normalize_customer_name(entry.name), set()).update(entry.spellings)
        self.known_keys = {normalize_customer_name(name) for name in known_names or []}

    def validate(self, draft: ActivityDraft, text: str) -> ActivityDraft:
        draft = draft.model_copy(deep=True)
        folded = FoldedText(text)
        warnings: list[DraftWarning] = list(draft.warnings)
        amounts = {(a.value, a.currency) for a in find_amounts(text)}

        def drop(name: str, value: Any, field: FieldValue[Any]) -> None:
            warnings.append(DraftWarning(key="not_in_source", params={"field": name, "value": str(value)}))
            field.value, field.source, field.confidence = None, None, 0.0

        for name, field in draft.named_fields().items():
            if field.value is None:
                continue
            field.source = _locate(text, folded, field.source)
            value = field.value
            if name == "deal.amount":
                currency = draft.deal.currency.value or "JPY"
                if (value, currency) not in amounts and value not in {v for v, _ in amounts}:
                    drop(name, value, field)
                    draft.deal.currency.value = None
                    continue
            elif name == "deal.stage":
                stage = parse_stage(str(value))
                if stage is None:
                    drop(name, value, field)
                    continue
                field.value = stage.value
            elif self._is_name(name) and not self._appears(str(value), field.source, folded):
                drop(name, value, field)
                continue
            elif name == "customer" and self._corrected(str(value), field.source, folded):
                # A CRM name put for other words ("山田政策書" → 株式会社山田製作所) would be a silent match:
                # keep what was written or heard; matching says what it sounds like, on the card.
                field.value = field.source.text if field.source else value
            elif name in ("occurred_on",) or name.endswith(".due"):
                if field.source is None and name != "occurred_on":
                    drop(name, value, field)
                    continue
            if field.confidence < self.min_confidence:
                warnings.append(DraftWarning(key="low_confidence", params={"field": name}))
                field.value, field.source = None, None
        draft.contacts = [c for c in draft.contacts if c.name.value is not None]
        draft.competitors = [c for c in draft.competitors if c.value is not None]
        draft.next_actions = [a for a in draft.next_actions if a.description.value is not None]
        draft.warnings = _unique(warnings)
        return draft

    @staticmethod
    def _is_name(field_name: str) -> bool:
        return field_name == "customer" or field_name.startswith(("contacts.", "competitors."))

    def _corrected(self, value: str, source: SourceSpan | None, folded: FoldedText) -> bool:
        """True when ``value`` is not in the text and ``source`` is neither the same name (legal form aside)
        nor a glossary spelling of it: an extractor replaced the words it read."""
        if source is None or folded.contains(value) or _CODE.match(source.text.strip()):
            return False  # (an ERP code such as "C0009" names its customer exactly)
        heard = normalize_customer_name(source.text)
        key = normalize_customer_name(value)
        return heard != key and not any(normalize_customer_name(s) == heard for s in self.canonical.get(key, set()))

    def _appears(self, value: str, source: SourceSpan | None, folded: FoldedText) -> bool:
        if folded.contains(value):
            return True
        if source is None:
            return False
        # A canonical glossary or CRM name read from one of its spellings ("大和" → 大和マシナリー).
        key = normalize_customer_name(value)
        spellings = self.canonical.get(key, set())
        heard = normalize_customer_name(source.text)
        if any(normalize_customer_name(s) == heard for s in spellings):
            return True
        # Or one that sounds the same ("ヤマト" said of 大和マシナリー, whose spellings include 大和).
        sound = reading_key(heard)
        if len(sound) >= 4 and folded.contains(source.text) and \
                any(reading_key(normalize_customer_name(s)) == sound for s in spellings):
            return True
        return key in self.known_keys and folded.contains(source.text)


def _unique(warnings: list[DraftWarning]) -> list[DraftWarning]:
    seen: set[str] = set()
    unique = []
    for warning in warnings:
        marker = warning.model_dump_json()
        if marker not in seen:
            seen.add(marker)
            unique.append(warning)
    return unique
