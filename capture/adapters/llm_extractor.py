"""`LlmExtractor`: any LangChain chat model (`SALESBOT_LLM`) filling `ActivityDraft` via structured output."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from typing import Any

from langchain_core.language_models import BaseChatModel
from pydantic import ValidationError

from capture import messages
from capture.ports import ExtractionContext
from capture.schema import ActivityDraft
from core.errors import UserFacingError
from core.glossary import Glossary
from prompts.registry import Prompt, load_prompt

log = logging.getLogger(__name__)
_JSON_BLOCK = re.compile(r"\{.*\}", re.S)
MAX_CUSTOMERS_IN_PROMPT = 200


def glossary_text(glossary: Glossary) -> str:
    lines = [f"- product: {e.name}" + (f" (also: {', '.join(e.aliases)})" if e.aliases else "")
             for e in glossary.products]
    lines += [f"- competitor: {e.name}" + (f" (also: {', '.join(e.aliases)})" if e.aliases else "")
              for e in glossary.competitors]
    lines += [f"- abbreviation: {short} = {long}" for short, long in glossary.abbreviations.items()]
    return "\n".join(lines) or "(none)"


class LlmExtractor:
    """Structured output when the model supports it, else JSON parsed from its reply; the result then
    passes the same `DraftValidator` as the offline extractor's."""

    name = "llm"

    def __init__(self, model: BaseChatModel | Callable[[], BaseChatModel], *, model_name: str = "llm",
                 prompt: Prompt | None = None) -> None:
        # A factory defers building the client (and importing its provider package) to the first memo,
        # so a misconfigured SALESBOT_LLM fails that memo with a clear message, not the whole bot.
        self._model = model if isinstance(model, BaseChatModel) else None
        self._factory = None if isinstance(model, BaseChatModel) else model
        self.model_name = model_name
        self.prompt = prompt or load_prompt("extract_activity")

    @property
    def model(self) -> BaseChatModel:
        if self._model is None:
            assert self._factory is not None
            self._model = self._factory()
        return self._model

    def extract(self, text: str, context: ExtractionContext) -> ActivityDraft:
        customers = "\n".join(f"- {c.name}" for c in context.customers[:MAX_CUSTOMERS_IN_PROMPT]) or "(none)"
        prompt_messages = self.prompt.template.format_messages(
            today=context.today.isoformat(), glossary=glossary_text(context.glossary), customers=customers,
            memo=text)
        log.info("llm extraction prompt=%s model=%s", self.prompt.ref, self.model_name)
        try:
            draft = self._structured(prompt_messages)
        except UserFacingError:
            raise
        except Exception as error:  # noqa: BLE001 - provider errors of every kind
            log.warning("llm extraction failed prompt=%s: %s", self.prompt.ref, type(error).__name__)
            raise UserFacingError(messages.LLM_FAILED, model=self.model_name) from error
        # What the rep decides on the card is never the model's to set.
        return draft.model_copy(update={"extractor": f"llm:{self.prompt.ref}", "warnings": [], "customer_id": None,
                                        "deal_id": None, "confirm_new_customer": False})

    def _structured(self, prompt_messages: list[Any]) -> ActivityDraft:
        try:
            runnable = self.model.with_structured_output(ActivityDraft)
        except NotImplementedError:
            runnable = None
        if runnable is not None:
            result = runnable.invoke(prompt_messages)
            if isinstance(result, ActivityDraft):
                return result
            return ActivityDraft.model_validate(result)
        reply = self.model.invoke(prompt_messages)
        return parse_draft_json(str(reply.content))


def parse_draft_json(content: str) -> ActivityDraft:
    """An `ActivityDraft` from a model's JSON reply (fenced or bare)."""
    match = _JSON_BLOCK.search(content)
    if not match:
        raise ValueError("no JSON object in the model's reply")
    try:
        return ActivityDraft.model_validate(json.loads(match.group(0)))
    except (json.JSONDecodeError, ValidationError) as error:
        raise ValueError("the model's JSON does not fit ActivityDraft") from error
