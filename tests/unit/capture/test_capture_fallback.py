"""When the language model fails, the memo is drafted offline and the card says so."""

from __future__ import annotations

import json

from capture.adapters.llm_extractor import LlmExtractor
from capture.extraction.fallback import FallbackExtractor
from capture.extraction.rules import RuleExtractor
from capture.messages import WARNINGS

from test_capture_llm_extractor import CONTEXT, FakeChatModel, reply

MEMO = "本日、山田製作所の木村部長と面談。見積350万円を提示。来週金曜までに回答予定。"


def test_a_model_outage_drafts_with_the_offline_extractor_and_warns() -> None:
    model = FakeChatModel(outcomes=[TimeoutError("provider timed out")], calls=[])
    extractor = FallbackExtractor(LlmExtractor(model, model_name="openai:gpt-4o-mini"), RuleExtractor())
    draft = extractor.extract(MEMO, CONTEXT)
    assert draft.extractor.startswith("rules")
    assert draft.customer.value and "山田製作所" in draft.customer.value
    [warning] = [w for w in draft.warnings if w.key == "llm_unavailable"]
    text = WARNINGS[warning.key].format("en", **warning.params)
    assert "openai:gpt-4o-mini" in text and "offline" in text


def test_a_working_model_is_used_without_a_warning() -> None:
    model = FakeChatModel(outcomes=[json.dumps(reply(), ensure_ascii=False)], calls=[])
    extractor = FallbackExtractor(LlmExtractor(model, model_name="m"), RuleExtractor())
    draft = extractor.extract(MEMO, CONTEXT)
    assert draft.extractor.startswith("llm") and not [w for w in draft.warnings if w.key == "llm_unavailable"]
