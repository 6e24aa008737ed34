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

    # What a rep may see in every answer, card and digest (crm_store.visibility): "own" their deals
    # and their customers' invoices; "team" their team's (users CSV `team`); "all" everything.
    # Managers and admins always see everything. SALESBOT_PIPELINE_REP_SCOPE is the old name.
    rep_visibility: Literal["own", "team", "all"] = Field(
        default="own", validation_alias=AliasChoices(
            "rep_visibility", "SALESBOT_REP_VISIBILITY", "SALESBOT_PIPELINE_REP_SCOPE"))
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
    # Slack bot behaviour (issue 4)
    slack_knowledge_reaction: str = Field(
        default="bulb", description="Reaction (emoji name, no colons) that saves a message to the knowledge base.")
    slack_listener_threads: int = Field(default=8, ge=1, le=64,
                                        description="Threads running listeners after ack() in serve.")

    # Capture (issue 3): voice memos, photos of notes, typed memos; see docs/capture.md
    whisper_backend: Literal["faster-whisper", "openai-whisper"] = Field(
        default="faster-whisper", description="faster-whisper (CTranslate2, int8; fast on CPU) or openai-whisper.")
    whisper_model: str = Field(
        default="large-v3-turbo", description="Whisper model name (downloaded once) or a local path: a CTranslate2 "
                                              "directory (faster-whisper) or a .pt checkpoint (openai-whisper).")
    whisper_device: str = "cpu"
    whisper_compute_type: str = Field(default="int8", description="faster-whisper compute type (int8, float16…).")
    whisper_cpu_threads: int = Field(default=0, ge=0, description="faster-whisper CPU threads; 0 = library default.")
    whisper_domain_prompt: bool = Field(
        default=True, description="Prompt Whisper with the CRM's customer names, the glossary and sales words.")
    ocr_engine: Literal["rapidocr", "tesseract"] = Field(
        default="rapidocr", description="rapidocr (PP-OCR on onnxruntime, models in the wheel) or tesseract.")
    ocr_languages: str = Field(default="jpn+eng", description="tesseract languages.")
    capture_max_text_chars: int = Field(default=5000, ge=100)
    capture_max_file_mb: float = Field(default=50.0, gt=0)
    capture_max_audio_minutes: float = Field(default=15.0, gt=0)
    capture_max_megapixels: float = Field(default=40.0, gt=0)
    capture_own_company: list[str] = Field(
        default_factory=list, description="Our own company's names, never taken for a customer (JSON list).")

    # ERP invoices (issue 6): see docs/erp.md
    erp_connector: Literal["freee", "csv"] | None = Field(default=None, description="Which ERP to sync from.")
    erp_token_key: SecretStr | None = Field(default=None, description="Fernet key encrypting ERP OAuth tokens.")
    erp_sync_interval_minutes: int = Field(default=60, ge=0, description="Scheduled sync interval; 0 = off.")
    erp_sync_lookback_days: int = Field(default=400, ge=1, description="Incremental sync window (issue date).")
    erp_max_attempts: int = Field(default=5, ge=1, le=10, description="Tries per ERP request on 429/5xx.")
    erp_admin_channel: str | None = Field(default=None, description="Slack channel told about failed syncs.")
    erp_manager_channel: str | None = Field(
        default=None, description="Slack channel ID (C…) for the invoice digest: its members are looked up to "
                                  "decide what it may show, which needs the ID, not the name.")
    erp_digest_time: str = Field(default="08:30", pattern=r"^([01]\d|2[0-3]):[0-5]\d$",
                                 description="Local time of the daily invoice digest (HH:MM).")
    invoice_due_soon_days: int = Field(
        default=7, ge=1, le=60, description="“Due soon” in digests and invoice questions: due within N days.")
    erp_csv_path: Path | None = Field(default=None, description="The ERP's CSV export (csv connector).")
    erp_csv_mapping: Path | None = Field(default=None, description="YAML naming the export's columns.")
    erp_csv_name: str = Field(default="csv", max_length=32, description="erp_source of CSV-synced invoices.")
    freee_client_id: str | None = None
    freee_client_secret: SecretStr | None = None
    freee_company_id: int | None = Field(default=None, ge=1)
    freee_redirect_uri: str = "urn:ietf:wg:oauth:2.0:oob"
    freee_api_base_url: str = "https://api.freee.co.jp"
    freee_invoice_api_base_url: str = "https://api.freee.co.jp/iv"
    freee_token_url: str = "https://accounts.secure.freee.co.jp/public_api/token"
    freee_authorize_url: str = "https://accounts.secure.freee.co.jp/public_api/authorize"

    # The rep's day (issue 13): reminders, App Home, weekly digest; see docs/slack.md
    reminder_hour: int = Field(default=9, ge=0, le=23,
                               description="Local hour (the person's Slack time zone) of the morning reminder "
                                           "and the weekly digest.")
    reminder_working_days: list[int] = Field(
        default=[0, 1, 2, 3, 4], description="The team's working weekdays (0 = Monday … 6 = Sunday), JSON list: "
                                             "reminders and the daily invoice digest.")
    weekly_digest_weekday: int = Field(default=0, ge=0, le=6, description="Day of the managers' digest (0 = Monday).")
    holidays: str = Field(
        default="JP", description="Public holidays with no reminders or invoice digest (a country code: JP); "
                                  "a weekly digest due on one comes the next working day. Empty or none: weekdays only.")
    default_time_zone: str = Field(default="Asia/Tokyo",
                                   description="IANA time zone for people whose Slack profile has none.")
    stale_deal_days: int = Field(default=30, ge=1, description="An open deal with no activity this long is stale.")

    # Knowledge base (issue 5): see docs/knowledge.md
    knowledge_embedding_model: str = Field(
        default="use-multilingual-v3",
        description="use-multilingual-v3 (bundled, ja⇔en), all-MiniLM-L6-v2 (bundled, English), or any local "
                    "sentence-transformers path / cached name (never downloaded at run time). After a change: "
                    "salesbot kb reindex.")
    knowledge_relevance_threshold: float = Field(
        default=0.50, ge=0, le=1,  # = knowledge.answerer.RELEVANCE_THRESHOLD (not imported: 2.6 s)
        description="Support (0..1: the question's concepts in one sentence, its meaning and the passage's) a "
                    "passage needs to answer.")
    knowledge_llm_relevance_threshold: float = Field(
        default=0.25, ge=0, le=1,  # = knowledge.answerer.LLM_RELEVANCE_THRESHOLD
        description="With SALESBOT_LLM: the support down to which passages are shown to the model, which "
                    "then answers or refuses on its own (its reply unusable: the threshold above decides).")

    # Background jobs (issue 15): see docs/deploy.md
    job_lease_seconds: float = Field(
        default=30.0, gt=0, description="A running job's lease, renewed by its worker; a dead worker's job is "
                                        "claimed again after it (also the scheduler's lease).")
    worker_threads: int = Field(default=2, ge=1, le=64, description="Jobs one worker process runs at once.")
    worker_poll_seconds: float = Field(default=1.0, gt=0, description="How often an idle worker looks for jobs.")

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
