"""All configuration in one place: environment variables prefixed ``SALESBOT_`` and a ``.env`` file.

Nothing else in the code base reads the environment; `bot.wiring` turns these settings into
adapters.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from core.i18n import Language, language_from_locale


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SALESBOT_", env_file=".env", env_file_encoding="utf-8",
                                      extra="ignore")

    # Storage
    data_dir: Path = Path(".salesbot")
    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL; default SQLite in the data directory. "
                                  "PostgreSQL: postgresql+psycopg://user@host:5432/db")
    chroma_url: str | None = Field(default=None, description="Chroma server URL; default embedded in the data dir.")

    # Language models. None: the deterministic offline extractor and answerer.
    llm: str | None = Field(default=None, description="LangChain model id, e.g. openai:gpt-4o-mini, ollama:qwen2.5")

    # People-facing
    language: Language | None = Field(default=None, description="CLI language; default from LANG/LC_ALL.")
    locale: str | None = Field(default=None, validation_alias=AliasChoices("SALESBOT_LOCALE", "LC_ALL", "LANG"))
    fiscal_year_start_month: int = Field(default=4, ge=1, le=12)
    glossary_path: Path | None = None

    # Slack (the usual Slack variable names are accepted too)
    slack_bot_token: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("SALESBOT_SLACK_BOT_TOKEN", "SLACK_BOT_TOKEN"))
    slack_signing_secret: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("SALESBOT_SLACK_SIGNING_SECRET", "SLACK_SIGNING_SECRET"))
    slack_app_token: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("SALESBOT_SLACK_APP_TOKEN", "SLACK_APP_TOKEN"))
    slack_api_base_url: str | None = Field(
        default=None, validation_alias=AliasChoices("SALESBOT_SLACK_API_BASE_URL", "SLACK_API_BASE_URL"))

    # Operations
    log_format: Literal["text", "json"] = "text"
    log_level: str = "INFO"
    debug: bool = Field(default=False, description="Show tracebacks instead of one-line errors.")

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'salesbot.db').resolve()}"

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def inputs_dir(self) -> Path:
        return self.data_dir / "inputs"

    @property
    def ui_language(self) -> Language:
        return self.language or language_from_locale(self.locale) or "en"
