"""User-facing messages of the wiring (configuration problems found at start-up)."""

from core.i18n import Message

LLM_UNAVAILABLE = Message(
    en="SALESBOT_LLM={model} cannot be used ({problem}). Install the provider's LangChain package "
       "(e.g. langchain-openai) and set its API key, or unset SALESBOT_LLM to use the offline extractor "
       "and answers.",
    ja="SALESBOT_LLM={model} を利用できません({problem})。プロバイダの LangChain パッケージ(例: langchain-openai)"
       "を入れて API キーを設定するか、SALESBOT_LLM を外してオフラインの抽出・回答を使ってください。",
)
