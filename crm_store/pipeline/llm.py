"""The LLM path: tool calling fills the same `PipelineQuery` the offline parser fills.

The model only chooses filters; `resolve_query` validates them and SQL computes the numbers.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from langchain_core.language_models import BaseChatModel

from crm_store.pipeline.query import PipelineQuery
from crm_store.pipeline.vocabulary import Vocabulary
from prompts.registry import load_prompt

log = logging.getLogger(__name__)

PROMPT_NAME = "pipeline_query"


class LlmQueryParser:
    def __init__(
        self, model: BaseChatModel, fiscal_start_month: int = 4, prompt_version: int | None = None
    ) -> None:
        self.model = model
        self.fiscal_start_month = fiscal_start_month
        self.prompt = load_prompt(PROMPT_NAME, prompt_version)

    def parse(self, text: str, today: date, vocabulary: Vocabulary) -> PipelineQuery:
        """One structured-output call; raises on anything that is not a valid `PipelineQuery`."""
        messages = self.prompt.template.format_messages(
            today=today.isoformat(),
            fiscal_year_start_month=self.fiscal_start_month,
            reps=", ".join(p.name for p in vocabulary.people) or "-",
            industries=", ".join(vocabulary.industries) or "-",
            question=text,
        )
        log.info("llm call prompt=%s", self.prompt.ref)
        result: Any = self.model.with_structured_output(PipelineQuery).invoke(messages)
        # Validate again: a provider may hand back a dict or a loosely typed object.
        return PipelineQuery.model_validate(result if isinstance(result, dict) else result.model_dump())
