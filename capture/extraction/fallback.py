"""The LLM extractor with the offline extractor behind it: when the model fails (outage, timeout,
quota, an unusable reply), the memo is still drafted — by the rule extractor — and the card says
so, instead of every rep's memo failing while the provider is down."""

from __future__ import annotations

import logging

from capture.ports import ExtractionContext, Extractor
from capture.schema import ActivityDraft, DraftWarning

log = logging.getLogger(__name__)


class FallbackExtractor:
    """``primary`` (the LLM), else ``fallback`` (offline) with an ``llm_unavailable`` warning."""

    def __init__(self, primary: Extractor, fallback: Extractor) -> None:
        self.primary, self.fallback = primary, fallback
        self.name = primary.name

    def extract(self, text: str, context: ExtractionContext) -> ActivityDraft:
        try:
            return self.primary.extract(text, context)
        except Exception as error:  # noqa: BLE001 - any model failure: the offline extractor takes over
            log.warning("extractor %s failed (%s); using %s", self.primary.name, type(error).__name__,
                        self.fallback.name)
        draft = self.fallback.extract(text, context)
        warning = DraftWarning(key="llm_unavailable", params={"model": getattr(self.primary, "model_name", "llm")})
        return draft.model_copy(update={"warnings": [*draft.warnings, warning]})
