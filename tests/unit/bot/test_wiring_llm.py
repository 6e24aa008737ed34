"""SALESBOT_LLM is built once, at start-up; a misconfigured one is a clear error for the admin."""

import pytest

from bot.settings import Settings
from bot.wiring import build_chat_model
from core.errors import UserFacingError


def test_no_llm_configured_means_the_offline_path() -> None:
    assert build_chat_model(Settings(_env_file=None, llm=None)) is None


@pytest.mark.parametrize("model_id", ["nosuchprovider:some-model", "ollama:qwen2.5"])
def test_an_unusable_llm_names_the_setting_in_both_languages(model_id: str) -> None:
    # "ollama:" needs langchain-ollama, which is not a dependency: the same path as a missing key.
    with pytest.raises(UserFacingError) as raised:
        build_chat_model(Settings(_env_file=None, llm=model_id))
    assert f"SALESBOT_LLM={model_id}" in raised.value.message("en")
    assert "SALESBOT_LLM" in raised.value.message("ja") and "オフライン" in raised.value.message("ja")


def test_the_knowledge_thresholds_settings_default_to_the_answerers_own() -> None:
    # Written twice on purpose (settings must not import the answerer, which loads the models' code).
    from bot.settings import Settings
    from knowledge.answerer import LLM_RELEVANCE_THRESHOLD, RELEVANCE_THRESHOLD

    fields = Settings.model_fields
    assert fields["knowledge_relevance_threshold"].default == RELEVANCE_THRESHOLD
    assert fields["knowledge_llm_relevance_threshold"].default == LLM_RELEVANCE_THRESHOLD
