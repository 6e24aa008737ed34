"""The LLM path: a grounded prompt over numbered, fenced sources; its JSON is validated like the
offline answer. Any failure (network, bad JSON, an unsupported citation) falls back to offline."""

from __future__ import annotations

import json
import logging
import re
from typing import Any

from core.i18n import Language
from knowledge.grounded import GroundedAnswer, UngroundedAnswer, validate_grounded
from knowledge.models import Passage
from prompts.registry import load_prompt

log = logging.getLogger(__name__)

PROMPT_NAME = "answer_with_sources"
_FENCE = re.compile(r"<<<|>>>")
_JSON = re.compile(r"\{.*\}", re.S)
_LANGUAGE_NAMES = {"ja": "Japanese", "en": "English"}


def _defang(text: str) -> str:
    # A document must not be able to close the data fence and speak as the user.
    return _FENCE.sub("〈〉", text)


def format_sources(passages: list[Passage]) -> str:
    return "\n\n".join(f"[{n}] {_defang(p.title)} — {_defang(p.heading)}\n{_defang(p.text)}"
                       for n, p in enumerate(passages, start=1))


def llm_answer(model: Any, question: str, language: Language,
               passages: list[Passage]) -> GroundedAnswer | None:
    """A validated answer from the chat model, or None when its output cannot be trusted."""
    prompt = load_prompt(PROMPT_NAME)
    messages = prompt.template.format_messages(language=_LANGUAGE_NAMES[language], question=_defang(question),
                                               sources=format_sources(passages))
    log.info("llm call prompt.ref=%s sources=%d", prompt.ref, len(passages))
    try:
        reply = model.invoke(messages)
    except Exception as error:  # noqa: BLE001 - any provider failure: answer offline instead
        log.warning("llm call failed prompt.ref=%s error=%s", prompt.ref, type(error).__name__)
        return None
    content = reply.content if isinstance(reply.content, str) else str(reply.content)
    match = _JSON.search(content)
    try:
        parsed = GroundedAnswer.model_validate(json.loads(match.group(0) if match else content))
        return validate_grounded(parsed, len(passages))
    except (ValueError, UngroundedAnswer) as error:
        log.warning("llm answer rejected prompt.ref=%s reason=%s", prompt.ref, error.__class__.__name__)
        return None
